"""Stored assessments (performance.stored): always equal to a fresh assessment, whatever is edited, and
what pages read (docs/performance.md, "Stored assessments")."""

import itertools
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from placeboard.performance import evaluation, services
from placeboard.performance.evaluation import (
    assess_periods,
    headline,
    latest_row,
    overdue_until,
    period_rows,
    row_for,
)
from placeboard.performance.models import AssessedPeriod, Indicator, Observation, ReportingRound, Target
from placeboard.performance.periods import parse_period
from placeboard.performance.stored import deferred, differences
from tests.conftest import make_user

QUARTERS = [f"{year}/{str(year + 1)[2:]} Q{q}" for year in (2008, 2009, 2010) for q in (1, 2, 3, 4)]
YEARS = ["2008/09", "2009/10", "2010/11"]
_codes = itertools.count()

values = st.decimals(min_value=-50, max_value=500, places=2, allow_nan=False, allow_infinity=False)
edits = st.one_of(
    st.tuples(st.just("actual"), st.sampled_from(QUARTERS + YEARS), st.one_of(st.none(), values),
              st.sampled_from(["provisional", "final"])),
    st.tuples(st.just("delete_actual"), st.sampled_from(QUARTERS + YEARS)),
    st.tuples(st.just("area_actual"), st.sampled_from(QUARTERS), values),
    st.tuples(st.just("target"), st.sampled_from(["target", "baseline"]), st.sampled_from(YEARS + QUARTERS[:4]),
              st.one_of(values, st.just("words"), st.just("to be set"))),
    st.tuples(st.just("delete_target"), st.sampled_from(["target", "baseline"]), st.sampled_from(YEARS)),
    st.tuples(st.just("profile"), st.sampled_from(["2009/10", "2009/10", "2010/11"]), st.sampled_from(["Q1", "Q2", "Q3"]), values),
    st.tuples(st.just("polarity"), st.sampled_from(["higher", "lower", "band", "none"])),
    st.tuples(st.just("cumulative"), st.booleans()),
    st.tuples(st.just("tolerance"), st.one_of(st.none(), st.decimals(min_value=0, max_value=20, places=1))),
    st.tuples(st.just("partnership_tolerance"), st.decimals(min_value=0, max_value=20, places=1)),
    st.tuples(st.just("judgement"), st.sampled_from(QUARTERS), st.sampled_from(["green", "red", None])),
)


def _apply(edit, indicator, user):
    kind = edit[0]
    if kind == "actual":
        _, label, value, status = edit
        services.record_observation(indicator=indicator, period=parse_period(label), user=user, value=value,
                                    status=status, expected="" if value is not None else "Data available Q3")
    elif kind == "delete_actual":
        Observation.objects.filter(indicator=indicator, period=edit[1], area=None).delete()
    elif kind == "area_actual":
        services.record_observation(indicator=indicator, period=parse_period(edit[1]), user=user, value=edit[2],
                                    area=indicator.partnership.area_set.first())
    elif kind == "target":
        _, which, label, value = edit
        fields = ({"text": "less than last year"} if value == "words" else {"to_be_set": True}
                  if value == "to be set" else {"value": value})
        services.set_target(indicator=indicator, kind=which, period=parse_period(label), user=user, **fields)
    elif kind == "delete_target":
        target = Target.objects.filter(indicator=indicator, kind=edit[1], period=edit[2]).first()
        if target is not None:
            services.delete_target(target=target, user=user)
    elif kind == "profile":
        target = Target.objects.filter(indicator=indicator, kind="target", period=edit[1]).first()
        if target is not None:
            services.set_profile_point(target=target, period=parse_period(f"{edit[1]} {edit[2]}"), value=edit[3],
                                       user=user)
    elif kind == "polarity":
        indicator.polarity = edit[1]
        indicator.band_low, indicator.band_high = (Decimal(10), Decimal(60)) if edit[1] == "band" else (None, None)
        indicator.save()
    elif kind == "cumulative":
        indicator.cumulative = edit[1]
        indicator.save()
    elif kind == "tolerance":
        indicator.tolerance_kind, indicator.tolerance_amount = ("absolute", edit[1]) if edit[1] is not None else ("", None)
        indicator.save()
    elif kind == "partnership_tolerance":
        partnership = indicator.partnership
        partnership.default_tolerance_amount = edit[1]
        partnership.save()
    elif kind == "judgement":
        _, label, status = edit
        current = indicator.judgements.filter(period=label).first()
        if status is None and current is not None:
            services.withdraw_judgement(judgement=current, user=user)
        elif status is not None:
            services.record_judgement(indicator=indicator, period=parse_period(label), status=status,
                                      reason="Known data problem", user=user)


