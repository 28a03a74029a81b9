"""Exports in the import formats, so export → import changes nothing."""

import itertools

from placeboard.core.spreadsheets import XLSX_TYPE, Workbook, csv_bytes
from placeboard.imports.importers import COLUMNS, KIND_NAMES
from placeboard.imports.models import BenchmarkValue
from placeboard.performance.models import Indicator, Observation, Target


def _yes(flag):
    return "yes" if flag else "no"


def _rows(kind, partnership):
    """The queryset an export reads: one row of the file per row of it."""
    if kind == "actuals":
        return Observation.objects.filter(indicator__partnership=partnership)
    if kind == "targets":
        return Target.objects.filter(indicator__partnership=partnership)
    if kind == "indicators":
        return Indicator.objects.filter(partnership=partnership)
    if kind == "benchmarks":
        return BenchmarkValue.objects.filter(group__partnership=partnership)
    raise ValueError(f"Unknown kind '{kind}'.")


def row_count(kind, partnership):
    """How many rows the export has (one query): a large one is made in the background, not in a request."""
    return _rows(kind, partnership).count()


def rows_for(kind, partnership):
    """The rows of an export: each a list of values in COLUMNS[kind] order (Decimals for numbers)."""
    if kind == "actuals":
        observations = (_rows(kind, partnership)
                        .select_related("indicator", "area", "population_group")
                        .order_by("indicator__code", "period_start", "period_end", "area__name",
                                  "population_group__name"))
        for o in observations.iterator(chunk_size=5000):
            area = (o.area.gss_code or o.area.name) if o.area else ""
            yield [o.indicator.code, o.period, area, o.population_group.name if o.population_group else "",
                   o.value, o.status, o.note, o.expected]
    elif kind == "targets":
        targets = (_rows(kind, partnership).select_related("indicator")
                   .order_by("indicator__code", "kind", "period_start", "period_end"))
        for t in targets:
            yield [t.indicator.code, t.kind, t.period, t.value, t.text, _yes(t.to_be_set), t.note]
    elif kind == "indicators":
        indicators = (_rows(kind, partnership).select_related("lead_organisation")
                      .prefetch_related("tags", "outcomes"))
        for i in indicators:
            yield [i.code, i.title, i.definition, i.rationale, i.value_type, i.units, i.polarity, i.decimal_places,
                   _yes(i.cumulative), i.data_source, i.collection_interval, i.reporting_organisation,
                   i.spatial_level, i.lead_organisation.name if i.lead_organisation else "", i.owner,
                   i.minimum_value, i.maximum_value, i.band_low, i.band_high, i.tolerance_kind,
                   i.tolerance_amount, "; ".join(sorted(t.name for t in i.tags.all())),
                   "; ".join(sorted(o.code for o in i.outcomes.all()))]
    elif kind == "benchmarks":
        values = (_rows(kind, partnership)
                  .select_related("group", "indicator")
                  .order_by("group__name", "indicator__code", "period_start", "period", "authority"))
        for v in values:
            yield [v.group.name, v.indicator.code, v.period, v.authority, v.gss_code, v.value]
    else:
        raise ValueError(f"Unknown kind '{kind}'.")


def to_csv(kind, partnership):
    # With a BOM, Excel opens UTF-8 correctly; the importer accepts it. Text a spreadsheet would run as a
    # formula gets a leading quote, which the importer's reader takes off again (core.spreadsheets).
    return csv_bytes(itertools.chain([COLUMNS[kind]], rows_for(kind, partnership)), bom=True)


def to_xlsx(kind, partnership):
    book = Workbook()
    sheet = book.sheet(KIND_NAMES[kind])
    sheet.append(COLUMNS[kind])
    for row in rows_for(kind, partnership):
        # Numbers stay numbers; text is always a string cell, never a formula.
        sheet.append(row)
    return book.to_bytes()


def export(kind, partnership, fmt):
    """(bytes, content type, file name)."""
    name = f"{partnership.slug}-{kind}.{fmt}"
    if fmt == "csv":
        return to_csv(kind, partnership), "text/csv; charset=utf-8", name
    if fmt == "xlsx":
        return to_xlsx(kind, partnership), XLSX_TYPE, name
    raise ValueError(f"Unknown format '{fmt}'; choose csv or xlsx.")
