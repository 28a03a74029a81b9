"""Comparator groups and the benchmark values they hold.

Both were made by the imports app and keep its tables (imports_comparatorgroup, imports_benchmarkvalue)."""

from django.db import models
from django.db.models import Q

from placeboard.core.models import PartnershipOwned


class ComparatorGroup(PartnershipOwned):
    """Authorities a partnership compares itself with, e.g. unitary councils or statistical neighbours."""

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

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