def _shown(rows):
    """What a page shows of each period: everything a reader of PeriodRow uses."""
    return [(r.period.label, r.status, r.computed_status, r.assessment.rule, r.assessment.actual,
             r.assessment.target, r.assessment.compared_target, r.assessment.variance,
             r.assessment.favourable_variance, r.assessment.percentage_variance, r.direction, r.direction_words,
             r.observation and r.observation.pk, r.target and r.target.pk, r.baseline and r.baseline.pk,
             r.earlier and r.earlier.pk, r.judgement and r.judgement.pk) for r in rows]


def _fresh(indicator):
    return assess_periods(indicator, {j.period: j for j in indicator.judgements.all()}, deadline=overdue_until)


@pytest.fixture
def setting(partnership):
    user = make_user("officer")
    # A round whose deadline has passed, so periods with no figure up to 2010/11 are overdue when read.
    round_ = ReportingRound(partnership=partnership, name="Spring 2011", reporting_date="2011-04-30",
                            due="2011-05-15")
    round_.set_period(parse_period("2010/11 Q4"))
    round_.save()
    return partnership, user


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(edits, min_size=1, max_size=12), st.booleans())
@pytest.mark.django_db
def test_stored_assessments_always_equal_a_fresh_assessment(setting, sequence, in_one_block):
    partnership, user = setting
    indicator = Indicator.objects.create(
        partnership=partnership, code=f"P {next(_codes)}", title="A quarterly figure", value_type="count",
        polarity="higher", collection_interval="financial_quarter")

    # Start from a figure off its target, so that every rule (tolerance, polarity, profile) shows.
    prelude = [("target", "target", "2009/10", Decimal(100)), ("actual", "2009/10", Decimal(50), "final"),
               ("actual", "2009/10 Q2", Decimal(30), "final")]

    def check():
        assert list(differences(Indicator.objects.filter(pk=indicator.pk))) == []
        read = Indicator.objects.filter(pk=indicator.pk).with_assessment_data().get()
        assert read.stored_periods is not None
        fresh = _fresh(read)
        assert _shown(period_rows(read)) == _shown(fresh)
        # Lists fetch only the rows that can be the headline, and one period's row.
        for label in ("2009/10 Q2", "2010/11"):
            listed = Indicator.objects.filter(pk=indicator.pk).with_headlines(period=label).get()
            assert _shown([r for r in [latest_row(listed)] if r]) == _shown([r for r in [headline(fresh)] if r])
            assert _shown([r for r in [row_for(listed, label)] if r]) == _shown([r for r in fresh
                                                                                 if r.period.label == label])
        # A report as of a round sees no figure for a period ending after it (reports.builders._rows_up_to).
        for up_to in (date(2009, 9, 30), date(2010, 3, 31), date(2011, 3, 31)):
            listed = Indicator.objects.filter(pk=indicator.pk).with_headlines(up_to=up_to).get()
            seen = [r for r in fresh if r.observation is None or r.period.end <= up_to]
            assert _shown([r for r in [latest_row(listed)] if r]) == _shown([r for r in [headline(seen)] if r])

    if in_one_block:  # many writes at once (an import, a whole return): reassessed once at the end
        with deferred():
            for edit in prelude + sequence:
                _apply(edit, Indicator.objects.get(pk=indicator.pk), user)
        check()
    else:
        for edit in prelude + sequence:
            _apply(edit, Indicator.objects.get(pk=indicator.pk), user)
            check()


@pytest.fixture
def figures(setting):
    partnership, user = setting
    indicator = Indicator.objects.create(
        partnership=partnership, code="NI 016", title="Serious acquisitive crime rate", value_type="rate_1000",
        polarity="lower", collection_interval="financial_quarter")
    services.set_target(indicator=indicator, kind="target", period=parse_period("2009/10"), user=user,
                        value=Decimal("16.5"))
    for label, value in [("2008/09 Q1", "4.1"), ("2009/10 Q1", "3.9"), ("2009/10 Q3", "4.4")]:
        services.record_observation(indicator=indicator, period=parse_period(label), user=user, value=Decimal(value))
    services.record_observation(indicator=indicator, period=parse_period("2009/10 Q2"), user=user,
                                expected="Data available in January")
    return indicator


