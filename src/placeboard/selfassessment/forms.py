"""Forms of the self-assessment, rendered with GOV.UK Frontend classes; each refuses bad input with a message
saying what is wrong."""

from django import forms
from django.core.exceptions import ValidationError

from placeboard.core.forms import GovukMixin
from placeboard.core.models import AreaSet, Group, Organisation, PopulationGroup
from placeboard.performance.forms import DateWidget
from placeboard.performance.models import Indicator
from placeboard.selfassessment.models import (
    QUESTIONS,
    GenericIssue,
    ImprovementAction,
    ImprovementUpdate,
    ProxyMeasure,
    Rating,
    SelfAssessment,
    ThemeAssessment,
    financial_year,
)


class OpenForm(GovukMixin, forms.Form):
    year = forms.CharField(label="Financial year", max_length=9, help_text="For example, 2006/07.")
    title = forms.CharField(max_length=200, help_text="For example, Partnership Board self assessment.")
    held_on = forms.DateField(label="Date of the workshop (optional)", required=False, widget=DateWidget,
                              help_text="When the board and theme groups met to assess, if they did.")
    groups = forms.ModelMultipleChoiceField(
        label="Theme groups that assess themselves", queryset=Group.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Each gets its own assessment, pre-filled from the indicators of the outcomes it owns.")

    def __init__(self, partnership, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.fields["groups"].queryset = Group.objects.filter(partnership=partnership).order_by("name")
        if not self.is_bound:
            self.initial["groups"] = list(self.fields["groups"].queryset.filter(kind=Group.Kind.THEME_GROUP))

    def clean_year(self):
        year = financial_year(self.cleaned_data["year"].strip())
        if SelfAssessment.objects.filter(partnership=self.partnership, year=year).exists():
            raise ValidationError(f"There is already a self-assessment for {year}: open that one instead.")
        return year


class ThemeAnswersForm(GovukMixin, forms.ModelForm):
    class Meta:
        model = ThemeAssessment
        fields = ["summary"] + [f"{key}_{part}" for key, _ in QUESTIONS for part in ("rating", "evidence")]
        widgets = {f"{key}_rating": forms.RadioSelect for key, _ in QUESTIONS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["summary"].help_text = "The group's summary of where the theme stands, as the report prints it."
        for key, question in QUESTIONS:
            rating = self.fields[f"{key}_rating"]
            rating.label = f"{question}: rating"
            rating.choices = [("", "Not rated yet")] + list(Rating.choices)
            evidence = self.fields[f"{key}_evidence"]
            evidence.label = f"{question}: evidence"
            evidence.help_text = "What shows it: figures, reviews, what residents said."

    def clean(self):
        data = super().clean()
        for key, question in QUESTIONS:
            if data.get(f"{key}_rating") and not (data.get(f"{key}_evidence") or "").strip():
                self.add_error(f"{key}_evidence", f"Give the evidence for the rating of “{question.lower()}”.")
        return data


class ProxyForm(GovukMixin, forms.ModelForm):
    class Meta:
        model = ProxyMeasure
        fields = ["population_group", "description", "indicator", "area_set"]

    def __init__(self, partnership, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["population_group"].queryset = PopulationGroup.objects.filter(partnership=partnership)
        self.fields["indicator"].queryset = Indicator.objects.filter(partnership=partnership).order_by("code")
        self.fields["area_set"].queryset = AreaSet.objects.filter(partnership=partnership)
        self.fields["description"].help_text = ("For example: mortality rates in the neighbourhoods with the highest "
                                                "proportion of BME residents.")

    def clean(self):
        data = super().clean()
        if not data.get("indicator") and not data.get("area_set") and not self.has_error("description"):
            self.add_error("indicator", "Choose the indicator or the area set (or both) that stands in for the group.")
        return data


class BoardForm(GovukMixin, forms.ModelForm):
    class Meta:
        model = SelfAssessment
        fields = ["title", "held_on", "board_assessment"]
        widgets = {"held_on": DateWidget, "board_assessment": forms.Textarea(attrs={"rows": 14})}


class IssueForm(GovukMixin, forms.ModelForm):
    class Meta:
        model = GenericIssue
        fields = ["text", "arises_from", "position"]
        widgets = {"arises_from": forms.CheckboxSelectMultiple}

    def __init__(self, assessment, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["arises_from"].queryset = assessment.themes.select_related("group", "self_assessment")
        self.fields["position"].help_text = "Issues are listed by this number, lowest first."

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError("Write the issue.")
        return text


class ActionForm(GovukMixin, forms.ModelForm):
    class Meta:
        model = ImprovementAction
        fields = ["ref", "weakness", "action", "issue", "theme_assessment", "owner_group", "owner_organisation",
                  "owner_name", "deadline", "target"]
        widgets = {"deadline": DateWidget}

    def __init__(self, assessment, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.self_assessment = assessment
        partnership = assessment.partnership
        self.fields["issue"].queryset = assessment.issues.all()
        self.fields["theme_assessment"].queryset = assessment.themes.select_related("group", "self_assessment")
        self.fields["owner_group"].queryset = Group.objects.filter(partnership=partnership)
        self.fields["owner_organisation"].queryset = Organisation.objects.filter(partnership=partnership)

    def clean_ref(self):
        ref = self.cleaned_data["ref"].strip()
        others = ImprovementAction.objects.filter(self_assessment=self.instance.self_assessment, ref=ref)
        if others.exclude(pk=self.instance.pk).exists():
            raise ValidationError(f"Another action of this plan is numbered {ref}: choose another.")
        return ref


class UpdateForm(GovukMixin, forms.ModelForm):
    class Meta:
        model = ImprovementUpdate
        fields = ["status", "progress"]
        widgets = {"status": forms.RadioSelect}

    def clean(self):
        data = super().clean()
        if data.get("status") in ("amber", "red") and not (data.get("progress") or "").strip():
            self.add_error("progress", "Say what is holding the action back and what will be done about it.")
        return data
