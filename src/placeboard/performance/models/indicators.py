"""Indicators and their figures: baselines and targets (with profiles), observations (actuals), manual
judgements and the history of every value change.

Periods are stored as their canonical label plus start and end dates (from
placeboard.performance.periods), so they sort, contain and compare in the
database as well as in Python."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from placeboard.core.models import (
    THEME_LEVELS,
    Area,
    Organisation,
    Outcome,
    PartnershipOwned,
    PopulationGroup,
    Theme,
)
from placeboard.performance import assessment as rules
from placeboard.performance import figures
from placeboard.performance.evaluation import assess_observation, split_targets
from placeboard.performance.periods import PeriodError, PeriodKind, parse_period

OFF_TARGET = (rules.Status.AMBER, rules.Status.RED)  # statuses whose actuals need commentary


class IndicatorTag(PartnershipOwned):
    """A label such as LAA designated, local, mandatory or stretch."""

    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="indicatortag_unique_name")]

    def __str__(self):
        return self.name


class IndicatorQuerySet(models.QuerySet):
    def with_assessment_data(self, area=None, people=False):
        """Everything the lists need to assess each indicator, in a fixed number of queries.

        With an area, the figures assessed are that area's instead of the whole place's; with people, each
        figure's updated_by comes too (for pages that say who entered it). For the whole place the stored
        assessments come too (stored_periods), so evaluation.period_rows need not assess anything."""
        observations = Observation.objects.filter(area=area, population_group=None)
        if people:
            observations = observations.select_related("updated_by")
        from placeboard.performance.models.rounds import ReportingRound  # rounds import this module

        clone = self.select_related("lead_organisation", "partnership").prefetch_related(
            "tags",
            models.Prefetch("partnership__reportinground_set", to_attr="rounds_for_deadlines",
                            queryset=ReportingRound.objects.only("partnership", "period_end", "due", "reporting_date")),
            models.Prefetch("outcomes", queryset=Outcome.objects.select_related("theme", "group")),
            models.Prefetch("targets", queryset=Target.objects.with_profiles()),
            models.Prefetch(
                "observations",
                queryset=observations,
                to_attr="headline_observations",
            ),
            models.Prefetch("judgements", queryset=Judgement.objects.select_related("made_by"),
                            to_attr="fetched_judgements"),
        )
        clone._stored = area is None  # the stored rows, as plain tuples (stored.attach_stored)
        return clone

    def with_targets(self):
        """The framework and the targets, no figures: for what lists targets only (the agreement report).
        Outcomes and targets are plain lists (outcome_list, target_list), not a queryset cloned per use."""
        return self.select_related("lead_organisation", "partnership").prefetch_related(
            models.Prefetch("outcomes", to_attr="outcome_list"),
            models.Prefetch("targets", to_attr="target_list"),
        )

    def with_headlines(self, period=None, people=False, up_to=None, framework=True, headline=True):
        """For lists: only what each indicator's headline row needs (evaluation.latest_row), and with a period
        that period's row too (evaluation.row_for), from the stored assessments, in a fixed number of queries
        (performance.stored.attach_headlines, run when the indicators are fetched). With up_to (a date), the
        headline as of then: figures for periods ending later are left out. framework=False leaves out the
        tags and outcomes, for what counts statuses and needs neither. headline=False: the period's row alone,
        for a page that shows no headline (latest_row is then not to be called)."""
        from placeboard.performance.models.rounds import ReportingRound

        clone = self.select_related("lead_organisation", "partnership").prefetch_related(
            models.Prefetch("partnership__reportinground_set", to_attr="rounds_for_deadlines",
                            queryset=ReportingRound.objects.only("partnership", "period_end", "due", "reporting_date")),
            models.Prefetch("judgements", queryset=Judgement.objects.select_related("made_by"),
                            to_attr="fetched_judgements"),
        )
        if framework:
            clone = clone.prefetch_related(
                "tags", models.Prefetch("outcomes", queryset=Outcome.objects.select_related("theme", "group")))
        clone._headlines = {"period": period, "people": people, "up_to": up_to, "headline": headline}
        return clone

    _headlines = None
    _stored = False

    def _clone(self):
        clone = super()._clone()
        clone._headlines, clone._stored = self._headlines, self._stored
        return clone

    def _prefetch_related_objects(self):
        super()._prefetch_related_objects()
        from placeboard.performance import stored  # it imports these models

        if self._headlines is not None:
            stored.attach_headlines(self._result_cache, **self._headlines)
        if self._stored:
            stored.attach_stored(self._result_cache)

    def for_theme(self, theme):
        return self.filter(outcomes__theme=theme).distinct()


class Indicator(PartnershipOwned):
    class ValueType(models.TextChoices):
        PERCENTAGE = "percentage", "Percentage"
        RATE_1000 = "rate_1000", "Rate per 1,000"
        RATE_10000 = "rate_10000", "Rate per 10,000"
        RATE_100000 = "rate_100000", "Rate per 100,000"
        COUNT = "count", "Count"
        SCORE = "score", "Score"
        MONEY = "money", "Money (£)"
        DAYS = "days", "Days"
        RATIO = "ratio", "Ratio"
        OTHER = "other", "Other"

    class Polarity(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"
        BAND = "band", "Within a band"
        NONE = "none", "No polarity (monitor only)"

    class Interval(models.TextChoices):
        FINANCIAL_YEAR = PeriodKind.FINANCIAL_YEAR.value, "Annual (financial year)"
        FINANCIAL_HALF = PeriodKind.FINANCIAL_HALF.value, "Half-yearly"
        FINANCIAL_QUARTER = PeriodKind.FINANCIAL_QUARTER.value, "Quarterly"
        MONTH = PeriodKind.MONTH.value, "Monthly"
        ACADEMIC_YEAR = PeriodKind.ACADEMIC_YEAR.value, "Academic year"
        CALENDAR_YEAR = PeriodKind.CALENDAR_YEAR.value, "Calendar year"
        SURVEY = PeriodKind.SURVEY.value, "Survey rounds"
        ROLLING = PeriodKind.ROLLING.value, "Rolling multi-year"

    class SpatialLevel(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        COMMUNITY_AREA = "community_area", "Community area"
        WARD = "ward", "Ward"
        LSOA = "lsoa", "Lower layer super output area"
        PCT = "pct", "Primary care trust"
        POLICE_FORCE = "police_force", "Police force area"
        OTHER = "other", "Other"

    class ToleranceKind(models.TextChoices):
        RELATIVE = "relative", "Percent of the target"
        ABSOLUTE = "absolute", "In the indicator's units"

    code = models.CharField(max_length=30, help_text="For example NI 4, or a local code.")
    title = models.CharField(max_length=400)
    definition = models.TextField(blank=True)
    rationale = models.TextField(blank=True)
    value_type = models.CharField(max_length=20, choices=ValueType.choices)
    units = models.CharField(max_length=40, blank=True, help_text="Shown after values, for example % or per 1,000.")
    polarity = models.CharField(max_length=10, choices=Polarity.choices)
    decimal_places = models.PositiveSmallIntegerField(default=1)
    cumulative = models.BooleanField(
        default=False,
        help_text="The value builds up over the year (a count), so in-year figures are compared with the profiled target.",
    )
    data_source = models.CharField(max_length=300, blank=True)
    collection_interval = models.CharField(max_length=30, choices=Interval.choices)
    reporting_organisation = models.CharField(
        max_length=200, blank=True, help_text="Who publishes the figure, for example DCSF or the Home Office."
    )
    spatial_level = models.CharField(max_length=30, choices=SpatialLevel.choices, default=SpatialLevel.LOCAL_AUTHORITY)
    tags = models.ManyToManyField(IndicatorTag, blank=True, related_name="indicators")
    lead_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="led_indicators"
    )
    owner = models.CharField(max_length=200, blank=True, help_text="The person responsible, by name or post.")
    # Signs off the indicator's figures where the partnership asks for sign-off (docs/approval.md), as a
    # performance officer may.
    lead_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The person who approves this indicator's figures, where figures need sign-off.")
    outcomes = models.ManyToManyField(Outcome, blank=True, related_name="indicators")
    minimum_value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    maximum_value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    band_low = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    band_high = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    tolerance_kind = models.CharField(max_length=10, choices=ToleranceKind.choices, blank=True)
    tolerance_amount = models.DecimalField(
        max_digits=12, decimal_places=4, null=True, blank=True,
        help_text="Leave blank to use the partnership's default tolerance.",
    )
    # The public performance site (docs/public-performance.md): final figures only. An indicator is also public
    # when the top-level theme it serves is (Theme.public).
    public = models.BooleanField(
        "show on the public performance site", default=False, db_default=False,
        help_text="Residents see its final figures, targets and definition; provisional figures and commentary "
                  "stay private unless marked.",
    )

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "code"], name="indicator_unique_code"),
            models.CheckConstraint(
                condition=Q(minimum_value__isnull=True) | Q(maximum_value__isnull=True)
                | Q(minimum_value__lte=F("maximum_value")),
                name="indicator_valid_range",
                violation_error_message="The minimum must not be above the maximum.",
            ),
            models.CheckConstraint(
                condition=~Q(polarity="band") | (Q(band_low__isnull=False) & Q(band_high__isnull=False)
                                                 & Q(band_low__lte=F("band_high"))),
                name="indicator_band_complete",
                violation_error_message="An indicator judged within a band needs a band from low to high.",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def get_absolute_url(self):
        return reverse("indicator_detail", args=[self.partnership.slug, self.pk])

    def editable_by(self, access):
        # Metadata and targets are the performance officer's; providers enter actuals.
        return False

    def public_theme(self):
        """The public theme that puts this indicator on the public performance site (it serves an outcome
        within it), or None. One query; performance/public_views.py lists them with the same rule."""
        q = Q()
        for level in range(THEME_LEVELS):
            q |= Q(**{"children__" * level + "outcomes__indicators": self})
        return Theme.objects.filter(q, partnership_id=self.partnership_id, public=True).order_by("code").first()

    def reportable_by(self, access):
        """Whether this person enters actuals for this indicator."""
        return access.can_manage or self.lead_organisation_id in access.organisation_ids

    def approvable_by(self, access):
        """Whether this person may approve, return or publish this indicator's figures (docs/approval.md)."""
        return access.can_manage or (self.lead_officer_id is not None and self.lead_officer_id == access.user.pk)

    def assess_value(self, period, value, targets=None):
        """How a proposed headline actual for a period would be assessed. `targets` is
        split_targets(self.targets.all()) when the caller already has it (an import, fetched once for every row)."""
        targets, baselines = targets if targets is not None else split_targets(self.targets.all())
        observation = Observation(indicator=self, value=value)
        observation.set_period(period)
        return assess_observation(self, period, observation, targets, baselines, None)[2]

    def missing_commentary(self, assessment, note):
        """Why a headline actual assessed Amber or Red cannot be saved with blank commentary, else None.

        The rule the observation form applies, kept here so that imports apply the very same one."""
        if assessment.status not in OFF_TARGET or (note or "").strip():
            return None
        compared, against = assessment.compared_target, ""
        if compared is not None:
            to_date = " to date" if assessment.target is not None and compared != assessment.target else ""
            against = f" against its target{to_date} of {self.format_value(compared)}"
        return f"{self.code} is {assessment.status.label}{against}: say why and what is being done."

    # -- rules about one indicator --------------------------------------------------

    @property
    def judgement_list(self):
        """Its judgements: as with_headlines() or with_assessment_data() fetched them, else from the database.
        Fetched into a list (to_attr), as Django's prefetch into .judgements.all() builds a queryset for each
        of hundreds of indicators, most with none: a quarter of What I have to report's fetch."""
        fetched = getattr(self, "fetched_judgements", None)
        return fetched if fetched is not None else list(self.judgements.select_related("made_by"))

    @property
    def period_kind(self):
        return PeriodKind(self.collection_interval)

    def valid_range(self):
        low, high = self.minimum_value, self.maximum_value
        if self.value_type == self.ValueType.PERCENTAGE:
            low = Decimal(0) if low is None else low
            high = Decimal(100) if high is None else high
        return low, high

    def check_value(self, value):
        """A message if the value is outside the indicator's valid range, else None."""
        low, high = self.valid_range()
        if low is not None and value < low:
            return f"{self.code} cannot be below {self.format_value(low)}; {value} is."
        if high is not None and value > high:
            return f"{self.code} cannot be above {self.format_value(high)}; {value} is."
        return None

    def parse_period_for_actuals(self, label):
        """The period for a label, checked against the collection interval.

        Annual indicators take yearly periods; in-year indicators take periods
        of their interval or longer, so a quarterly indicator can also record an
        annual out-turn."""
        period = parse_period(label)
        allowed = {self.period_kind}
        if self.period_kind in (PeriodKind.FINANCIAL_QUARTER, PeriodKind.FINANCIAL_HALF, PeriodKind.MONTH):
            allowed |= {PeriodKind.FINANCIAL_YEAR, PeriodKind.FINANCIAL_HALF, PeriodKind.FINANCIAL_QUARTER}
            if self.period_kind == PeriodKind.MONTH:
                allowed.add(PeriodKind.MONTH)
        if self.period_kind == PeriodKind.SURVEY:
            allowed |= {PeriodKind.FINANCIAL_YEAR, PeriodKind.CALENDAR_YEAR}
        if period.kind not in allowed:
            raise PeriodError(
                f"{self.code} is collected {self.get_collection_interval_display().lower()}, "
                f"so '{label}' ({period.kind.value.replace('_', ' ')}) is the wrong kind of period."
            )
        return period

    def tolerance(self):
        if self.tolerance_amount is not None and self.tolerance_kind:
            return rules.Tolerance(self.tolerance_kind, Decimal(self.tolerance_amount))
        p = self.partnership
        return rules.Tolerance(p.default_tolerance_kind, Decimal(p.default_tolerance_amount))

    def format_number(self, value):
        """The value without units beyond % and £, for chart axes."""
        return figures.show_with_units(value, self.decimal_places, self.value_type)

    def format_value(self, value):
        """The value with the indicator's units: '57.4%', '£1,200.00', '12 households'; '' for None."""
        return figures.show_with_units(value, self.decimal_places, self.value_type, self.units)

    def clean(self):
        if self.lead_organisation_id and self.lead_organisation.partnership_id != self.partnership_id:
            raise ValidationError({"lead_organisation": "Choose an organisation of this partnership."})
        if self.polarity == self.Polarity.BAND and (self.band_low is None or self.band_high is None):
            raise ValidationError({"band_low": "An indicator judged within a band needs a low and a high end."})
        if bool(self.tolerance_kind) != (self.tolerance_amount is not None):
            raise ValidationError(
                {"tolerance_amount": "Give both the kind and the amount of tolerance, or neither."}
            )


