"""Turning a Report into HTML, PDF, XLSX or CSV."""

import csv
import io

from django.template.loader import render_to_string
from django.utils import timezone

from placeboard.reports.tables import RAG_LABELS

FORMATS = {
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
# Fills for spreadsheets; every RAG cell also says its status in words.
FILLS = {"green": "00703C", "amber": "F47738", "red": "D4351C", "too_early": "B1B4B6", "no_data": "B1B4B6",
         "monitor": "1D70B8"}


def to_csv(report):
    """One CSV table: a column for the section, then the section's own columns (padded)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([report.title, report.partnership.name, report.subtitle])
    for note in report.notes:
        writer.writerow([note])
    width = max((len(s.columns) for s in report.sections), default=0)
    for section in report.sections:
        writer.writerow(["Section", *section.columns] + [""] * (width - len(section.columns)))
        for label, value, _ in section.summary:
            writer.writerow([section.heading, f"Summary: {label}", value])
        for row in section.rows:
            writer.writerow([section.heading, *[_csv_text(cell) for cell in row]])
    return out.getvalue().encode("utf-8")


def _csv_text(cell):
    text = cell.text
    return f"{text} ({cell.note})" if cell.note else text


def to_xlsx(report):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    used = set()
    for index, section in enumerate(report.sections or [], start=1):
        name = _sheet_name(section.heading, index, used)
        sheet = workbook.create_sheet(name)
        sheet.append([report.title])
        sheet.append([section.heading])
        sheet["A1"].font = Font(bold=True, size=14)
        sheet["A2"].font = Font(bold=True)
        for note in report.notes:
            sheet.append([note])
        for label, value, _ in section.summary:
            sheet.append([label, value])
        sheet.append(section.columns)
        header_row = sheet.max_row
        for col in range(1, len(section.columns) + 1):
            sheet.cell(header_row, col).font = Font(bold=True)
        for row in section.rows:
            sheet.append([cell.value if cell.is_number else _csv_text(cell) for cell in row])
            for col, cell in enumerate(row, start=1):
                target = sheet.cell(sheet.max_row, col)
                target.alignment = Alignment(wrap_text=True, vertical="top")
                if cell.rag:
                    target.fill = PatternFill("solid", fgColor=FILLS.get(cell.rag, "FFFFFF"))
                    target.font = Font(bold=True, color="FFFFFF" if cell.rag in ("green", "red", "monitor") else "0B0C0C")
        sheet.freeze_panes = sheet.cell(header_row + 1, 1)
        for col in range(1, len(section.columns) + 1):
            sheet.column_dimensions[get_column_letter(col)].width = 18 if col > 2 else 40
    if not workbook.worksheets:
        workbook.create_sheet("Report").append([report.title, "No rows."])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sheet_name(heading, index, used):
    bad = '[]:*?/\\'
    name = "".join("-" if ch in bad else ch for ch in heading)[:28].strip() or f"Sheet {index}"
    while name in used:
        name = f"{name[:25]} {index}"
    used.add(name)
    return name


def to_html(report, *, printable=False, request=None, extra=None):
    context = {"report": report, "printable": printable, "generated": timezone.now(), "rag_labels": RAG_LABELS}
    context.update(extra or {})
    return render_to_string("reports/report.html" if not printable else "reports/print.html", context, request=request)


def to_pdf(report):
    from weasyprint import HTML

    return HTML(string=to_html(report, printable=True)).write_pdf()


def render(report, fmt, **kwargs):
    if fmt == "csv":
        return to_csv(report)
    if fmt == "xlsx":
        return to_xlsx(report)
    if fmt == "pdf":
        return to_pdf(report)
    return to_html(report, **kwargs).encode("utf-8")
