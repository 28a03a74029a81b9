"""Funding streams (seed 003 Annex 3), with their capital and revenue per year."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from placeboard.core.models import Outcome, PartnershipOwned, Theme
from placeboard.performance.periods import PeriodError, PeriodKind, parse_period


def validate_financial_year(label):
    try:
        period = parse_period(label)
    except PeriodError as exc:
        raise ValidationError(f"Enter a financial year such as 2007/08 ({exc}).") from None
    if period.kind != PeriodKind.FINANCIAL_YEAR or period.label != label:
        raise ValidationError(f"Enter a financial year written like 2007/08, not {label!r}.")


class FundingStream(PartnershipOwned):
    """One line of Annex 3: a stream of money pooled or aligned behind the agreement, in one block."""

    class Arrangement(models.TextChoices):
        POOLED = "pooled", "Pooled"
        ALIGNED = "aligned", "Aligned"

    class Pooling(models.TextChoices):
        AUTOMATIC = "automatic", "Automatically pooled"
        OTHER = "other", "Other pooled funding"

    name = models.CharField(max_length=200, help_text="As the agreement names it, for example Children's Fund.")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="funding_streams",
                              verbose_name="block", help_text="The theme or block the money sits in.")
    arrangement = models.CharField(max_length=10, choices=Arrangement.choices, verbose_name="pooled or aligned")
    pooling = models.CharField(max_length=10, choices=Pooling.choices, blank=True,
                               help_text="For pooled funding only: pooled automatically, or other pooled funding.")
    previously_pooled = models.BooleanField(default=False, verbose_name="previously pooled")
    heading = models.CharField(max_length=100, blank=True,
                               help_text="An optional heading the stream sits under in the block, for example Capital Funding.")
    note = models.CharField(max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0, help_text="Order within its block in the report.")
    outcomes = models.ManyToManyField(Outcome, blank=True, related_name="funding_streams",
                                      help_text="The outcomes this money serves.")

    class Meta:
        ordering = ["arrangement", "pooling", "theme__code", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "theme", "arrangement", "pooling", "name"],
                                    name="funding_stream_unique_name"),
            models.CheckConstraint(condition=Q(arrangement="pooled", pooling__in=["automatic", "other"])
                                   | Q(arrangement="aligned", pooling=""), name="funding_stream_pooling_fits"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("funding_stream_edit", args=[self.partnership.slug, self.pk])

    @property
    def category(self):
        return self.pooling or self.arrangement

    def clean(self):
        if self.arrangement == self.Arrangement.POOLED and not self.pooling:
            raise ValidationError({"pooling": "Say whether this pooled funding is pooled automatically or other pooled funding."})
        if self.arrangement == self.Arrangement.ALIGNED and self.pooling:
            raise ValidationError({"pooling": "Aligned funding is not pooled: leave this empty."})
        if self.theme_id and self.partnership_id and self.theme.partnership_id != self.partnership_id:
            raise ValidationError({"theme": "Choose a block from this partnership."})


class FundingAmount(models.Model):
    """A stream's capital and revenue for one financial year. Empty means not given; a note such as
    NYQ (not yet quantified) says why."""

    stream = models.ForeignKey(FundingStream, on_delete=models.CASCADE, related_name="amounts")
    year = models.CharField(max_length=7, validators=[validate_financial_year], help_text="For example 2007/08.")
    capital = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True,
                                  verbose_name="capital (£)")
    revenue = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True,
                                  verbose_name="revenue (£)")
    note = models.CharField(max_length=100, blank=True, help_text="For example NYQ (not yet quantified).")

    class Meta:
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["stream", "year"], name="funding_amount_one_per_year"),
            models.CheckConstraint(condition=Q(capital__gte=0) | Q(capital__isnull=True),
                                   name="funding_amount_capital_not_negative"),
            models.CheckConstraint(condition=Q(revenue__gte=0) | Q(revenue__isnull=True),
                                   name="funding_amount_revenue_not_negative"),
        ]

    def __str__(self):
        return f"{self.stream} {self.year}"

    def clean(self):
        for name in ("capital", "revenue"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise ValidationError({name: "Enter an amount of £0 or more."})