class PeriodMixin(models.Model):
    period = models.CharField(max_length=60, help_text="For example 2008/09, 2009/10 Q2 or AY 2005/06.")
    period_start = models.DateField(editable=False)
    period_end = models.DateField(editable=False)

    class Meta:
        abstract = True

    def set_period(self, period):
        self.period = period.label
        self.period_start = period.start
        self.period_end = period.end

    def period_obj(self):
        return parse_period(self.period)


class TargetQuerySet(models.QuerySet):
    def with_profiles(self):
        # to_attr: a plain list on each target, not a queryset cloned for each (seconds for thousands of targets)
        return self.prefetch_related(models.Prefetch("profile_points", to_attr="profile_list"))


class Target(PeriodMixin):
    """A baseline or a target for one period: a number, a text, or 'to be set'."""

    class Kind(models.TextChoices):
        BASELINE = "baseline", "Baseline"
        TARGET = "target", "Target"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TARGET)
    value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    text = models.CharField(
        max_length=300, blank=True, help_text='A target in words, for example "less than 15 across all phases".'
    )
    to_be_set = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "period_start", "period_end"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "kind", "period"], name="target_unique_period"),
            models.CheckConstraint(condition=Q(period_start__lte=F("period_end")), name="target_start_before_end"),
            models.CheckConstraint(
                condition=Q(value__isnull=False) | ~Q(text="") | Q(to_be_set=True),
                name="target_has_value_text_or_to_be_set",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.period}: {self.display()}"

    def display(self):
        if self.value is not None:
            return self.indicator.format_value(self.value)
        if self.text:
            return self.text
        return "To be set" + (f" ({self.note})" if self.note else "")

    def profile(self):
        """An explicit in-year profile as {fraction of year: cumulative target}."""
        points = getattr(self, "profile_list", None)
        if points is None:
            points = list(self.profile_points.all())
        if not points:
            return None
        return {parse_period(p.period).fraction_of_year_elapsed(): p.value for p in points}


