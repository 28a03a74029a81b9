"""A long report's PDF is laid out in chunks, each let go before the next, and the chunks' PDFs joined, so a
worker's memory stays bounded (reports.render.to_pdf, issue 16). The joined file must read as the one-document
PDF does: the same content in the same order, pages numbered "Page n of N" on across chunks, one running
header and time, and one tree of bookmarks."""

import io
import re
from types import SimpleNamespace

from pypdf import PdfReader

from placeboard.performance.reporting import Cell, Report, Section
from placeboard.reports import render

ROW = re.compile(r"T(\d) row (\d+)")


def chart(bars):
    """A bar chart whose labels end at the bars, as the benchmarking report's do."""
    items = "".join(f'<text x="90" y="{12 * i + 10}" text-anchor="end" font-size="10">Council {i}</text>'
                    f'<rect x="100" y="{12 * i}" width="{5 * i + 1}" height="10" fill="#b1b4b6"/>'
                    for i in range(bars))
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 {12 * bars}">{items}</svg>'


def long_report(themes=6, rows=30):
    sections = [Section(f"Theme {t}", ["Indicator", "Value"], rows=[[Cell(f"T{t} row {r}"), Cell(r)]
                                                                     for r in range(rows)],
                        summary=[("Trend", f"Trend of theme {t}", None)], subheading=f"About theme {t}.",
                        figures=[(f"Chart of theme {t}", chart(8))]) for t in range(themes)]
    return Report("test", "Long report", SimpleNamespace(name="Testshire Partnership"), subtitle="Latest figures",
                  sections=sections, notes=["A note under the title."])


def pages_text(data):
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    return reader, [page.extract_text() for page in reader.pages]


def rows_in_order(texts):
    return [(int(t), int(r)) for text in texts for t, r in ROW.findall(text)]


def test_chunks_cover_the_report_once_in_order_and_within_the_budget():
    report = long_report(themes=3, rows=100)  # each section (200 cells, a chart) is more than a chunk
    report.sections.append(Section("Nothing here", ["Indicator", "Value"]))
    chunks = render._pdf_chunks(report, 150)
    parts = [part for chunk in chunks for part in chunk]
    assert len(chunks) > 3
    assert all(sum(part.weight for part in chunk) <= 150 or len(chunk) == 1 for chunk in chunks)
    assert [row for part in parts for row in part.rows or []] == [row for s in report.sections for row in s.rows]
    assert [fig for part in parts for fig in part.figures] == [fig for s in report.sections for fig in s.figures]
    assert [part.section.heading for part in parts if part.head] == [s.heading for s in report.sections]
    # A section with no rows still says so, under its heading.
    assert [(part.head, part.rows) for part in parts if part.section.heading == "Nothing here"] == [(True, [])]
    # A long report in one chunk unless asked.
    assert len(render._pdf_chunks(long_report(), render.PDF_CHUNK_BOXES)) == 1


def test_a_chunked_pdf_reads_as_the_whole_one(monkeypatch):
    report = long_report()
    whole_reader, whole = pages_text(render.to_pdf(report))
    monkeypatch.setattr(render, "PDF_CHUNK_BOXES", 150)
    assert len(render._pdf_chunks(report, 150)) >= 4
    reader, texts = pages_text(render.to_pdf(report))

    # The same rows, headings, summaries, charts and notes, in the same order.
    assert rows_in_order(texts) == rows_in_order(whole) == [(t, r) for t in range(6) for r in range(30)]
    joined, whole_joined = " ".join(texts), " ".join(whole)
    for text in ["A note under the title.", "Trend of theme 5", "About theme 3.", "Chart of theme 4",
                 "Council 7"]:
        assert joined.count(text) == whole_joined.count(text) > 0, text
    assert [int(n) for n in re.findall(r"Theme (\d)\n", joined)] == list(range(6))
    assert texts[0].startswith("Long report\nTestshire Partnership · Latest figures\nA note under the title.")

    # Every page has the running header and footer, one time throughout, and its number of all the pages.
    made = set()
    for number, text in enumerate(texts, start=1):
        assert "Testshire Partnership · Long report" in text and "Latest figures" in text
        assert text.rstrip().endswith(f"Page {number} of {len(texts)}"), text[-60:]
        made.update(re.findall(r"Made by Placeboard (\d+ \w+ \d{4} \d\d:\d\d)", text))
    assert len(made) == 1 and texts[-1].count("Made by Placeboard") == 1

    # One tree of bookmarks, as WeasyPrint makes for one document: the title, then each heading under it, each
    # pointing at its own page.
    def tree(reader):
        assert len(reader.outline) == 2  # the title, then what is under it
        title, headings = reader.outline
        return title.title, [(h.title, reader.get_destination_page_number(h)) for h in headings]

    title, headings = tree(reader)
    assert (title, [h for h, _ in headings]) == ("Long report", [f"Theme {t}" for t in range(6)])
    assert [h for h, _ in tree(whole_reader)[1]] == [h for h, _ in headings]
    for heading, page in headings:
        assert f"{heading}\n" in texts[page]
    assert reader.metadata.title == whole_reader.metadata.title == "Long report – Testshire Partnership"


def test_placeboard_report_writes_a_chunked_pdf(tmp_path, monkeypatch, partnership, indicators):
    from placeboard.cli import main
    from placeboard.reports.builders import build

    monkeypatch.setattr(render, "PDF_CHUNK_BOXES", 20)
    assert len(render._pdf_chunks(build("dashboard", partnership), 20)) > 1
    output = tmp_path / "dashboard.pdf"
    assert main(["report", "dashboard", "--partnership", partnership.slug, "--format", "pdf", "-o", str(output)]) == 0
    _, texts = pages_text(output.read_bytes())
    assert texts[0].startswith("Partnership dashboard")
    assert texts[-1].rstrip().endswith(f"Page {len(texts)} of {len(texts)}")
