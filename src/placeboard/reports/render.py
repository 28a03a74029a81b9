"""Turning a Report into HTML, PDF, XLSX or CSV."""

import functools
import io
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from placeboard.core.spreadsheets import BOLD, WRAP, XLSX_TYPE, Style, Workbook, csv_bytes
from placeboard.performance.reporting import RAG_LABELS, Section

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
TITLE = Style(bold=True, size=14)  # a report's title at the top of each of its sheets


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
    """A status cell's style: its fill, in bold white or black, wrapped like the row's other cells."""
    return Style(bold=True, colour="FFFFFF" if rag in ("green", "red", "monitor") else "0B0C0C",
                 fill=FILLS.get(rag, "FFFFFF"), wrap=True)


def _append_row(sheet, row):
    """A report row, wrapped: numbers stay numbers, RAG cells are filled and say their status."""
    values = [cell.value if cell.is_number else _csv_text(cell) for cell in row]
    sheet.append([sheet.cell(value, style=_rag_style(cell.rag)) if cell.rag else value
                  for cell, value in zip(row, values, strict=True)], style=WRAP)


def _tidy_xlsx(report):
    """A sheet per tidy table, its header in row 1 and one row per item below, then a sheet saying what the
    report is (its title, round and notes), so the tables hold nothing but data."""
    book = Workbook()
    for table in report.tidy:
        sheet = book.sheet(table.heading, widths=[18 if col > 2 else 30 for col in range(1, len(table.columns) + 1)],
                           freeze="A2")
        sheet.append(table.columns, style=BOLD)
        for row in table.rows:
            _append_row(sheet, row)
    about = book.sheet("About", widths=[60])
    for line in [report.title, report.partnership.name, report.subtitle, *report.notes]:
        about.append([line])
    return book.to_bytes()


def to_xlsx(report):
    if getattr(report, "tidy", None):
        return _tidy_xlsx(report)
    book = Workbook()
    used = set()
    for index, section in enumerate(report.sections or [], start=1):
        header_row = 2 + len(report.notes) + len(section.summary) + 1
        columns = len(section.columns)
        sheet = book.sheet(_sheet_name(section.heading, index, used),
                           widths=[18 if col > 2 else 40 for col in range(1, columns + 1)],
                           freeze=f"A{header_row + 1}")
        sheet.append([report.title], style=TITLE)
        sheet.append([section.heading], style=BOLD)
        for note in report.notes:
            sheet.append([note])
        for label, value, _ in section.summary:
            sheet.append([label, value])
        sheet.append(section.columns, style=BOLD)
        for row in section.rows:
            _append_row(sheet, row)
    if not book.sheets:
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
    if printable and "parts" not in context:  # the whole report as one document (to_pdf may say which parts)
        context.update(parts=_print_parts(report, None), first=True, furniture="all")
    return render_to_string("reports/report.html" if not printable else "reports/print.html", context, request=request)


# WeasyPrint keeps a document's whole layout until its PDF is written, some 15 KB for every table cell and SVG
# element: 2.6 GB for the gap report of 300 indicators. So a report with more than this many is laid out in
# chunks of at most this many (about 150 MB), each written as a PDF of its own and let go, and the PDFs are
# joined (issue 16). A section is split only if it alone has more.
PDF_CHUNK_BOXES = 10_000


@dataclass
class _PrintPart:
    """Some of a section for print: its heading and summary (head), some of its table's rows (None: a part of
    figures only) and some of its figures. weight counts its cells and SVG elements."""

    section: Section
    head: bool
    rows: list | None
    figures: list
    weight: int


