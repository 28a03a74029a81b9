"""Assessing an indicator's periods from data already fetched.

The rules themselves are in placeboard.performance.assessment (pure Python);
this module only finds, for each period, the target, baseline, earlier actual
and judgement that the rules need. It works on prefetched rows
(Indicator.objects.with_assessment_data()), so assessing a list of indicators
costs no queries per indicator."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from placeboard.performance import assessment as rules
from placeboard.performance.figures import plain
from placeboard.performance.periods import PeriodError, PeriodKind, parse_period


@dataclass
class PeriodRow:
    period: object  # periods.Period
    baseline: object  # Target or None
    target: object  # Target or None (the target compared, maybe the annual one)
    observation: object  # Observation or None
    assessment: object  # assessment.Assessment
    direction: object  # assessment direction of travel
    judgement: object  # Judgement or None
    earlier: object = None  # the Observation the direction of travel compares with, or None

    @property
    def direction_words(self):
        """The direction of travel and what it was judged against, or why it could not be."""
        direction = self.direction
        if self.earlier is not None and direction != rules.Direction.NOT_COMPARABLE:
            return f"{direction.label} (against {self.earlier.period})"
        if self.observation is None or self.observation.value is None:
            return ""
        return f"{direction.label}: no figure a year earlier or for the period before"

    @property
    def status(self):
        """The status that counts: a judgement overrides the computed one."""
        if self.judgement is not None:
            return rules.Status(self.judgement.status)
        return self.assessment.status

    @property
    def computed_status(self):
        return self.assessment.status


def _observations(indicator):
    rows = getattr(indicator, "headline_observations", None)
    if rows is None:
        rows = [o for o in indicator.observations.all() if o.area_id is None and o.population_group_id is None]
    return rows


def _target_for(period, targets):
    """The target for this period, or for the year containing it (compared as profiled)."""
    exact = [t for t in targets if t.period == period.label]
    if exact:
        return exact[0], None
    containing = [t for t in targets if t.period_start <= period.start and period.end <= t.period_end]
    if containing:
        # The shortest containing period: a half-year target beats an annual one.
        target = min(containing, key=lambda t: (t.period_end - t.period_start))
        kind = target.period_obj().kind
        fraction = period.fraction_of_year_elapsed(within=kind) if kind in YEAR_KINDS else None
        return target, fraction
    return None, None


YEAR_KINDS = {PeriodKind.FINANCIAL_YEAR, PeriodKind.ACADEMIC_YEAR, PeriodKind.CALENDAR_YEAR}


def _earlier(period, observations, cumulative=False):
    """The figure to judge direction of travel against (docs/assessment.md, "Direction of travel").

    The same period a year earlier, or else the period just before; for a level (not a count that
    builds up over the year), else the latest figure of any length that ended in the year before
    this period started, such as 2008/09's out-turn for 2009/10 Q2."""
    for step in (period.year_earlier, period.previous):
        try:
            found = observations.get(step().label)
        except PeriodError:
            continue
        if found is not None and found.value is not None:
            return found
    if cumulative:
        return None
    try:
        window = period.year_earlier().start
    except PeriodError:
        return None
    earlier = [o for o in observations.values()
               if o.value is not None and window <= o.period_end < period.start]
    return max(earlier, key=lambda o: (o.period_end, -o.period_start.toordinal()), default=None)


def overdue_until(indicator, today=None):
    """The end of the latest period whose figures are overdue: that of the latest reporting round
    whose deadline (its "updates due by" date, else its reporting date) has passed. None if none has."""
    today = today or date.today()
    rounds = getattr(indicator.partnership, "rounds_for_deadlines", None)
    if rounds is None:
        rounds = indicator.partnership.reportinground_set.only("period_end", "due", "reporting_date")
    ends = [r.period_end for r in rounds if (r.due or r.reporting_date) < today]
    return max(ends) if ends else None


def assess_observation(indicator, period, observation, targets, baselines, earlier, overdue=False):
    target, fraction = _target_for(period, targets)
    baseline = next((b for b in reversed(baselines) if b.period_end <= period.end), None)
    value = observation.value if observation is not None else None
    band = (indicator.band_low, indicator.band_high) if indicator.polarity == "band" else None
    kwargs = {
        "band": band,
        "cumulative": indicator.cumulative,
        "fraction_elapsed": fraction if (fraction is not None and fraction < 1) else None,
        "baseline": baseline.value if baseline is not None else None,
        "profile": target.profile() if target is not None and fraction is not None else None,
        "target_text": (target.text or ("to be set" if target.to_be_set else None)) if target is not None and target.value is None else None,
        "expected_by": observation.expected if observation is not None and observation.expected else None,
        "overdue": overdue,
    }
    result = rules.assess(
        _dec(value),
        _dec(target.value) if target is not None else None,
        rules.Polarity(indicator.polarity),
        indicator.tolerance(),
        **kwargs,
    )
    earlier_value = earlier.value if earlier is not None else None
    direction = rules.direction_of_travel(_dec(value), _dec(earlier_value), rules.Polarity(indicator.polarity))
    return target, baseline, result, direction


def _dec(value):
    return None if value is None else Decimal(value)


def split_targets(all_targets):
    """(targets, baselines), each in period order."""
    all_targets = list(all_targets)
    targets = sorted((t for t in all_targets if t.kind == "target"), key=lambda t: (t.period_start, t.period_end))
    baselines = sorted((t for t in all_targets if t.kind == "baseline"), key=lambda t: (t.period_end, t.period_start))
    return targets, baselines


