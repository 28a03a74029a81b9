"""Reading an uploaded CSV or XLSX file into rows of text, or saying plainly why not.

Every problem names the file, the sheet (for XLSX), the row and the column, so
a person can find it in their spreadsheet. Nothing here touches the database."""

import csv
import io
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from defusedxml import DefusedXmlException
from django.conf import settings

from placeboard.core.spreadsheets import QUOTE, restore

MAX_BYTES = 10 * 1024 * 1024  # 10 MB: about 200,000 rows of actuals as CSV

# What an XLSX (a zip archive) may expand to; the settings of the same names override these, read when used.
XLSX_LIMITS = {
    "IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES": 100 * 1024 * 1024,  # all the archive's members together
    "IMPORT_XLSX_MAX_MEMBER_BYTES": 100 * 1024 * 1024,  # any one member (a sheet's XML, the shared strings …)
    "IMPORT_XLSX_MAX_MEMBERS": 1000,  # files in the archive
    "IMPORT_XLSX_MAX_RATIO": 100,  # uncompressed ÷ compressed size of any member larger than 1 MB
}
RATIO_CHECKED_FROM = 1024 * 1024  # small members may compress well without harm
# The widest header read: every kind has fewer than 30 columns. A data row is kept only as wide as the header,
# so a cell far to the right (XFD2, one short XML element) cannot make every row 16,384 cells long.
MAX_COLUMNS = 100


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
    rows: list = field(default_factory=list)  # [(row number, [cell text, ...])], no wider than the header
    # {row number: [positions (from 0) of the values beyond the header]}: kept apart, so a row is never wider
    # than its header; the importers name each as "a value with no column heading".
    strays: dict = field(default_factory=dict)

    def problem(self, message, row=None, column=""):
        return Problem(self.file, message, self.sheet, row, column)

    def set_header(self, names):
        """The header row's names, trailing blanks dropped; refused when wider than MAX_COLUMNS."""
        names = list(names)
        while names and not names[-1]:
            names.pop()
        if len(names) > MAX_COLUMNS:
            from openpyxl.utils import get_column_letter  # lazy: openpyxl (~150 ms) only when needed

            raise ReadError([self.problem(
                f"The first row has headings as far as column {get_column_letter(len(names))}; Placeboard reads "
                f"at most {MAX_COLUMNS} columns. Delete the columns the file does not need.", row=1)])
        self.header = names

    def add_row(self, number, cells):
        """Keep a data row from its (position from 0, text) pairs: the texts under the header, and where any
        value beyond the header is. Blank rows are skipped."""
        width = len(self.header)
        texts, strays = [""] * width, []
        for position, text in cells:
            if position < width:
                texts[position] = text
            elif text.strip():
                strays.append(position)
        if strays:
            self.strays[number] = strays
        if strays or any(texts):
            self.rows.append((number, texts))

    def add_texts(self, number, texts):
        """add_row() for a list of every cell's text, in order: the common case of a row no wider than its
        header taken without looking at each cell. The list becomes the row's."""
        width = len(self.header)
        if len(texts) > width:
            self.add_row(number, enumerate(texts))
        elif any(texts):
            texts.extend([""] * (width - len(texts)))
            self.rows.append((number, texts))


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
            _check_archive(filename, data)
            # Read-only mode reads the sheet's stated size, not its cells.
            rows = load_workbook(io.BytesIO(data), read_only=True).worksheets[0].max_row
        except Exception:  # a broken or refused file: check() names the problem at once, without reading rows
            return 0
        return rows - 1 if rows else len(data) // 40  # a sheet that does not state its size: a guess
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
                table.set_header(c.strip() for c in cells)
                continue
            # Placeboard's own CSVs quote text a spreadsheet would run as a formula ('=…): take it off.
            table.add_texts(number, [restore(c) if c.startswith(QUOTE) else c for c in map(str.strip, cells)])
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


def _limit(name):
    return getattr(settings, name, XLSX_LIMITS[name])


def _megabytes(size):
    return f"{size / 1024 / 1024:,.0f} MB" if size >= 1024 * 1024 else f"{size / 1024:,.0f} KB"


def _check_archive(filename, data):
    """Refuse an XLSX whose zip directory says it would expand past the limits, before anything is unpacked.

    The sizes come from the zip's central directory; the members are not read here. zipfile itself stops
    reading a member at its stated size (it checks the CRC and length), so a member cannot expand further than
    its entry says when openpyxl opens it."""
    def refuse(message):
        raise ReadError([Problem(filename, message)])

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        refuse(f"This is not a readable XLSX file ({type(exc).__name__}): it may be damaged or cut short. "
               "Save it from your spreadsheet as Excel Workbook (.xlsx).")
    most = _limit("IMPORT_XLSX_MAX_MEMBERS")
    if len(members) > most:
        refuse(f"The workbook holds {len(members):,} files, more than the {most:,} limit.")
    total, most_total = sum(member.file_size for member in members), _limit("IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES")
    if total > most_total:
        refuse(f"The workbook would expand to {_megabytes(total)}, more than the {_megabytes(most_total)} limit.")
    most_member, most_ratio = _limit("IMPORT_XLSX_MAX_MEMBER_BYTES"), _limit("IMPORT_XLSX_MAX_RATIO")
    for member in members:
        if member.file_size > most_member:
            refuse(f"The workbook's part {member.filename} would expand to {_megabytes(member.file_size)}, "
                   f"more than the {_megabytes(most_member)} limit.")
        if member.file_size > RATIO_CHECKED_FROM and member.file_size > most_ratio * max(member.compress_size, 1):
            ratio = member.file_size // max(member.compress_size, 1)
            refuse(f"The workbook's part {member.filename} would expand {ratio:,} times its compressed size, "
                   f"more than the {most_ratio:,} times limit.")
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        refuse("This zip file is not an Excel workbook. Save it from your spreadsheet as Excel Workbook (.xlsx).")