def test_pages_read_the_stored_rows_without_assessing(figures, monkeypatch):
    read = Indicator.objects.filter(pk=figures.pk).with_assessment_data().get()
    expected = _shown(_fresh(read))

    def refuse(*args, **kwargs):
        raise AssertionError("assessed afresh instead of reading the stored rows")

    monkeypatch.setattr(evaluation, "assess_observation", refuse)
    rows = period_rows(read)
    assert _shown(rows) == expected
    # 2009/10 Q2 has no figure and its round's deadline has passed: overdue is applied when read.
    by_label = {r.period.label: r for r in rows}
    assert by_label["2009/10 Q2"].status.value == "overdue"
    assert AssessedPeriod.objects.get(indicator=figures, period="2009/10 Q2").status == "no_data"


def test_a_figure_changed_behind_the_store_is_assessed_afresh(figures):
    # A write that bypasses save() and refresh_assessments (a bug, or a database tool): pages stay right.
    Observation.objects.filter(indicator=figures, period="2009/10 Q3").update(value=Decimal("3.0"))
    read = Indicator.objects.filter(pk=figures.pk).with_assessment_data().get()
    assert _shown(period_rows(read)) == _shown(_fresh(read))
    out = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("rebuild_assessments", "--check", stdout=out)
    assert exit_.value.code == 1
    assert "testshire NI 016" in out.getvalue()
    assert "1 differed" in out.getvalue()
    call_command("rebuild_assessments", stdout=out)
    assert "1 differed and were rebuilt" in out.getvalue()
    assert list(differences(Indicator.objects.all())) == []
    out = StringIO()
    call_command("rebuild_assessments", "--check", stdout=out)
    assert "0 differed" in out.getvalue()


def test_rebuild_refuses_an_unknown_partnership(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no partnership with the slug 'nowhere'"):
        call_command("rebuild_assessments", "--partnership", "nowhere")


def test_deleting_an_indicator_or_partnership_takes_its_rows(figures):
    assert AssessedPeriod.objects.filter(indicator=figures).exists()
    figures.delete()
    assert not AssessedPeriod.objects.exists()


def test_a_whole_return_reassesses_each_indicator_once(setting):
    partnership, user = setting
    indicators = [Indicator.objects.create(partnership=partnership, code=f"R {i}", title="A figure",
                                           value_type="count", polarity="higher",
                                           collection_interval="financial_quarter") for i in range(3)]
    period = parse_period("2009/10 Q1")
    services.record_observations(period=period, user=user, figures=[
        (ind, {"value": Decimal(i), "status": "final", "note": "", "expected": ""}, None)
        for i, ind in enumerate(indicators)])
    assert AssessedPeriod.objects.filter(indicator__in=indicators).count() == 3
    assert list(differences(Indicator.objects.filter(pk__in=[i.pk for i in indicators]))) == []


def test_a_profile_point_reassesses_the_quarters_of_its_year(figures, setting):
    _, user = setting
    target = Target.objects.get(indicator=figures, kind="target", period="2009/10")
    before = AssessedPeriod.objects.get(indicator=figures, period="2009/10 Q1").rule
    services.set_profile_point(target=target, period=parse_period("2009/10 Q1"), value=Decimal("3.5"), user=user)
    after = AssessedPeriod.objects.get(indicator=figures, period="2009/10 Q1").rule
    assert "profiled target to date: 1/4 of the year's target of 16.5" not in before
    assert "the target of 3.5 (the profiled target to date: 1/4 of the year's target of 16.5)" in after
    assert list(differences(Indicator.objects.filter(pk=figures.pk))) == []


def test_a_list_shows_figures_written_behind_the_store(setting, django_assert_max_num_queries):
    """Figures bulk-written without refresh_assessments (a tool that bypassed Placeboard): lists assess those
    indicators afresh, in a fixed number of queries, rather than showing them as having no data."""
    partnership, _ = setting
    made = [Indicator.objects.create(partnership=partnership, code=f"B {i}", title="Bulk", value_type="count",
                                     polarity="higher", collection_interval="financial_quarter") for i in range(3)]
    actuals = []
    for ind in made:
        o = Observation(indicator=ind, value=Decimal(5), status="final")
        o.set_period(parse_period("2009/10 Q1"))
        actuals.append(o)
    Observation.objects.bulk_create(actuals)
    assert not AssessedPeriod.objects.filter(indicator__in=made).exists()
    with django_assert_max_num_queries(20):
        listed = list(Indicator.objects.filter(pk__in=[i.pk for i in made]).with_headlines())
        rows = [latest_row(i) for i in listed]
    assert [r.period.label for r in rows] == ["2009/10 Q1"] * 3
    assert [r.observation.value for r in rows] == [Decimal(5)] * 3
