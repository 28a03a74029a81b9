"""The comparator group form."""

from django import forms

from placeboard.benchmarking.models import ComparatorGroup
from placeboard.core.forms import PartnershipModelForm


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