class TargetRevision(models.Model):
    """A target revised with a reason, in force from a date (seed 003 §3.5, "trajectory planning"): before that
    date the old value was the target, so a report as of an earlier round uses it (docs/approval.md)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="revisions")
    old_value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    new_value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    reason = models.TextField()
    effective_from = models.DateField()
    revised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    revised_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["target", "effective_from", "id"]
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="targetrevision_has_reason")]

    def __str__(self):
        return f"{self.target}: revised from {self.old_value} to {self.new_value} from {self.effective_from}"


class ProfilePoint(models.Model):
    """One point of an in-year trajectory towards an annual target."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="profile_points")
    period = models.CharField(max_length=60)
    value = models.DecimalField(max_digits=20, decimal_places=6)

    class Meta:
        ordering = ["target", "period"]
        constraints = [models.UniqueConstraint(fields=["target", "period"], name="profilepoint_unique_period")]


class ObservationQuerySet(models.QuerySet):
    def published(self):
        """Figures published in the sign-off sense (docs/approval.md); every figure is, where sign-off is off."""
        return self.filter(approval=Observation.Approval.PUBLISHED)


class Observation(PeriodMixin):
    """An actual: indicator × period × optional area × optional population group."""

    class Status(models.TextChoices):
        PROVISIONAL = "provisional", "Provisional"
        FINAL = "final", "Final"

    # Sign-off (performance/approval.py, docs/approval.md). Where a partnership does not ask for it, every figure
    # is published on entry, as every figure stored before sign-off existed is.
    class Approval(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        RETURNED = "returned", "Returned"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT, related_name="observations")
    population_group = models.ForeignKey(
        PopulationGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="observations"
    )
    value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROVISIONAL)
    note = models.TextField("commentary", blank=True)
    # Commentary is private unless an officer publishes it; a constant default, so adding the column to a
    # large table rewrites nothing (PostgreSQL keeps the default in the catalogue).
    note_public = models.BooleanField("commentary is public", default=False, db_default=False)
    source = models.CharField(max_length=300, blank=True)
    expected = models.CharField(
        "when the data is expected", max_length=200, blank=True,
        help_text='For figures not yet available, for example "Data available Q3".',
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    approval = models.CharField(max_length=10, choices=Approval.choices, default=Approval.PUBLISHED,
                                db_default=Approval.PUBLISHED)
    # Why a reviewer returned it, or an officer unlocked it: shown to its provider until it is approved.
    approval_note = models.TextField(blank=True, db_default="")
    # The value when it was last approved, to show what changed since (None: never approved).
    approved_value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)

    objects = ObservationQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "period_start", "period_end"]
        # One actual per indicator × period × area × population group. NULL is
        # "the whole place" / "everyone", so each combination of blanks gets
        # its own partial constraint (NULLs never clash in a plain one).
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "area", "population_group"],
                condition=Q(area__isnull=False, population_group__isnull=False),
                name="observation_unique_area_group",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period", "area"],
                condition=Q(area__isnull=False, population_group__isnull=True),
                name="observation_unique_area",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period", "population_group"],
                condition=Q(area__isnull=True, population_group__isnull=False),
                name="observation_unique_group",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period"],
                condition=Q(area__isnull=True, population_group__isnull=True),
                name="observation_unique_headline",
            ),
            models.CheckConstraint(
                condition=Q(period_start__lte=F("period_end")), name="observation_start_before_end"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=False) | ~Q(expected=""),
                name="observation_value_or_expected",
            ),
        ]
        # The whole-place actuals of a list of indicators by period (the periods *What I have to report*
        # offers, the actuals a report prints) from the index alone: at scale the index on indicator_id read
        # eight area figures for each whole-place one and took 27 ms where this takes 3 ms. PostgreSQL keeps
        # the period and value in the index (include); other databases leave them out.
        indexes = [models.Index(fields=["indicator", "period_start", "period_end"], include=["period", "value"],
                                condition=Q(area__isnull=True, population_group__isnull=True),
                                name="observation_headline_periods"),
                   # The API's feed of changes (GET /api/v1/partnerships/{slug}/actuals/) pages in this order.
                   models.Index(fields=["updated_at", "id"], name="observation_changed")]

    def __str__(self):
        where = ", ".join(str(x) for x in (self.area, self.population_group) if x)
        return f"{self.indicator.code} {self.period}{' (' + where + ')' if where else ''}"


class Judgement(PeriodMixin):
    """A performance officer's RAG judgement that overrides the computed one."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="judgements")
    status = models.CharField(max_length=12, choices=[(s.value, s.label) for s in rules.Status])
    reason = models.TextField()
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["indicator", "period_start", "-made_at"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="judgement_unique_period"),
            models.CheckConstraint(condition=~Q(reason=""), name="judgement_has_reason"),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.period}: {self.get_status_display()}"


class ValueChange(models.Model):
    """The history of every value: who changed which figure, when, from what to what."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="value_changes")
    what = models.CharField(max_length=40)  # "Actual", "Target", "Baseline", "Judgement"
    period = models.CharField(max_length=60)
    where = models.CharField(max_length=300, blank=True)
    old = models.CharField(max_length=400, blank=True)
    new = models.CharField(max_length=400, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
