"""The dashboard a board meets over (issue 17, part 1): scorecards whose counts link to exactly the indicators
they count, each indicator's trend, what changed since the last round in words, the status mix of the last
rounds, and the same figures as plain cells in CSV and XLSX."""

import csv
import html
import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placeboard.core.models import Area, Group, Outcome, Partnership, Theme
from placeboard.core.spreadsheets import is_formula_like
from placeboard.demo import load_all
from placeboard.performance.models import Indicator, Observation, ReportingRound
from placeboard.performance.periods import parse_period
from placeboard.performance.reporting import Filters
from placeboard.performance.services import close_round
from placeboard.reports.builders import STATUS_ORDER, build
from tests.performance.conftest import add_actual, add_target, build_indicators

TILE = re.compile(r'<li class="pb-tile (?:pb-rag--(\w+)|pb-tile--total)"><a class="pb-tile__link" href="([^"]+)">'
                  r'<span class="pb-tile__count">(\d+)</span>')
CARD = re.compile(r'<div class="pb-scorecard"><h3 class="govuk-heading-s pb-scorecard__heading">'
                  r'<a class="govuk-link" href="([^"]+)">[^<]*</a></h3>(.*?)</ul></div>', re.S)


@pytest.fixture
def demo(db, client):
    load_all()
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "x"))
    return client


@pytest.fixture
def officer(db, client, partnership):
    build_indicators(partnership)
    # One indicator under both ambitions, so it counts under each (and the filters must keep that exact).
    both = Indicator.objects.create(partnership=partnership, code="LOC 1", title="Both ambitions",
                                    value_type="count", polarity="higher", collection_interval="financial_year")
    both.outcomes.add(Outcome.objects.get(code="1.1.1"), Outcome.objects.get(code="2.1"))
    add_target(both, "2008/09", "100")
    add_actual(both, "2008/09", "80")
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "x"))
    return client


def dashboard(client, slug, **params):
    response = client.get(reverse("report", args=[slug, "dashboard"]), params)
    assert response.status_code == 200
    return response.content.decode()


def listed(client, href):
    """The indicators the indicator list shows at this address, as their ids."""
    body = client.get(href).content.decode()
    return {int(pk) for pk in re.findall(r'href="/p/[\w-]+/indicators/(\d+)/"', body.split("<tbody", 1)[1])}


def counted(partnership, params, theme_href, status):
    """The indicators the dashboard counts under a theme (its heading's link) with a status (None: all)."""
    filters = Filters(**{name: value for name, value in params.items() if name != "round"})
    report = build("dashboard", partnership, params.get("round"), filters)
    section = next(s for s in report.sections if s.href == theme_href)
    return {int(row[0].href.rstrip("/").rsplit("/", 1)[1]) for row in section.rows
            if status is None or row[4].rag == status}


def check_tiles(client, partnership, **params):
    """Every tile's count equals the indicators its link lists, which are those the dashboard counts."""
    body = dashboard(client, partnership.slug, **{k: getattr(v, "pk", v) for k, v in params.items()})
    cards = CARD.findall(body)
    assert cards
    tiles = 0
    for theme_href, card in cards:
        for status, href, count in TILE.findall(card):
            shown = listed(client, html.unescape(href))
            assert len(shown) == int(count), (status, href)
            assert shown == counted(partnership, params, theme_href, status or None), (status, href)
            tiles += 1
    return body, tiles


def test_tiles_link_to_the_indicators_they_count(officer, partnership):
    body, tiles = check_tiles(officer, partnership)
    assert tiles == 2 * 4  # Green, Amber and Red always, then the statuses with a count (here one), and Total
    assert "Each count links to the list of the indicators it counts." in body
    # The one under both ambitions is counted under each, and listed under each.
    assert body.count(">LOC 1 Both ambitions<") == 2


@pytest.mark.parametrize("name", ["theme", "group", "outcome"])
def test_tiles_keep_the_report_filter(officer, partnership, name):
    value = {"theme": lambda: Theme.objects.get(code="1.1"),
             "group": lambda: Group.objects.get(name="Safer Communities Group"),
             "outcome": lambda: Outcome.objects.get(code="2.1")}[name]()
    body, tiles = check_tiles(officer, partnership, **{name: value})
    assert f"{name}={value.pk}" in html.unescape(body)
    if name == "group":
        # The group owns theme 1, so LOC 1 (under 1.1.1 too) counts under ambition 2 as well: two scorecards.
        assert len(CARD.findall(body)) == 2
    else:
        # One theme is all the indicator list can filter by: only that theme's ambition is shown.
        assert len(CARD.findall(body)) == 1


