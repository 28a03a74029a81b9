"""Reading an uploaded CSV or XLSX file into rows of text, or saying plainly why not.

Every problem names the file, the sheet (for XLSX), the row and the column, so
a person can find it in their spreadsheet. Nothing here touches the database."""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from placeboard.core.spreadsheets import restore

MAX_BYTES = 10 * 1024 * 1024  # 10 MB: about 200,000 rows of actuals as CSV


@dataclass
class Problem:
    file: str
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""

    def __str__(self):
        where = [self.file]
        if self.sheet:
            where.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


@dataclass
class Table:
    """The header and the data rows of one sheet, each row with its number in the file."""

    file: str
    sheet: str = ""
    header: list = field(default_factory=list)
    rows: list = field(default_factory=list)  # [(row number, [cell text, ...])]

    def problem(self, message, row=None, column=""):
        return Problem(self.file, message, self.sheet, row, column)


class ReadError(Exception):
    def __init__(self, problems):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def format_of(filename):
    name = filename.lower()
    if name.endswith(".xlsx"):
        return "xlsx"
    if name.endswith(".csv") or name.endswith(".txt"):
        return "csv"
    return None


def read_table(filename, data, *, sheet_name=None):
    """A Table from the bytes of a CSV or XLSX file; raises ReadError otherwise."""
    if len(data) > MAX_BYTES:
        raise ReadError([Problem(filename, f"The file is {len(data) / 1024 / 1024:.1f} MB; the limit is "
                                           f"{MAX_BYTES // 1024 // 1024} MB. Split it into smaller files.")])
    if not data.strip():
        raise ReadError([Problem(filename, "The file is empty.")])
    kind = format_of(filename)
    if kind is None:
        raise ReadError([Problem(filename, "Upload a .csv or .xlsx file.")])
    if kind == "xlsx":
        return _read_xlsx(filename, data, sheet_name)
    return _read_csv(filename, data)


def estimate_rows(filename, data):
    """About how many data rows a file has, without reading it: to choose how an import shows progress."""
    if format_of(filename) == "xlsx":
        from openpyxl import load_workbook  # lazy: openpyxl (~150 ms) only for XLSX files

        try:
            # Read-only mode reads the sheet's stated size, not its cells.
            rows = load_workbook(io.BytesIO(data), read_only=True).worksheets[0].max_row
        except Exception:  # a broken file: check() names the problem; any estimate will do here
            rows = None
        return rows - 1 if rows else len(data) // 40
    return max(data.count(b"\n") - 1, 0)


def _decode(filename, data):
    if data.startswith(b"PK\x03\x04"):
        raise ReadError([Problem(filename, "This is a spreadsheet (XLSX) file, not CSV: save it with a .xlsx name "
                                           "or export it from Excel as CSV.")])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError([Problem(filename, "The file is in UTF-16 (Excel's \"Unicode text\"), which Placeboard "
                                           "does not read. Save it from your spreadsheet as CSV UTF-8.")])
    if b"\x00" in data[:4096]:
        raise ReadError([Problem(filename, "This is not a CSV file: it contains binary data. "
                                           "Save it from your spreadsheet as CSV (UTF-8).")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Excel on Windows saves CSV in Windows-1252 ("ANSI").
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ReadError([Problem(filename, "The file's text encoding is not UTF-8 or Windows-1252. "
                                           "Save it from your spreadsheet as CSV (UTF-8).")]) from None


def _read_csv(filename, data):
    text = _decode(filename, data)
    reader = csv.reader(io.StringIO(text, newline=""))
    table = Table(file=filename)
    try:
        for number, cells in enumerate(reader, start=1):
            if number == 1:
                table.header = [c.strip() for c in cells]
                continue
            if not any(c.strip() for c in cells):
                continue
            # Placeboard's own CSVs quote text a spreadsheet would run as a formula ('=…): take it off.
            table.rows.append((number, [restore(c.strip()) for c in cells]))
    except csv.Error as exc:
        raise ReadError([Problem(filename, f"This is not a well-formed CSV file ({exc}).",
                                 row=reader.line_num)]) from None
    if not any(table.header):
        raise ReadError([Problem(filename, "The first row should name the columns, but it is blank.", row=1)])
    return table


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        # Excel stores numbers as floats; repr gives the shortest exact text (57.4, not 57.399999).
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _read_xlsx(filename, data, sheet_name):
    from openpyxl import load_workbook  # lazy: openpyxl (~150 ms) only for XLSX files

    try:
        workbook = load_workbook(io.BytesIO(data), data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise ReadError([Problem(filename, f"This is not a readable XLSX file ({type(exc).__name__}). "
                                           "Save it from your spreadsheet as Excel Workbook (.xlsx).")]) from None
    sheet = workbook[sheet_name] if sheet_name and sheet_name in workbook.sheetnames else workbook.worksheets[0]
    table = Table(file=filename, sheet=sheet.title)
    problems = []
    for merged in sheet.merged_cells.ranges:
        if merged.min_row == 1:
            problems.append(table.problem(f"The header cells {merged.coord} are merged. Unmerge them so each "
                                          "column has its own heading.", row=1))
    rows = sheet.iter_rows()
    try:
        header_cells = next(rows)
    except StopIteration:
        raise ReadError([table.problem("The sheet is empty.")]) from None
    table.header = [_cell_text(c.value) for c in header_cells]
    while table.header and not table.header[-1]:
        table.header.pop()
    if not any(table.header):
        problems.append(table.problem("The first row should name the columns, but it is blank.", row=1))
    for cells in rows:
        number = cells[0].row
        texts = []
        for index, cell in enumerate(cells):
            if cell.data_type == "f":
                column = table.header[index] if index < len(table.header) else cell.column_letter
                problems.append(table.problem(
                    f"Cell {cell.coordinate} holds a formula ({cell.value}). Paste the values instead "
                    "(Paste Special → Values) so the figure imported is the one you see.", number, column))
                texts.append("")
            elif isinstance(cell.value, str) and cell.quotePrefix:
                # Text marked as text (Excel's leading '; Placeboard's exports mark "=…", "\t=…" so): as it is.
                texts.append(cell.value)
            else:
                texts.append(_cell_text(cell.value))
        if any(texts):
            table.rows.append((number, texts))
    if problems:
        raise ReadError(problems)
    return table
