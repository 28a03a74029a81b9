"""The benchmarking and narrowing-the-gap reports in every format, checked against the data they come from."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placeboard.benchmarking.models import BenchmarkValue, ComparatorGroup
from placeboard.core.models import Area, AreaSet, Group, Outcome, Theme
from placeboard.performance.models import Indicator, ReportingRound
from placeboard.performance.periods import parse_period
from tests.performance.conftest import add_actual
from tests.personas import ALL, MEMBERS, expected
from tests.reports.downloads import made

BENCH = ["Indicator", "Title", "Comparator group", "Period", "Polarity", "Value", "Rank", "Quartile (1 = best)",
         "Group size", "National figure", "Since the period before"]


def add_values(partnership, indicator, group_name, period, values, national=None):
    group, _ = ComparatorGroup.objects.get_or_create(partnership=partnership, name=group_name)
    p = parse_period(period)
    rows = [BenchmarkValue(group=group, indicator=indicator, period=p.label, period_start=p.start,
                           authority=name, gss_code=code, value=Decimal(value)) for name, code, value in values]
    if national is not None:
        rows.append(BenchmarkValue(group=group, indicator=indicator, period=p.label, period_start=p.start,
                                   authority="England", gss_code="E92000001", value=Decimal(national),
                                   is_national=True))
    BenchmarkValue.objects.bulk_create(rows)


@pytest.fixture
def benchmarks(partnership, indicators):
    # NI 072, AY 2008/09 (as tests/data/imports/benchmarks_unitary.csv): Testshire 57.0, tied 3rd of 6 with
    # South Gloucestershire; England 52. AY 2007/08 has Testshire alone.
    add_values(partnership, indicators["ni72"], "Unitary councils", "AY 2008/09",
               [("Bath and North East Somerset", "E06000022", "55.0"), ("Testshire", "E06000099", "57.0"),
                ("Bristol", "E06000023", "49.5"), ("North Somerset", "E06000024", "58.2"),
                ("South Gloucestershire", "E06000025", "57.0"), ("Swindon", "E06000030", "60.1")], national="52.0")
    add_values(partnership, indicators["ni72"], "Unitary councils", "AY 2007/08", [("Testshire", "E06000099", "54")])
    # NI 092 is lower-is-better: 20 is best. Testshire was 3rd of 3, is now =2nd of 5.
    add_values(partnership, indicators["ni92"], "Statistical neighbours", "AY 2007/08",
               [("A", "E06000001", "20"), ("B", "E06000002", "25"), ("Testshire", "E06000099", "30")])
    add_values(partnership, indicators["ni92"], "Statistical neighbours", "AY 2008/09",
               [("A", "E06000001", "20"), ("B", "E06000002", "25"), ("Testshire", "E06000099", "25"),
                ("C", "E06000003", "30"), ("D", "E06000004", "35")], national="26.5")
    # CYP 36 (higher is better): Testshire last of 4, bottom quartile.
    add_values(partnership, indicators["treatment"], "Statistical neighbours", "2006/07",
               [("A", "E06000001", "120"), ("B", "E06000002", "110"), ("C", "E06000003", "100"),
                ("Testshire", "E06000099", "90")])
    return indicators


def get(client, kind, fmt, **params):
    response = client.get(reverse("report", args=["testshire", kind]), {**params, "format": fmt})
    assert response.status_code == 200, response.content[:300]
    return response


def csv_rows(client, kind, **params):
    return list(csv.reader(io.StringIO(get(client, kind, "csv", **params).content.decode())))


def data_rows(rows, width):
    """{first data column: row} of the rows that are table rows (not titles, notes or headers)."""
    return [r for r in rows if len(r) == width + 1 and r[0] != "Section"]


def pdf_text(data):
    from pypdf import PdfReader

    assert data.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())  # table cells wrap in the PDF


def test_benchmarking_csv_ranks_ties_quartiles_and_polarity(as_user, benchmarks):
    rows = csv_rows(as_user("viewer"), "benchmarking")
    assert rows[0][0] == "Benchmarking: rank among comparators"
    header = next(r for r in rows if r[0] == "Section")
    assert header[1:] == BENCH
    got = {(r[1], r[3]): dict(zip(["Section", *BENCH], r)) for r in data_rows(rows, len(BENCH))}
    assert set(got) == {("NI 072", "Unitary councils"), ("NI 092", "Statistical neighbours"),
                        ("CYP 36", "Statistical neighbours")}
    ni72 = got["NI 072", "Unitary councils"]
    assert ni72["Section"] == "2 Economic growth"
    assert (ni72["Period"], ni72["Value"], ni72["Rank"], ni72["Quartile (1 = best)"], ni72["Group size"],
            ni72["National figure"]) == ("AY 2008/09", "57", "'=3rd of 6", "2", "6", "52")
    # A tie's "=" would start a formula in a spreadsheet: the one CSV writer quotes it (core/spreadsheets.py).
    # Rank 1 of 1 the year before; =3rd now is worse.
    assert ni72["Since the period before"] == "Worse (was AY 2007/08: 1st of 1)"
    ni92 = got["NI 092", "Statistical neighbours"]  # lower is better: 20 ranks first
    assert (ni92["Polarity"], ni92["Rank"], ni92["Quartile (1 = best)"], ni92["National figure"]) == (
        "Lower is better", "'=2nd of 5", "2", "26.5")
    assert ni92["Since the period before"] == "Better (was AY 2007/08: 3rd of 3)"
    cyp36 = got["CYP 36", "Statistical neighbours"]
    assert (cyp36["Section"], cyp36["Rank"], cyp36["Quartile (1 = best)"], cyp36["National figure"]) == (
        "1 Safer communities", "4th of 4", "4", "")
    assert cyp36["Since the period before"] == "No earlier period"


def test_benchmarking_xlsx_pdf_and_web(as_user, benchmarks):
    from openpyxl import load_workbook

    client = as_user("viewer")
    book = load_workbook(io.BytesIO(get(client, "benchmarking", "xlsx").content))
    rows = [[c.value for c in row] for sheet in book.worksheets for row in sheet.iter_rows()]
    ni72 = next(r for r in rows if r[0] == "NI 072")
    assert ni72[BENCH.index("Value")] == 57 and ni72[BENCH.index("Rank")] == "=3rd of 6"
    numbers = [ni72[BENCH.index(c)] for c in ("Value", "Quartile (1 = best)", "Group size", "National figure")]
    assert numbers == [57, 2, 6, 52] and all(isinstance(n, (int, float)) for n in numbers)
    ni92 = next(r for r in rows if r[0] == "NI 092")
    assert ni92[BENCH.index("Rank")] == "=2nd of 5"

    text = pdf_text(made(client, "testshire", "benchmarking", "pdf"))  # made by the worker
    assert "Benchmarking: rank among comparators" in text
    assert "=3rd of 6" in text and "=2nd of 5" in text and "4th of 4" in text

    html = get(client, "benchmarking", "html").content.decode()
    assert "Joint 3rd highest out of 6 unitary councils, tied with 1 other" in html
    assert "▶ Testshire" in html  # the bar chart
    assert 'id="bench-%d-' % benchmarks["ni72"].pk in html


def test_benchmarking_filters_and_round(as_user, partnership, benchmarks):
    client = as_user("viewer")
    safer = Theme.objects.get(partnership=partnership, code="1")
    codes = {r[1] for r in data_rows(csv_rows(client, "benchmarking", theme=safer.pk), len(BENCH))}
    assert codes == {"CYP 36"}
    jobs = Outcome.objects.get(partnership=partnership, code="2.1")
    codes = {r[1] for r in data_rows(csv_rows(client, "benchmarking", outcome=jobs.pk), len(BENCH))}
    assert codes == {"NI 072", "NI 092"}
    group = Group.objects.get(partnership=partnership, name="Safer Communities Group")
    codes = {r[1] for r in data_rows(csv_rows(client, "benchmarking", group=group.pk), len(BENCH))}
    assert codes == {"CYP 36"}
    north = Area.objects.get(partnership=partnership, name="North")
    body = get(client, "benchmarking", "csv", area=north.pk).content.decode()
    assert "the area filter does not narrow them" in body
    # A round that ended before AY 2008/09: its latest comparator values are the year before's.
    round_ = ReportingRound(partnership=partnership, name="Summer 2008", reporting_date="2008-07-31")
    round_.set_period(parse_period("2008/09 Q2"))
    round_.save()
    rows = data_rows(csv_rows(client, "benchmarking", round=round_.pk), len(BENCH))
    ni92 = next(r for r in rows if r[1] == "NI 092")
    assert (ni92[4], ni92[7], ni92[11]) == ("AY 2007/08", "3rd of 3", "No earlier period")


@pytest.fixture
def wards(partnership):
    """North is the priority neighbourhood; South and East are the rest."""
    county = Area.objects.get(partnership=partnership, name="Testshire")
    south = Area.objects.create(partnership=partnership, name="South", area_type="community_area", parent=county)
    east = Area.objects.create(partnership=partnership, name="East", area_type="community_area", parent=county)
    return {"north": Area.objects.get(name="North"), "south": south, "east": east, "county": county}


@pytest.fixture
def gaps(indicators, wards):
    """NI 072 narrows (18, 13, 8); NI 092 widens (-2, then -8)."""
    ni72, ni92 = indicators["ni72"], indicators["ni92"]
    for period, north, south, east in [("AY 2006/07", 40, 60, 56), ("AY 2007/08", 45, 59, 57),
                                       ("AY 2008/09", 50, 58, 58)]:
        add_actual(ni72, period, north, area=wards["north"])
        add_actual(ni72, period, south, area=wards["south"])
        add_actual(ni72, period, east, area=wards["east"])
    add_actual(ni92, "AY 2007/08", 30, area=wards["north"])
    add_actual(ni92, "AY 2007/08", 28, area=wards["south"])
    add_actual(ni92, "AY 2008/09", 35, area=wards["north"])
    add_actual(ni92, "AY 2008/09", "27.5", area=wards["south"])
    return indicators


GAP_WIDTH = 7


def test_gap_csv_narrowing_and_widening(as_user, gaps):
    rows = csv_rows(as_user("viewer"), "gap")
    assert rows[0][0] == "Narrowing the gap"
    assert any("it is narrowing when its size, ignoring the sign, is smaller" in r[0] for r in rows[1:4])
    ni72 = "NI 072 Early Years Foundation Stage achievement: Priority neighbourhoods"
    ni92 = "NI 092 Narrowing the gap in the Early Years Foundation Stage: Priority neighbourhoods"
    header = next(r for r in rows if r[0] == "Section" and r[1] == "Period")
    assert header[1:] == ["Period", "Priority neighbourhoods", "Areas in the set", "The rest", "Other areas", "Gap",
                          "Since the period before"]
    table = data_rows(rows, GAP_WIDTH)
    assert [r[1:] for r in table if r[0] == ni72] == [
        ["AY 2006/07", "40", "1", "58", "2", "18", "First period"],
        ["AY 2007/08", "45", "1", "58", "2", "13", "Narrowing"],
        ["AY 2008/09", "50", "1", "58", "2", "8", "Narrowing"]]
    assert [r[1:] for r in table if r[0] == ni92] == [
        ["AY 2007/08", "30", "1", "28", "1", "-2", "First period"],
        ["AY 2008/09", "35", "1", "27.5", "1", "-7.5", "Widening"]]
    trends = {r[0]: r[2] for r in rows if len(r) > 2 and r[1] == "Summary: Trend"}
    assert trends == {ni72: "The gap is narrowing: 18.0% in AY 2006/07, 8.0% in AY 2008/09.",
                      ni92: "The gap is widening: 2.0% in AY 2007/08, 7.5% in AY 2008/09."}
    # CYP 36 and CYP 41 have no figures by area, so no section.
    assert not any(r[0].startswith("CYP") for r in rows)


def test_gap_averages_are_exact_decimals(as_user, gaps, wards):
    # Three areas in the rest averaging 170/3: shown to one more place than the indicator's one.
    ni72 = gaps["ni72"]
    west = Area.objects.create(partnership=wards["county"].partnership, name="West", area_type="community_area",
                               parent=wards["county"])
    add_actual(ni72, "AY 2008/09", 54, area=west)
    rows = data_rows(csv_rows(as_user("viewer"), "gap"), GAP_WIDTH)
    last = [r for r in rows if r[0].startswith("NI 072")][-1]
    assert last[1:] == ["AY 2008/09", "50", "1", "56.67", "3", "6.67", "Narrowing"]


def test_gap_xlsx_pdf_web_and_filters(as_user, partnership, gaps, wards):
    from openpyxl import load_workbook

    client = as_user("viewer")
    book = load_workbook(io.BytesIO(get(client, "gap", "xlsx").content))
    assert len(book.worksheets) == 2  # one per indicator with figures by area
    rows = [[c.value for c in row] for sheet in book.worksheets for row in sheet.iter_rows()]
    assert ["AY 2007/08", 45, 1, 58, 2, 13, "Narrowing"] in rows
    assert ["AY 2008/09", 35, 1, 27.5, 1, -7.5, "Widening"] in rows

    text = pdf_text(made(client, "testshire", "gap", "pdf"))  # made by the worker
    assert "The gap is widening: 2.0% in AY 2007/08, 7.5% in AY 2008/09." in text
    assert "AY 2008/09 50 1 58 2 8 Narrowing" in text and "AY 2008/09 35 1 27.5 1 -7.5 Widening" in text

    html = get(client, "gap", "html").content.decode()
    assert f'id="gap-{gaps["ni72"].pk}-' in html and f'id="gap-{gaps["ni92"].pk}-' in html  # a chart each

    safer = Theme.objects.get(partnership=partnership, code="1")
    assert not [r for r in data_rows(csv_rows(client, "gap", theme=safer.pk), GAP_WIDTH)]
    jobs = Outcome.objects.get(partnership=partnership, code="2.1")
    assert {r[0][:6] for r in data_rows(csv_rows(client, "gap", outcome=jobs.pk), GAP_WIDTH)} == {"NI 072", "NI 092"}
    # By area: only area sets that include the area.
    assert data_rows(csv_rows(client, "gap", area=wards["north"].pk), GAP_WIDTH)
    assert not data_rows(csv_rows(client, "gap", area=wards["south"].pk), GAP_WIDTH)
    # A round ending before AY 2008/09 leaves that period out.
    round_ = ReportingRound(partnership=partnership, name="Summer 2008", reporting_date="2008-07-31")
    round_.set_period(parse_period("2008/09 Q2"))
    round_.save()
    periods = {r[1] for r in data_rows(csv_rows(client, "gap", round=round_.pk), GAP_WIDTH)}
    assert periods == {"AY 2006/07", "AY 2007/08"}


@pytest.mark.parametrize("kind", ["benchmarking", "gap"])
def test_a_pdf_laid_out_in_chunks_says_the_same(as_user, benchmarks, gaps, monkeypatch, kind):
    """A long report's PDF is laid out some sections at a time and the pieces joined (reports.render.to_pdf, so a
    worker's memory stays bounded): here every table and chart is a piece. Pages are numbered on across them."""
    from pypdf import PdfReader

    from placeboard.reports import render

    monkeypatch.setattr(render, "PDF_CHUNK_BOXES", 40)
    data = made(as_user("viewer"), "testshire", kind, "pdf")  # made by the worker
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    assert len(pages) >= 4
    for number, page in enumerate(pages, start=1):
        assert " ".join(page.split()).endswith(f"Page {number} of {len(pages)}")
    text = pdf_text(data)
    if kind == "gap":
        assert text.count("Narrowing the gap Testshire Partnership · Latest figures") == 1  # the title, once
        assert "The gap is widening: 2.0% in AY 2007/08, 7.5% in AY 2008/09." in text
        assert "AY 2008/09 50 1 58 2 8 Narrowing" in text and "AY 2008/09 35 1 27.5 1 -7.5 Widening" in text
        assert text.index("NI 072 Early Years") < text.index("NI 092 Narrowing the gap in")
    else:
        assert "=3rd of 6" in text and "=2nd of 5" in text and "4th of 4" in text
        assert "Joint 3rd highest out of 6 unitary councils, tied with 1 other" in text  # a chart's caption
        assert "▶ Testshire" in text  # and the chart


