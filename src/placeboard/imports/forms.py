"""The upload form, and the comparator group form."""

from django import forms

from placeboard.core.forms import PartnershipModelForm
from placeboard.imports.importers import KIND_NAMES
from placeboard.imports.models import ComparatorGroup
from placeboard.imports.readers import MAX_BYTES


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label="What the file holds", widget=forms.RadioSelect)
    file = forms.FileField(
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


class ComparatorGroupForm(PartnershipModelForm):
    class Meta:
        model = ComparatorGroup
        fields = ["name", "description"]
        help_texts = {"name": "For example Unitary councils or Statistical neighbours. "
                              "Benchmark files name the group in their group column.",
                      "description": "Which authorities are in the group and where the list comes from."}

    def clean_name(self):
        # Imports match groups by name ignoring case, so two names differing only in case would be ambiguous.
        name = self.cleaned_data["name"].strip()
        clash = ComparatorGroup.objects.filter(partnership=self.partnership, name__iexact=name) \
            .exclude(pk=self.instance.pk).first()
        if clash:
            raise forms.ValidationError(f"There is already a comparator group called '{clash.name}'. "
                                        "Choose another name.")
        return name
