"""Forms for composing board packs (reports/packs.py)."""

from django import forms
from django.db.models import Q

from placeboard.core.forms import GovukMixin
from placeboard.core.models import Area, Group, Outcome, Theme
from placeboard.engagement.models import AgendaItem, Meeting
from placeboard.performance.forms import DateWidget
from placeboard.performance.models import ReportingRound
from placeboard.performance.reporting import report_kinds
from placeboard.reports.models import BoardPack, PackSection


class AgendaItemChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.meeting}: item {obj}"


class PackForm(GovukMixin, forms.ModelForm):
    agenda_item = AgendaItemChoice(queryset=AgendaItem.objects.none(), required=False, label="Add to the papers of",
                                   help_text=BoardPack._meta.get_field("agenda_item").help_text)

    class Meta:
        model = BoardPack
        fields = ["title", "meeting_of", "meeting_date", "round", "agenda_item"]
        widgets = {"meeting_date": DateWidget}
        error_messages = {"title": {"required": "Enter the pack's title."},
                          "round": {"required": "Choose the reporting round the pack reports on."}}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.fields["meeting_of"].queryset = Group.objects.filter(partnership=partnership)
        self.fields["round"].queryset = ReportingRound.objects.filter(partnership=partnership)
        # A meeting yet to happen, or the one already chosen.
        items = AgendaItem.objects.filter(meeting__partnership=partnership).select_related("meeting__board")
        chosen = self.instance.agenda_item_id
        self.fields["agenda_item"].queryset = items.filter(
            Q(meeting__status=Meeting.Status.SCHEDULED) | Q(pk=chosen)
        ).order_by("meeting__starts_at", "number")

    def clean(self):
        data = super().clean()
        item = data.get("agenda_item")
        if item is not None:
            # The meeting in Placeboard says which board meets when; a different board or date is a mistake.
            if data.get("meeting_of") is None:
                data["meeting_of"] = item.meeting.board
            elif data["meeting_of"] != item.meeting.board:
                self.add_error("meeting_of", f"The agenda item is of a meeting of {item.meeting.board}: choose that "
                                             "board, or another agenda item.")
            if data.get("meeting_date") is None:
                data["meeting_date"] = item.meeting.starts_at.date()
        return data


class ReportSectionForm(GovukMixin, forms.ModelForm):
    kind = forms.ChoiceField(label="Report", choices=())

    class Meta:
        model = PackSection
        fields = ["kind", "heading", "round", "theme", "group", "outcome", "area"]
        labels = {"round": "Reporting round", "area": "Area"}
        help_texts = {"group": "For a thematic report of one group; add the report again for each group."}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind.slug, kind.title) for kind in report_kinds()]
        self.fields["round"].queryset = ReportingRound.objects.filter(partnership=partnership)
        self.fields["round"].empty_label = "The pack's round"
        self.fields["theme"].queryset = Theme.objects.filter(partnership=partnership)
        self.fields["group"].queryset = Group.objects.filter(partnership=partnership)
        self.fields["outcome"].queryset = Outcome.objects.filter(partnership=partnership)
        self.fields["area"].queryset = Area.objects.filter(partnership=partnership)
        for name in ("theme", "group", "outcome"):
            self.fields[name].empty_label = "All"
        self.fields["area"].empty_label = "Whole place"


class TextSectionForm(GovukMixin, forms.ModelForm):
    class Meta:
        model = PackSection
        fields = ["heading", "body"]
        labels = {"body": "Text"}
        help_texts = {"heading": "For example: Chair's introduction.",
                      "body": "Plain text; a blank line starts a new paragraph."}
        error_messages = {"heading": {"required": "Enter the section's heading."},
                          "body": {"required": "Enter the section's text.",
                                   "max_length": "The text can be at most %(limit_value)d characters "
                                                 "(it has %(show_value)d)."}}
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.kind = PackSection.TEXT
        self.fields["heading"].required = True
        self.fields["body"].required = True
