"""Turning a Report into HTML, PDF, XLSX or CSV."""

import functools

from django.template.loader import render_to_string
from django.utils import timezone

from placeboard.core.spreadsheets import XLSX_TYPE, Workbook, csv_bytes
from placeboard.performance.reporting import RAG_LABELS

FORMATS = {
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": XLSX_TYPE,
    "pdf": "application/pdf",
}
# Fills for spreadsheets; every RAG cell also says its status in words.
FILLS = {"green": "00703C", "amber": "F47738", "red": "D4351C", "too_early": "B1B4B6", "no_target": "B1B4B6",
         "overdue": "912B88", "no_data": "B1B4B6",
         "monitor": "1D70B8"}


def to_csv(report):
    """One CSV table: a column for the section, then the section's own columns (padded).

    A report with tidy tables (report.tidy, a list of Sections with rows and no summary) gives its first
    instead: one header row, then one row per item, nothing else, for analysis in a spreadsheet or R.
    Numbers stay numbers; text a spreadsheet would run as a formula gets a leading quote (core.spreadsheets)."""
    tidy = getattr(report, "tidy", None)
    if tidy:
        return csv_bytes([tidy[0].columns, *[[_value(cell) for cell in row] for row in tidy[0].rows]])
    return csv_bytes(_csv_rows(report))


def _csv_rows(report):
    yield [report.title, report.partnership.name, report.subtitle]
    for note in report.notes:
        yield [note]
    width = max((len(s.columns) for s in report.sections), default=0)
    for section in report.sections:
        yield ["Section", *section.columns] + [""] * (width - len(section.columns))
        for label, value, _ in section.summary:
            yield [section.heading, f"Summary: {label}", value]
        for row in section.rows:
            yield [section.heading, *[_value(cell) for cell in row]]


def _csv_text(cell):
    text = cell.text
    return f"{text} ({cell.note})" if cell.note else text


def _value(cell):
    """A number as a number (unless a note goes with it), anything else as its text."""
    return cell.value if cell.is_number and not cell.note else _csv_text(cell)


@functools.cache
def _rag_style(rag):
    """The fill and font of a status cell: made once, so the sheet reuses the style (core.spreadsheets.Sheet)."""
    from openpyxl.styles import Font, PatternFill  # lazy: openpyxl, as in to_xlsx

    return {"fill": PatternFill("solid", fgColor=FILLS.get(rag, "FFFFFF")),
            "font": Font(bold=True, color="FFFFFF" if rag in ("green", "red", "monitor") else "0B0C0C")}


def _styled_row(sheet, row, wrap):
    """A report row as styled cells: numbers stay numbers, RAG cells are filled and say their status."""
    return [sheet.cell(cell.value if cell.is_number else _csv_text(cell), alignment=wrap,
                       **(_rag_style(cell.rag) if cell.rag else {})) for cell in row]


def _tidy_xlsx(report):
    """A sheet per tidy table, its header in row 1 and one row per item below, then a sheet saying what the
    report is (its title, round and notes), so the tables hold nothing but data."""
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    wrap, bold = Alignment(wrap_text=True, vertical="top"), Font(bold=True)
    for table in report.tidy:
        sheet = book.sheet(table.heading, widths=[18 if col > 2 else 30 for col in range(1, len(table.columns) + 1)],
                           freeze="A2")
        sheet.append(table.columns, font=bold)
        for row in table.rows:
            sheet.append(_styled_row(sheet, row, wrap))
    about = book.sheet("About", widths=[60])
    for line in [report.title, report.partnership.name, report.subtitle, *report.notes]:
        about.append([line])
    return book.to_bytes()


def to_xlsx(report):
    from openpyxl.styles import Alignment, Font  # lazy: openpyxl (~150 ms) only for XLSX

    if getattr(report, "tidy", None):
        return _tidy_xlsx(report)
    book = Workbook()
    used = set()
    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)
    for index, section in enumerate(report.sections or [], start=1):
        header_row = 2 + len(report.notes) + len(section.summary) + 1
        columns = len(section.columns)
        sheet = book.sheet(_sheet_name(section.heading, index, used),
                           widths=[18 if col > 2 else 40 for col in range(1, columns + 1)],
                           freeze=f"A{header_row + 1}")
        sheet.append([report.title], font=Font(bold=True, size=14))
        sheet.append([section.heading], font=bold)
        for note in report.notes:
            sheet.append([note])
        for label, value, _ in section.summary:
            sheet.append([label, value])
        sheet.append(section.columns, font=bold)
        for row in section.rows:
            sheet.append(_styled_row(sheet, row, wrap))
    if not book.workbook.worksheets:
        book.sheet("Report").append([report.title, "No rows."])
    return book.to_bytes()


def _sheet_name(heading, index, used):
    bad = '[]:*?/\\'
    name = "".join("-" if ch in bad else ch for ch in heading)[:28].strip() or f"Sheet {index}"
    while name in used:
        name = f"{name[:25]} {index}"
    used.add(name)
    return name


def to_html(report, *, printable=False, request=None, extra=None):
    context = {"report": report, "partnership": report.partnership, "printable": printable, "generated": timezone.now(), "rag_labels": RAG_LABELS}
    context.update(extra or {})
    return render_to_string("reports/report.html" if not printable else "reports/print.html", context, request=request)


def to_pdf(report):
    from weasyprint import HTML  # lazy: WeasyPrint (~400 ms, loads Pango) only for PDFs

    return HTML(string=to_html(report, printable=True)).write_pdf()


def render(report, fmt, **kwargs):
    if fmt == "csv":
        return to_csv(report)
    if fmt == "xlsx":
        return to_xlsx(report)
    if fmt == "pdf":
        return to_pdf(report)
    return to_html(report, **kwargs).encode("utf-8")
