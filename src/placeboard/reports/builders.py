"""The partnership's performance reports (thematic, spreadsheet, agreement, exceptions, dashboard), each
built as tables (docs/reports.md).

Every builder runs a fixed number of queries whatever the number of
indicators, tasks or rounds: it fetches with the QuerySet methods of the
performance app and assesses in Python."""

from collections import Counter
from collections.abc import Mapping

from django.db.models import Prefetch

from placeboard.core.db_router import reading_from_replica
from placeboard.core.models import Theme
from placeboard.performance.assessment import VARIANCE_DEFINITION, Status
from placeboard.performance.evaluation import headline, latest_row, period_rows
from placeboard.performance.figures import plain
from placeboard.performance.models import Observation, ReportingRound, RoundFigure, Target, TaskUpdate
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

STATUS_ORDER = [Status.GREEN, Status.AMBER, Status.RED, Status.TOO_EARLY, Status.NO_TARGET, Status.OVERDUE,
                Status.NO_DATA, Status.MONITOR]


def _indicators(partnership, filters, round_=None):
    indicators = list(indicator_queryset(partnership, filters).with_assessment_data(area=filters.area))
    for indicator in indicators:
        indicator.revisions = {}
    if round_ is not None and round_.is_closed and filters.area is None:
        _as_of_round(indicators, round_)
    return indicators


def _as_of_round(indicators, round_):
    """Put the figures frozen when the round closed in place of today's, noting what was revised since."""
    frozen = {}
    for figure in RoundFigure.objects.filter(round=round_, indicator__in=indicators):
        frozen.setdefault(figure.indicator_id, []).append(figure)
    for indicator in indicators:
        live = {o.period: o for o in indicator.headline_observations}
        figures = frozen.get(indicator.pk, [])
        kept = []
        for figure in figures:
            o = Observation(indicator=indicator, value=figure.value, status=figure.status, note=figure.note,
                            expected=figure.expected)
            o.set_period(parse_period(figure.period))
            kept.append(o)
            now = live.get(figure.period)
            if now is None or now.value != figure.value:
                indicator.revisions[figure.period] = now.value if now is not None else None
        # Figures for periods after the round closed belong to later rounds.
        frozen_periods = {f.period for f in figures}
        kept += [o for period, o in live.items() if period not in frozen_periods and o.period_end > round_.period_end]
        indicator.headline_observations = kept
        indicator.stored_periods = None  # stored assessments are of today's figures: assess these afresh


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
    in each year, as of the round)].

    Today's whole-place figures come from the stored assessments: the headline row with its figures, and the
    actuals' values as plain tuples, never every figure as a model. A closed round's frozen figures, or an
    area's, are assessed afresh (_indicators)."""
    up_to = round_.period_end if round_ is not None else None
    if filters.area is not None or (round_ is not None and round_.is_closed):
        out = []
        for indicator in _indicators(partnership, filters, round_):
            rows = _rows_up_to(indicator, round_)
            by_year = {}
            for r in rows:
                if r.observation is not None and r.observation.value is not None:
                    by_year[_year_key(r.period)] = (r.period.label, r.observation.value)
            out.append((indicator, headline(rows), list(indicator.targets.all()), by_year))
        return out
    indicators = list(indicator_queryset(partnership, filters).with_headlines(up_to=up_to).prefetch_related(
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
        indicator.revisions = {}
        out.append((indicator, latest_row(indicator), indicator.target_list, by_year))
    return out


def spreadsheet(partnership, round_, filters):
    """Seed 003's 'simple view': per theme, each indicator's baseline, targets, updates, variance and light."""
    inputs = _spreadsheet_inputs(partnership, round_, filters)
    themes = {t.pk: t for t in Theme.objects.filter(partnership=partnership)}
    # Columns by year, as in seed 003: financial and academic years share a column ("2005/06").
    # Each target's year, worked out once: there are a dozen for each of hundreds of indicators.
    yearly = {t.pk: _year_key(p) for _, _, targets, _ in inputs for t in targets
              if t.kind == "target" and (p := t.period_obj()).kind.value.endswith("year")}
    years = sorted(set(yearly.values()))[-4:]
    # Its dated updates: one column for each of the last three years with actuals.
    update_years = sorted({year for _, _, _, by_year in inputs for year in by_year})[-3:]
    columns = ["Outcome", "Measure", "Units", "Baseline", "Baseline date", *[f"Target {y}" for y in years],
               *[f"Update {y}" for y in update_years],
               "Latest update", "Date of data", "Variance", "Traffic light", "Comments"]
    sections = {}
    for indicator, latest, all_targets, by_year in inputs:
        baseline = max((t for t in all_targets if t.kind == "baseline"), key=lambda t: t.period_end, default=None)
        targets = {yearly[t.pk]: t for t in all_targets if t.pk in yearly}
        outcomes = list(indicator.outcomes.all())
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
                   else (targets[y].display() if y in targets else "")) for y in years],
            *[Cell(by_year[y][1], note=by_year[y][0]) if y in by_year else Cell("") for y in update_years],
            Cell(obs.value if obs and obs.value is not None else (obs.expected if obs else ""),
                 note=_revised(indicator, latest)),
            Cell(latest.period.label if latest else ""),
            Cell(latest.assessment.variance if latest and latest.assessment.variance is not None else ""),
            Cell("", rag=status, note=note),
            Cell(obs.note if obs else ""),
        ])
    report = Report("spreadsheet", "Performance spreadsheet", partnership,
                    subtitle=round_.name if round_ else "Latest figures",
                    sections=list(sections.values()),
                    notes=[VARIANCE_DEFINITION] + [n for n in [filters.describe()] if n])
    return report


