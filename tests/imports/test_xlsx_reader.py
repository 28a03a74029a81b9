"""Reading XLSX row by row (openpyxl's read-only mode and its sheet parser) gives what a whole workbook gave."""

import io
from datetime import date, datetime

import openpyxl
import pytest

from placeboard.imports.readers import ReadError, read_table


def workbook(build):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Actuals"
    build(sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_cells_come_as_the_text_shown():
    def build(sheet):
        sheet.append(["indicator", "period", "value", "note", "final"])
        sheet.append(["NI 072", "2008/09", 57.4, "=HYPERLINK(x)", True])
        sheet["D2"].data_type, sheet["D2"].quotePrefix = "s", True  # text, marked as Placeboard's exports do
        sheet.append(["NI 092", date(2009, 4, 1), 12, None, False])
        sheet["C4"] = datetime(2010, 1, 2, 3, 4)
        sheet["E6"] = "yes"  # row 5 left out altogether, row 6 with one cell far to the right

    table = read_table("a.xlsx", workbook(build))
    assert table.sheet == "Actuals" and table.header == ["indicator", "period", "value", "note", "final"]
    def trimmed(cells):  # a row may end at its last cell or go on to the sheet's last column
        while cells and not cells[-1]:
            cells = cells[:-1]
        return cells

    assert [(number, trimmed(cells)) for number, cells in table.rows] == [
        (2, ["NI 072", "2008/09", "57.4", "=HYPERLINK(x)", "yes"]),
        (3, ["NI 092", "2009-04-01", "12", "", "no"]),
        (4, ["", "", "2010-01-02T03:04:00"]),
        (6, ["", "", "", "", "yes"]),
    ]


def test_formulas_and_merged_headers_are_all_listed():
    def build(sheet):
        sheet.append(["indicator", "period", "value"])
        sheet.append(["NI 072", "2008/09", "=A1+1"])
        sheet.append(["NI 072", "2009/10", "=SUM(C1:C2)"])
        sheet.merge_cells("A1:B1")

    with pytest.raises(ReadError) as caught:
        read_table("a.xlsx", workbook(build))
    assert [str(p) for p in caught.value.problems] == [
        "a.xlsx, sheet 'Actuals', row 1: The header cells A1:B1 are merged. Unmerge them so each column has "
        "its own heading.",
        "a.xlsx, sheet 'Actuals', row 2, column 'value': Cell C2 holds a formula (=A1+1). Paste the values "
        "instead (Paste Special → Values) so the figure imported is the one you see.",
        "a.xlsx, sheet 'Actuals', row 3, column 'value': Cell C3 holds a formula (=SUM(C1:C2)). Paste the values "
        "instead (Paste Special → Values) so the figure imported is the one you see.",
    ]


def test_a_blank_first_row_and_an_empty_sheet():
    def blank_first(sheet):
        sheet["A2"], sheet["B2"] = "indicator", "value"

    with pytest.raises(ReadError) as caught:
        read_table("a.xlsx", workbook(blank_first))
    assert [str(p) for p in caught.value.problems] == [
        "a.xlsx, sheet 'Actuals', row 1: The first row should name the columns, but it is blank."]
    with pytest.raises(ReadError) as caught:
        read_table("a.xlsx", workbook(lambda sheet: None))
    assert [str(p) for p in caught.value.problems] == ["a.xlsx, sheet 'Actuals': The sheet is empty."]


def test_the_workbook_is_read_in_read_only_mode(monkeypatch):
    """Not a whole workbook of cell objects in memory (about 380 MB for 100,000 rows; 70 MB read-only)."""
    modes = []
    real = openpyxl.load_workbook

    def spy(*args, **kwargs):
        modes.append(kwargs.get("read_only", False))
        return real(*args, **kwargs)

    monkeypatch.setattr(openpyxl, "load_workbook", spy)
    table = read_table("a.xlsx", workbook(lambda sheet: sheet.append(["indicator"]) or sheet.append(["NI 072"])))
    assert table.rows == [(2, ["NI 072"])] and modes == [True]
