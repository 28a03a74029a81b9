"""The funding summary report in seed 003's Annex 3 layout, built as tables (placeboard.performance.reporting)
and registered by FundingConfig.ready().

Three parts (automatically pooled, other pooled, aligned), each with its
streams grouped by block (blocks in the order of their first stream's
position, as the agreement lists them), a sub total per block and a total; then the pooled,
aligned and overall totals. Amounts are summed exactly as Decimals; an empty
amount (not given, or NYQ) counts as nothing. Three queries whatever the
number of streams."""

from decimal import Decimal

from placeboard.core.models import within_theme
from placeboard.funding.models import FundingStream
from placeboard.performance.reporting import Cell, Report, Section

PARTS = [
    ("automatic", "Automatically pooled funding", "Total Automatically Pooled Funding"),
    ("other", "Other pooled funding", "Total Other Pooled Funding"),
    ("aligned", "Aligned funding", "Total Aligned Funding"),
]


def streams_for(partnership, theme=None, outcome=None):
    qs = FundingStream.objects.filter(partnership=partnership)
    if theme is not None:
        qs = qs.filter(within_theme(theme))
    if outcome is not None:
        qs = qs.filter(outcomes=outcome)
    return list(qs.select_related("theme").prefetch_related("amounts", "outcomes").order_by("position", "theme__code", "name"))


def add(totals, amounts):
    """Add a stream's {year: (capital, revenue)} into running totals, treating empty as nothing."""
    for year, (capital, revenue) in amounts.items():
        c, r = totals.get(year, (Decimal(0), Decimal(0)))
        totals[year] = (c + (capital or 0), r + (revenue or 0))


def stream_amounts(stream):
    return {a.year: (a.capital, a.revenue) for a in stream.amounts.all()}


def _money_cells(years, amounts, notes=None):
    cells = []
    for year in years:
        capital, revenue = amounts.get(year, (None, None))
        note = (notes or {}).get(year, "")
        capital_cell = Cell(capital if capital is not None else "")
        revenue_cell = Cell(revenue if revenue is not None else "")
        if note and revenue is None:
            revenue_cell.value = note
        elif note and capital is None:
            capital_cell.value = note
        elif note:
            revenue_cell.note = note
        cells += [capital_cell, revenue_cell]
    return cells


def _total_cells(years, totals):
    zero = (Decimal(0), Decimal(0))
    return [Cell(value) for year in years for value in totals.get(year, zero)]


def funding(partnership, round_=None, filters=None):
    """Seed 003 Annex 3. Needs no reporting round; filters by theme (block) and by the outcome streams serve.
    Streams belong to no group or area, so those filters are named as not applying rather than silently ignored."""
    theme, outcome = getattr(filters, "theme", None), getattr(filters, "outcome", None)
    streams = streams_for(partnership, theme, outcome)
    years = sorted({a.year for s in streams for a in s.amounts.all()})
    columns = ["Funding stream(s)", "Previously pooled Y/N"]
    for year in years:
        columns += [f"Amount £ {year} Capital", f"Amount £ {year} Revenue"]
    report = Report("funding", "Pooled and aligned funding", partnership,
                    subtitle=", ".join(years) if years else "No funding streams recorded",
                    notes=[f"Filtered by block: {theme}"] if theme else [])
    if outcome is not None:
        report.notes.append(f"Filtered by outcome served: {outcome}")
    unused = [name for name in ("group", "area") if getattr(filters, name, None) is not None]
    if unused:
        report.notes.append(f"Funding streams have no {' or '.join(unused)}, so that filter does not apply.")
    blank = [Cell("")] * (2 * len(years) + 1)
    overall = {}
    for category, heading, total_label in PARTS:
        part = [s for s in streams if s.category == category]
        if not part:
            continue
        section = Section(heading, columns)
        part_totals = {}
        by_block = {}
        for stream in part:
            by_block.setdefault(stream.theme, []).append(stream)
        for block, items in by_block.items():
            section.rows.append([Cell(str(block)), *blank])
            block_totals = {}
            heading_shown = ""
            for stream in items:
                if stream.heading and stream.heading != heading_shown:
                    section.rows.append([Cell(stream.heading), *blank])
                    heading_shown = stream.heading
                amounts = stream_amounts(stream)
                notes = {a.year: a.note for a in stream.amounts.all() if a.note}
                section.rows.append([Cell(stream.name), Cell("Y" if stream.previously_pooled else "N"),
                                     *_money_cells(years, amounts, notes)])
                add(block_totals, amounts)
            section.rows.append([Cell(f"Sub total {block.code}"), Cell(""), *_total_cells(years, block_totals)])
            add(part_totals, block_totals)
        section.rows.append([Cell(total_label), Cell(""), *_total_cells(years, part_totals)])
        overall[category] = part_totals
        report.sections.append(section)
    if streams:
        pooled, aligned, everything = {}, {}, {}
        add(pooled, overall.get("automatic", {}))
        add(pooled, overall.get("other", {}))
        add(aligned, overall.get("aligned", {}))
        add(everything, pooled)
        add(everything, aligned)
        summary = Section("Totals", ["Funding", "", *columns[2:]])
        summary.rows = [[Cell("Total pooled funding"), Cell(""), *_total_cells(years, pooled)],
                        [Cell("Total aligned funding"), Cell(""), *_total_cells(years, aligned)],
                        [Cell("Total pooled and aligned funding"), Cell(""), *_total_cells(years, everything)]]
        report.sections.append(summary)
    return report
