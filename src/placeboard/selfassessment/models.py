"""The annual self-assessment (seed 003 §3.3 and appendix 2) and the improvement plan it gives rise to.

A SelfAssessment is a partnership's for one financial year. Each theme group answers the seed's questions in its
ThemeAssessment, beside a frozen snapshot of what the data said when it was opened or refreshed; GenericIssues
gather what recurs across themes; the board writes its own assessment; weaknesses become ImprovementActions, which
reporting rounds track through ImprovementUpdates as they track any action plan's tasks."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from placeboard.core.models import AreaSet, Group, Organisation, PartnershipOwned, PopulationGroup
from placeboard.performance.models import Indicator, ReportingRound
from placeboard.performance.periods import PeriodError, PeriodKind, parse_period


def financial_year(label):
    """The canonical label of a financial year ("2006/07"), or ValidationError saying what is wrong."""
    try:
        period = parse_period(label)
    except PeriodError as exc:
        raise ValidationError(f"{label!r} is not a year Placeboard can read: {exc}") from None
    if period.kind != PeriodKind.FINANCIAL_YEAR:
        raise ValidationError(f"{label!r} is not a financial year: give one such as 2006/07 (April to March).")
    return period.label


class Rating(models.IntegerChoices):
    """The seed gives no scale for its questions (GOWM gave the whole partnership a 'green light'), so a
    four-point scale with words: an even number of points, so a group must lean one way."""

    STRONG = 4, "4 – Strong: clear evidence, little to improve"
    GOOD = 3, "3 – Good: sound, with some improvement needed"
    ADEQUATE = 2, "2 – Adequate: significant weaknesses"
    WEAK = 1, "1 – Weak: needs urgent improvement"

    @property
    def word(self):
        return self.label.split(": ")[0].split(" – ")[1]


# The seed's questions (§3.3, appendix 2 §1.3) and, last, what gets in the way (issue 18 §3).
QUESTIONS = [
    ("progress", "Progress towards delivery of targets and outcomes"),
    ("plausibility", "Plausibility that activities are the right ones"),
    ("gap", "Success in narrowing the gap between priority neighbourhoods and the rest"),
    ("communities", "Impact upon communities of interest"),
    ("barriers", "What gets in the way"),
]


class SelfAssessment(PartnershipOwned):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    year = models.CharField(max_length=9, help_text="The financial year assessed, for example 2006/07.")
    title = models.CharField(max_length=200, help_text="For example: Partnership Board self assessment.")
    held_on = models.DateField("date of the workshop", null=True, blank=True,
                               help_text="When the board and theme groups met to assess, if they did.")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    board_assessment = models.TextField(
        "the partnership board's own assessment", blank=True,
        help_text="What is working well, what is not, and what should change. A blank line starts a paragraph; "
                  "a line starting with a hyphen is a point in a list.")

    class Meta:
        ordering = ["-year", "-opened_at"]
        constraints = [models.UniqueConstraint(fields=["partnership", "year"], name="selfassessment_one_a_year")]

    def __str__(self):
        return f"{self.title} ({self.year})"

    def get_absolute_url(self):
        return reverse("sa_detail", args=[self.partnership.slug, self.pk])

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    def clean(self):
        if self.year:
            self.year = financial_year(self.year)


class ThemeAssessment(models.Model):
    """One theme group's answers. The seed's self-assessment is by theme group ("each theme group has undertaken
    an annual review", §3; appendix 2 §2 "Theme Group Self Assessments"), and in Coventry one block's outcomes
    are shared among several groups, so an assessment belongs to a group, not to a top-level theme."""

    self_assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="themes")
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="self_assessments")
    snapshot = models.JSONField(default=dict, blank=True,
                                help_text="What the data said when opened or refreshed (services.snapshot_for).")
    snapshot_at = models.DateTimeField(null=True, blank=True)
    summary = models.TextField("theme summary", blank=True)
    progress_rating = models.PositiveSmallIntegerField(choices=Rating.choices, null=True, blank=True)
    progress_evidence = models.TextField(blank=True)
    plausibility_rating = models.PositiveSmallIntegerField(choices=Rating.choices, null=True, blank=True)
    plausibility_evidence = models.TextField(blank=True)
    gap_rating = models.PositiveSmallIntegerField(choices=Rating.choices, null=True, blank=True)
    gap_evidence = models.TextField(blank=True)
    communities_rating = models.PositiveSmallIntegerField(choices=Rating.choices, null=True, blank=True)
    communities_evidence = models.TextField(blank=True)
    barriers_rating = models.PositiveSmallIntegerField(choices=Rating.choices, null=True, blank=True)
    barriers_evidence = models.TextField(blank=True)

    class Meta:
        ordering = ["group__name"]
        constraints = [models.UniqueConstraint(fields=["self_assessment", "group"], name="themeassessment_one_a_group")]

    def __str__(self):
        return f"{self.group} ({self.self_assessment.year})" if self.self_assessment_id else str(self.group)

    def answers(self):
        """[(key, question, Rating or None, evidence)] in the seed's order."""
        found = []
        for key, question in QUESTIONS:
            value = getattr(self, f"{key}_rating")
            found.append((key, question, Rating(value) if value else None, getattr(self, f"{key}_evidence")))
        return found

    def editable_by(self, access):
        """Officers, and the theme leads of the group."""
        return access.can_manage or self.group_id in access.group_ids


class ProxyMeasure(models.Model):
    """What stands for a population group whose own figures are missing (seed 003 §3.6: for BME residents, "the
    impact upon those neighbourhoods ... which have the highest proportion of BME residents")."""

    theme_assessment = models.ForeignKey(ThemeAssessment, on_delete=models.CASCADE, related_name="proxies")
    population_group = models.ForeignKey(PopulationGroup, on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(Indicator, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  help_text="The indicator whose figures stand in for the group's.")
    area_set = models.ForeignKey(AreaSet, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 help_text="The areas that stand in for the group, such as the neighbourhoods "
                                           "with the highest proportion of BME residents.")
    description = models.CharField(max_length=500, help_text="What the proxy is, in words.")

    class Meta:
        ordering = ["population_group__name", "pk"]

    def __str__(self):
        return f"Proxy for {self.population_group}: {self.description}"[:300]


class GenericIssue(models.Model):
    """An issue recurring across theme groups, gathered at partnership level (appendix 2 §2.1)."""

    self_assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="issues")
    position = models.PositiveIntegerField(default=0)
    text = models.TextField("issue")
    arises_from = models.ManyToManyField(ThemeAssessment, blank=True, related_name="issues",
                                         help_text="The theme groups whose self-assessments raised it.")

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text[:120]


class ImprovementAction(models.Model):
    """An action of the improvement plan, answering a weakness (seed 003 §3.10, appendix 2 §6.2)."""

    self_assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="actions")
    ref = models.CharField("reference", max_length=20, help_text="For example 1 or 2a.")
    weakness = models.TextField("weakness it answers")
    action = models.TextField("action")
    issue = models.ForeignKey(GenericIssue, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions",
                              verbose_name="generic issue", help_text="The generic issue it answers, if any.")
    theme_assessment = models.ForeignKey(ThemeAssessment, null=True, blank=True, on_delete=models.SET_NULL,
                                         related_name="actions", verbose_name="theme group",
                                         help_text="The theme group whose self-assessment found the weakness, if any.")
    owner_group = models.ForeignKey(Group, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="owning group",
                                    help_text="Its theme leads may record its progress.")
    owner_organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT,
                                           related_name="+", verbose_name="owning organisation",
                                           help_text="Its data providers may record its progress.")
    owner_name = models.CharField("named owner", max_length=200, blank=True,
                                  help_text="A person, for example Development Manager.")
    deadline = models.DateField()
    target = models.CharField("target or milestone", max_length=500)

    class Meta:
        ordering = ["deadline", "ref", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["self_assessment", "ref"], name="improvementaction_unique_ref"),
            models.CheckConstraint(
                condition=Q(owner_group__isnull=False) | Q(owner_organisation__isnull=False) | ~Q(owner_name=""),
                name="improvementaction_has_owner",
                violation_error_message="Give the action an owner: a group, an organisation or a named person."),
        ]

    def __str__(self):
        return f"{self.ref} {self.action}"[:300]

    @property
    def owner(self):
        return "; ".join(str(o) for o in (self.owner_group, self.owner_organisation, self.owner_name) if o)

    def editable_by(self, access):
        """Who may record its progress: officers, theme leads of the owning group, the owning organisation's
        data providers."""
        return access.can_manage or (self.owner_group_id is not None and self.owner_group_id in access.group_ids) \
            or (self.owner_organisation_id is not None and self.owner_organisation_id in access.organisation_ids)


class ImprovementUpdate(models.Model):
    """An improvement action's progress in a reporting round, as a task's update is (seed 004)."""

    class Status(models.TextChoices):
        GREEN = "green", "Green – on track"
        AMBER = "amber", "Amber – needs attention"
        RED = "red", "Red – needs action"
        DONE = "done", "Done"

    action = models.ForeignKey(ImprovementAction, on_delete=models.CASCADE, related_name="updates")
    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="improvement_updates")
    status = models.CharField(max_length=10, choices=Status.choices)
    progress = models.TextField("progress", help_text="What has been done, and what is next.")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["action", "-round__reporting_date"]
        constraints = [models.UniqueConstraint(fields=["action", "round"], name="improvementupdate_one_a_round")]

    def __str__(self):
        return f"{self.action.ref if self.action_id else ''} in {self.round if self.round_id else ''}"

    @property
    def rag(self):
        """The status as a report's coloured cell names it (done counts as green)."""
        return "green" if self.status == self.Status.DONE else self.status
