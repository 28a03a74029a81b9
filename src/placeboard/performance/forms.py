"""Forms for indicators, targets, actuals and judgements."""

from decimal import Decimal, InvalidOperation

from django import forms

from placeboard.core.forms import GovukMixin, PartnershipModelForm
from placeboard.core.models import Area, Group, Outcome, PopulationGroup, Theme
from placeboard.performance import assessment as rules
from placeboard.performance.figures import check_storable
from placeboard.performance.models import (
    Action,
    Indicator,
    IndicatorTag,
    Observation,
    ReportingRound,
    Target,
    Task,
    TaskUpdate,
)
from placeboard.performance.periods import PeriodError, parse_period


class NumberField(forms.CharField):
    """A decimal typed as people type it: "57.4", "57.4%", "1,234"."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        cleaned = value.replace(",", "").replace("£", "").rstrip("%").strip()
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            raise forms.ValidationError(
                f"Enter a number, like 57.4 or 1,234; '{value}' is not a number."
            ) from None
        if not number.is_finite():
            raise forms.ValidationError(f"Enter a number, like 57.4 or 1,234; '{value}' is not a number.")
        if problem := check_storable(number, value):
            raise forms.ValidationError(problem)
        return number


class IndicatorForm(PartnershipModelForm):
    scoped_fields = ("lead_organisation", "outcomes", "tags")

    class Meta:
        model = Indicator
        fields = [
            "code", "title", "definition", "rationale", "value_type", "units", "polarity", "decimal_places",
            "cumulative", "data_source", "collection_interval", "reporting_organisation", "spatial_level",
            "tags", "lead_organisation", "owner", "lead_officer", "outcomes", "minimum_value", "maximum_value",
            "band_low", "band_high", "tolerance_kind", "tolerance_amount", "public",
        ]
        widgets = {"outcomes": forms.CheckboxSelectMultiple, "tags": forms.CheckboxSelectMultiple,
                   "polarity": forms.RadioSelect}
        labels = {"cumulative": "The value builds up over the year (compare in-year figures with a profiled target)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "lead_officer" in self.fields:  # only people of this partnership sign off its figures
            field = self.fields["lead_officer"]
            field.queryset = field.queryset.filter(placeboard_roles__partnership=self.partnership).distinct() \
                .order_by("first_name", "last_name", "username")
            field.label_from_instance = lambda user: user.get_full_name() or user.get_username()


class IndicatorValueMixin:
    """Checks a value against the indicator's valid range (a percentage is 0 to 100)."""

    def clean_value(self):
        value = self.cleaned_data["value"]
        if value is not None and (problem := self.indicator.check_value(value)):
            raise forms.ValidationError(problem)
        return value


class PeriodFormMixin:
    """Checks the period label against the indicator's collection interval."""

    def clean_period(self):
        label = self.cleaned_data["period"]
        try:
            self.period = self.indicator.parse_period_for_actuals(label)
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from None
        return self.period.label


class TargetForm(IndicatorValueMixin, PeriodFormMixin, GovukMixin, forms.Form):
    kind = forms.ChoiceField(choices=Target.Kind.choices, widget=forms.RadioSelect, initial=Target.Kind.TARGET,
                             label="Baseline or target")
    period = forms.CharField(max_length=60, help_text="For example 2009/10, or 2009/10 Q2 for an in-year target.")
    value = NumberField(required=False, label="Value (a number)")
    text = forms.CharField(required=False, max_length=300, label="Or a target in words",
                           help_text='For example "less than 15 across all phases".')
    to_be_set = forms.BooleanField(required=False, label="Or: the target is still to be set")
    note = forms.CharField(required=False, widget=forms.Textarea, label="Note")

    def __init__(self, *args, indicator, **kwargs):
        self.indicator = indicator
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        given = [cleaned.get("value") is not None, bool(cleaned.get("text")), bool(cleaned.get("to_be_set"))]
        if sum(given) == 0 and not self.errors:
            self.add_error("value", "Enter a number, a target in words, or tick 'to be set'.")
        elif sum(given) > 1:
            self.add_error("value", "Give a number, a target in words, or 'to be set': only one of them.")
        return cleaned


class ObservationForm(IndicatorValueMixin, PeriodFormMixin, GovukMixin, forms.Form):
    """An actual for one period, optionally by area and population group."""

    period = forms.CharField(max_length=60, help_text="For example 2009/10 Q2.")
    area = forms.ModelChoiceField(queryset=Area.objects.none(), required=False,
                                  empty_label="The whole place", help_text="Leave as the whole place for the headline figure.")
    population_group = forms.ModelChoiceField(queryset=PopulationGroup.objects.none(), required=False,
                                              empty_label="Everyone")
    value = NumberField(required=False, label="Actual")
    status = forms.ChoiceField(choices=Observation.Status.choices, widget=forms.RadioSelect,
                               initial=Observation.Status.PROVISIONAL)
    note = forms.CharField(required=False, widget=forms.Textarea, label="Commentary",
                           help_text="Required when the result is off target: say why and what is being done.")
    expected = forms.CharField(required=False, max_length=200, label="If the figure is not available yet, when is it expected?",
                               help_text='For example "Data available Q3".')
    # Officers only (can_publish): commentary is private unless an officer publishes it with a final figure.
    note_public = forms.BooleanField(
        required=False, initial=False,
        label="Publish this commentary on the public performance site (shown only once the figure is final)")

    def __init__(self, *args, indicator, fixed_period=None, can_publish=False, **kwargs):
        self.indicator = indicator
        self.period = fixed_period
        super().__init__(*args, **kwargs)
        if not can_publish:
            self.fields.pop("note_public", None)
        if fixed_period is not None:
            for name in ("period", "area", "population_group"):
                self.fields.pop(name, None)  # PeriodObservationForm has none of them
        else:
            partnership = indicator.partnership
            self.fields["area"].queryset = Area.objects.filter(partnership=partnership)
            self.fields["population_group"].queryset = PopulationGroup.objects.filter(partnership=partnership)
        self.assessment = None

    def clean(self):
        cleaned = super().clean()
        value = cleaned.get("value")
        if self.errors:
            return cleaned
        if value is None and not cleaned.get("expected"):
            self.add_error("value", "Enter the actual, or say when it is expected.")
            return cleaned
        if value is not None and self.period is not None and not cleaned.get("area") and not cleaned.get("population_group"):
            self.assessment = self.indicator.assess_value(self.period, value)
            # The same rule as imports (Indicator.missing_commentary); the form gives the assessment's reasoning.
            if self.indicator.missing_commentary(self.assessment, cleaned.get("note")):
                self.add_error("note", f"A comment is required because this is off target: {self.assessment.rule}")
        return cleaned

    def has_anything(self):
        return any(self.data.get(self.add_prefix(n)) for n in ("value", "expected", "note"))


