"""A row is kept no wider than its header: a cell far to the right (XFD2, one short XML element) is named as a
value with no column heading instead of making the row 16,384 cells long, and a header wider than the reader
reads is refused."""

import tracemalloc

import pytest

from placeboard.imports import importers
from placeboard.imports.readers import MAX_COLUMNS, ReadError, read_table
from tests.imports.test_hostile_files import _good_members, _zip

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _sheet(header_cells, rows):
    members = _good_members()
    header = "".join(f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>' for ref, text in header_cells)
    body = "".join(f'<row r="{n}"><c r="{ref}{n}"><v>1</v></c></row>' for n, ref in rows)
    members["xl/worksheets/sheet1.xml"] = (f'<worksheet xmlns="{NS}"><sheetData><row r="1">{header}</row>{body}'
                                           "</sheetData></worksheet>").encode()
    return _zip(members)


def test_a_far_right_cell_costs_nothing_and_is_named(indicators):
    data = _sheet([("A1", "indicator"), ("B1", "period"), ("C1", "value")], [(n, "XFD") for n in range(2, 3002)])
    assert len(data) < 50_000
    tracemalloc.start()
    try:
        table = read_table("wide.xlsx", data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024  # was about 390 MB: 3,000 rows of 16,384 cells
    assert all(len(cells) == 3 for _, cells in table.rows) and table.strays[2] == [16383]
    plan = importers.check("actuals", indicators["treatment"].partnership, "wide.xlsx", data)
    strays = [p for p in plan.problems if p.message == "A value with no column heading."]
    assert len(strays) == 3000 and not plan.changes
    assert str(plan.problems[0]) == "wide.xlsx, sheet 'Actuals', row 2, column 'XFD': A value with no column heading."


def test_a_header_wider_than_the_reader_reads_is_refused():
    data = _sheet([("A1", "indicator"), ("XFD1", "far")], [])
    with pytest.raises(ReadError) as refused:
        read_table("wide.xlsx", data)
    assert [str(p) for p in refused.value.problems] == [
        f"wide.xlsx, sheet 'Actuals', row 1: The first row has headings as far as column XFD; Placeboard reads "
        f"at most {MAX_COLUMNS} columns. Delete the columns the file does not need."]
    with pytest.raises(ReadError, match="The first row has headings as far as column CW;"):
        read_table("wide.csv", ("indicator" + "," * MAX_COLUMNS + "far\nNI 072\n").encode())


def test_csv_values_past_the_header_are_kept_apart():
    table = read_table("a.csv", b"indicator,period,value\nNI 072,2008/09,5,,x\n,,,,,y\n")
    assert table.rows == [(2, ["NI 072", "2008/09", "5"]), (3, ["", "", ""])]
    assert table.strays == {2: [4], 3: [5]}
