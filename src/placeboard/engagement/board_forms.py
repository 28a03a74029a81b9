"""Forms for area board meetings, agendas, papers and decisions."""

from django import forms
from django.utils.functional import lazy

from placeboard.core import uploads
from placeboard.core.forms import GovukMixin
from placeboard.core.models import Organisation
from placeboard.engagement.forms import DateWidget
from placeboard.engagement.models import AgendaItem, Decision, Meeting


class DateTimeWidget(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class MeetingForm(GovukMixin, forms.ModelForm):
    starts_at = forms.DateTimeField(
        label="Date and time", widget=DateTimeWidget,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={"required": "Enter the date and time of the meeting.",
                        "invalid": "Enter a real date and time, like 2009-10-21 19:00."})

    class Meta:
        model = Meeting
        fields = ["starts_at", "venue", "status", "notes"]
        error_messages = {"venue": {"required": "Enter where the meeting is."}}


class AgendaItemForm(GovukMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["number", "title", "purpose", "presenter", "summary"]
        widgets = {"purpose": forms.RadioSelect}
        error_messages = {"title": {"required": "Enter the item's title."},
                          "purpose": {"required": "Say whether the item is for information, influence or decision."},
                          "number": {"required": "Enter the item's number on the agenda."}}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        self.fields["purpose"].choices = AgendaItem.Purpose.choices  # no blank choice
        if not self.is_bound and self.instance.pk is None:
            self.initial["number"] = meeting.items.count() + 1

    def clean_number(self):
        # The meeting is not a form field, so Django would not check the unique number itself.
        number = self.cleaned_data["number"]
        taken = AgendaItem.objects.filter(meeting=self.instance.meeting, number=number).exclude(pk=self.instance.pk)
        if number is not None and taken.exists():
            raise forms.ValidationError("Another item already has this number.")
        return number


def _paper_hint():
    return (f"PDF, Word (.docx), OpenDocument (.odt), Excel (.xlsx), CSV or text; "
            f"up to {uploads.describe_size(uploads.max_bytes())}.")


class PaperForm(GovukMixin, forms.Form):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter the paper's title."})
    # The limit is UPLOAD_MAX_BYTES, read when the page is shown (lazy), as check_upload reads it when checking.
    file = forms.FileField(help_text=lazy(_paper_hint, str)(),
                           widget=forms.ClearableFileInput(attrs={"accept": uploads.DOCUMENTS.accept}),
                           error_messages={"required": "Choose a file to upload.", "empty": "The file is empty."})

    def clean_file(self):
        self.checked = uploads.check_upload(self.cleaned_data["file"], uploads.DOCUMENTS, noun="paper")
        return self.cleaned_data["file"]


class DecisionForm(GovukMixin, forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["item", "text", "responsible", "organisation", "due", "status"]
        widgets = {"due": DateWidget}
        error_messages = {"text": {"required": "Enter what the board decided."},
                          "responsible": {"required": "Enter who is responsible for carrying it out."},
                          "due": {"invalid": "Enter a real date, like 2009-12-31."}}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        self.fields["item"].queryset = meeting.items.all()
        self.fields["organisation"].queryset = Organisation.objects.filter(partnership=meeting.partnership)