def _section_parts(section, budget):
    columns = max(len(section.columns), 1)
    head = 1 + 2 * len(section.summary)
    figures = [svg.count("<") for _, svg in section.figures]
    whole = head + columns * max(len(section.rows), 1) + sum(figures)
    if budget is None or whole <= budget:
        yield _PrintPart(section, True, section.rows, section.figures, whole)
        return
    step = max(budget // columns, 1)
    for start in range(0, max(len(section.rows), 1), step):
        rows = section.rows[start:start + step]
        yield _PrintPart(section, start == 0, rows, [], (head if start == 0 else 0) + columns * max(len(rows), 1))
    block, weight = [], 0
    for figure, figure_weight in zip(section.figures, figures, strict=True):
        if block and weight + figure_weight > budget:
            yield _PrintPart(section, False, None, block, weight)
            block, weight = [], 0
        block.append(figure)
        weight += figure_weight
    if block:
        yield _PrintPart(section, False, None, block, weight)


def _print_parts(report, budget):
    return [part for section in report.sections for part in _section_parts(section, budget)]


def _pdf_chunks(report, budget):
    """The report's parts in chunks of at most budget (or of one part that has more)."""
    chunks, chunk, weight = [], [], 0
    for part in _print_parts(report, budget):
        if chunk and weight + part.weight > budget:
            chunks.append(chunk)
            chunk, weight = [], 0
        chunk.append(part)
        weight += part.weight
    return [*chunks, chunk]


def to_pdf(report):
    from weasyprint import HTML  # lazy: WeasyPrint (~400 ms, loads Pango) only for PDFs

    generated = timezone.now()  # one time in every chunk's footer
    chunks = _pdf_chunks(report, PDF_CHUNK_BOXES)
    if len(chunks) == 1:
        extra = {"parts": chunks[0], "first": True, "furniture": "all", "generated": generated}
        return HTML(string=to_html(report, printable=True, extra=extra)).write_pdf()
    return join_pdfs(list(report_documents(report, generated, chunks)), generated)


def report_documents(report, generated, chunks=None, **extra):
    """The report as PDF documents (pdf_document), one per chunk, each with the running headers but no page
    numbers, for join_pdfs to number: a long report's chunks, or a board pack's reports. Each chunk's layout is
    let go before the next is laid out."""
    import gc

    for index, parts in enumerate(chunks or _pdf_chunks(report, PDF_CHUNK_BOXES)):
        context = {"parts": parts, "first": index == 0, "furniture": "running", "generated": generated, **extra}
        yield pdf_document(to_html(report, printable=True, extra=context))
        gc.collect()


def join_pdfs(documents, generated):
    """PDF documents (pdf_document) as one: joined in order (pypdf), numbered "Page n of N" from one more
    document of blank pages, and their headings' bookmarks made one tree. The joining waits until every layout
    is done, as joined pages take memory too (some 4 KB a PDF object)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    pages, bookmarks = 0, []
    for _, count, marks in documents:
        bookmarks += [(level, label, pages + page, x, y, state) for level, label, page, x, y, state in marks]
        pages += count
    numbers, _, _ = pdf_document(render_to_string("reports/print.html", {
        "parts": [], "pages": range(pages), "furniture": "numbers", "generated": generated}))
    writer = PdfWriter()
    for index, (pdf, _, _) in enumerate(documents):
        reader = PdfReader(io.BytesIO(pdf))
        if index == 0:
            writer.add_metadata(reader.metadata or {})  # the title, and WeasyPrint as the producer
            if "/Lang" in reader.root_object:
                writer.root_object[NameObject("/Lang")] = reader.root_object["/Lang"]
        writer.append(reader, import_outline=False)
        # The writer keeps every reader it took pages from: let go of what this one parsed, now copied.
        reader.resolved_objects.clear()
        documents[index] = None
    # WeasyPrint gives every group of a chart (an SVG text not anchored at its start, for one) a dictionary of
    # resources, nearly all alike: pypdf writes no object streams, so without this the file is a quarter bigger.
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=False)
    _lay_over(writer, PdfReader(io.BytesIO(numbers)))
    _outline(writer, bookmarks)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def pdf_document(html):
    """(PDF, number of pages, bookmarks) of an HTML document, keeping nothing of its layout. Each bookmark is
    (level, label, page index within it, x, y in PDF points from the bottom left, state)."""
    from weasyprint import HTML

    document = HTML(string=html).render()
    bookmarks = [(level, label, number, x * 0.75, (page.height - y) * 0.75, state)
                 for number, page in enumerate(document.pages) for level, label, (x, y), state in page.bookmarks]
    return document.write_pdf(), len(document.pages), bookmarks


def _lay_over(writer, numbers):
    """Draw each page of numbers over the same page of writer, as a form XObject with resources of its own: the
    chunks' content streams stay as they are (not decoded and written again), and no resource names clash."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

    def stream(data):  # pypdf has no public way to add a new object to a writer
        new = DecodedStreamObject()
        new.set_data(data)
        return writer._add_object(new)

    # WeasyPrint's drawing leaves the coordinate system flipped: keep that to the chunk's own stream.
    save, restore = stream(b"q\n"), stream(b"\nQ\n")
    for index, (page, number_page) in enumerate(zip(writer.pages, numbers.pages, strict=True)):
        form = number_page["/Contents"].clone(writer)  # as WeasyPrint compressed it
        resources = number_page.raw_get("/Resources").clone(writer)  # one for all: pypdf copies an object once
        form.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                     NameObject("/BBox"): ArrayObject(number_page.mediabox), NameObject("/Resources"): resources})
        # A chunk's pages share one dictionary of resources, with every XObject the chunk draws: each of its
        # pages' numbers goes in it under a name of its own (a dictionary for each page would copy them all).
        page_resources = page["/Resources"]
        if "/XObject" not in page_resources:
            page_resources[NameObject("/XObject")] = DictionaryObject()
        name = f"/PbPageNumber{index + 1}"
        page_resources["/XObject"][NameObject(name)] = form.indirect_reference
        draw = stream(f"{name} Do\n".encode())
        page[NameObject("/Contents")] = ArrayObject([save, page.raw_get("/Contents"), restore, draw])


def _outline(writer, bookmarks):
    """The bookmarks as one tree, as WeasyPrint makes it: each under the last one before it of a lower level."""
    from pypdf.generic import Fit

    above = []  # (level, outline item): the items a later one may go under
    for level, label, page, x, y, state in bookmarks:
        while above and above[-1][0] >= level:
            above.pop()
        item = writer.add_outline_item(title=label, page_number=page, parent=above[-1][1] if above else None,
                                       fit=Fit.xyz(left=x, top=y, zoom=0), is_open=state != "closed")
        above.append((level, item))


def render(report, fmt, **kwargs):
    if fmt == "csv":
        return to_csv(report)
    if fmt == "xlsx":
        return to_xlsx(report)
    if fmt == "pdf":
        return to_pdf(report)
    return to_html(report, **kwargs).encode("utf-8")
