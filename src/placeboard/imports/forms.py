"""The upload form."""

from django import forms

from placeboard.core.forms import GovukMixin
from placeboard.imports.importers import APPROVABLE, KIND_NAMES
from placeboard.imports.readers import MAX_BYTES


class UploadForm(GovukMixin, forms.Form):
    kind = forms.ChoiceField(label="What the file holds", widget=forms.RadioSelect,
                             error_messages={"required": "Choose what the file holds."})
    file = forms.FileField(
        error_messages={"required": "Choose a .csv or .xlsx file to upload."},
        label="File", help_text=f"A .csv or .xlsx file of up to {MAX_BYTES // 1024 // 1024} MB. "
                                "The first row names the columns; see the formats below.")
    approve = forms.BooleanField(label="Approve these figures as they are imported", required=False)

    def __init__(self, *args, kinds, approve_refused=None, **kwargs):
        """`approve_refused`: why this person may not approve figures as they import them (services.
        approve_refusal), or None when they may, and the form offers it."""
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, KIND_NAMES[k]) for k in kinds]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0]
        self.approve_refused = approve_refused
        if approve_refused is not None:
            del self.fields["approve"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 1024 / 1024:.1f} MB; the limit is {MAX_BYTES // 1024 // 1024} MB. "
                "Split it into smaller files.")
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.approve_refused is not None:
            # Not offered, so only a forged request (or a page from before sign-off was switched off) asks.
            if forms.CheckboxInput().value_from_datadict(self.data, self.files, "approve"):
                raise forms.ValidationError(self.approve_refused)
            cleaned["approve"] = False
        elif cleaned.get("approve") and cleaned.get("kind") not in (None, *APPROVABLE):
            self.add_error("approve", "Only actuals and data returns can be approved as they are imported: "
                                      "untick this for this kind of file.")
        return cleaned
