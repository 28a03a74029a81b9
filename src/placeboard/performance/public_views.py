"""The public performance site: residents see the indicators officers publish (docs/public-performance.md).

What is public, and nothing else:
- an indicator an officer marked public, or any indicator serving an outcome within a theme marked public;
- of those, only final whole-place and area figures (Observation.status final), and their targets;
- commentary only where an officer published it (Observation.note_public) on a final figure.

Every status shown is worked out from final figures alone (published_rows): the figures a resident can check.
A provisional figure is never read into a status, a direction of travel or a chart; where one is newer than the
latest final figure, the page says that figures are provisional and not yet published, and no more.

Anything not public is "page not found", as an unknown partnership or an indicator of another partnership is.
Each page runs a fixed number of queries, whatever the number of indicators, periods or areas."""

import itertools
import json
from collections import Counter
from dataclasses import dataclass

from django.db.models import Max, OuterRef, Prefetch, Q, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from placeboard.core import fragments
from placeboard.core.models import THEME_LEVELS, Outcome, Partnership
from placeboard.core.spreadsheets import write_csv
from placeboard.performance import assessment as rules
from placeboard.performance.charts import trend_svg
from placeboard.performance.evaluation import (
    PeriodRow,
    _earlier,  # the direction of travel's rule, applied here to final figures only
    assess_observation,
    assess_periods,
    split_targets,
)
from placeboard.performance.figures import plain
from placeboard.performance.models import Indicator, Judgement, Observation, Target
from placeboard.performance.panels import indicator_panels
from placeboard.performance.periods import parse_period

FINAL = Observation.Status.FINAL
# What a resident sees: final figures, signed off where the partnership asks for sign-off (docs/approval.md).
PUBLISHED = Q(status=FINAL, approval=Observation.Approval.PUBLISHED)
MAX_DOWNLOAD_ROWS = 5000  # an indicator's figures are a few hundred at most; the JSON stays bounded regardless


def public_q(prefix=""):
    """Q: the indicator (at `prefix`) is public, itself or through a public theme above an outcome it serves."""
    q = Q(**{f"{prefix}public": True})
    for level in range(THEME_LEVELS):
        q |= Q(**{f"{prefix}outcomes__theme" + "__parent" * level + "__public": True})
    return q


def public_indicators(partnership):
    """The partnership's public indicators (a subquery, so the joins through outcomes add no duplicates)."""
    ids = Indicator.objects.filter(public_q(), partnership=partnership).values("pk")
    return Indicator.objects.filter(partnership=partnership, pk__in=ids)


def _final():
    return Observation.objects.filter(PUBLISHED, value__isnull=False, area=None, population_group=None)


def with_published_figures(queryset, latest_only=False):
    """What assessing published figures needs, fetched once for all the indicators: the targets with their
    profiles, the final whole-place figures (as headline_observations, which evaluation reads) and the
    judgements. Five queries with the indicators.

    latest_only: instead of the figures and targets, the id of the latest final figure (latest_final, as
    evaluation.headline chooses: ending last, the longer when two end together), for attach_latest: a list
    of 300 indicators of 40 quarters then reads 300 figures, not 12,000."""
    queryset = queryset.select_related("partnership").prefetch_related(
        Prefetch("judgements", queryset=Judgement.objects.all(), to_attr="fetched_judgements"))
    if latest_only:
        latest = _final().filter(indicator=OuterRef("pk")).order_by("-period_end", "period_start")
        return queryset.annotate(latest_final=Subquery(latest.values("pk")[:1]))
    return queryset.prefetch_related(
        Prefetch("targets", queryset=Target.objects.with_profiles()),
        Prefetch("observations", queryset=_final(), to_attr="headline_observations"))


def attach_latest(indicators):
    """For indicators fetched with with_published_figures(latest_only=True): each one's latest final figure
    (headline_observations) and the targets that figure is assessed with (headline_targets): its period's
    own or one containing it (evaluation._target_for), and the baselines ending by then. Four queries; the
    targets are chosen from their periods alone, so only those needed become objects."""
    figures = Observation.objects.in_bulk([i.latest_final for i in indicators if i.latest_final is not None])
    latest = {i.pk: figures[i.latest_final] for i in indicators if i.latest_final is not None}
    wanted = [pk for pk, indicator_id, kind, start, end in
              Target.objects.filter(indicator__in=list(latest)).values_list("pk", "indicator", "kind",
                                                                             "period_start", "period_end")
              if (kind == Target.Kind.TARGET and start <= latest[indicator_id].period_start
                  and end >= latest[indicator_id].period_end)
              or (kind == Target.Kind.BASELINE and end <= latest[indicator_id].period_end)]
    targets = {}
    for target in Target.objects.filter(pk__in=wanted).with_profiles():
        targets.setdefault(target.indicator_id, []).append(target)
    for indicator in indicators:
        figure = latest.get(indicator.pk)
        indicator.headline_observations = [figure] if figure is not None else []
        indicator.headline_targets = targets.get(indicator.pk, [])
        for target in indicator.headline_targets:
            target.indicator = indicator  # target.display() formats with it


