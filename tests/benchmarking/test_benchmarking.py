"""Comparator groups: import, rank (1 = best by polarity, ties stated), quartile, national figure, chart;
and narrowing the gap between priority areas and the rest."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placeboard.benchmarking.benchmarking import benchmark_panels, gap_panel, ordinal
from placeboard.benchmarking.models import BenchmarkValue, ComparatorGroup
from placeboard.core.models import Area
from placeboard.imports.importers import import_file
from placeboard.performance.models import Indicator
from tests.imports.conftest import data_file
from tests.performance.conftest import add_actual


def load(partnership, name="benchmarks_unitary.csv"):
    filename, data = data_file(name)
    return import_file("benchmarks", partnership, filename, data, None)


def test_import_creates_the_group_and_values_and_is_idempotent(partnership, indicators):
    plan = load(partnership)
    assert plan.ok, plan.problems
    assert plan.created == 8
    group = ComparatorGroup.objects.get()
    assert group.name == "Unitary councils"
    assert BenchmarkValue.objects.get(is_national=True).authority == "England"
    again = load(partnership)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 8)


def test_bad_benchmarks(partnership, indicators):
    plan = load(partnership, "benchmarks_bad.csv")
    text = "\n".join(str(p) for p in plan.problems)
    assert "row 2, column 'gss_code': 'E0600002' is not a GSS code" in text
    assert "row 4, column 'authority': Row 3 already gives the national figure for NI 072 AY 2008/09." in text
    assert not ComparatorGroup.objects.exists()


def test_rank_ties_quartile_and_national(partnership, indicators):
    load(partnership)
    [panel] = benchmark_panels(indicators["ni72"])
    assert panel.period == "AY 2008/09" and panel.size == 6
    assert [(r.authority, r.rank) for r in panel.rows] == [
        ("Swindon", 1), ("North Somerset", 2), ("South Gloucestershire", 3), ("Testshire", 3),
        ("Bath and North East Somerset", 5), ("Bristol", 6)]
    assert panel.partnership_row.authority == "Testshire" and panel.partnership_row.tied == 2
    assert panel.quartile == 2
    assert panel.statement() == ("Joint 3rd highest out of 6 unitary councils, tied with 1 other "
                                 "(second quartile; rank 1 is best).")
    assert panel.national.value == Decimal("52")
    assert "▶ Testshire" in panel.chart and "England 52.0%" in panel.chart


def test_lower_is_better_ranks_ascending(partnership, indicators):
    load(partnership)
    Indicator.objects.filter(pk=indicators["ni72"].pk).update(polarity="lower")
    indicators["ni72"].refresh_from_db()
    [panel] = benchmark_panels(indicators["ni72"])
    assert panel.rows[0].authority == "Bristol" and panel.partnership_row.rank == 3
    assert panel.quartile == 2
    assert panel.statement().startswith("Joint 3rd lowest out of 6")


def test_ordinals():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 56)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "56th"]


def _group_of(partnership, indicator, size):
    BenchmarkValue.objects.all().delete()
    group, _ = ComparatorGroup.objects.get_or_create(partnership=partnership, name="Statistical neighbours")
    BenchmarkValue.objects.bulk_create(
        BenchmarkValue(group=group, indicator=indicator, period="AY 2008/09", period_start="2008-09-01",
                       authority=f"Authority {n}", gss_code=f"E0600{n:04d}", value=Decimal(n))
        for n in range(size))


def test_indicator_page_shows_the_panel_in_a_fixed_number_of_queries(as_user, partnership, indicators):
    client = as_user("viewer")
    url = reverse("indicator_detail", args=["testshire", indicators["ni72"].pk])
    counts = []
    for size in (5, 60):
        _group_of(partnership, indicators["ni72"], size)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    load(partnership)
    text = client.get(url).content.decode()
    assert "Compared with other authorities" in text
    assert "Joint 3rd highest out of 6 unitary councils, tied with 1 other" in text
    assert "<strong>Testshire</strong> (this partnership)" in text


@pytest.fixture
def wards(partnership):
    """North is the priority neighbourhood; South and East are the rest."""
    county = Area.objects.get(name="Testshire")
    south = Area.objects.create(partnership=partnership, name="South", area_type="community_area", parent=county)
    east = Area.objects.create(partnership=partnership, name="East", area_type="community_area", parent=county)
    return {"north": Area.objects.get(name="North"), "south": south, "east": east, "county": county}


def test_gap_narrowing(partnership, indicators, wards):
    ni72 = indicators["ni72"]
    for period, north, south, east in [("AY 2006/07", 40, 60, 56), ("AY 2007/08", 45, 59, 57),
                                       ("AY 2008/09", 50, 58, 58)]:
        add_actual(ni72, period, north, area=wards["north"])
        add_actual(ni72, period, south, area=wards["south"])
        add_actual(ni72, period, east, area=wards["east"])
    add_actual(ni72, "AY 2008/09", 57, area=wards["county"])  # the whole place is not one of "the rest"
    with CaptureQueriesContext(connection) as ctx:
        panel = gap_panel(ni72)
    assert len(ctx.captured_queries) == 3
    assert [(r.period, r.priority, r.rest, r.gap) for r in panel.rows] == [
        ("AY 2006/07", 40, 58, 18), ("AY 2007/08", 45, 58, 13), ("AY 2008/09", 50, 58, 8)]
    assert [r.change for r in panel.rows] == ["", "Narrowing", "Narrowing"]
    assert panel.verdict == "The gap is narrowing: 18.0% in AY 2006/07, 8.0% in AY 2008/09."
    assert "Priority neighbourhoods</text>" in panel.chart and "The rest</text>" in panel.chart


def test_gap_widening_and_none(partnership, indicators, wards):
    ni92 = indicators["ni92"]
    assert gap_panel(ni92) is None
    add_actual(ni92, "AY 2007/08", 30, area=wards["north"])
    add_actual(ni92, "AY 2007/08", 28, area=wards["south"])
    assert "no trend yet" in gap_panel(ni92).verdict
    add_actual(ni92, "AY 2008/09", 35, area=wards["north"])
    add_actual(ni92, "AY 2008/09", 27, area=wards["south"])
    assert gap_panel(ni92).verdict.startswith("The gap is widening")


def test_demo_reproduces_seed_000(db):
    """Seed 000: NI 004 31.9%, national 28.9%, 'Wiltshire 6th highest out of 56 Unitary Councils'."""
    from placeboard.benchmarking.demo import load_demo
    from placeboard.core.demo import load_demo_data
    from placeboard.performance.demo import load_demo_indicators

    for _ in range(2):  # idempotent
        load_demo_data()
        load_demo_indicators()
        load_demo()
    assert BenchmarkValue.objects.filter(group__partnership__slug="wiltshire").count() == 57
    ni4 = Indicator.objects.get(partnership__slug="wiltshire", code="NI 004")
    [panel] = benchmark_panels(ni4)
    assert panel.statement() == "6th highest out of 56 unitary councils (top quartile; rank 1 is best)."
    assert panel.national.value == Decimal("28.9") and panel.partnership_row.value == Decimal("31.9")
    gap = gap_panel(Indicator.objects.get(partnership__slug="wiltshire", code="NI 075"))
    assert gap.verdict.startswith("The gap is narrowing")
