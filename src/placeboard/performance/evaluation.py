"""Assessing an indicator's periods from data already fetched.

The rules themselves are in placeboard.performance.assessment (pure Python);
this module only finds, for each period, the target, baseline, earlier actual
and judgement that the rules need. It works on prefetched rows
(Indicator.objects.with_assessment_data()), so assessing a list of indicators
costs no queries per indicator."""

from dataclasses import dataclass
from decimal import Decimal

from placeboard.performance import assessment as rules
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


def _earlier(period, observations):
    """The actual a year earlier, or else for the previous period."""
    for step in (period.year_earlier, period.previous):
        try:
            found = observations.get(step().label)
        except PeriodError:
            continue
        if found is not None:
            return found
    return None


def assess_observation(indicator, period, observation, targets, baselines, earlier):
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
    """One row per period that has an actual or a target, oldest first."""
    targets, baselines = split_targets(indicator.targets.all())
    observations = {o.period: o for o in _observations(indicator)}
    judgements = {j.period: j for j in indicator.judgements.all()}
    labels = set(observations) | {t.period for t in targets}
    periods = sorted((parse_period(label) for label in labels), key=lambda p: p.sort_key)
    rows = []
    for period in periods:
        observation = observations.get(period.label)
        earlier = _earlier(period, observations)
        target, baseline, result, direction = assess_observation(
            indicator, period, observation, targets, baselines, earlier
        )
        rows.append(PeriodRow(period, baseline, target, observation, result, direction, judgements.get(period.label)))
    return rows


def latest_row(indicator):
    """The row for the latest period with an actual (or the latest target if none)."""
    rows = period_rows(indicator)
    with_actuals = [r for r in rows if r.observation is not None]
    if with_actuals:
        return with_actuals[-1]
    return rows[-1] if rows else None
