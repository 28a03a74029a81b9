"""Forms of the community issue system."""

from django import forms

from placeboard.core.forms import GovukMixin
from placeboard.core.models import Area, Organisation, Outcome
from placeboard.engagement import issue_rules
from placeboard.engagement.models import CommunityIssue, IssueCategory, RoutingRule
from placeboard.engagement.services import RULE_EXISTS
from placeboard.performance.models import Action


class IssueForm(GovukMixin, forms.ModelForm):
    # A field people never see: bots that fill every field give themselves away.
    website = forms.CharField(required=False, label="Leave this empty")
    not_a_duplicate = forms.BooleanField(required=False, label="My issue is not one of these: raise it as new")

    class Meta:
        model = CommunityIssue
        fields = ["title", "description", "area", "category", "location", "reporter_name", "reporter_email"]
        error_messages = {
            "title": {"required": "Enter a short summary of the issue."},
            "description": {"required": "Describe the issue."},
            "area": {"required": "Choose the area the issue is in.",
                     "invalid_choice": "Choose an area from the list."},
            "category": {"required": "Choose what the issue is about.",
                         "invalid_choice": "Choose a category from the list."},
            "reporter_name": {"required": "Enter your name."},
            "reporter_email": {"required": "Enter your email address so you can confirm the issue.",
                               "invalid": "Enter an email address like name@example.org."},
        }

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.fields["area"].queryset = Area.objects.filter(partnership=partnership)
        self.fields["category"].queryset = IssueCategory.objects.filter(partnership=partnership)
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def is_spam(self):
        return bool(self.data.get("website"))


class IssueStatusForm(GovukMixin, forms.Form):
    status = forms.ChoiceField(label="New status", widget=forms.RadioSelect)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False, label="Refer to",
        help_text="For a referral: the partner who should take it on.")
    duplicate_of = forms.ModelChoiceField(
        queryset=CommunityIssue.objects.none(), required=False, label="Duplicate of",
        help_text="For a duplicate: the issue this repeats.")
    message = forms.CharField(widget=forms.Textarea, required=False, label="Public update",
                              help_text="Shown on the issue's public page and emailed to the person who raised it.")
    outcome = forms.ModelChoiceField(queryset=Outcome.objects.none(), required=False,
                                     label="Linked outcome of the framework")
    action = forms.ModelChoiceField(queryset=Action.objects.none(), required=False,
                                    label="Linked action of an action plan")

    def __init__(self, *args, issue, **kwargs):
        super().__init__(*args, **kwargs)
        self.issue = issue
        p = issue.partnership
        labels = dict(CommunityIssue.Status.choices)
        self.fields["status"].choices = [(s, labels[s]) for s in CommunityIssue.Status.values
                                         if s in issue_rules.allowed_next(issue.status)]
        self.fields["organisation"].queryset = Organisation.objects.filter(partnership=p)
        self.fields["duplicate_of"].queryset = CommunityIssue.objects.filter(
            partnership=p, confirmed_at__isnull=False).exclude(pk=issue.pk)
        self.fields["outcome"].queryset = Outcome.objects.filter(partnership=p)
        self.fields["action"].queryset = Action.objects.filter(partnership=p)
        self.initial.setdefault("outcome", issue.outcome_id)
        self.initial.setdefault("action", issue.action_id)

    def clean(self):
        data = super().clean()
        status = data.get("status")
        if status == "referred":
            org = data.get("organisation")
            if org is None:
                self.add_error("organisation", "Choose the partner to refer the issue to.")
            elif org.pk == self.issue.organisation_id:
                self.add_error("organisation", "Choose a different partner from the one holding it.")
        if status == "closed_duplicate" and data.get("duplicate_of") is None:
            self.add_error("duplicate_of", "Choose the issue this one repeats.")
        if status in ("resolved", "closed_not_ours") and not data.get("message", "").strip():
            self.add_error("message", "Tell the person who raised it what happened.")
        return data


class RoutingRuleForm(GovukMixin, forms.Form):
    area = forms.ModelChoiceField(queryset=Area.objects.none(), required=False, empty_label="Any area")
    category = forms.ModelChoiceField(queryset=IssueCategory.objects.none(), required=False,
                                      empty_label="Any category")
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(),
                                          error_messages={"required": "Choose the partner the issues go to."})

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.fields["area"].queryset = Area.objects.filter(partnership=partnership)
        self.fields["category"].queryset = IssueCategory.objects.filter(partnership=partnership)
        self.fields["organisation"].queryset = Organisation.objects.filter(partnership=partnership)

    def clean(self):
        data = super().clean()
        if "organisation" in data and RoutingRule.objects.filter(
                partnership=self.partnership, area=data.get("area"), category=data.get("category")).exists():
            raise forms.ValidationError(RULE_EXISTS)
        return data


class CategoryForm(GovukMixin, forms.Form):
    name = forms.CharField(max_length=100, label="New category",
                           error_messages={"required": "Enter the category's name."})
