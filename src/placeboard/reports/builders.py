"""The partnership's performance reports (thematic, spreadsheet, agreement, exceptions, dashboard), each
built as tables (docs/reports.md).

Every builder runs a fixed number of queries whatever the number of
indicators, tasks or rounds: it fetches with the QuerySet methods of the
performance app and assesses in Python."""

import copy
import re
from collections import Counter, namedtuple
from collections.abc import Mapping

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.http import urlencode

from placeboard.core.db_router import reading_from_replica
from placeboard.core.models import Outcome, Theme
from placeboard.performance import approval
from placeboard.performance.assessment import VARIANCE_DEFINITION, Status
from placeboard.performance.charts import figures_text, sparkline_svg, stacked_status_svg
from placeboard.performance.evaluation import headline, latest_row, period_rows
from placeboard.performance.figures import plain
from placeboard.performance.models import Observation, ReportingRound, RoundFigure, Target, TargetRevision, TaskUpdate
from placeboard.performance.periods import PeriodKind, parse_period
from placeboard.performance.reporting import (  # noqa: F401  (Filters, indicator_queryset: the reports' API)
    Cell,
    Filters,
    Report,
    ReportError,
    ReportKind,
    Section,
    get_report_kind,
    indicator_queryset,
    report_kinds,
    theme_root,
)
from placeboard.performance.revisions import long_date, revised_words, target_in_force
from placeboard.reports import revisions as revisions_report

STATUS_ORDER = [Status.GREEN, Status.AMBER, Status.RED, Status.TOO_EARLY, Status.NO_TARGET, Status.OVERDUE,
                Status.NO_DATA, Status.MONITOR]


def _indicators(partnership, filters, round_=None, revisions=None):
    indicators = list(indicator_queryset(partnership, filters).with_assessment_data(area=filters.area))
    for indicator in indicators:
        indicator.revisions = {}
    if round_ is not None and round_.is_closed and filters.area is None:
        _as_of_round(indicators, round_)
    if filters.approved:
        _approved_only(indicators)
    if round_ is not None:
        _attach_revisions(indicators, revisions)
        for indicator in indicators:
            targets = _in_force(indicator.targets.all(), indicator, round_.reporting_date)
            if targets is not None:
                _set_targets(indicator, targets)
                indicator.stored_periods = None  # stored assessments are of today's targets
    return indicators


# -- sign-off (docs/approval.md, "Sign-off of figures") ----------------------------------------------------

NOT_APPROVED = "not approved"


def _figure_note(partnership, observation, *notes):
    """A figure cell's note: the notes given, and "not approved" where figures need sign-off and this one is
    not yet approved (a closed round's frozen figure carries no state: it was as shown when the round closed)."""
    parts = [n for n in notes if n]
    state = getattr(observation, "approval", None)
    if partnership.sign_off and state is not None and not approval.is_approved(state):
        parts.append(NOT_APPROVED)
    return "; ".join(parts)


def _approved_only(indicators):
    """Each indicator's whole-place figures as last approved: an approved one as it is, one changed since its
    approval with its approved value, one never approved left out; assessed afresh from those."""
    for indicator in indicators:
        kept = []
        for observation in indicator.headline_observations:
            state = getattr(observation, "approval", approval.PUBLISHED)
            if approval.is_approved(state):
                kept.append(observation)
            elif getattr(observation, "approved_value", None) is not None:
                then = copy.copy(observation)
                then.value, then.approval = observation.approved_value, approval.APPROVED
                kept.append(then)
        indicator.headline_observations = kept
        indicator.stored_periods = None


def _note_not_approved(report, partnership):
    """Say in the report's header how many of the figures it shows are not yet approved."""
    if not partnership.sign_off:
        return
    count = sum(1 for section in report.sections for row in section.rows for cell in row
                if NOT_APPROVED in (cell.note or "").split("; "))
    if count:
        report.notes.append(f"{count} of the figures shown {'is' if count == 1 else 'are'} not yet approved: "
                            f"marked \"{NOT_APPROVED}\".")


# -- targets as they stood at a round (docs/approval.md, "Target revisions") --------------------------------

def _target_revisions(indicators):
    """{target pk: [TargetRevision], oldest first} of these indicators (a list, or a queryset not yet run), in
    one query."""
    ids = [i.pk for i in indicators] if isinstance(indicators, list) else indicators.values("pk")
    found = {}
    for revision in TargetRevision.objects.filter(target__indicator__in=ids).order_by("effective_from", "id"):
        found.setdefault(revision.target_id, []).append(revision)
    return found


def _attach_revisions(indicators, revisions=None):
    """Give each indicator its targets' revisions (target_revisions), fetched once for all of them."""
    revisions = _target_revisions(indicators) if revisions is None else revisions
    for indicator in indicators:
        indicator.target_revisions = revisions


def _in_force(targets, indicator, day):
    """The targets as they stood on `day` (a round's reporting date: the one rule, target_in_force): a copy with
    the value then in force for each revised since, or None when none was, so that an unrevised indicator is
    neither copied nor assessed afresh."""
    revisions = getattr(indicator, "target_revisions", None)
    if not revisions:
        return None
    targets, changed = list(targets), False
    for n, target in enumerate(targets):
        then = target_in_force(target, revisions.get(target.pk, ()), day)
        if then != target.value:
            targets[n] = copy.copy(target)
            targets[n].value = then
            changed = True
    return targets if changed else None


