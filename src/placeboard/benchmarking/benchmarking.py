"""Where the partnership stands among its comparators, and whether the gap for priority areas is narrowing.

Both panels are built from a fixed number of queries, whatever the size of the
comparator group or the number of areas. The `..._for` functions build them for
many indicators at once (the indicator page and the reports share them)."""

import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from placeboard.benchmarking.models import BenchmarkValue
from placeboard.core.models import Area, AreaSet
from placeboard.performance.charts import hbar_svg, trend_svg
from placeboard.performance.models import Indicator, Observation
from placeboard.performance.periods import parse_period

ORDINAL = {1: "st", 2: "nd", 3: "rd"}
QUARTILES = {1: "top quartile", 2: "second quartile", 3: "third quartile", 4: "bottom quartile"}


def lower_first(text):
    """"All of Wiltshire" in mid-sentence: "all of Wiltshire", keeping the place's capital."""
    return text[:1].lower() + text[1:]


def ordinal(n):
    suffix = "th" if 10 <= n % 100 <= 20 else ORDINAL.get(n % 10, "th")
    return f"{n}{suffix}"


@dataclass
class Ranked:
    authority: str
    gss_code: str
    value: Decimal
    rank: int
    tied: int  # how many authorities share this rank
    is_partnership: bool


@dataclass
class BenchmarkPanel:
    group: object
    period: str
    rows: list = field(default_factory=list)  # [Ranked], best first
    national: object = None
    partnership_row: object = None
    ranked: bool = True  # False for indicators without polarity: listed highest first, not ranked
    polarity: str = Indicator.Polarity.HIGHER
    chart: str = ""
    previous_period: str = ""  # the group's period before this one, if any
    previous_row: object = None  # the partnership's Ranked in that period
    previous_size: int = 0

    @property
    def size(self):
        return len(self.rows)

    @staticmethod
    def _rank_text(row, size):
        return f"{'=' if row.tied > 1 else ''}{ordinal(row.rank)} of {size}"

    @property
    def rank_label(self):
        """'6th of 56', or '=3rd of 6' when the rank is shared."""
        if self.partnership_row is None:
            return "Not among the values"
        if not self.ranked:
            return "Not ranked (no polarity)"
        return self._rank_text(self.partnership_row, self.size)

    @property
    def direction(self):
        """Whether the rank is better or worse than in the period before (rank 1 is best)."""
        if not self.ranked or self.partnership_row is None:
            return ""
        if self.previous_row is None:
            return f"No rank for an earlier period ({self.previous_period})" if self.previous_period else \
                "No earlier period"
        was = f"{self.previous_period}: {self._rank_text(self.previous_row, self.previous_size)}"
        if self.partnership_row.rank < self.previous_row.rank:
            return f"Better (was {was})"
        if self.partnership_row.rank > self.previous_row.rank:
            return f"Worse (was {was})"
        return f"Same (was {was})"

    @property
    def quartile(self):
        if not self.ranked or self.partnership_row is None:
            return None
        return min(4, math.ceil(4 * self.partnership_row.rank / self.size))

    @property
    def quartile_label(self):
        return QUARTILES.get(self.quartile, "")

    def statement(self):
        """Like seed 000: '6th highest out of 56 unitary councils'."""
        row = self.partnership_row
        if row is None:
            return "The partnership's own value is not among these figures."
        if not self.ranked:
            return f"{ordinal(row.rank)} highest of {self.size}; this indicator has no polarity, so it is not ranked."
        joint = f"joint {ordinal(row.rank)}" if row.tied > 1 else ordinal(row.rank)
        ties = f", tied with {row.tied - 1} other{'s' if row.tied > 2 else ''}" if row.tied > 1 else ""
        word = "highest" if self.polarity == Indicator.Polarity.HIGHER else "lowest"
        return (f"{joint[0].upper()}{joint[1:]} {word} out of {self.size} {self.group.name.lower()}{ties} "
                f"({self.quartile_label}; rank 1 is best).")


def is_ranked(indicator):
    """Only indicators with a direction (higher or lower is better) are ranked."""
    return indicator.polarity in (Indicator.Polarity.HIGHER, Indicator.Polarity.LOWER)


def rank_values(values, polarity, partnership_codes, partnership_names):
    """Standard competition ranking (1, 2, 2, 4): equal values share a rank, and the next rank skips."""
    descending = polarity != Indicator.Polarity.LOWER
    ordered = sorted(values, key=lambda v: (-v.value if descending else v.value, v.authority))
    rows, counts = [], {}
    for v in ordered:
        counts[v.value] = counts.get(v.value, 0) + 1
    previous, rank = None, 0
    for position, v in enumerate(ordered, start=1):
        if v.value != previous:
            rank, previous = position, v.value
        mine = (v.gss_code and v.gss_code in partnership_codes) or v.authority.lower() in partnership_names
        rows.append(Ranked(v.authority, v.gss_code, v.value, rank, counts[v.value], bool(mine)))
    return rows


