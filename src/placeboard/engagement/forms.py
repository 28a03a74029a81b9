"""Forms of the engagement app, rendered with GOV.UK Frontend classes."""

from django import forms

from placeboard.core.forms import GovukMixin, IdsMultipleChoiceField, PartnershipModelForm
from placeboard.core.models import Organisation
from placeboard.engagement.models import ClashSettings, EngagementActivity
from placeboard.engagement.planning import CLASH_FIELDS
from placeboard.performance.forms import DateWidget  # the one date input; it would sit better in core.forms


class ActivityForm(PartnershipModelForm):
    scoped_fields = ("organiser", "topics", "areas", "population_groups")
    confirm_clash = forms.BooleanField(
        required=False, label="I have seen the clashes and want to save this activity anyway",
    )

    class Meta:
        model = EngagementActivity
        fields = ["title", "organiser", "method", "description", "topics", "areas", "population_groups",
                  "start_date", "end_date", "status", "how_to_take_part", "results", "you_said_we_did"]
        widgets = {
            "topics": forms.CheckboxSelectMultiple, "areas": forms.CheckboxSelectMultiple,
            "population_groups": forms.CheckboxSelectMultiple,
            "start_date": DateWidget, "end_date": DateWidget,
        }
        field_classes = {name: IdsMultipleChoiceField for name in ("topics", "areas", "population_groups")}
        error_messages = {
            "start_date": {"required": "Enter the date the activity starts.", "invalid": "Enter a real date, like 2009-05-01."},
            "end_date": {"required": "Enter the date the activity ends.", "invalid": "Enter a real date, like 2009-05-31."},
            "title": {"required": "Enter a title for the activity."},
            "organiser": {"required": "Choose the partner organising the activity."},
            "method": {"required": "Choose how people take part."},
        }

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, partnership=access.partnership, **kwargs)
        if not access.can_manage:
            # A partner plans its own activities.
            self.fields["organiser"].queryset = Organisation.objects.filter(
                partnership=access.partnership, pk__in=access.organisation_ids)
        self.fields["areas"].error_messages["invalid_choice"] = (
            "Choose areas of this partnership; %(value)s is not one of them.")
        self.fields["areas"].error_messages["invalid_pk_value"] = "Choose areas from the list."
        # The confirmation box only appears once clashes have been shown.
        self.show_confirm = False

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be on or after the start date.")
        return data

    def visible_fields_for_page(self):
        return [f for f in self if f.name != "confirm_clash"]

    def page_parts(self):
        """The fields in page order, split around those the clash rules read, so the page can
        check for clashes when one of those changes (and not when the title or the confirmation box does)."""
        fields = self.visible_fields_for_page()
        first = next(i for i, f in enumerate(fields) if f.name in CLASH_FIELDS)
        return {
            "before": fields[:first],
            "clash": [f for f in fields if f.name in CLASH_FIELDS],
            "after": [f for f in fields[first:] if f.name not in CLASH_FIELDS],
        }


class ClashSettingsForm(GovukMixin, forms.ModelForm):
    class Meta:
        model = ClashSettings
        fields = ["min_overlap_days", "count_area_hierarchy", "count_topic_hierarchy"]
        error_messages = {"min_overlap_days": {"min_value": "Enter 1 or more days."}}

    def clean_min_overlap_days(self):
        value = self.cleaned_data["min_overlap_days"]
        if value is not None and value < 1:
            raise forms.ValidationError("Enter 1 or more days.")
        if value is not None and value > 366:
            raise forms.ValidationError("Enter at most 366 days.")
        return value