def _read_xlsx(filename, data, sheet_name):
    from openpyxl.utils.exceptions import InvalidFileException  # lazy: openpyxl (~150 ms) only for XLSX files

    _check_archive(filename, data)
    try:
        table, problems = _parse_xlsx(filename, data, sheet_name)
    except ReadError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, KeyError, IndexError, OSError, EOFError,
            ValueError, TypeError, SyntaxError, InvalidFileException) as exc:
        # SyntaxError covers the XML ParseError; KeyError a missing part; IndexError a workbook with no sheets;
        # ValueError defusedxml's refusals, which openpyxl may wrap in a ValueError of its own. In read-only
        # mode a damaged sheet may only show while its rows are read, so all of it is inside this try.
        cause = exc
        while cause is not None and not isinstance(cause, DefusedXmlException):
            cause = cause.__cause__ or cause.__context__
        if cause is not None:
            raise ReadError([Problem(filename, "The workbook's XML declares entities or refers to outside "
                                               "files, which Placeboard refuses. Save it from your spreadsheet "
                                               "as Excel Workbook (.xlsx).")]) from None
        raise ReadError([Problem(filename, f"This is not a readable XLSX file ({type(exc).__name__}). "
                                           "Save it from your spreadsheet as Excel Workbook (.xlsx).")]) from None
    if problems:
        raise ReadError(problems)
    return table


def _parse_xlsx(filename, data, sheet_name):
    """The sheet's Table and its problems, reading the sheet's XML once, row by row.

    Read-only mode, so no cell objects are kept (a 100,000-row sheet took about 350 MB as a normal workbook).
    Its worksheets do not give merged cells, so the sheet is read with openpyxl's own parser (the one both
    modes use), which also collects the sheet's mergeCells, written after the rows. Excel's "text" mark
    (quotePrefix) comes from the cell's style, which read-only mode loads. openpyxl parses the XML with
    defusedxml (a dependency), which refuses entity declarations and external references."""
    from openpyxl import load_workbook
    from openpyxl.worksheet._reader import WorkSheetParser  # openpyxl's own: what both its modes read with

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        sheet = workbook[sheet_name] if sheet_name and sheet_name in workbook.sheetnames else workbook.worksheets[0]
        table, problems = Table(file=filename, sheet=sheet.title), []
        with workbook._archive.open(sheet._worksheet_path) as source:
            parser = WorkSheetParser(source, sheet._shared_strings, data_only=False, epoch=workbook.epoch,
                                     date_formats=workbook._date_formats,
                                     timedelta_formats=workbook._timedelta_formats)
            _read_rows(table, parser.parse(), workbook._cell_styles, problems)
        problems[:0] = _merged_header_problems(table, parser.merged_cells)
    finally:
        workbook.close()
    if table.header is None:
        raise ReadError([table.problem("The sheet is empty.")])
    return table, problems


def _read_rows(table, rows, styles, problems):
    """Fill in the table's header (row 1) and rows from the parser's rows: (number, [cell dict, ...])."""
    table.header = None  # until a row is seen: an empty sheet
    for number, cells in rows:
        if table.header is None:
            table.header = []
            if number == 1:
                table.set_header(_header(cells))
                if not any(table.header):
                    problems.append(table.problem("The first row should name the columns, but it is blank.",
                                                  row=1))
                continue
            problems.append(table.problem("The first row should name the columns, but it is blank.", row=1))
        table.add_row(number, _row_texts(table, number, cells, styles, problems))


def _header(cells):
    header = [""] * max((cell["column"] for cell in cells), default=0)
    for cell in cells:
        header[cell["column"] - 1] = _cell_text(cell["value"])
    return header


def _row_texts(table, number, cells, styles, problems):
    """(position from 0, text) of each cell of a data row; a formula is a problem instead."""
    from openpyxl.utils import get_column_letter

    for cell in cells:
        index, value = cell["column"] - 1, cell["value"]
        if cell["data_type"] == "f":
            letter = get_column_letter(cell["column"])
            column = table.header[index] if index < len(table.header) else letter
            problems.append(table.problem(
                f"Cell {letter}{number} holds a formula ({value}). Paste the values instead "
                "(Paste Special → Values) so the figure imported is the one you see.", number, column))
        elif isinstance(value, str) and styles[cell["style_id"]].quotePrefix:
            # Text marked as text (Excel's leading '; Placeboard's exports mark "=…", "\t=…" so): as it is.
            yield index, value
        else:
            yield index, _cell_text(value)


def _merged_header_problems(table, merged_cells):
    from openpyxl.worksheet.cell_range import CellRange

    problems = []
    for merged in merged_cells.mergeCell if merged_cells else []:
        cells = CellRange(merged.ref)
        if cells.min_row == 1:
            problems.append(table.problem(f"The header cells {cells.coord} are merged. Unmerge them so each "
                                          "column has its own heading.", row=1))
    return problems