def partnership_names(partnership):
    """The GSS codes and lower-case names by which the partnership appears among comparators. One query."""
    areas = list(Area.objects.filter(partnership=partnership).values_list("gss_code", "name"))
    codes = {code for code, _ in areas if code}
    names = {name.lower() for _, name in areas} | {partnership.place.lower()}
    return codes, names


def benchmark_panels_for(indicators, partnership, *, charts=True, until=None):
    """{indicator pk: [BenchmarkPanel]}: one panel per comparator group with values for the indicator, for
    its latest period (ending by `until`, a date, if given), with the partnership's rank in the period
    before. Two queries, however many indicators, groups, authorities or periods."""
    indicators = list(indicators)
    if not indicators:
        return {}
    codes, names = partnership_names(partnership)
    by_indicator = {}
    ends = {}  # period label: its end date, to keep periods ending by `until`
    for value in BenchmarkValue.objects.filter(indicator__in=indicators).select_related("group"):
        if until is not None:
            if value.period not in ends:
                ends[value.period] = parse_period(value.period).end
            if ends[value.period] > until:
                continue
        by_indicator.setdefault(value.indicator_id, {}).setdefault(value.group_id, []).append(value)
    result = {}
    for indicator in indicators:
        ranked = is_ranked(indicator)
        panels = []
        for values in by_indicator.get(indicator.pk, {}).values():
            periods = sorted({(v.period_start, v.period) for v in values})
            latest = periods[-1][1]
            current = [v for v in values if v.period == latest]
            panel = BenchmarkPanel(group=current[0].group, period=latest,
                                   national=next((v for v in current if v.is_national), None),
                                   ranked=ranked, polarity=indicator.polarity)
            panel.rows = rank_values([v for v in current if not v.is_national], indicator.polarity, codes, names)
            panel.partnership_row = next((r for r in panel.rows if r.is_partnership), None)
            if len(periods) > 1:
                panel.previous_period = periods[-2][1]
                before = rank_values([v for v in values if v.period == panel.previous_period and not v.is_national],
                                     indicator.polarity, codes, names)
                panel.previous_row = next((r for r in before if r.is_partnership), None)
                panel.previous_size = len(before)
            if charts:
                panel.chart = bar_svg(panel, indicator)
            panels.append(panel)
        result[indicator.pk] = sorted(panels, key=lambda p: p.group.name)
    return result


def benchmark_panels(indicator):
    """The panels of one indicator, for its page. Two queries."""
    return benchmark_panels_for([indicator], indicator.partnership)[indicator.pk]


def bar_svg(panel, indicator):
    """The panel's authorities as horizontal bars, best first (performance.charts.hbar_svg): the partnership's
    black, in bold and marked with an arrow, the national figure a dashed line, so neither relies on colour."""
    if not panel.rows:
        return ""
    rows = [(("▶ " if row.is_partnership else "") + row.authority, row.value, indicator.format_number(row.value),
             row.is_partnership) for row in panel.rows]
    national = panel.national
    reference = (national.authority, national.value, indicator.format_number(national.value)) if national else None
    return hbar_svg(f"{indicator.code} {panel.period}: {panel.group.name}",
                    "Each authority's value as a bar, best first; the partnership is marked with an arrow. "
                    "The table gives the same figures.", rows,
                    id_prefix=f"bench-{indicator.pk}-{panel.group.pk}",  # unique when a report shows many
                    reference=reference)


# -- narrowing the gap -----------------------------------------------------------------------

@dataclass
class GapRow:
    period: str
    priority: Decimal
    rest: Decimal
    gap: Decimal
    priority_areas: int
    rest_areas: int
    change: str = ""


@dataclass
class GapPanel:
    area_set: object
    rows: list
    verdict: str
    chart: str
    rest_label: str = "The rest"


def _mean(values):
    return sum(values) / len(values)


GAP_RULE = ("The gap is the rest minus the priority areas (each the simple average of its areas' figures); "
            "it is narrowing when its size, ignoring the sign, is smaller than in the period before, widening "
            "when larger, and unchanged when equal.")


def priority_area_sets(partnership):
    """The area sets whose name contains "priority", else the first area set. Two queries."""
    area_sets = list(AreaSet.objects.filter(partnership=partnership).prefetch_related("areas"))
    return [s for s in area_sets if "priority" in s.name.lower()] or area_sets[:1]


