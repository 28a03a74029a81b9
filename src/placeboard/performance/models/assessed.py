"""Stored assessments: each indicator's assessed periods (whole place), kept in step with its figures.

Pages and reports read these instead of assessing every period of every indicator on every request
(docs/performance.md, "Stored assessments"). placeboard.performance.stored writes them, in the same
transaction as the change that makes them stale; `placeboard rebuild_assessments` checks and rebuilds."""

from django.db import models
from django.db.models import F, Q

from placeboard.core.models import Partnership
from placeboard.performance.models.indicators import Indicator, Observation, PeriodMixin


class AssessedPeriodQuerySet(models.QuerySet):
    def of_published_figures(self):
        """Leaves out the periods assessed on a figure not yet published (docs/approval.md): their actual, status
        and variance would tell what sign-off has not yet released."""
        unpublished = Observation.objects.filter(indicator=models.OuterRef("indicator")).exclude(
            approval=Observation.Approval.PUBLISHED).values("pk")
        return self.exclude(observation_ref__in=unpublished)


class AssessedPeriod(PeriodMixin):
    """One period of an indicator (that has an actual or a target) as the rules assessed it.

    What depends on today's date (a missing figure becoming overdue) and a performance officer's
    judgement are applied when read, so a stored row changes only when the data behind it does.
    Numbers are stored as their exact decimal text, so a row compares equal to a fresh assessment on
    every database. The *_ref columns are the ids of the rows used, kept without foreign keys: the row
    is rebuilt whenever those change, and a reader that cannot find one assesses afresh instead."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="assessed_periods")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(help_text="Order of the periods, oldest first.")
    observation_ref = models.BigIntegerField(null=True)
    target_ref = models.BigIntegerField(null=True)
    baseline_ref = models.BigIntegerField(null=True)
    earlier_ref = models.BigIntegerField(null=True)
    # What lists need to find the headline row without every period (evaluation.headline): the latest period
    # with a figure, and the last period of all.
    latest_reported = models.BooleanField(default=False)
    last = models.BooleanField(default=False)
    status = models.CharField(max_length=12)
    direction = models.CharField(max_length=20)
    rule = models.TextField()
    actual = models.CharField(max_length=64, blank=True)
    target = models.CharField(max_length=64, blank=True)
    compared_target = models.CharField(max_length=64, blank=True)
    variance = models.CharField(max_length=64, blank=True)
    favourable_variance = models.CharField(max_length=64, blank=True)
    percentage_variance = models.CharField(max_length=64, blank=True)

    objects = AssessedPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "position"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="assessedperiod_unique_period"),
            models.CheckConstraint(condition=Q(period_start__lte=F("period_end")),
                                   name="assessedperiod_start_before_end"),
        ]
        indexes = [models.Index(fields=["partnership", "status"], name="assessedperiod_status")]

    def __str__(self):
        return f"{self.indicator_id} {self.period}: {self.status}"
