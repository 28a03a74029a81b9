from datetime import timedelta

from django import forms
from django.utils import timezone

from placeboard.api.models import MAX_LIFETIME, ApiToken
from placeboard.core.forms import GovukMixin

LIFETIMES = [("30", "30 days"), ("90", "90 days"), ("365", "1 year")]


class TokenForm(GovukMixin, forms.Form):
    name = forms.CharField(max_length=100, help_text="What it is for, so you know which to revoke later.")
    scope = forms.ChoiceField(choices=ApiToken.Scope.choices, widget=forms.RadioSelect, initial=ApiToken.Scope.READ,
                              label="What it may do",
                              help_text="Never more than you may: a token acts as you, with your roles.")
    lifetime = forms.ChoiceField(choices=LIFETIMES, widget=forms.RadioSelect, initial="90", label="Expires after")

    def expires_at(self):
        days = timedelta(days=int(self.cleaned_data["lifetime"]))
        return timezone.now() + min(days, MAX_LIFETIME)
