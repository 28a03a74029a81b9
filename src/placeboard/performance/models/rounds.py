"""Actions and their tasks, and the reporting rounds in which tasks are updated and figures frozen."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from placeboard.core.models import Organisation, Outcome, PartnershipOwned, owned_by_groups
from placeboard.performance.models.indicators import Indicator, PeriodMixin


class Action(PartnershipOwned):
    """Something partners agreed to do towards an outcome (seed 004: 'Action')."""

    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="actions")
    ref = models.CharField("reference", max_length=20, blank=True, help_text="For example 2.1.1. Optional.")
    title = models.CharField(max_length=400)
    lead_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="led_actions"
    )
    contact = models.CharField(max_length=200, blank=True, help_text="Who to ask about this action.")

    class Meta:
        ordering = ["outcome__code", "ref", "pk"]

    def __str__(self):
        return f"{self.ref} {self.title}".strip()

    def get_absolute_url(self):
        return reverse("action_detail", args=[self.partnership.slug, self.pk])

    def editable_by(self, access):
        """The outcome's owners (its group or theme's group, its lead organisation) run its action plan."""
        return self.outcome.editable_by(access) or self.lead_organisation_id in access.organisation_ids

    def clean(self):
        for name in ("outcome", "lead_organisation"):
            related = getattr(self, name) if getattr(self, f"{name}_id") else None
            if related is not None and related.partnership_id != self.partnership_id:
                raise ValidationError({name: "Choose one from the same partnership."})


class Task(models.Model):
    """A step of an action, with its target or milestone (seed 004: 'Tasks', 'Target')."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="tasks")
    ref = models.CharField("reference", max_length=10, blank=True, help_text="For example a, b, c.")
    title = models.TextField()
    target = models.TextField("target or milestone", blank=True)
    due = models.DateField("due by", null=True, blank=True)

    class Meta:
        ordering = ["action", "ref", "pk"]

    def __str__(self):
        return f"{self.ref}) {self.title}" if self.ref else self.title


class ReportingRound(PeriodMixin, PartnershipOwned):
    """A reporting date and period; every task and indicator gets an update in it."""

    name = models.CharField(max_length=200, help_text="For example: September 2008 performance report.")
    reporting_date = models.DateField(help_text="The date the report is made up to.")
    due = models.DateField("updates due by", null=True, blank=True)
    groups = models.ManyToManyField(
        "core.Group", related_name="reporting_rounds", blank=True,
        help_text="The groups that report in this round; their outcomes' tasks need an update.",
    )
    closed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the round was closed: its reports then show the figures as they were."
    )

    class Meta:
        ordering = ["-reporting_date", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="round_unique_name"),
            models.CheckConstraint(condition=Q(period_start__lte=F("period_end")), name="round_start_before_end"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("round_detail", args=[self.partnership.slug, self.pk])

    @property
    def is_closed(self):
        return self.closed_at is not None

    def tasks(self):
        """The tasks due an update: those of outcomes owned by the round's groups."""
        group_ids = [g.pk for g in self.groups.all()]
        return (
            Task.objects.filter(action__partnership=self.partnership_id)
            .filter(owned_by_groups(group_ids, "action__outcome__"))
            .select_related("action__outcome__theme__group", "action__outcome__group", "action__lead_organisation")
            .distinct()
            .order_by("action__outcome__code", "action__ref", "action__pk", "ref", "pk")
        )


class TaskUpdate(models.Model):
    """A task's position in a reporting round (seed 004: Position, Status, Planned improvement)."""

    class Status(models.TextChoices):
        GREEN = "green", "Green – on track"
        AMBER = "amber", "Amber – needs attention"
        RED = "red", "Red – needs action"

    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="task_updates")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="updates")
    position = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices)
    planned_improvement = models.TextField("planned improvement or action needed", blank=True)
    deadline = models.DateField("deadline for the improvement", null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round", "task"]
        constraints = [
            models.UniqueConstraint(fields=["round", "task"], name="taskupdate_unique_round_task"),
            models.CheckConstraint(
                condition=Q(status="green") | ~Q(planned_improvement=""),
                name="taskupdate_amber_red_need_improvement",
                violation_error_message="Amber and Red need a planned improvement or action.",
            ),
        ]

    def __str__(self):
        return f"{self.task} in {self.round}: {self.get_status_display()}"


class RoundFigure(models.Model):
    """A headline actual as it stood when its round was closed: the round's reports show these,
    and mark any figure corrected since as revised."""

    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="figures")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="round_figures")
    period = models.CharField(max_length=60)
    value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    status = models.CharField(max_length=12)
    note = models.TextField(blank=True)
    expected = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "indicator", "period"], name="roundfigure_unique")]