class PeriodObservationForm(ObservationForm):
    """The headline actual for a period fixed beforehand (fixed_period), as What I have to report shows 25 at
    once: without the fields ObservationForm would copy for each and then drop."""

    period = area = population_group = note_public = None


class JudgementForm(GovukMixin, forms.Form):
    status = forms.ChoiceField(
        choices=[(s.value, s.label) for s in (rules.Status.GREEN, rules.Status.AMBER, rules.Status.RED)],
        widget=forms.RadioSelect, label="Judgement",
    )
    reason = forms.CharField(widget=forms.Textarea, label="Reason",
                             help_text="Why the computed status does not tell the whole story.")


class IndicatorFilterForm(forms.Form):
    """The list's filters; unknown values are simply not applied."""

    q = forms.CharField(required=False, label="Search")
    theme = forms.ModelChoiceField(queryset=None, required=False, empty_label="Any")
    outcome = forms.ModelChoiceField(queryset=None, required=False, empty_label="Any")
    group = forms.ModelChoiceField(queryset=None, required=False, empty_label="Any", label="Group")
    tag = forms.ModelChoiceField(queryset=None, required=False, empty_label="Any")
    status = forms.ChoiceField(required=False, choices=[("", "Any")] + [(s.value, s.label) for s in rules.Status],
                               label="Status")

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)

        self.fields["theme"].queryset = Theme.objects.filter(partnership=partnership)
        self.fields["outcome"].queryset = Outcome.objects.filter(partnership=partnership)
        self.fields["group"].queryset = Group.objects.filter(partnership=partnership)
        self.fields["tag"].queryset = IndicatorTag.objects.filter(partnership=partnership)
        for field in self.fields.values():
            field.widget.attrs["class"] = "govuk-select" if isinstance(field.widget, forms.Select) else "govuk-input"


class ProfilePointForm(PeriodFormMixin, GovukMixin, forms.Form):
    """One point of an in-year trajectory: the target to date at the end of a period."""

    period = forms.CharField(max_length=60, label="In-year period",
                             help_text="For example 2009/10 Q1. The annual target for the year must already be set.")
    value = NumberField(label="Target to date")

    def __init__(self, *args, indicator, **kwargs):
        self.indicator = indicator
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        year = self.period.financial_year()
        annual = Target.objects.filter(indicator=self.indicator, kind=Target.Kind.TARGET,
                                       period=year.label if year else None).first()
        if annual is None or self.period.label == annual.period:
            self.add_error("period", "Choose a period within a year that already has an annual target.")
        else:
            self.annual_target = annual
        return cleaned


class DateWidget(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ActionForm(PartnershipModelForm):
    scoped_fields = ("lead_organisation",)

    class Meta:
        model = Action
        fields = ["ref", "title", "lead_organisation", "contact"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2})}


class TaskForm(GovukMixin, forms.ModelForm):
    class Meta:
        model = Task
        fields = ["ref", "title", "target", "due"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2}), "target": forms.Textarea(attrs={"rows": 2}),
                   "due": DateWidget}


class RoundForm(PartnershipModelForm):
    scoped_fields = ("groups",)
    period_label = forms.CharField(label="Period", max_length=60,
                                   help_text="The period the round reports on, for example 2008/09 Q1.")

    class Meta:
        model = ReportingRound
        fields = ["name", "reporting_date", "due", "groups"]
        widgets = {"reporting_date": DateWidget, "due": DateWidget, "groups": forms.CheckboxSelectMultiple}

    field_order = ["name", "period_label", "reporting_date", "due", "groups"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["period_label"].initial = self.instance.period

    def clean_period_label(self):
        try:
            period = parse_period(self.cleaned_data["period_label"])
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from None
        self.instance.set_period(period)
        return period.label

    def clean(self):
        cleaned = super().clean()
        due, date = cleaned.get("due"), cleaned.get("reporting_date")
        if due and date and due < date:
            self.add_error("due", "Updates cannot be due before the reporting date.")
        return cleaned


class TaskUpdateForm(GovukMixin, forms.ModelForm):
    class Meta:
        model = TaskUpdate
        fields = ["position", "status", "planned_improvement", "deadline"]
        widgets = {"status": forms.RadioSelect, "position": forms.Textarea(attrs={"rows": 3}),
                   "planned_improvement": forms.Textarea(attrs={"rows": 3}), "deadline": DateWidget}
        help_texts = {"planned_improvement": "Required for Amber and Red: what will be done, by whom."}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") in ("amber", "red") and not cleaned.get("planned_improvement", "").strip():
            self.add_error("planned_improvement",
                           "Say what will be done: Amber and Red need a planned improvement or action.")
        return cleaned