def gap_panels_for(indicators, partnership, area_sets=None, *, charts=True, until=None):
    """{indicator pk: [GapPanel]}: each area set's mean against the mean of the other areas of the same
    kinds, period by period (periods ending by `until`, a date, if given), for each indicator with enough
    area figures (indicators without are left out).

    Three queries (one when area_sets are given), however many indicators, areas or periods."""
    if area_sets is None:
        area_sets = priority_area_sets(partnership)
    indicators = list(indicators)
    if not area_sets or not indicators:
        return {}
    kinds = {a.area_type for s in area_sets for a in s.areas.all()}
    observations = (Observation.objects.filter(indicator__in=indicators, population_group=None, value__isnull=False)
                    .filter(Q(area=None) | Q(area__area_type__in=kinds)))
    if until is not None:
        observations = observations.filter(period_end__lte=until)
    figures = {}
    for indicator_id, period, area_id, area_type, value in (
            observations.order_by("period_start", "period_end", "period")
            .values_list("indicator_id", "period", "area_id", "area__area_type", "value")):
        figures.setdefault(indicator_id, []).append((period, area_id, area_type, value))
    result = {}
    for indicator in indicators:
        panels = [panel for area_set in area_sets
                  if (panel := _gap(indicator, partnership, area_set, figures.get(indicator.pk, []), charts,
                                    multiple=len(indicators) > 1 or len(area_sets) > 1)) is not None]
        if panels:
            result[indicator.pk] = panels
    return result


def _gap(indicator, partnership, area_set, figures, charts, multiple):
    in_set = {a.pk for a in area_set.areas.all()}
    kinds = {a.area_type for a in area_set.areas.all()}
    by_period, whole = {}, {}
    for period, area_id, area_type, value in figures:
        if area_id is None:
            whole[period] = value
            continue
        if area_type not in kinds:
            continue
        pair = by_period.setdefault(period, ([], []))
        pair[0 if area_id in in_set else 1].append(value)
    rest_label = "The rest"
    if not any(rest for _, rest in by_period.values()):
        # No other areas of the same kind have figures: compare with the whole place instead.
        rest_label = f"All of {partnership.place}"
        for period, (priority, rest) in by_period.items():
            if period in whole:
                rest.append(whole[period])
    rows = []
    for period, (priority, rest) in by_period.items():
        if priority and rest:
            p, r = _mean(priority), _mean(rest)
            rows.append(GapRow(period, p, r, r - p, len(priority), len(rest)))
    if not rows:
        return None
    for before, row in zip(rows, rows[1:]):
        if abs(row.gap) < abs(before.gap):
            row.change = "Narrowing"
        elif abs(row.gap) > abs(before.gap):
            row.change = "Widening"
        else:
            row.change = "No change"
    if len(rows) < 2:
        verdict = "Only one period has figures for both, so there is no trend yet."
    else:
        first, last = rows[0], rows[-1]
        fmt = indicator.format_number
        if abs(last.gap) < abs(first.gap):
            word = "narrowing"
        elif abs(last.gap) > abs(first.gap):
            word = "widening"
        else:
            word = "unchanged"
        verdict = (f"The gap is {word}: {fmt(abs(first.gap))} in {first.period}, "
                   f"{fmt(abs(last.gap))} in {last.period}.")
    chart = ""
    if charts:
        # The page has one gap chart; a report has many, so their ids name the indicator and set.
        prefix = f"gap-{indicator.pk}-{area_set.pk}" if multiple else "gap"
        chart = trend_svg(f"{indicator.code}: {area_set.name} and {lower_first(rest_label)}",
                          [(r.period, r.priority) for r in rows], [(r.period, r.rest) for r in rows],
                          indicator.format_number, id_prefix=prefix, legend=(area_set.name, rest_label),
                          description=f"{area_set.name} as a solid line with round markers and "
                                      f"{lower_first(rest_label)} as a dashed line with square markers")
    return GapPanel(area_set=area_set, rows=rows, verdict=verdict, chart=chart, rest_label=rest_label)


def gap_panel(indicator):
    """The priority area set's gap for one indicator, for its page. Three queries. None when there is no
    area set or too few area figures."""
    partnership = indicator.partnership
    panels = gap_panels_for([indicator], partnership, priority_area_sets(partnership)[:1])
    return panels.get(indicator.pk, [None])[0]


def indicator_panels(indicator):
    """The context the indicator page adds for benchmarking and the gap."""
    return {"benchmarks": benchmark_panels(indicator), "gap": gap_panel(indicator)}