def period_rows(indicator):
    """One row per period that has an actual or a target, oldest first.

    Read from the stored assessments when they came with the indicator (with_assessment_data()) and
    still match its figures; otherwise assessed afresh."""
    stored = getattr(indicator, "stored_periods", None)
    if stored is not None:
        rows = _rows_from_store(indicator, stored)
        if rows is not None:
            return rows
    judgements = {j.period: j for j in indicator.judgement_list}
    return assess_periods(indicator, judgements, deadline=overdue_until)


def assess_periods(indicator, judgements=None, deadline=None):
    """Assess every period afresh. `deadline` is a function giving overdue_until(indicator), asked only
    when there are periods; without it no period is overdue (what the stored assessments keep)."""
    targets, baselines = split_targets(indicator.targets.all())
    observations = {o.period: o for o in _observations(indicator)}
    judgements = judgements or {}
    labels = set(observations) | {t.period for t in targets}
    periods = sorted((parse_period(label) for label in labels), key=lambda p: p.sort_key)
    until = deadline(indicator) if (periods and deadline is not None) else None
    rows = []
    for period in periods:
        observation = observations.get(period.label)
        earlier = _earlier(period, observations, indicator.cumulative)
        overdue = until is not None and period.end <= until
        target, baseline, result, direction = assess_observation(
            indicator, period, observation, targets, baselines, earlier, overdue
        )
        rows.append(PeriodRow(period, baseline, target, observation, result, direction, judgements.get(period.label),
                              earlier))
    return rows


def _text(number):
    """A number as the exact decimal text the store keeps ('' for none): the one plain rule."""
    return plain(number)


def _number_or_none(text):
    return Decimal(text) if text else None


def _rows_from_store(indicator, stored, complete=True):
    """PeriodRows from stored assessments and the figures already fetched, or None when they no longer
    match (a figure changed by a path that did not refresh them: then the caller assesses afresh).
    `complete` says the stored rows are all the indicator's (with_assessment_data), not only some
    (with_headlines, whose figures and targets are only those the rows refer to)."""
    observations = _observations(indicator)
    by_id = {o.pk: o for o in observations}
    all_targets = list(indicator.targets.all()) if complete else indicator.headline_targets
    targets = {t.pk: t for t in all_targets}
    if complete:
        labels = {o.period for o in observations} | {t.period for t in all_targets if t.kind == "target"}
        if labels != {row.period for row in stored}:
            return None
    judgements = {j.period: j for j in indicator.judgement_list}
    until = overdue_until(indicator) if stored else None
    polarity = rules.Polarity(indicator.polarity)
    rows = []
    for row in stored:
        observation = by_id.get(row.observation_ref) if row.observation_ref is not None else None
        target = targets.get(row.target_ref) if row.target_ref is not None else None
        baseline = targets.get(row.baseline_ref) if row.baseline_ref is not None else None
        earlier = by_id.get(row.earlier_ref) if row.earlier_ref is not None else None
        if ((row.observation_ref is not None and observation is None)
                or (row.target_ref is not None and target is None)
                or (row.baseline_ref is not None and baseline is None)
                or (row.earlier_ref is not None and earlier is None)
                or (observation is not None and _text(observation.value) != row.actual)
                or (row.target and (target is None or _text(target.value) != row.target))):
            return None
        period = parse_period(row.period)
        status = rules.Status(row.status)
        if status == rules.Status.NO_DATA and until is not None and period.end <= until:
            expected = observation.expected if observation is not None and observation.expected else None
            result = rules.assess(None, _number_or_none(row.target), polarity, expected_by=expected, overdue=True)
        else:
            result = rules.Assessment(
                _number_or_none(row.actual), _number_or_none(row.target), _number_or_none(row.compared_target),
                _number_or_none(row.variance), _number_or_none(row.favourable_variance),
                _number_or_none(row.percentage_variance), status, row.rule,
            )
        rows.append(PeriodRow(period, baseline, target, observation, result, rules.Direction(row.direction),
                              judgements.get(row.period), earlier))
    return rows


def headline(rows):
    """The one row whose status stands for the indicator (docs/assessment.md, "The headline status").

    The latest period that has been reported on (a figure, a note of when it is expected, or a
    judgement) or whose figure is overdue, whatever its length: the one ending last, the longer one
    when two end together. So an annual out-turn is never hidden behind one of its own quarters, and
    a missing figure shows as overdue rather than no data. With none of those, the latest period."""
    reported = [r for r in rows if r.observation is not None or r.judgement is not None
                or r.assessment.status == rules.Status.OVERDUE]
    if reported:
        return max(reported, key=lambda r: (r.period.end, -r.period.start.toordinal()))
    return rows[-1] if rows else None


def _candidate_rows(indicator):
    """The rows with_headlines() fetched, or every row assessed afresh if they no longer match the figures."""
    rows = getattr(indicator, "fresh_rows", None)
    if rows is None:
        rows = _rows_from_store(indicator, indicator.headline_candidates, complete=False)
        if rows is not None:
            return rows
        # Changed behind the store: this indicator alone, fetched and assessed afresh.
        from placeboard.performance.models import Indicator

        rows = period_rows(Indicator.objects.with_assessment_data().get(pk=indicator.pk))
    up_to = getattr(indicator, "headline_up_to", None)
    return rows if up_to is None else [r for r in rows if r.observation is None or r.period.end <= up_to]


def latest_row(indicator):
    """The headline row of an indicator (see headline)."""
    if hasattr(indicator, "headline_candidates"):
        return headline(_candidate_rows(indicator))
    return headline(period_rows(indicator))


def row_for(indicator, label):
    """The row of one period, or None (from with_headlines(period=label) or with_assessment_data())."""
    rows = _candidate_rows(indicator) if hasattr(indicator, "headline_candidates") else period_rows(indicator)
    return next((r for r in rows if r.period.label == label), None)