def agreement(partnership, round_, filters):
    """Seed 001's agreement format: Priority | Indicator | Baseline | targets by year | Lead partners.

    Targets only, so no figure or assessment is read."""
    indicators = list(indicator_queryset(partnership, filters).with_targets())
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
                   else (targets[y].display() if y in targets else "")) for y in years],
            Cell(str(indicator.lead_organisation or "")),
        ])
    return Report("agreement", "Agreement: priorities, indicators and targets", partnership,
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
                Cell(latest.assessment.actual, note=_revised(indicator, latest)), Cell(latest.assessment.compared_target),
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
    return report


def _owning_group(outcome, themes_by_id):
    """The group an outcome counts under: its own, else that of its theme or the nearest theme above it that has
    one (the groups owned_by_groups finds, nearest first); None when no theme on the way up has a group."""
    if outcome.group is not None:
        return outcome.group
    theme, seen = themes_by_id.get(outcome.theme_id), set()
    while theme is not None and theme.pk not in seen:
        if theme.group is not None:
            return theme.group
        seen.add(theme.pk)
        theme = themes_by_id.get(theme.parent_id)
    return None


def dashboard(partnership, round_, filters):
    """RAG counts by theme and by group, what changed since the last round, and what is overdue."""
    indicators = _indicators(partnership, filters, round_)
    themes = {t.pk: t for t in Theme.objects.filter(partnership=partnership).select_related("group")}
    by_theme, by_group = {}, {}
    for indicator in indicators:
        latest = headline(_rows_up_to(indicator, round_))
        status = latest.status if latest else Status.NO_DATA
        for outcome in indicator.outcomes.all():
            root = theme_root(themes, outcome.theme_id)
            by_theme.setdefault(str(root), Counter())[status] += 1
            group = _owning_group(outcome, themes)
            by_group.setdefault(str(group) if group else "No group", Counter())[status] += 1
    columns = ["", *[s.label for s in STATUS_ORDER], "Total"]

    def count_rows(counters):
        return [[Cell(name), *[Cell(c[s]) for s in STATUS_ORDER], Cell(sum(c.values()))]
                for name, c in sorted(counters.items())]

    report = Report("dashboard", "Partnership dashboard", partnership,
                    subtitle=round_.name if round_ else "Latest figures",
                    notes=[n for n in [filters.describe()] if n])
    report.sections.append(Section(f"Indicators by {partnership.theme_label.lower()}", columns, count_rows(by_theme)))
    report.sections.append(Section("Indicators by group", columns, count_rows(by_group)))
    if round_ is not None:
        previous = (ReportingRound.objects.filter(partnership=partnership, reporting_date__lt=round_.reporting_date)
                    .order_by("-reporting_date").first())
        items = _round_tasks(round_, filters)
        before = {}
        if previous is not None:
            before = {u.task_id: u.status for u in TaskUpdate.objects.filter(round=previous, task__in=[t for t, _ in items])}
        changed = Section(f"Changed since {previous.name}" if previous else "Changed since the last round",
                          ["Task", "Was", "Now"])
        overdue = Section("Overdue", ["Task", "Due", "Status"])
        for task, update in items:
            now = update.status if update else None
            if previous is not None and before.get(task.pk) != now:
                changed.rows.append([Cell(str(task)), Cell("", rag=before[task.pk]) if task.pk in before else Cell("New"),
                                     Cell("", rag=now) if now else Cell("No update")])
            if task.due and task.due < round_.reporting_date and now != "green":
                overdue.rows.append([Cell(str(task)), Cell(task.due.isoformat()),
                                     Cell("", rag=now) if now else Cell("No update")])
        report.sections += [changed, overdue]
    return report


class RoundNeeded(ReportError):
    """The report is a snapshot of a reporting round and none was chosen."""


def _need_round(round_, kind):
    if round_ is None:
        raise RoundNeeded(f"The {kind} report is a snapshot of a reporting round: choose a round.")


# The reports this app builds itself; other apps register theirs from their AppConfig.ready() (funding:
# "funding"; benchmarking: "benchmarking" and "gap"). ReportsConfig.ready() registers these.
KINDS = [
    ReportKind("thematic", "Thematic group performance report", thematic, position=10),
    ReportKind("spreadsheet", "Performance spreadsheet", spreadsheet, position=20),
    ReportKind("agreement", "Agreement format", agreement, position=30),
    ReportKind("exceptions", "Exception report", exceptions, position=40),
    ReportKind("dashboard", "Partnership dashboard", dashboard, position=50),
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