def _judgements(indicator):
    return {j.period: j for j in indicator.fetched_judgements}


def _latest(observations):
    """The headline rule's choice (evaluation.headline): the figure ending last, the longer when two end together."""
    return max(observations, key=lambda o: (o.period_end, -o.period_start.toordinal()), default=None)


def published_headline(indicator):
    """The PeriodRow of the latest period with a final figure, assessed from final figures only, or None.

    The same row assess_periods gives for that period (each period is assessed on its own), without assessing
    every other period: the listing needs only this one. With the latest figure alone (attach_latest) its
    direction of travel is not comparable, which the listing does not show."""
    observations = {o.period: o for o in indicator.headline_observations}
    latest = _latest(observations.values())
    if latest is None:
        return None
    period = parse_period(latest.period)
    targets = getattr(indicator, "headline_targets", None)
    targets, baselines = split_targets(indicator.targets.all() if targets is None else targets)
    earlier = _earlier(period, observations, indicator.cumulative)
    target, baseline, result, direction = assess_observation(indicator, period, latest, targets, baselines, earlier)
    return PeriodRow(period, baseline, target, latest, result, direction, _judgements(indicator).get(latest.period),
                     earlier)


def published_rows(indicator):
    """Every period with a final figure or a target, assessed from final figures only (no deadlines: whether
    a figure is overdue is the partnership's business, not a published result)."""
    return assess_periods(indicator, _judgements(indicator))


def unpublished_since(indicators):
    """{indicator pk: end of its latest whole-place figure that is not final}. One query, one row per indicator."""
    return dict(Observation.objects.filter(indicator__in=indicators, area=None, population_group=None,
                                           value__isnull=False).exclude(PUBLISHED)
                .values("indicator").annotate(end=Max("period_end")).values_list("indicator", "end"))


def _og(request, title, description):
    """Open Graph metadata: what a link shared on social media shows."""
    return {"title": title, "description": description, "url": request.build_absolute_uri(request.path)}


def _status_order(item):
    return list(rules.Status).index(item[0])


def _indicator_og(indicator, latest, newer):
    name = f"{indicator.code} {indicator.title.rstrip('. ')}"
    if latest is None:
        return f"{name}: no final figures yet", "No final figures have been published for this indicator yet."
    figure = f"{indicator.format_value(latest.observation.value)} in {latest.period.label}"
    compared = latest.assessment.compared_target
    if compared is not None:
        figure += f" against a target of {indicator.format_value(compared)}"
    later = f" Figures for {newer[-1].label} are provisional and not yet published." if newer else ""
    return f"{name}: {latest.status.label}", f"{figure}: {latest.status.label}.{later}"


def _partnership(slug):
    return get_object_or_404(Partnership, slug=slug)


def _public_indicator(partnership, pk):
    return get_object_or_404(with_published_figures(public_indicators(partnership)), pk=pk)


@dataclass
class Listed:
    indicator: object
    row: object  # the published headline PeriodRow, or None
    newer_provisional: bool

    @property
    def status(self):
        return self.row.status if self.row is not None else None


def _root(theme):
    while theme.parent_id is not None:
        theme = theme.parent
    return theme


def performance(request, slug):
    """The ambitions (top-level themes), their outcomes and their public indicators, each with its headline.

    The same for every resident, so kept in the cache until the partnership's data changes (core/fragments.py):
    a link shared on social media may bring many at once."""
    partnership = _partnership(slug)
    listing = fragments.cached(partnership.pk, "public-performance", [], lambda: _listing(partnership))
    return render(request, "performance/public/performance.html", {
        "partnership": partnership, "count": listing["count"], "listing": mark_safe(listing["html"]),  # rendered
        "og": _og(request, f"{partnership.name}: how we are doing",
                  f"How {partnership.name} is doing against its targets for {partnership.place}: "
                  + (listing["counted"] or "no final figures published yet") + "."),
    })


