"""Comparator groups and the benchmark values they hold.

Both were made by the imports app and keep its tables (imports_comparatorgroup, imports_benchmarkvalue)."""

from django.db import models
from django.db.models import Count, Max, OuterRef, Q, Subquery

from placeboard.core.models import PartnershipOwned

# The nation's row among comparators (its figure is shown, not ranked): a GSS code for a country or a union of
# them, or the name of one.
NATIONAL_CODES = ("E92", "W92", "S92", "N92", "K02", "K03", "K04")
NATIONAL_NAMES = {"england", "wales", "scotland", "great britain", "united kingdom", "england and wales",
                  "national"}


def is_national(authority, gss_code):
    """Whether a comparator row is the national figure, by its GSS code or its authority's name."""
    return gss_code.upper().startswith(NATIONAL_CODES) or authority.strip().lower() in NATIONAL_NAMES


class ComparatorGroupQuerySet(models.QuerySet):
    def with_holdings(self):
        """Each group with what it holds (value_count, authority_count, indicator_count, period_count,
        latest_start, latest_period), in the one query that fetches the groups."""
        latest = (BenchmarkValue.objects.filter(group=OuterRef("pk"))
                  .order_by("-period_start", "-period").values("period")[:1])
        return self.annotate(
            value_count=Count("values"),
            authority_count=Count("values__authority", filter=Q(values__is_national=False), distinct=True),
            indicator_count=Count("values__indicator", distinct=True),
            period_count=Count("values__period", distinct=True),
            latest_start=Max("values__period_start"),
            latest_period=Subquery(latest),
        )


class ComparatorGroup(PartnershipOwned):
    """Authorities a partnership compares itself with, e.g. unitary councils or statistical neighbours."""

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    objects = ComparatorGroupQuerySet.as_manager()

    class Meta:
        db_table = "imports_comparatorgroup"  # made by the imports app, whose table it keeps
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="comparatorgroup_unique_name")]

    def __str__(self):
        return self.name


class BenchmarkValue(models.Model):
    """One authority's value of an indicator for a period, within a comparator group.

    A row for the nation (GSS code starting E92, or named England) is the national figure, not ranked."""

    group = models.ForeignKey(ComparatorGroup, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey("performance.Indicator", on_delete=models.CASCADE, related_name="benchmarks")
    period = models.CharField(max_length=60)
    period_start = models.DateField()
    authority = models.CharField(max_length=200)
    gss_code = models.CharField(max_length=9, blank=True)
    value = models.DecimalField(max_digits=20, decimal_places=6)
    is_national = models.BooleanField(default=False)

    class Meta:
        db_table = "imports_benchmarkvalue"  # made by the imports app, whose table it keeps
        ordering = ["group", "indicator", "period_start", "authority"]
        constraints = [
            models.UniqueConstraint(fields=["group", "indicator", "period", "authority"],
                                    name="benchmark_unique_authority"),
            models.UniqueConstraint(fields=["group", "indicator", "period"], condition=Q(is_national=True),
                                    name="benchmark_one_national"),
        ]

    def __str__(self):
        return f"{self.authority} {self.period}: {self.value}"
