"""The benchmarking and narrowing-the-gap reports, built as tables (placeboard.performance.reporting) from the
same functions as the indicator page's panels (placeboard.benchmarking.benchmarking), for all the filtered
indicators at once; BenchmarkingConfig.ready() registers them.

Neither needs a reporting round; given one, they show only periods up to its end. A fixed number of
queries whatever the number of indicators, comparator groups, authorities, areas or periods."""

from decimal import ROUND_HALF_UP, Decimal

from placeboard.benchmarking.benchmarking import (
    GAP_RULE,
    benchmark_panels_for,
    gap_panels_for,
    lower_first,
    priority_area_sets,
)
from placeboard.core.models import Theme
from placeboard.performance.reporting import Cell, Report, Section, indicator_queryset, theme_root

BENCHMARK_COLUMNS = ["Indicator", "Title", "Comparator group", "Period", "Polarity", "Value", "Rank",
                     "Quartile (1 = best)", "Group size", "National figure", "Since the period before"]


def _filtered_indicators(partnership, filters):
    return list(indicator_queryset(partnership, filters).prefetch_related("outcomes").order_by("code"))


def _notes(filters, round_, extra):
    notes = list(extra)
    if round_ is not None:
        notes.append(f"Periods up to the end of {round_.name} ({round_.period_end:%-d %B %Y}); figures as they "
                     "are today.")
    if filters.describe():
        notes.append(filters.describe())
    return notes


def benchmarking(partnership, round_, filters):
    """One row per indicator and comparator group: the latest period's value, rank, quartile, group size,
    national figure and whether the rank is better than the period before. Sections by theme."""
    indicators = _filtered_indicators(partnership, filters)
    themes = {t.pk: t for t in Theme.objects.filter(partnership=partnership)}
    panels = benchmark_panels_for(indicators, partnership, until=round_.period_end if round_ else None)
    sections = {}
    for indicator in indicators:
        if not panels.get(indicator.pk):
            continue
        outcomes = list(indicator.outcomes.all())
        theme = theme_root(themes, outcomes[0].theme_id) if outcomes else None
        section = sections.setdefault(theme.pk if theme else None, Section(
            str(theme) if theme else "Not linked to a theme", list(BENCHMARK_COLUMNS)))
        for panel in panels[indicator.pk]:
            row = panel.partnership_row
            section.rows.append([
                Cell(indicator.code), Cell(indicator.title), Cell(panel.group.name), Cell(panel.period),
                Cell(indicator.get_polarity_display()),
                Cell(row.value if row else ""),
                Cell(panel.rank_label),
                Cell(panel.quartile if panel.quartile else ""),
                Cell(panel.size),
                Cell(panel.national.value if panel.national else ""),  # a number, so no note on it
                Cell(panel.direction),
            ])
            section.figures.append((f"{indicator.code} {indicator.title}: {panel.statement()}", panel.chart))
    extra = ["Rank 1 is best: higher-is-better indicators rank from the highest value, lower-is-better from the "
             "lowest. Equal values share a rank, shown as =, and the next rank is skipped. Quartile is rank × 4 ÷ "
             "group size, rounded up. Indicators without a polarity are not ranked."]
    if filters.area is not None:
        extra.append("Comparator values are for whole authorities, so the area filter does not narrow them.")
    return Report("benchmarking", "Benchmarking: rank among comparators", partnership,
                  subtitle=round_.name if round_ else "Latest figures",
                  sections=sorted(sections.values(), key=lambda s: s.heading),
                  notes=_notes(filters, round_, extra))


def _rounded(value, places):
    """Averages can have many decimal places: show one more than the indicator's own."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def gap(partnership, round_, filters):
    """For each indicator with figures by area: per period, the priority areas' average, the rest's, the
    gap and whether it is narrowing. A section per indicator and priority area set."""
    indicators = _filtered_indicators(partnership, filters)
    area_sets = priority_area_sets(partnership)
    extra = [GAP_RULE + " If no other area of the same kinds has figures, the figure for the whole place "
             "stands for the rest.",
             "Averages and gaps are rounded to one more decimal place than the indicator's; narrowing and "
             "widening are decided on the unrounded figures."]
    if filters.area is not None:
        area_sets = [s for s in area_sets if filters.area in s.areas.all()]
        extra.append(f"Only area sets that include {filters.area}.")
    panels = gap_panels_for(indicators, partnership, area_sets, until=round_.period_end if round_ else None)
    report = Report("gap", "Narrowing the gap", partnership, subtitle=round_.name if round_ else "Latest figures",
                    notes=_notes(filters, round_, extra))
    if not area_sets:
        report.notes.insert(0, "There is no priority area set: add one (an area set whose name contains "
                               "\u201cpriority\u201d) under Areas.")
    for indicator in indicators:
        for panel in panels.get(indicator.pk, []):
            places = indicator.decimal_places + 1
            section = Section(
                f"{indicator.code} {indicator.title}: {panel.area_set.name}",
                ["Period", panel.area_set.name, "Areas in the set", panel.rest_label, "Other areas", "Gap",
                 "Since the period before"],
                summary=[("Trend", panel.verdict, None)],
                subheading=f"{panel.area_set.name} against {lower_first(panel.rest_label)}.",
            )
            for row in panel.rows:
                section.rows.append([
                    Cell(row.period), Cell(_rounded(row.priority, places)), Cell(row.priority_areas),
                    Cell(_rounded(row.rest, places)), Cell(row.rest_areas), Cell(_rounded(row.gap, places)),
                    Cell(row.change or "First period"),
                ])
            section.figures.append((f"{indicator.code}: {panel.area_set.name} and {lower_first(panel.rest_label)}",
                                    panel.chart))
            report.sections.append(section)
    return report