def _set_targets(indicator, targets):
    """Put these targets in place of the indicator's prefetched ones (indicator.targets.all())."""
    fetched = indicator.targets.all()._chain()
    fetched._result_cache, fetched._prefetch_done = list(targets), True
    indicator._prefetched_objects_cache["targets"] = fetched


def _target_note(indicator, target, round_):
    """What a report as of a round says beside a target: each revision that took effect within the round (after
    its period began, by its reporting date), whose new value the report uses, and each after it, whose old
    value the report uses ("…, after this round"). Nothing for today's figures."""
    if round_ is None or target is None or target.pk is None:
        return ""
    notes = []
    for revision in getattr(indicator, "target_revisions", {}).get(target.pk, ()):
        if revision.effective_from > round_.reporting_date:
            notes.append(f"{revised_words(indicator, revision)}, after this round")
        elif revision.effective_from >= round_.period_start:
            notes.append(revised_words(indicator, revision))
    return "; ".join(notes)


def _revised_after(revisions, day):
    return any(r.effective_from > day for found in revisions.values() for r in found)


def _as_of_round(indicators, round_):
    """Put the figures frozen when the round closed in place of today's, noting what was revised since."""
    frozen = {}
    for figure in RoundFigure.objects.filter(round=round_, indicator__in=indicators):
        frozen.setdefault(figure.indicator_id, []).append(figure)
    for indicator in indicators:
        live = {o.period: o for o in indicator.headline_observations}
        figures = frozen.get(indicator.pk, [])
        for figure in figures:
            now = live.get(figure.period)
            if now is None or now.value != figure.value:
                indicator.revisions[figure.period] = now.value if now is not None else None
        indicator.headline_observations = _with_frozen(indicator, figures, live.values(), round_.period_end)
        indicator.stored_periods = None  # stored assessments are of today's figures: assess these afresh


def _with_frozen(indicator, figures, observations, end):
    """The whole-place actuals of a closed round ending at `end`: its frozen figures (RoundFigures, or tuples
    with their fields) in place of today's, and today's for periods after it, which belong to later rounds."""
    kept = []
    for figure in figures:
        o = Observation(indicator=indicator, value=figure.value, status=figure.status, note=figure.note,
                        expected=figure.expected)
        o.set_period(parse_period(figure.period))
        kept.append(o)
    frozen_periods = {f.period for f in figures}
    return kept + [o for o in observations if o.period not in frozen_periods and o.period_end > end]


def _revised(indicator, row):
    if row is None or row.period.label not in indicator.revisions:
        return ""
    now = indicator.revisions[row.period.label]
    return "revised since: now " + (plain(now) if now is not None else "withdrawn")


def _rows_up_to(indicator, round_):
    rows = period_rows(indicator)
    if round_ is not None:
        rows = [r for r in rows if r.period.end <= round_.period_end or r.observation is None]
    return rows


def _round_tasks(round_, filters):
    """[(task, update or None)] of the round, filtered, in report order."""
    tasks = list(filters.narrow(round_.tasks(), "action__outcome"))
    updates = {u.task_id: u for u in TaskUpdate.objects.filter(round=round_, task__in=tasks)}
    return [(task, updates.get(task.pk)) for task in tasks]


def _year_key(period):
    """The year a period falls in, as "2005/06" for financial and academic years, else its own label."""
    if period.kind == PeriodKind.ACADEMIC_YEAR or period.kind == PeriodKind.CALENDAR_YEAR:
        return period.label.removeprefix("AY ")
    year = period.financial_year()
    return year.label if year is not None else period.label


THEMATIC_COLUMNS = ["Action", "Task", "Target", "Position", "Status", "Planned improvement/action needed and deadline"]
# Every task of the round is counted: one without an update in the round is "No update", not left out.
THEMATIC_SUMMARY = [("Green – on track", "green"), ("Amber – needs attention", "amber"),
                    ("Red – needs action", "red"), ("No update", None)]
NO_UPDATE = "No update"


def _task_cells(task, update):
    """The thematic report's cells for one task: THEMATIC_COLUMNS."""
    improvement = update.planned_improvement if update else ""
    if update and update.deadline:
        improvement += f" (by {update.deadline:%-d %b %Y})"
    return [Cell(task.action.title), Cell(str(task)), Cell(task.target), Cell(update.position if update else ""),
            Cell("", rag=update.status) if update else Cell(NO_UPDATE, rag="no_data"), Cell(improvement)]