def _listing(partnership):
    """{count, counted (the statuses in words), html (performance/public/_listing.html)} of the listing."""
    outcomes = Outcome.objects.select_related("theme" + "__parent" * (THEME_LEVELS - 1)).order_by("code")
    indicators = list(with_published_figures(public_indicators(partnership), latest_only=True).order_by("code", "pk")
                      .prefetch_related(Prefetch("outcomes", queryset=outcomes, to_attr="outcome_list")))
    attach_latest(indicators)
    newer = unpublished_since(public_indicators(partnership).values("pk"))
    ambitions, unplaced, everything = {}, [], []
    for indicator in indicators:
        row = published_headline(indicator)
        end = newer.get(indicator.pk)
        listed = Listed(indicator, row, end is not None and (row is None or end > row.period.end))
        everything.append(listed)
        placed = False
        for outcome in indicator.outcome_list:
            root = _root(outcome.theme)
            # Listed under an outcome only where the indicator is public itself or through that ambition.
            if indicator.public or any(t.public for t in _chain(outcome.theme)):
                ambition = ambitions.setdefault(root.pk, {"theme": root, "outcomes": {}})
                ambition["outcomes"].setdefault(outcome.pk, {"outcome": outcome, "rows": []})["rows"].append(listed)
                placed = True
        if not placed:
            unplaced.append(listed)
    sections = [{"theme": a["theme"], "outcomes": [o for _, o in sorted(a["outcomes"].items(),
                                                                         key=lambda kv: kv[1]["outcome"].code)]}
                for a in sorted(ambitions.values(), key=lambda a: a["theme"].code)]
    if unplaced:
        sections.append({"theme": None, "outcomes": [{"outcome": None, "rows": unplaced}]})
    counts = Counter(listed.status for listed in everything if listed.status is not None)
    html = render_to_string("performance/public/_listing.html", {
        "partnership": partnership, "sections": sections, "count": len(indicators),
        "counts": [(status, counts[status]) for status in rules.Status if status in counts]})
    return {"count": len(indicators), "html": html,
            "counted": ", ".join(f"{n} {status.label}" for status, n in sorted(counts.items(), key=_status_order))}


def _chain(theme):
    while theme is not None:
        yield theme
        theme = theme.parent if theme.parent_id is not None else None


@dataclass
class PublicRow:
    """One period of the public table: its target and, once final, its figure, status and public commentary."""

    label: str
    target: str  # the target compared with, in words
    row: object = None  # PeriodRow assessed from final figures, when this period's figure is final
    provisional: bool = False  # a figure exists but is not final: "not yet published"

    @property
    def observation(self):
        return self.row.observation if self.row is not None and self.row.observation is not None else None

    @property
    def commentary(self):
        o = self.observation
        return o.note if o is not None and o.note_public else ""


def _target_words(indicator, row):
    if row.target is None:
        return ""
    compared = row.assessment.compared_target
    if row.observation is not None and compared is not None and compared != row.target.value:
        return f"{indicator.format_value(compared)} (profiled from {row.target.display()} for {row.target.period})"
    if row.target.period != row.period.label:
        return ""
    return row.target.display()


def _table(indicator, rows, unpublished):
    """The periods with a final figure or a target of their own, and those whose figure is not yet final."""
    by_label = {}
    for row in rows:
        has_figure = row.observation is not None
        if has_figure or (row.target is not None and row.target.period == row.period.label):
            by_label[row.period.label] = PublicRow(row.period.label, _target_words(indicator, row),
                                                   row if has_figure else None)
    for label in unpublished:
        if label not in by_label:
            by_label[label] = PublicRow(label, "")
        if by_label[label].row is None:
            by_label[label].provisional = True
    return sorted(by_label.values(), key=lambda r: parse_period(r.label).sort_key)


def _areas(indicator):
    """Final area figures as one table per area: [(area, [Observation], any published commentary)], by area name
    then period. One query."""
    figures = (Observation.objects.filter(PUBLISHED, indicator=indicator, value__isnull=False,
                                          area__isnull=False, population_group=None)
               .select_related("area").order_by("area__name", "area_id", "period_start", "period_end"))
    tables = [(area, list(obs)) for area, obs in itertools.groupby(figures, key=lambda o: o.area)]
    return [(area, obs, any(o.note_public and o.note for o in obs)) for area, obs in tables]


