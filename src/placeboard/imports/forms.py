"""The upload form."""

from django import forms

from placeboard.core.forms import GovukMixin
from placeboard.imports.importers import KIND_NAMES
from placeboard.imports.readers import MAX_BYTES


class UploadForm(GovukMixin, forms.Form):
    kind = forms.ChoiceField(label="What the file holds", widget=forms.RadioSelect,
                             error_messages={"required": "Choose what the file holds."})
    file = forms.FileField(
        error_messages={"required": "Choose a .csv or .xlsx file to upload."},
        label="File", help_text=f"A .csv or .xlsx file of up to {MAX_BYTES // 1024 // 1024} MB. "
                                "The first row names the columns; see the formats below.")

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, KIND_NAMES[k]) for k in kinds]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 1024 / 1024:.1f} MB; the limit is {MAX_BYTES // 1024 // 1024} MB. "
                "Split it into smaller files.")
        return upload