def thematic(partnership, round_, filters):
    """Seed 004's layout: per outcome, its actions' tasks and the Green/Amber/Red/No update summary.

    Its downloads are tidy (report.tidy): one row per task with its outcome and sub-group as columns, and a
    summary table with one row per outcome."""
    _need_round(round_, "thematic")
    report = Report("thematic", "Thematic group performance report", partnership,
                    subtitle=f"{round_.name} · Date: {round_.reporting_date:%-d %B %Y}")
    by_outcome = {}
    for task, update in _round_tasks(round_, filters):
        by_outcome.setdefault(task.action.outcome, []).append((task, update))
    tasks = Section("Tasks", ["Outcome code", "Outcome", "Thematic sub-group", *THEMATIC_COLUMNS])
    summary = Section("Summary", ["Outcome code", "Outcome", "Thematic sub-group",
                                  *[label for label, _ in THEMATIC_SUMMARY], "Total"])
    for outcome, items in by_outcome.items():
        counts = Counter(u.status if u else None for _, u in items)
        group = str(outcome.group or outcome.theme.group or "")
        section = Section(
            f"Outcome: {outcome.code} {outcome.title}", THEMATIC_COLUMNS, subheading=f"Thematic sub-group: {group}",
            summary=[(label, counts[status], status or "no_data") for label, status in THEMATIC_SUMMARY]
            + [("Total", len(items), None)],
        )
        about = [Cell(outcome.code), Cell(outcome.title), Cell(group)]
        for task, update in items:
            section.rows.append(_task_cells(task, update))
            tasks.rows.append(about + section.rows[-1])
        summary.rows.append(about + [Cell(value) for _, value, _ in section.summary])
        report.sections.append(section)
    report.tidy = [tasks, summary]
    report.notes = [n for n in [filters.describe()] if n]
    return report


def _spreadsheet_inputs(partnership, round_, filters):
    """[(indicator, its headline row, its targets and baselines, {year: (period, value)} of its latest actual
    in each year, as of the round, its outcomes)].

    Today's whole-place figures come from the stored assessments: the headline row with its figures, and the
    actuals' values as plain tuples, never every figure as a model; the outcomes as a plain list of what the
    rows print, without the tags and the outcomes' themes and groups the lists fetch. A closed round's frozen
    figures, or an area's, are assessed afresh (_indicators)."""
    up_to = round_.period_end if round_ is not None else None
    revisions = _target_revisions(indicator_queryset(partnership, filters)) if round_ is not None else {}
    # A target revised after the round's reporting date: its stored assessments are of today's target.
    if filters.area is not None or filters.approved or (round_ is not None and (round_.is_closed
                                                            or _revised_after(revisions, round_.reporting_date))):
        out = []
        for indicator in _indicators(partnership, filters, round_, revisions):
            rows = _rows_up_to(indicator, round_)
            by_year = {}
            for r in rows:
                if r.observation is not None and r.observation.value is not None:
                    by_year[_year_key(r.period)] = (r.period.label, r.observation.value)
            out.append((indicator, headline(rows), list(indicator.targets.all()), by_year,
                        list(indicator.outcomes.all())))
        return out
    indicators = list(indicator_queryset(partnership, filters).with_headlines(up_to=up_to, framework=False)
                      .prefetch_related(
                          Prefetch("outcomes", queryset=Outcome.objects.only("code", "title", "theme"),
                                   to_attr="outcome_list"),
                          Prefetch("targets", queryset=Target.objects.defer("updated_at"), to_attr="target_list")))
    actuals = Observation.objects.filter(indicator__in=indicators, area=None, population_group=None,
                                         value__isnull=False)
    if up_to is not None:
        actuals = actuals.filter(period_end__lte=up_to)
    by_indicator = {}
    for indicator_id, label, value in actuals.values_list("indicator_id", "period", "value"):
        by_indicator.setdefault(indicator_id, []).append((parse_period(label), value))
    out = []
    for indicator in indicators:
        by_year = {}
        for period, value in sorted(by_indicator.get(indicator.pk, []), key=lambda pv: pv[0].sort_key):
            by_year[_year_key(period)] = (period.label, value)
        indicator.revisions, indicator.target_revisions = {}, revisions
        out.append((indicator, latest_row(indicator), indicator.target_list, by_year, indicator.outcome_list))
    return out