def indicator_page(request, slug, pk):
    partnership = _partnership(slug)
    indicator = _public_indicator(partnership, pk)
    rows = published_rows(indicator)
    published = [r for r in rows if r.observation is not None]
    latest = max(published, key=lambda r: (r.period.end, -r.period.start.toordinal()), default=None)
    unpublished = list(Observation.objects.filter(indicator=indicator, area=None, population_group=None,
                                                  value__isnull=False).exclude(PUBLISHED)
                       .values_list("period", "period_end"))
    newer = sorted((parse_period(label) for label, end in unpublished if latest is None or end > latest.period.end),
                   key=lambda p: p.sort_key)
    table = _table(indicator, rows, [label for label, _ in unpublished])
    actual_points = [(r.label, r.observation.value if r.observation else None) for r in table]
    target_points = [(r.label, _exact_target(indicator, r.label)) for r in table]
    chart = trend_svg(f"{indicator.code}: published figures and targets", actual_points, target_points,
                      indicator.format_number, id_prefix="public-trend")
    # The comparators' published figures; the gap panel is left out: it averages area figures of any status.
    benchmarks = indicator_panels(indicator).get("benchmarks") or []
    return render(request, "performance/public/indicator.html", {
        "partnership": partnership, "indicator": indicator, "latest": latest, "newer_provisional": newer,
        "table": table, "chart": chart, "areas": _areas(indicator), "benchmarks": benchmarks,
        "polarity_words": rules.Polarity(indicator.polarity).words, "tolerance": indicator.tolerance().describe(),
        "og": _og(request, *_indicator_og(indicator, latest, newer)),
    })


def _exact_target(indicator, label):
    target = next((t for t in indicator.targets.all() if t.kind == Target.Kind.TARGET and t.period == label), None)
    return target.value if target is not None else None


def how_we_judge(request, slug):
    partnership = _partnership(slug)
    return render(request, "performance/public/how_we_judge.html", {
        "partnership": partnership, "statuses": [s for s in rules.Status if s != rules.Status.OVERDUE],
        "definition": rules.VARIANCE_DEFINITION,
        "tolerance": rules.Tolerance(partnership.default_tolerance_kind,
                                     partnership.default_tolerance_amount).describe(),
        "og": _og(request, f"How we judge progress – {partnership.name}",
                  f"How {partnership.name} works out whether each indicator is on target: Green, Amber or Red, "
                  "from final figures."),
    })


COLUMNS = ["indicator", "title", "period", "area", "value", "units", "target", "status", "direction_of_travel",
           "commentary"]


def _download_rows(indicator):
    """The published figures: whole place first (with target, status and direction), then each area."""
    units = indicator.get_value_type_display() + (f" ({indicator.units})" if indicator.units else "")
    rows = []
    for row in published_rows(indicator):
        o = row.observation
        if o is None:
            continue
        compared = row.assessment.compared_target
        rows.append({"indicator": indicator.code, "title": indicator.title, "period": row.period.label,
                     "area": "Whole place", "value": plain(o.value), "units": units,
                     "target": plain(compared) if compared is not None else (row.target.display() if row.target else ""),
                     "status": row.status.label, "direction_of_travel": row.direction_words,
                     "commentary": o.note if o.note_public else ""})
    for area, figures, _ in _areas(indicator):
        for o in figures:
            rows.append({"indicator": indicator.code, "title": indicator.title, "period": o.period,
                         "area": area.name, "value": plain(o.value), "units": units, "target": "", "status": "",
                         "direction_of_travel": "", "commentary": o.note if o.note_public else ""})
    return rows


def download(request, slug, pk, fmt):
    if fmt not in ("csv", "json"):
        raise Http404("Choose csv or json.")
    partnership = _partnership(slug)
    indicator = _public_indicator(partnership, pk)
    rows = _download_rows(indicator)
    truncated = len(rows) > MAX_DOWNLOAD_ROWS
    rows = rows[:MAX_DOWNLOAD_ROWS]
    filename = f"{slug}-{indicator.code}".lower().replace(" ", "-")
    filename = "".join(c for c in filename if c.isalnum() or c in "-_")
    if fmt == "json":
        body = {"partnership": partnership.name, "indicator": {
            "code": indicator.code, "title": indicator.title, "definition": indicator.definition,
            "data_source": indicator.data_source, "polarity": indicator.get_polarity_display(),
            "url": request.build_absolute_uri(reverse("public_indicator", args=[slug, indicator.pk])),
        }, "figures": rows, "truncated": truncated,
            "note": "Final figures only; values are exact decimals written as text."}
        response = HttpResponse(json.dumps(body, indent=2), content_type="application/json")
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        write_csv(response, itertools.chain([COLUMNS], ([row[c] for c in COLUMNS] for row in rows)))
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