def test_gap_without_priority_areas_says_so(as_user, partnership, gaps):
    AreaSet.objects.filter(partnership=partnership).delete()
    body = get(as_user("viewer"), "gap", "csv").content.decode()
    assert "There is no priority area set" in body


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("kind", ["benchmarking", "gap"])
def test_who_can_download(as_user, partnership, persona, kind):
    response = as_user(persona).get(reverse("report", args=[partnership.slug, kind]), {"format": "csv"})
    assert response.status_code == expected(persona, MEMBERS)


def test_listed_on_the_reports_page(as_user, partnership):
    body = as_user("viewer").get(reverse("report_index", args=[partnership.slug])).content.decode()
    assert reverse("report", args=[partnership.slug, "benchmarking"]) in body
    assert "Narrowing the gap" in body


def _grow(partnership, indicators, wards, size, first_year):
    """`size` more authorities, periods and areas per indicator, and `size` // 2 extra indicators."""
    jobs = Outcome.objects.get(partnership=partnership, code="2.1")
    extra = []
    for n in range(size // 2):
        indicator, _ = Indicator.objects.get_or_create(
            partnership=partnership, code=f"X {n:03d}",
            defaults={"title": f"Extra {n}", "value_type": "count", "polarity": "higher", "decimal_places": 0})
        indicator.outcomes.add(jobs)
        extra.append(indicator)
    areas = [wards["north"]] + [Area.objects.get_or_create(
        partnership=partnership, name=f"Ward {n}", area_type="community_area", parent=wards["county"])[0]
        for n in range(size)]
    for indicator in [indicators["ni72"], indicators["ni92"], *extra]:
        for year in range(first_year, first_year + size):
            period = f"AY {year}/{(year + 1) % 100:02d}"
            add_values(partnership, indicator, "Group", period,
                       [(f"Authority {a}", f"E06{a:06d}", a + year) for a in range(size)]
                       + [("Testshire", "E06000099", year)], national=year)
            for i, area in enumerate(areas):
                add_actual(indicator, period, i + year - 1990, area=area)


def test_query_counts_do_not_grow(as_user, partnership, indicators, wards):
    client = as_user("viewer")

    def counts():
        result = {}
        for kind in ("benchmarking", "gap"):
            for fmt in ("html", "csv"):
                cache.clear()  # the cost of building the report (_grow writes no audit events)
                with CaptureQueriesContext(connection) as ctx:
                    body = get(client, kind, fmt).content.decode()
                assert "NI 072" in body
                result[kind, fmt] = len(ctx.captured_queries)
        return result

    _grow(partnership, indicators, wards, 2, 1990)
    small = counts()
    _grow(partnership, indicators, wards, 8, 2000)
    assert Indicator.objects.filter(code__startswith="X ").count() == 4
    assert counts() == small


def test_demo_shows_seed_000(client, db):
    from django.contrib.auth import get_user_model

    from placeboard.demo import load_all

    load_all()
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "x"))
    rows = list(csv.reader(io.StringIO(client.get(reverse("report", args=["wiltshire", "benchmarking"]),
                                                  {"format": "csv"}).content.decode())))
    ni4 = next(r for r in rows if len(r) > 1 and r[1] == "NI 004")
    assert ni4[3:11] == ["Unitary councils", "2008/09", "Higher is better", "31.9", "6th of 56", "1", "56",
                         "28.9"]
    body = client.get(reverse("report", args=["wiltshire", "gap"]), {"format": "csv"}).content.decode()
    assert "NI 075" in body and "The gap is narrowing" in body
    page = client.get(reverse("report", args=["wiltshire", "gap"])).content.decode()
    assert "Priority neighbourhoods against all of Wiltshire." in page
    assert 'class="pb-table-scroll" role="region"' in page


def test_command_line(tmp_path):
    from tests.reports.test_reports import run_cli

    assert run_cli("demo", "--data-dir", str(tmp_path), "--no-serve", data_dir=tmp_path).returncode == 0
    for kind, want in [("benchmarking", "NI 004,% of people who feel they can influence decisions in their "
                                        "locality.,Unitary councils,2008/09,Higher is better,31.9,6th of 56,1,56,"
                                        "28.9,No earlier period"),
                       ("gap", "Summary: Trend,\"The gap is narrowing")]:
        out = tmp_path / f"{kind}.csv"
        done = run_cli("report", kind, "--partnership", "wiltshire", "--format", "csv", "-o", str(out),
                       data_dir=tmp_path)
        assert done.returncode == 0, done.stderr
        assert want in out.read_text()
    done = run_cli("report", "gap", "--partnership", "wiltshire", "--format", "xlsx", "-o",
                   str(tmp_path / "gap.xlsx"), data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