def spreadsheet(partnership, round_, filters):
    """Seed 003's 'simple view': per theme, each indicator's baseline, targets, updates, variance and light."""
    inputs = _spreadsheet_inputs(partnership, round_, filters)
    themes = {t.pk: t for t in Theme.objects.filter(partnership=partnership)}
    # Columns by year, as in seed 003: financial and academic years share a column ("2005/06").
    # Each target's year, worked out once: there are a dozen for each of hundreds of indicators.
    yearly = {t.pk: _year_key(p) for _, _, targets, _, _ in inputs for t in targets
              if t.kind == "target" and (p := t.period_obj()).kind.value.endswith("year")}
    years = sorted(set(yearly.values()))[-4:]
    # Its dated updates: one column for each of the last three years with actuals.
    update_years = sorted({year for _, _, _, by_year, _ in inputs for year in by_year})[-3:]
    columns = ["Outcome", "Measure", "Units", "Baseline", "Baseline date", *[f"Target {y}" for y in years],
               *[f"Update {y}" for y in update_years],
               "Latest update", "Date of data", "Variance", "Traffic light", "Comments"]
    sections = {}
    for indicator, latest, all_targets, by_year, outcomes in inputs:
        baseline = max((t for t in all_targets if t.kind == "baseline"), key=lambda t: t.period_end, default=None)
        targets = {yearly[t.pk]: t for t in all_targets if t.pk in yearly}
        theme = theme_root(themes, outcomes[0].theme_id) if outcomes else None
        section = sections.setdefault(theme.pk if theme else None, Section(str(theme) if theme else "Not linked to a theme", columns))
        status = latest.status.value if latest else Status.NO_DATA.value
        note = "judgement" if latest and latest.judgement else ""
        obs = latest.observation if latest else None
        section.rows.append([
            Cell("; ".join(f"{o.code} {o.title}" for o in outcomes)),
            Cell(f"{indicator.code} {indicator.title}"),
            Cell(indicator.get_value_type_display() + (f" ({indicator.units})" if indicator.units else "")),
            Cell(baseline.value if baseline and baseline.value is not None else (baseline.display() if baseline else "")),
            Cell(baseline.period if baseline else ""),
            *[Cell(targets[y].value if y in targets and targets[y].value is not None
                   else (targets[y].display() if y in targets else ""),
                   note=_target_note(indicator, targets.get(y), round_)) for y in years],
            *[Cell(by_year[y][1], note=by_year[y][0]) if y in by_year else Cell("") for y in update_years],
            Cell(obs.value if obs and obs.value is not None else (obs.expected if obs else ""),
                 note=_figure_note(partnership, obs, _revised(indicator, latest))),
            Cell(latest.period.label if latest else ""),
            Cell(latest.assessment.variance if latest and latest.assessment.variance is not None else ""),
            Cell("", rag=status, note=note),
            Cell(obs.note if obs else ""),
        ])
    report = Report("spreadsheet", "Performance spreadsheet", partnership,
                    subtitle=round_.name if round_ else "Latest figures",
                    sections=list(sections.values()),
                    notes=[VARIANCE_DEFINITION] + [n for n in [filters.describe()] if n])
    _note_not_approved(report, partnership)
    return report


def agreement(partnership, round_, filters):
    """Seed 001's agreement format: Priority | Indicator | Baseline | targets by year | Lead partners.

    Targets only, so no figure or assessment is read. As of a round, the targets in force on its reporting
    date."""
    indicators = list(indicator_queryset(partnership, filters).with_targets())
    if round_ is not None:
        _attach_revisions(indicators)
        for indicator in indicators:
            indicator.target_list = _in_force(indicator.target_list, indicator, round_.reporting_date) \
                or indicator.target_list
    years = sorted({t.period for i in indicators for t in i.target_list if t.kind == "target"
                    and t.period_obj().kind.value.endswith("year")})
    columns = ["Priority", "Indicator", "Baseline", *years, "Lead partners"]
    section = Section("Outcomes, indicators and targets", columns)
    for indicator in sorted(indicators, key=lambda i: ([o.code for o in i.outcome_list] or ["~"], i.code)):
        baseline = max((t for t in indicator.target_list if t.kind == "baseline"), key=lambda t: t.period_end,
                       default=None)
        targets = {t.period: t for t in indicator.target_list if t.kind == "target"}
        section.rows.append([
            Cell("; ".join(f"{o.code} {o.title}" for o in indicator.outcome_list)),
            Cell(f"{indicator.code} {indicator.title}"),
            Cell(f"{baseline.display()} ({baseline.period})" if baseline else ""),
            *[Cell(targets[y].value if y in targets and targets[y].value is not None
                   else (targets[y].display() if y in targets else ""),
                   note=_target_note(indicator, targets.get(y), round_)) for y in years],
            Cell(str(indicator.lead_organisation or "")),
        ])
    return Report("agreement", "Agreement: priorities, indicators and targets", partnership,
                  subtitle=f"Targets in force on {long_date(round_.reporting_date)}" if round_ else "",
                  sections=[section], notes=[n for n in [filters.describe()] if n])


def exceptions(partnership, round_, filters):
    """Everything off target, with its required comment (seed 000)."""
    report = Report("exceptions", "Exception report", partnership,
                    subtitle=round_.name if round_ else "Latest figures",
                    notes=[VARIANCE_DEFINITION] + [n for n in [filters.describe()] if n])
    section = Section("Indicators off target", ["Indicator", "Period", "Actual", "Target", "Variance", "Status", "Comment"])
    for indicator in _indicators(partnership, filters, round_):
        latest = headline(_rows_up_to(indicator, round_))
        if latest and latest.status in (Status.AMBER, Status.RED):
            section.rows.append([
                Cell(f"{indicator.code} {indicator.title}"), Cell(latest.period.label),
                Cell(latest.assessment.actual, note=_figure_note(partnership, latest.observation,
                                                                 _revised(indicator, latest))),
                Cell(latest.assessment.compared_target, note=_target_note(indicator, latest.target, round_)),
                Cell(latest.assessment.variance), Cell("", rag=latest.status.value,
                                                        note="judgement" if latest.judgement else ""),
                Cell(latest.observation.note if latest.observation else ""),
            ])
    report.sections.append(section)
    if round_ is not None:
        tasks = Section("Tasks off track", ["Outcome", "Task", "Position", "Status", "Planned improvement"])
        for task, update in _round_tasks(round_, filters):
            if update and update.status in ("amber", "red"):
                tasks.rows.append([Cell(str(task.action.outcome)), Cell(str(task)), Cell(update.position),
                                   Cell("", rag=update.status), Cell(update.planned_improvement)])
        report.sections.append(tasks)
    _note_not_approved(report, partnership)
    return report


