"""Forms for funding streams, with GOV.UK classes."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

from placeboard.core.forms import GovukMixin, PartnershipModelForm
from placeboard.funding.models import FundingAmount, FundingStream


class MoneyField(forms.DecimalField):
    """Pounds, accepting 369,441 or £369,441.50 as typed from a paper; never negative."""

    default_error_messages = {"invalid": "Enter an amount in pounds, such as 369441 or 369,441.50."}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal(0))
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input govuk-input--width-10"}))
        super().__init__(**kwargs)
        self.error_messages["min_value"] = "Enter an amount of £0 or more."

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", "").removeprefix("£").strip()
            if value:
                try:
                    Decimal(value)
                except InvalidOperation:
                    raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        return super().to_python(value)


class FundingStreamForm(PartnershipModelForm):
    scoped_fields = ("theme", "outcomes")

    class Meta:
        model = FundingStream
        fields = ["name", "theme", "arrangement", "pooling", "previously_pooled", "heading", "position", "outcomes",
                  "note"]
        labels = {"theme": "Block (theme)", "pooling": "Automatically pooled or other"}
        widgets = {"arrangement": forms.RadioSelect, "outcomes": forms.CheckboxSelectMultiple}


class FundingAmountForm(GovukMixin, forms.ModelForm):
    capital = MoneyField(required=False, label="Capital (£)")
    revenue = MoneyField(required=False, label="Revenue (£)")

    class Meta:
        model = FundingAmount
        fields = ["year", "capital", "revenue", "note"]
        widgets = {"year": forms.TextInput(attrs={"class": "govuk-input govuk-input--width-5"}),
                   "note": forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10"})}


class BaseAmountFormSet(forms.BaseInlineFormSet):
    def validate_unique(self):
        """Years repeated in the form, said plainly (Django's own message names no year)."""
        years = [f.cleaned_data.get("year") for f in self.forms
                 if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("year")]
        repeated = sorted({y for y in years if years.count(y) > 1})
        if repeated:
            raise ValidationError(f"Give each year once: {', '.join(repeated)} appears more than once.")


AmountFormSet = forms.inlineformset_factory(FundingStream, FundingAmount, form=FundingAmountForm,
                                            formset=BaseAmountFormSet, extra=2, can_delete=True)