def test_tiles_say_when_the_list_cannot_keep_the_filter(officer, partnership):
    area = Area.objects.get(name="North")
    body = dashboard(officer, partnership.slug, area=area.pk)
    assert "These counts are for North. Each links to the indicator list, which shows today&#x27;s figures for " \
           "the whole place, so the list may differ from the count." in body


def _round(partnership, name, period, day):
    round_ = ReportingRound(partnership=partnership, name=name, reporting_date=day)
    round_.set_period(parse_period(period))
    round_.save()
    return round_


def test_a_closed_round_is_judged_on_its_frozen_figures(officer, partnership):
    first = _round(partnership, "Q1 round", "2006/07 Q1", "2006-08-01")
    close_round(first, None)
    figure = Observation.objects.get(indicator__code="CYP 41", period="2006/07 Q1", area=None)
    figure.value = Decimal("3")
    figure.save()
    cache.clear()
    rows = list(csv.reader(io.StringIO(officer.get(reverse("report", args=[partnership.slug, "dashboard"]),
                                                   {"round": first.pk, "format": "csv"}).content.decode())))
    row = next(r for r in rows if r[0] == "Ambition: 1 Safer communities" and r[1].startswith("CYP 41"))
    assert row[2:6] == ["26.8 (revised since: now 3)", "2006/07 Q1", "13", "Red"]
    # Today's figures, against the round: CYP 41 is now Green.
    body = dashboard(officer, partnership.slug)
    assert "What changed since Q1 round" in body
    assert "1 moved from Red to Green: CYP 41." in body
    mix = {r[1]: r[2:] for r in csv.reader(io.StringIO(officer.get(
        reverse("report", args=[partnership.slug, "dashboard"]), {"format": "csv"}).content.decode()))
        if r[0].startswith("Status mix")}
    # As of the round: CYP 41 Red, CYP 36 Green, the rest with no figure yet; today LOC 1 is the only Red.
    assert mix["Q1 round"] == ["1", "0", "1", "0", "0", "0", "3", "0", "5"]
    assert mix["Latest figures"] == ["4", "0", "1", "0", "0", "0", "0", "0", "5"]


def test_query_count_does_not_grow_with_indicators_or_periods(officer, partnership):
    first = _round(partnership, "Q1 round", "2006/07 Q1", "2006-08-01")
    close_round(first, None)
    second = _round(partnership, "Q2 round", "2006/07 Q2", "2006-11-01")

    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            dashboard(officer, partnership.slug, round=second.pk)
        return len(ctx.captured_queries)

    before = count()
    outcome = Outcome.objects.get(code="2.1")
    for i in range(6):
        indicator = Indicator.objects.create(partnership=partnership, code=f"EXTRA {i}", title="Extra",
                                             value_type="count", polarity="higher",
                                             collection_interval="financial_quarter")
        indicator.outcomes.add(outcome)
        add_target(indicator, "2006/07", "100")
        for year in ("2004/05", "2005/06", "2006/07"):
            for q in ("Q1", "Q2", "Q3", "Q4"):
                add_actual(indicator, f"{year} {q}", str(10 + i))
    close_round(_round(partnership, "Older round", "2005/06 Q4", "2006-05-01"), None)
    assert count() == before


def test_changed_since_the_last_round_in_words(demo):
    round_ = ReportingRound.objects.get(partnership__slug="wiltshire", period="2009/10 Q2")
    body = dashboard(demo, "wiltshire", round=round_.pk)
    assert "What changed since 2008/09 out-turn report" in body
    for sentence in ["3 moved from No target to Red: NI 073, NI 093, NI 094.",
                     "2 moved from No target to Green: NI 072, NI 092.",
                     "1 moved from No target to Amber: NI 075.",
                     "3 new Reds: NI 073, NI 093, NI 094."]:
        assert f'<p class="govuk-body pb-report-intro">{sentence}</p>' in body
    assert 'aria-labelledby="dashboard-mix-title dashboard-mix-desc"' in body
    # Coventry's half-year report: codes in their natural order, and figures overdue since before.
    round_ = ReportingRound.objects.get(partnership__slug="coventry", period="2006/07 H1")
    body = dashboard(demo, "coventry", round=round_.pk)
    assert "3 moved from Green to Red: CYP 4, CYP 38, CYP 41." in body
    assert "2 figures now overdue (overdue at 2005/06 out-turn report too): CYP 30, CYP 43." in body