def _owning_groups(outcome, themes_by_id):
    """Every group an outcome belongs to, as owned_by_groups (and so the indicator list's group filter) finds
    them: its own, its theme's and that of every theme above it, nearest first."""
    groups = [outcome.group] if outcome.group is not None else []
    theme, seen = themes_by_id.get(outcome.theme_id), set()
    while theme is not None and theme.pk not in seen:
        if theme.group is not None and theme.group not in groups:
            groups.append(theme.group)
        seen.add(theme.pk)
        theme = themes_by_id.get(theme.parent_id)
    return groups


# The dashboard's status mix covers this round and up to three before it; its sparklines the last eight periods.
DASHBOARD_ROUNDS = 4
SPARK_PERIODS = 8
# Worse to better for the words "improved" and "worsened"; other moves are only "moved".
_RANK = {Status.GREEN: 0, Status.AMBER: 1, Status.RED: 2}
_TASK_RANK = {"green": 0, "amber": 1, "red": 2}
NAMED = 10  # codes named in a sentence; the list below it has them all


def _earlier_rounds(partnership, round_):
    """Up to DASHBOARD_ROUNDS - 1 rounds before this one (before today's figures without one), newest first."""
    rounds = ReportingRound.objects.filter(partnership=partnership)
    if round_ is not None:
        rounds = rounds.filter(reporting_date__lt=round_.reporting_date)
    return list(rounds.order_by("-reporting_date", "-pk")[:DASHBOARD_ROUNDS - 1])


_Frozen = namedtuple("_Frozen", "period value status note expected")


def _frozen_figures(rounds, indicators, area):
    """{(round pk, indicator pk): [_Frozen]} of the closed rounds among these, in one query, as plain tuples: a
    round of 300 indicators over ten years freezes 12,000 figures."""
    closed = [r.pk for r in rounds if r is not None and r.is_closed]
    frozen = {}
    if closed and area is None:
        figures = RoundFigure.objects.filter(round__in=closed, indicator__in=[i.pk for i in indicators])
        for round_id, indicator_id, *figure in figures.values_list("round_id", "indicator_id", *_Frozen._fields):
            frozen.setdefault((round_id, indicator_id), []).append(_Frozen(*figure))
    return frozen


def _assessed_with(indicator, figures, end, targets=None):
    """Today's rows assessed afresh with a closed round's frozen figures in place of today's (_with_frozen; None:
    today's figures) and the targets then in force in place of today's (_in_force; None: today's)."""
    saved = (indicator.headline_observations, getattr(indicator, "stored_periods", None),
             indicator._prefetched_objects_cache.get("targets"))
    if figures is not None:
        indicator.headline_observations = _with_frozen(indicator, figures, saved[0], end)
    if targets is not None:
        _set_targets(indicator, targets)
    indicator.stored_periods = None
    try:
        return period_rows(indicator)
    finally:
        indicator.headline_observations, indicator.stored_periods = saved[:2]
        if targets is not None:
            indicator._prefetched_objects_cache["targets"] = saved[2]


def _rows_as_of(indicator, live_rows, round_, frozen, area):
    """An indicator's rows as they stood at a round (today's for None), as the other reports work them out:
    figures for periods ending after the round are left out, a closed round has its frozen figures, and every
    round has the targets in force on its reporting date (indicator.target_revisions). Those are assessed afresh
    only when they differ from today's, so an unrevised indicator costs nothing more."""
    if round_ is None:
        return live_rows
    end, figures = round_.period_end, None
    if round_.is_closed and area is None:
        figures = frozen.get((round_.pk, indicator.pk), [])
        live = [o for o in indicator.headline_observations if o.period_end <= end]
        if {(f.period, f.value, f.expected) for f in figures} == {(o.period, o.value, o.expected) for o in live}:
            figures = None
    targets = _in_force(indicator.targets.all(), indicator, round_.reporting_date)
    if figures is not None or targets is not None:
        live_rows = _assessed_with(indicator, figures, end, targets)
    return [r for r in live_rows if r.period.end <= end or r.observation is None]


