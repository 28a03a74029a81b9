"""The funding summary report against seed 003's published Annex 3 figures, read back from every format."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from placeboard.funding.annex3 import PUBLISHED, PUBLISHED_ALIGNED, PUBLISHED_POOLED, STREAMS
from placeboard.funding.demo import load_annex3
from placeboard.funding.models import FundingAmount, FundingStream
from placeboard.reports.builders import build
from placeboard.reports.render import render

PART_OF = {"Automatically pooled funding": "automatic", "Other pooled funding": "other", "Aligned funding": "aligned"}
TOTALS = {"Total Automatically Pooled Funding": "automatic", "Total Other Pooled Funding": "other",
          "Total Aligned Funding": "aligned"}


def money(text):
    return Decimal(str(text).replace(",", "")) if text not in ("", None) else None


def figures(rows):
    """{(part, block or None): (capital, revenue)} and the overall totals from (section, label, capital, revenue) rows."""
    found, totals = {}, {}
    for section, label, capital, revenue in rows:
        if section in PART_OF and label.startswith("Sub total "):
            found[(PART_OF[section], label.removeprefix("Sub total "))] = (money(capital), money(revenue))
        elif label in TOTALS:
            found[(TOTALS[label], None)] = (money(capital), money(revenue))
        elif section == "Totals":
            totals[label] = (money(capital), money(revenue))
    return found, totals


def check(found, totals):
    assert found == {k: (Decimal(c), Decimal(r)) for k, (c, r) in PUBLISHED.items()}
    assert sum(totals["Total pooled funding"]) == PUBLISHED_POOLED
    assert sum(totals["Total aligned funding"]) == PUBLISHED_ALIGNED
    assert totals["Total pooled and aligned funding"] == (Decimal(609760 + 13799000),
                                                          Decimal(16473426 + 11392494 + 14608000))


def test_every_annex3_line_is_loaded_once_and_reloading_changes_nothing(coventry):
    assert FundingStream.objects.filter(partnership=coventry).count() == len(STREAMS)
    load_annex3(coventry)
    assert FundingStream.objects.filter(partnership=coventry).count() == len(STREAMS)
    assert FundingAmount.objects.filter(stream__partnership=coventry).count() == len(STREAMS)
    standards = FundingAmount.objects.get(stream__name="Standards Fund (non-devolved)")
    assert (standards.revenue, standards.note) == (None, "NYQ")


def test_csv_subtotals_and_totals_equal_seed_003(coventry):
    rows = list(csv.reader(io.StringIO(render(build("funding", coventry), "csv").decode())))
    check(*figures((r[0], r[1], r[3], r[4]) for r in rows[1:] if len(r) >= 5 and r[0] != "Section"))
    assert ["Automatically pooled funding", "Children's Fund", "Y", "", "947592"] in rows
    assert ["Aligned funding", "Standards Fund (non-devolved)", "N", "", "NYQ"] in rows
    blocks = [r[1] for r in rows if r[0] == "Automatically pooled funding" and r[1].startswith("Sub total")]
    assert blocks == ["Sub total CYP", "Sub total SSC", "Sub total HCOP", "Sub total EED"]  # Annex 3's order


def test_xlsx_subtotals_and_totals_equal_seed_003(coventry):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(render(build("funding", coventry), "xlsx")))
    rows = []
    for sheet in book.worksheets:
        section = sheet["A2"].value
        for label, _, capital, revenue, *_ in sheet.iter_rows(min_row=4, values_only=True):
            if label is not None:
                rows.append((section, label, capital, revenue))
    assert ("Automatically pooled funding", "Sub total CYP", 0, 6671326) in rows  # numbers, not text
    check(*figures(rows))


def test_pdf_text_shows_seed_003_totals(coventry):
    from pypdf import PdfReader

    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(render(build("funding", coventry), "pdf"))).pages)
    text = " ".join(text.split())
    for label, numbers in [("Sub total CYP", "0 6671326"), ("Total Automatically Pooled Funding", "609760 16473426"),
                           ("Sub total SSC", "134760 3014002"), ("Total Other Pooled Funding", "0 11392494"),
                           ("Total Aligned Funding", "13799000 14608000")]:
        assert f"{label} {numbers}" in text


def test_theme_filter_keeps_one_block(coventry):
    from placeboard.core.models import Theme
    from placeboard.reports.builders import Filters

    report = build("funding", coventry, None, Filters(theme=Theme.objects.get(partnership=coventry, code="EED")))
    labels = [row[0].text for s in report.sections for row in s.rows]
    assert "Sub total EED" in labels and "Sub total CYP" not in labels
    assert [c.value for c in report.sections[-1].rows[0][2:]] == [Decimal(475000), Decimal(6074547)]


def test_outcome_filter_keeps_the_streams_serving_it_and_other_filters_are_named(coventry):
    from placeboard.core.models import Group, Outcome
    from placeboard.reports.builders import Filters

    outcome = Outcome.objects.get(partnership=coventry, code="CYP.6")
    report = build("funding", coventry, None, Filters(outcome=outcome))
    names = [row[0].text for s in report.sections[:-1] for row in s.rows]
    assert "Positive Activities for Young People" in names and "LEGI" not in names
    assert [c.value for c in report.sections[-1].rows[-1][2:]] == [Decimal(0), Decimal(369441)]
    assert f"Filtered by outcome served: {outcome}" in report.notes

    group = Group.objects.filter(partnership=coventry).first()
    report = build("funding", coventry, None, Filters(group=group))
    assert "Funding streams have no group, so that filter does not apply." in report.notes
    assert "LEGI" in [row[0].text for s in report.sections for row in s.rows]


def test_report_needs_no_round_on_the_web_and_from_the_command_line(coventry, client, personas, tmp_path):
    client.force_login(personas["viewer"])
    page = client.get(reverse("report", args=[coventry.slug, "funding"]))
    assert page.status_code == 200
    assert "Total Automatically Pooled Funding" in page.content.decode()
    download = client.get(reverse("report", args=[coventry.slug, "funding"]), {"format": "xlsx"})
    assert download.status_code == 200 and download.content[:2] == b"PK"
    index = client.get(reverse("report_index", args=[coventry.slug])).content.decode()
    assert "Pooled and aligned funding" in index

    from argparse import Namespace

    from placeboard import cli

    out = tmp_path / "f.csv"
    assert cli.report(Namespace(kind="funding", partnership=coventry.slug, round=None, format="csv", output=str(out))) == 0
    assert "6671326" in out.read_text()


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "html"])
def test_empty_partnership_gets_an_empty_report(partnership, fmt):
    assert render(build("funding", partnership), fmt)