def test_csv_and_xlsx_have_plain_cells(demo):
    from openpyxl import load_workbook

    round_ = ReportingRound.objects.get(partnership__slug="wiltshire", period="2009/10 Q2")
    url = reverse("report", args=["wiltshire", "dashboard"])
    text = demo.get(url, {"round": round_.pk, "format": "csv"}).content.decode()
    assert "<svg" not in text and "<a " not in text
    rows = list(csv.reader(io.StringIO(text)))
    assert ["Indicators by ambition", "1 Resilient communities", "2", "1", "3", "0", "10", "0", "0", "0", "16"] in rows
    assert ["Status mix over the last 2 rounds", "2008/09 out-turn report", "0", "0", "0", "0", "16", "0", "0", "0",
            "16"] in rows
    ni72 = next(r for r in rows if r[0] == "Ambition: 1 Resilient communities" and r[1].startswith("NI 072"))
    assert ni72[2:7] == ["57.4", "2009/10 Q2", "57.2", "Green", "Improving"]
    assert ni72[7] == "2007/08: 53.0%; 2008/09: 57.0%; 2009/10 Q2: 57.4% (target 57.2%)"  # the sparkline's figures
    book = load_workbook(io.BytesIO(demo.get(url, {"round": round_.pk, "format": "xlsx"}).content))
    values = [c.value for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not any(isinstance(v, str) and ("<svg" in v or is_formula_like(v)) for v in values)
    sheet = book["Indicators by ambition"]
    assert ["1 Resilient communities", 2, 1, 3, 0, 10, 0, 0, 0, 16] in [[c.value for c in r] for r in sheet.iter_rows()]


def test_cells_stay_spreadsheet_safe(officer, partnership):
    Indicator.objects.filter(code="LOC 1").update(title="=HYPERLINK(\"http://example.org\")")
    text = officer.get(reverse("report", args=[partnership.slug, "dashboard"]), {"format": "csv"}).content.decode()
    assert "LOC 1 =HYPERLINK" in text  # the cell starts with the code, so nothing runs
    Indicator.objects.filter(code="LOC 1").update(code="=1+1")
    cache.clear()
    rows = list(csv.reader(io.StringIO(officer.get(reverse("report", args=[partnership.slug, "dashboard"]),
                                                   {"format": "csv"}).content.decode())))
    assert not any(is_formula_like(cell) for row in rows for cell in row)


def test_the_demo_partnerships_show_the_dashboard(demo):
    for slug in ("wiltshire", "coventry"):
        partnership = Partnership.objects.get(slug=slug)
        assert ReportingRound.objects.filter(partnership=partnership).count() >= 2
        body = dashboard(demo, slug)
        assert 'class="pb-tile pb-rag--green"' in body and "What changed since" in body
        assert body.count('class="pb-sparkline"') >= 10


@pytest.mark.parametrize("filter_by", [None, "theme", "group"])
def test_group_counts_link_to_the_indicators_they_count(officer, partnership, filter_by):
    """Each count of "Indicators by group" is a link to the indicator list of that group, listing as many."""
    params = {"theme": Theme.objects.get(code="1").pk,
              "group": Group.objects.get(name="Safer Communities Group").pk}.get(filter_by)
    report = build("dashboard", partnership, None, Filters(**({filter_by: (Theme if filter_by == "theme" else Group)
                                                               .objects.get(pk=params)} if filter_by else {})))
    section = next(s for s in report.sections if s.heading == "Indicators by group")
    links = 0
    for row in section.rows:
        for cell in row[1:]:
            if row[0].text == "No group":
                assert not cell.href
                continue
            assert cell.href, row[0].text
            assert len(listed(officer, cell.href)) == int(cell.value), (row[0].text, cell.href)
            links += 1
    assert links >= len(STATUS_ORDER) + 1