def _natural(code):
    """CYP 4 before CYP 38: the digits in a code compared as numbers."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", code)]


def _status(row):
    return row.status if row is not None else Status.NO_DATA


def _named(indicators):
    codes = [i.code for i in indicators]
    more = len(codes) - NAMED
    return ", ".join(codes[:NAMED]) + (f" and {more} more" if more > 0 else "")


def _plural(count, word, plural=None):
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def _sparkline(indicator, rows, latest, id_prefix):
    """The Cell of an indicator's last eight periods up to its headline, as the indicator's page charts them
    (periods of any length, in order), with their targets: the figures in words (what a spreadsheet gets)
    and the chart."""
    if latest is None:
        return Cell("")
    # Periods with a figure (or a note of one), and those of the headline's length: an annual target among
    # quarterly figures is not a point of their line.
    recent = [r for r in rows if r.period.end <= latest.period.end
              and (r.observation is not None or r.period.kind == latest.period.kind)][-SPARK_PERIODS:]
    points = [(r.period.label, r.observation.value if r.observation is not None else None) for r in recent]
    targets = [(r.period.label, r.assessment.compared_target) for r in recent]
    fmt = indicator.format_number
    svg = sparkline_svg(f"{indicator.code}: the last {len(recent)} figures and targets", points, targets, fmt,
                        id_prefix=id_prefix)
    return Cell(figures_text(points, targets, fmt), svg=svg)


def _task_changes(partnership, round_, previous, filters):
    """The tasks' sections (what changed since the previous round, what is overdue) and the tasks that slipped:
    worse than in the previous round, or past their due date and not Green."""
    items = _round_tasks(round_, filters)
    before = {}
    if previous is not None:
        before = {u.task_id: u.status for u in TaskUpdate.objects.filter(round=previous, task__in=[t for t, _ in items])}
    changed = Section(f"Changed since {previous.name}: tasks" if previous else "Changed since the last round: tasks",
                      ["Task", "Was", "Now", "Outcome"])
    overdue = Section("Tasks overdue", ["Task", "Due", "Status", "Outcome"])
    slipped = []
    slug = partnership.slug
    for task, update in items:
        now = update.status if update else None
        outcome = task.action.outcome
        where = Cell(str(outcome), href=reverse("framework_detail", args=[slug, "outcomes", outcome.pk]))
        if previous is not None and before.get(task.pk) != now:
            changed.rows.append([Cell(str(task)), Cell("", rag=before[task.pk]) if task.pk in before else Cell("New"),
                                 Cell("", rag=now) if now else Cell(NO_UPDATE), where])
            if now in _TASK_RANK and before.get(task.pk) in _TASK_RANK and _TASK_RANK[now] > _TASK_RANK[before[task.pk]]:
                slipped.append(task)
        if task.due and task.due < round_.reporting_date and now != "green":
            overdue.rows.append([Cell(str(task)), Cell(task.due.isoformat()),
                                 Cell("", rag=now) if now else Cell(NO_UPDATE), where])
            if task not in slipped:
                slipped.append(task)
    return [changed, overdue], slipped


def dashboard(partnership, round_, filters):
    """A scorecard per top-level theme, each indicator's latest figure with its trend, what changed since the
    last round in words and as a list, the status mix of the last four rounds, and the tasks (docs/reports.md,
    "The dashboard"). Every count links to the indicator list filtered to the indicators it counts."""
    indicators = sorted(indicator_queryset(partnership, filters).with_assessment_data(area=filters.area),
                        key=lambda i: _natural(i.code))
    if filters.approved:
        _approved_only(indicators)
    themes = {t.pk: t for t in Theme.objects.filter(partnership=partnership).select_related("group")}
    earlier = _earlier_rounds(partnership, round_)
    history = [*reversed(earlier), round_]  # oldest first; None is today's figures
    previous = earlier[0] if earlier else None
    frozen = _frozen_figures(history, indicators, filters.area)
    if any(r is not None for r in history):
        _attach_revisions(indicators)
    slug, label = partnership.slug, partnership.theme_label
    this_name = round_.name if round_ else "Latest figures"

    # Filtered by a theme or an outcome, only its top-level theme is shown: the indicator list takes one theme,
    # so a count under another could not link to exactly the indicators it counts.
    anchor = filters.outcome.theme_id if filters.outcome is not None else (
        filters.theme.pk if filters.theme is not None else None)
    only_root = theme_root(themes, anchor).pk if anchor in themes else None

    mix = [Counter() for _ in history]
    by_root, now_rows, now_latest, was = {}, {}, {}, {}
    unlinked = 0
    for indicator in indicators:
        live = period_rows(indicator)
        for i, r in enumerate(history):
            rows = _rows_as_of(indicator, live, r, frozen, filters.area)
            latest = headline(rows)
            mix[i][_status(latest)] += 1
            if i == len(history) - 1:
                now_rows[indicator.pk], now_latest[indicator.pk] = rows, latest
            elif i == len(history) - 2:
                was[indicator.pk] = _status(latest)
        roots = {}
        for outcome in indicator.outcomes.all():
            root = theme_root(themes, outcome.theme_id)
            if only_root is None or root.pk == only_root:
                roots.setdefault(root, []).append(outcome)
        if not roots:
            unlinked += 1
        for root, outcomes in roots.items():
            by_root.setdefault(root, []).append((indicator, sorted(outcomes, key=lambda o: o.code)))
    roots = sorted(by_root, key=lambda t: (t.code, t.name))

    def theme_url(theme):
        return reverse("framework_detail", args=[slug, "themes", theme.pk])

    def outcome_cell(outcomes):
        return Cell("; ".join(str(o) for o in outcomes),
                    href=reverse("framework_detail", args=[slug, "outcomes", outcomes[0].pk]) if outcomes else "")

    def indicator_cell(indicator):
        return Cell(f"{indicator.code} {indicator.title}",
                    href=reverse("indicator_detail", args=[slug, indicator.pk]))

    list_url = reverse("indicator_list", args=[slug])

    def list_link(root, status=None):
        # The same narrowing as the report's (Filters.narrow, which the list uses too), plus the status.
        params = {"theme": (filters.theme or root).pk}
        if filters.group is not None:
            params["group"] = filters.group.pk
        if filters.outcome is not None:
            params["outcome"] = filters.outcome.pk
        if status is not None:
            params["status"] = status.value
        return f"{list_url}?{urlencode(params)}"

    report = Report("dashboard", "Partnership dashboard", partnership, subtitle=this_name,
                    notes=[n for n in [filters.describe()] if n])

    # 1. A scorecard per ambition.
    columns = ["", *[s.label for s in STATUS_ORDER], "Total"]
    scorecards = Section(f"Indicators by {label.lower()}", [label, *columns[1:]], layout="tiles")
    if round_ is not None or filters.area is not None:
        scope = " and ".join(p for p in [f"as of {round_.name}" if round_ else "",
                                         f"for {filters.area}" if filters.area else ""] if p)
        scorecards.subheading = (f"These counts are {scope}. Each links to the indicator list, which shows today's "
                                 "figures for the whole place, so the list may differ from the count.")
    else:
        scorecards.subheading = "Each count links to the list of the indicators it counts."
    if unlinked:
        scorecards.subheading += f" {_plural(unlinked, 'indicator is', 'indicators are')} not linked to any " \
                                 f"{label.lower()}, so not counted here."
    for root in roots:
        counts = Counter(_status(now_latest[i.pk]) for i, _ in by_root[root])
        scorecards.rows.append([Cell(str(root), href=theme_url(root)),
                                *[Cell(counts[s], rag=s.value, href=list_link(root, s)) for s in STATUS_ORDER],
                                Cell(sum(counts.values()), href=list_link(root))])
    report.sections.append(scorecards)

    # The groups' counts: an indicator counts under every group that owns one of its outcomes or a theme above
    # one, as the indicator list's group filter finds them, so each count links to the indicators it counts.
    by_group = {}
    for indicator in indicators:
        groups = {g for o in indicator.outcomes.all() for g in _owning_groups(o, themes)} or {None}
        for group in groups:
            by_group.setdefault(group, Counter())[_status(now_latest[indicator.pk])] += 1

    def group_link(group, status=None):
        if group is None or filters.group not in (None, group):
            return ""  # "No group" has no list; under a group filter, another group's list would be wider
        params = {"group": group.pk, **({"theme": filters.theme.pk} if filters.theme is not None else {}),
                  **({"outcome": filters.outcome.pk} if filters.outcome is not None else {}),
                  **({"status": status.value} if status is not None else {})}
        return f"{list_url}?{urlencode(params)}"

    by_groups = Section("Indicators by group", ["", *columns[1:]], [
        [Cell(str(group) if group else "No group"), *[Cell(c[s], href=group_link(group, s)) for s in STATUS_ORDER],
         Cell(sum(c.values()), href=group_link(group))]
        for group, c in sorted(by_group.items(), key=lambda item: (item[0] is None, str(item[0])))])
    by_groups.subheading = ("An indicator counts under every group that owns its outcome or a theme above it, so a "
                            "board counts its theme groups' indicators too.")
    report.sections.append(by_groups)

    # 2. What changed since the last round, in words and as a list.
    if previous is not None:
        changes = Section(f"What changed since {previous.name}",
                          ["Indicator", previous.name, this_name, "Change", "Outcome", label])
        moved, new_reds, overdue, still_overdue = {}, [], [], []
        for indicator in indicators:
            before, now = was[indicator.pk], _status(now_latest[indicator.pk])
            if now == Status.OVERDUE:
                overdue.append(indicator)
            if before == now and now != Status.OVERDUE:
                continue
            if before == now:
                still_overdue.append(indicator)
                change = "Still overdue"
            elif now == Status.RED:
                new_reds.append(indicator)
                change = "New Red"
            elif now == Status.OVERDUE:
                change = "Now overdue"
            elif before in _RANK and now in _RANK:
                change = "Improved" if _RANK[now] < _RANK[before] else "Worsened"
            else:
                change = "Moved"
            if before != now:
                moved.setdefault((before, now), []).append(indicator)
            outcomes = sorted(indicator.outcomes.all(), key=lambda o: o.code)
            root = theme_root(themes, outcomes[0].theme_id) if outcomes else None
            changes.rows.append([indicator_cell(indicator), Cell("", rag=before.value), Cell("", rag=now.value),
                                 Cell(change), outcome_cell(outcomes),
                                 Cell(str(root), href=theme_url(root)) if root else Cell("")])
        order = {s: n for n, s in enumerate(STATUS_ORDER)}
        for (before, now), items in sorted(moved.items(), key=lambda kv: (-len(kv[1]), order[kv[0][0]], order[kv[0][1]])):
            changes.intro.append(f"{len(items)} moved from {before.label} to {now.label}: {_named(items)}.")
        if not moved:
            changes.intro.append(f"No indicator's status has changed since {previous.name}.")
        if new_reds:
            changes.intro.append(f"{_plural(len(new_reds), 'new Red')}: {_named(new_reds)}.")
        if overdue:
            fresh = len(overdue) - len(still_overdue)
            since = f"{fresh} since {previous.name}" if fresh else f"overdue at {previous.name} too"
            changes.intro.append(f"{_plural(len(overdue), 'figure')} now overdue ({since}): {_named(overdue)}.")
        report.sections.append(changes)
    else:
        report.sections.append(Section("What changed since the last round", [label, "Indicator", "Change"],
                                       intro=["There is no earlier reporting round to compare with."]))

    # The status mix of the last rounds, as a stacked bar chart with its table.
    names = [r.name if r else "Latest figures" for r in history]
    mix_section = Section(f"Status mix over the last {_plural(len(history), 'round')}", ["Round", *columns[1:]])
    for name, counts in zip(names, mix, strict=True):
        mix_section.rows.append([Cell(name), *[Cell(counts[s]) for s in STATUS_ORDER], Cell(sum(counts.values()))])
    chart = stacked_status_svg(
        "Indicators by status in each round", "One bar per round, oldest first, divided by status; each part "
        "gives its count, and the table above gives the same figures.",
        [(name, [(s.value, s.label, counts[s]) for s in STATUS_ORDER]) for name, counts in zip(names, mix, strict=True)],
        id_prefix="dashboard-mix")
    mix_section.figures = [("The status mix in each round", chart)] if chart else []
    report.sections.append(mix_section)

    # 3. Each ambition's indicators: latest figure, target, status, direction of travel and trend.
    for root in roots:
        # What a board reads first comes first: on a narrow screen the table scrolls to the outcome.
        section = Section(f"{label}: {root}", ["Indicator", "Latest figure", "Period", "Target", "Status",
                                              "Direction of travel",
                                              f"Last {SPARK_PERIODS} periods (figures and targets)", "Outcome"],
                          href=theme_url(root))
        for indicator, outcomes in by_root[root]:
            latest, rows = now_latest[indicator.pk], now_rows[indicator.pk]
            obs = latest.observation if latest else None
            revised = ""
            frozen_now = frozen.get((round_.pk, indicator.pk)) if round_ is not None else None
            if latest is not None and frozen_now:
                live = {o.period: o.value for o in indicator.headline_observations}
                then = next((f.value for f in frozen_now if f.period == latest.period.label), None)
                if then is not None and live.get(latest.period.label) != then:
                    now_value = live.get(latest.period.label)
                    revised = "revised since: now " + (plain(now_value) if now_value is not None else "withdrawn")
            section.rows.append([
                indicator_cell(indicator),
                Cell(obs.value if obs and obs.value is not None else (obs.expected if obs else ""),
                     note=_figure_note(partnership, obs, revised)),
                Cell(latest.period.label if latest else ""),
                Cell(latest.assessment.compared_target if latest and latest.assessment.compared_target is not None
                     else "", note=_target_note(indicator, latest.target if latest else None, round_)),
                Cell("", rag=_status(latest).value, note="judgement" if latest and latest.judgement else ""),
                Cell(latest.direction.label if obs and obs.value is not None else ""),
                _sparkline(indicator, rows, latest, f"spark-{root.pk}-{indicator.pk}"),
                outcome_cell(outcomes),
            ])
        report.sections.append(section)

    # 4. The tasks of the round.
    if round_ is not None:
        sections, slipped = _task_changes(partnership, round_, previous, filters)
        if slipped:
            changes = next(s for s in report.sections if s.heading.startswith("What changed"))
            titles = "; ".join(str(t) for t in slipped[:5]) + (f" and {len(slipped) - 5} more" if len(slipped) > 5 else "")
            changes.intro.append(f"{_plural(len(slipped), 'task')} slipped (worse than in the last round, or past "
                                 f"due and not Green): {titles}.")
        report.sections += sections
    _note_not_approved(report, partnership)
    return report


class RoundNeeded(ReportError):
    """The report is a snapshot of a reporting round and none was chosen."""


def _need_round(round_, kind):
    if round_ is None:
        raise RoundNeeded(f"The {kind} report is a snapshot of a reporting round: choose a round.")


# The reports this app builds itself; other apps register theirs from their AppConfig.ready() (funding:
# "funding"; benchmarking: "benchmarking" and "gap"). ReportsConfig.ready() registers these.
KINDS = [
    ReportKind("thematic", "Thematic group performance report", thematic, position=10, needs_round=True),
    ReportKind("spreadsheet", "Performance spreadsheet", spreadsheet, position=20),
    ReportKind("agreement", "Agreement format", agreement, position=30),
    ReportKind("exceptions", "Exception report", exceptions, position=40),
    ReportKind("dashboard", "Partnership dashboard", dashboard, position=50),
    # Lists revisions, no figures: a closed round's note on frozen figures does not apply (live_figures).
    ReportKind("revisions", "Target revisions", revisions_report.revisions, position=90, live_figures=True),
]


class _Registered(Mapping):
    """{slug: builder} of every registered kind of report, read when asked."""

    def __getitem__(self, slug):
        try:
            return get_report_kind(slug).build
        except ReportError:
            raise KeyError(slug) from None

    def __iter__(self):
        return iter([kind.slug for kind in report_kinds()])

    def __len__(self):
        return len(report_kinds())


BUILDERS = _Registered()


def build(kind, partnership, round_=None, filters=None):
    report_kind = get_report_kind(kind)
    # A report only reads: from the read replica when there is one (core/db_router.py).
    with reading_from_replica():
        report = report_kind.build(partnership, round_, filters or Filters())
    if round_ is not None and round_.is_closed and not report_kind.live_figures:
        report.notes.insert(0, f"Figures as they stood when the round closed on {round_.closed_at:%-d %B %Y}; "
                               "any corrected since are marked as revised.")
    return report
