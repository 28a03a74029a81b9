"""Forms for the partnership framework, rendered with GOV.UK Frontend classes."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.utils.functional import lazy

from placeboard.core import uploads
from placeboard.core.models import (
    Area,
    AreaSet,
    Group,
    GroupMember,
    Organisation,
    Outcome,
    Partnership,
    PopulationGroup,
    Role,
    Theme,
)
from placeboard.core.params import int_value
from placeboard.core.postcodes import PostcodeFileError, read_postcode_csv

WIDGET_CLASSES = {
    "text": "govuk-input",
    "email": "govuk-input",
    "password": "govuk-input",
    "number": "govuk-input govuk-input--width-10",
    "date": "govuk-input govuk-input--width-10",
    "url": "govuk-input",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "checkbox": "govuk-checkboxes__input",
    "checkboxselectmultiple": "govuk-checkboxes__input",
    "radioselect": "govuk-radios__input",
    "clearablefile": "govuk-file-upload",
    "file": "govuk-file-upload",
}
# The classes GOV.UK Frontend marks in error with "--error", whichever widget carries them.
ERROR_MODIFIED = {"govuk-input", "govuk-textarea", "govuk-select", "govuk-file-upload"}


class GovukMixin:
    """Adds GOV.UK classes and error/hint wiring to every widget, and renders fields as GOV.UK form groups:
    {{ form }} renders every field, {{ form.x.as_field_group }} one, each with includes/field.html (in
    core/templates, where Django's form renderer finds it)."""

    class BoundField(forms.BoundField):
        template_name = "includes/field.html"

    bound_field_class = BoundField  # also for fields added after __init__, such as a formset's DELETE
    template_name = "includes/form.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # As BoundField.widget_type names it, without making the bound field here: a BoundField keeps the
            # help text it was made with, so one made now would hide help text that a form sets after this.
            widget_type = re.sub(r"widget$|input$", "", type(field.widget).__name__.lower())
            css = WIDGET_CLASSES.get(widget_type, "govuk-input")
            field.widget.attrs.setdefault("class", css)
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.setdefault("rows", 4)
            self._word_blank_choice(field)

    @staticmethod
    def _word_blank_choice(field):
        """Django offers "---------" for no choice: a required radio gets no such option; a list says in words."""
        radio = isinstance(field.widget, forms.RadioSelect)
        if radio and not field.required:
            return
        blank = None if radio else ("Choose one" if field.required else "None")
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label is not None:
                field.empty_label = blank  # its choices follow a queryset set later
        elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
            given = list(field.choices)
            choices = [(value, label) for value, label in given if not (value == "" and label == "---------")]
            if len(choices) < len(given):
                field.choices = choices if blank is None else [("", blank), *choices]

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                # Django itself points aria-describedby at <id>_helptext and <id>_error (includes/field.html).
                widget = self.fields[name].widget
                classes = widget.attrs.get("class", "").split()
                widget.attrs["class"] = " ".join([*classes, *(f"{c}--error" for c in classes if c in ERROR_MODIFIED)])


class IdsMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several objects chosen by id, where a value that cannot be an id is an invalid choice.

    Django checks the chosen ids with an `in` query, which (unlike its `exact`) does not guard against integers
    beyond the database's: SQLite's driver raised OverflowError, a server error, for a 30-digit id."""

    def _check_values(self, value):
        for pk in value if isinstance(value, (list, tuple, set, frozenset)) else ():
            if self.to_field_name is None and int_value(str(pk)) is None:
                raise forms.ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                            params={"pk": pk})
        return super()._check_values(value)


class PartnershipModelForm(GovukMixin, forms.ModelForm):
    """A form for an object of one partnership.

    Choices are limited to that partnership, and the partnership is part of
    uniqueness checks, so duplicates get a message instead of a database error."""

    scoped_fields = ()

    def __init__(self, *args, partnership, **kwargs):
        self.partnership = partnership
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        for field in self.fields.values():
            # Every model multi-choice refuses ids the database cannot hold (IdsMultipleChoiceField); it only
            # overrides _check_values, so the generated field can take its class.
            if type(field) is forms.ModelMultipleChoiceField:
                field.__class__ = IdsMultipleChoiceField
        for name in self.scoped_fields:
            if name in self.fields:
                field = self.fields[name]
                qs = field.queryset.filter(partnership=partnership)
                if self.instance.pk and field.queryset.model is type(self.instance):
                    qs = qs.exclude(pk=self.instance.pk)
                field.queryset = qs

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("partnership")
        return exclusions


class OrganisationForm(PartnershipModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "short_name", "sector"]
        widgets = {"sector": forms.RadioSelect}


class GroupForm(PartnershipModelForm):
    scoped_fields = ("parent", "area")

    class Meta:
        model = Group
        fields = ["name", "kind", "parent", "area", "description"]
        labels = {"kind": "Type of group", "parent": "Reports to"}


class GroupMemberForm(GovukMixin, forms.ModelForm):
    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.group = group
        self.fields["organisation"].queryset = Organisation.objects.filter(partnership=group.partnership_id)

    class Meta:
        model = GroupMember
        fields = ["organisation", "person_name", "role"]
        labels = {"person_name": "Person's name (optional)"}


class ThemeForm(PartnershipModelForm):
    scoped_fields = ("parent", "group")

    class Meta:
        model = Theme
        fields = ["code", "name", "parent", "group", "description", "public"]
        labels = {"parent": "Part of", "group": "Owning group"}

    def clean(self):
        cleaned = super().clean()
        # Only a whole ambition is published (every indicator under it); a sub-theme's indicators are marked one by one.
        if cleaned.get("public") and cleaned.get("parent") is not None:
            self.add_error("public", "Only a top-level theme can be shown on the public performance site; mark the "
                                     "indicators of this one public one by one instead.")
        return cleaned


class OutcomeForm(PartnershipModelForm):
    scoped_fields = ("theme", "lead_organisation", "group", "contributes_to")

    class Meta:
        model = Outcome
        fields = ["theme", "code", "title", "description", "lead_organisation", "group", "contributes_to"]
        widgets = {"contributes_to": forms.CheckboxSelectMultiple}
        labels = {"group": "Owning group"}


class AreaForm(PartnershipModelForm):
    scoped_fields = ("parent",)

    class Meta:
        model = Area
        fields = ["name", "gss_code", "area_type", "parent"]
        labels = {"parent": "Part of"}


class AreaSetForm(PartnershipModelForm):
    scoped_fields = ("areas",)

    class Meta:
        model = AreaSet
        fields = ["name", "description", "areas"]
        widgets = {"areas": forms.CheckboxSelectMultiple}


class PopulationGroupForm(PartnershipModelForm):
    class Meta:
        model = PopulationGroup
        fields = ["name", "description"]


class RoleForm(GovukMixin, forms.ModelForm):
    email = forms.EmailField(
        label="Email address of the person",
        help_text="They must already have a Placeboard account (an administrator creates accounts).",
    )

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.fields["organisation"].queryset = Organisation.objects.filter(partnership=partnership)
        self.fields["group"].queryset = Group.objects.filter(partnership=partnership)

    class Meta:
        model = Role
        fields = ["email", "kind", "organisation", "group"]
        labels = {"kind": "Role"}
        widgets = {"kind": forms.RadioSelect}

    def clean_email(self):
        email = self.cleaned_data["email"]
        users = get_user_model().objects.filter(email__iexact=email)
        if not users:
            raise forms.ValidationError("No account has this email address.")
        if len(users) > 1:
            raise forms.ValidationError("More than one account has this email address; ask an administrator.")
        self.instance.user = users[0]
        return email

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        # Scope only applies to the roles that use it.
        if kind != Role.Kind.DATA_PROVIDER:
            cleaned["organisation"] = self.instance.organisation = None
        if kind not in (Role.Kind.THEME_LEAD, Role.Kind.COMMUNITY_AREA_MANAGER):
            cleaned["group"] = self.instance.group = None
        user = getattr(self.instance, "user", None)
        if kind and user is not None and Role.objects.filter(
            user=user,
            partnership=self.instance.partnership,
            kind=kind,
            organisation=cleaned.get("organisation"),
            group=cleaned.get("group"),
        ).exists():
            raise forms.ValidationError("This person already has this role.")
        return cleaned


class PartnershipForm(GovukMixin, forms.ModelForm):
    class Meta:
        model = Partnership
        fields = ["name", "place", "description", "theme_label", "default_tolerance_kind", "default_tolerance_amount",
                  "open_data_licence"]
        widgets = {"default_tolerance_kind": forms.RadioSelect}

    def clean_default_tolerance_amount(self):
        amount = self.cleaned_data["default_tolerance_amount"]
        if amount is not None and amount < 0:
            raise forms.ValidationError("The tolerance cannot be negative.")
        return amount


# No first-bytes check and no decoding here: read_postcode_csv decodes the file itself, so that a file
# that is not UTF-8 gets a message saying how to save it as UTF-8.
POSTCODE_FILES = uploads.FileTypes({"csv": ("text/csv", lambda head: True)}, "a .csv file")


def _postcode_hint():
    return (f"A CSV file whose first row names the columns, one of them postcode; "
            f"up to {uploads.describe_size(uploads.max_bytes())}.")


class PostcodeUploadForm(GovukMixin, forms.Form):
    # The limit is UPLOAD_MAX_BYTES, read when the page is shown, as check_upload reads it when checking.
    file = forms.FileField(label="CSV file of postcodes", help_text=lazy(_postcode_hint, str)(),
                           widget=forms.FileInput(attrs={"accept": POSTCODE_FILES.accept}),
                           error_messages={"required": "Choose a CSV file to upload.", "empty": "The file is empty."})

    def clean_file(self):
        checked = uploads.check_upload(self.cleaned_data["file"], POSTCODE_FILES, noun="postcode list")
        try:
            self.postcode_list = read_postcode_csv(checked.filename, checked.content)
        except PostcodeFileError as exc:
            raise forms.ValidationError(exc.messages()) from None
        self.filename = checked.filename
        return self.cleaned_data["file"]
