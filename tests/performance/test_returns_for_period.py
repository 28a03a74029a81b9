"""What I have to report's cheaper fetch and forms show what the general ones do: returns.for_period gives
the rows, entries and counts that with_figures gives, and its forms are the observation form's."""

from collections import Counter

from placeboard.performance import returns
from placeboard.performance.forms import ObservationForm, PeriodObservationForm
from placeboard.performance.models import Indicator, Judgement, Observation, Target
from placeboard.performance.periods import parse_period
from placeboard.performance.stored import refresh_assessments

PERIOD = "2007/08 Q1"


def _figures(partnership, personas):
    """Quarterly indicators on target, below it, without a figure, with one only expected, judged, and one
    whose figures bypassed the stored assessments."""
    made = Indicator.objects.bulk_create(
        Indicator(partnership=partnership, code=f"Q {i:03}", title=f"Indicator <{i}> & \"co\"", value_type="count",
                  polarity="higher", collection_interval="financial_quarter")
        for i in range(12))
    targets, actuals = [], []
    for k, ind in enumerate(made):
        target = Target(indicator=ind, kind="target", value=100)
        target.set_period(parse_period(PERIOD))
        targets.append(target)
        if k % 4 < 3:
            o = Observation(indicator=ind, value=None if k % 4 == 2 else (100 if k % 4 == 0 else 50),
                            expected="Data in Q3" if k % 4 == 2 else "", note='Said "why" & <how>.',
                            entered_by=personas["provider"], updated_by=personas["provider"])
            o.set_period(parse_period(PERIOD))
            actuals.append(o)
    Target.objects.bulk_create(targets)
    Observation.objects.bulk_create(actuals)
    refresh_assessments([ind.pk for ind in made[:-1]])  # the last has figures but no stored rows
    j = Judgement(indicator=made[1], status="amber", reason="Better than it looks.", made_by=personas["officer"])
    j.set_period(parse_period(PERIOD))
    j.save()
    return made


def test_for_period_shows_what_with_figures_shows(partnership, indicators, personas):
    _figures(partnership, personas)
    period = parse_period(PERIOD)
    qs = Indicator.objects.filter(partnership=partnership).order_by("code", "pk")
    general = returns.due(returns.with_figures(qs, period), period)
    cheap = returns.for_period(qs, period)
    assert [i.pk for i in cheap] == [i.pk for i in general]
    assert returns.summary(cheap, period) == returns.summary(general, period)
    for mine, theirs in zip(returns.entries_for(cheap, period), returns.entries_for(general, period), strict=True):
        assert (mine.status, mine.version, mine.shown, str(mine.form)) == (
            theirs.status, theirs.version, theirs.shown, str(theirs.form))
        assert (mine.observation is None) == (theirs.observation is None)
        if mine.observation is not None:
            assert (mine.observation.pk, mine.observation.updated_by) == (
                theirs.observation.pk, theirs.observation.updated_by)
        assert (mine.row is None) == (theirs.row is None)
        if mine.row is not None:
            assert (mine.row.target and mine.row.target.display()) == (theirs.row.target and theirs.row.target.display())
    assert Counter(returns.status_for(i, period) for i in cheap)[returns.rules.Status.AMBER] >= 1


def test_the_period_form_is_the_observation_form_for_a_fixed_period(partnership, indicators):
    indicator = Indicator.objects.filter(partnership=partnership, collection_interval="financial_quarter").first()
    period = parse_period(PERIOD)
    for data in (None, {"i1-value": "abc", "i1-note": "<b>", "i1-status": "final", "i1-expected": "x" * 300}):
        initial = {"value": "5", "status": "provisional", "note": "", "expected": ""}
        quick = PeriodObservationForm(data, indicator=indicator, fixed_period=period, prefix="i1", initial=initial)
        slow = ObservationForm(data, indicator=indicator, fixed_period=period, prefix="i1", initial=initial)
        assert list(quick.fields) == ["value", "status", "note", "expected"]
        assert str(quick) == str(slow)
        assert quick.is_valid() == slow.is_valid()
        assert quick.errors == slow.errors


def test_observation_form_without_a_fixed_period_keeps_its_fields(partnership, indicators):
    indicator = Indicator.objects.filter(partnership=partnership).first()
    form = ObservationForm(indicator=indicator)
    assert list(form.fields) == ["period", "area", "population_group", "value", "status", "note", "expected"]
    assert form.fields["area"].queryset.model.__name__ == "Area"
