"""Importing actuals: one figure for indicator × period × optional area × optional population group."""

import re
from dataclasses import dataclass

from django.utils import timezone

from placeboard.core.models import Area, AuditEvent, PopulationGroup
from placeboard.imports.importers.cells import BAD, indicators_by_code, parse_choice, row_indicator, row_value
from placeboard.imports.importers.plan import BATCH, Change
from placeboard.imports.importers.writer import AUDIT_FIELDS, HISTORY_FIELDS, insert_rows, user_id_of
from placeboard.performance.evaluation import split_targets
from placeboard.performance.figures import audit_text, breakdown, same
from placeboard.performance.models import Observation, Target, ValueChange
from placeboard.performance.periods import PeriodError

OBSERVATION_FIELDS = ["indicator_id", "area_id", "population_group_id", "period", "period_start", "period_end",
                      "value", "status", "note", "expected", "source", "entered_by_id", "entered_at",
                      "updated_by_id", "updated_at"]


@dataclass
class ActualStep:
    """One actual to create (observation None) or change."""

    action: str  # "create" or "update"
    indicator: object
    period: object
    area: object
    group: object
    after: dict  # value, status, note, expected as the file gives them
    observation: object = None
    before: dict = None
    where: str = ""
    describe: str = ""


def date_hint(label):
    if re.match(r"^\d{4}-\d{2}-\d{2}", label):
        return (" Excel may have turned the period into a date: format the period column as Text and type "
                "the label again, for example 2008/09.")
    return ""


def _lookup_areas(partnership):
    by_key = {}
    for area in Area.objects.filter(partnership=partnership):
        by_key[area.name.lower()] = area
        if area.gss_code:
            by_key[area.gss_code.lower()] = area
    return by_key


class _ActualRows:
    """The partnership's indicators, areas, groups and actuals, fetched once, and the rows checked so far."""

    def __init__(self, partnership, reader, plan, access):
        self.partnership, self.reader, self.plan, self.access = partnership, reader, plan, access
        self.indicators = indicators_by_code(partnership)
        for indicator in self.indicators.values():
            indicator.partnership = partnership
        self.areas = _lookup_areas(partnership)
        self.groups = {g.name.lower(): g for g in PopulationGroup.objects.filter(partnership=partnership)}
        self.existing = {
            (o.indicator_id, o.period, o.area_id, o.population_group_id): o
            for o in Observation.objects.filter(indicator__partnership=partnership).only(
                "id", "indicator_id", "period", "area_id", "population_group_id", "value", "status", "note",
                "expected", "period_start", "period_end", "source")
        }
        self.periods, self.seen = {}, {}
        # Every target (with its profile) in two queries, so assessing each headline row costs none.
        self.targets = {}
        for target in Target.objects.filter(indicator__partnership=partnership).prefetch_related("profile_points"):
            self.targets.setdefault(target.indicator_id, []).append(target)
        self.targets = {pk: split_targets(rows) for pk, rows in self.targets.items()}

    def assess(self, step):
        """How a new or changed headline figure will be assessed, as the observation form assesses it; None
        for a breakdown by area or population group, or a row with no figure yet (the form assesses neither)."""
        if step.area is not None or step.group is not None or step.after["value"] is None:
            return None
        indicator = step.indicator
        return indicator.assess_value(step.period, step.after["value"], self.targets.get(indicator.pk, ([], [])))

    def indicator(self, number, cells):
        indicator = row_indicator(self.reader, number, cells, self.indicators, self.partnership)
        if indicator is None:
            return None
        access = self.access
        if access is not None and not access.can_manage and indicator.lead_organisation_id not in \
                access.organisation_ids:
            self.reader.problem(number, "indicator", f"You can import actuals only for indicators your "
                                                     f"organisation leads; {indicator.code} is led by another "
                                                     f"organisation.")
            return None
        return indicator

    def period(self, number, cells, indicator):
        label = self.reader.get(cells, "period")
        key = (indicator.pk, label)
        if key not in self.periods:
            try:
                self.periods[key] = indicator.parse_period_for_actuals(label) if label else None
                if self.periods[key] is None:
                    raise PeriodError("The period is blank.")
            except PeriodError as exc:
                self.periods[key] = exc
        period = self.periods[key]
        if isinstance(period, PeriodError):
            self.reader.problem(number, "period", str(period) + date_hint(label))
            return None
        return period

    def breakdown(self, number, cells):
        """(area, group) the row names, each None when blank; BAD with the problem recorded."""
        name = self.partnership.name
        area_text, area = self.reader.get(cells, "area"), None
        if area_text:
            area = self.areas.get(area_text.lower())
            if area is None:
                self.reader.problem(number, "area", f"There is no area with the GSS code or name '{area_text}' "
                                                    f"in {name}.")
                return BAD
        group_text, group = self.reader.get(cells, "population_group"), None
        if group_text:
            group = self.groups.get(group_text.lower())
            if group is None:
                self.reader.problem(number, "population_group",
                                    f"There is no population group called '{group_text}' in {name}.")
                return BAD
        return area, group

    def figures(self, number, cells, indicator):
        """{value, status, note, expected} of the row, or None with the problem recorded."""
        reader = self.reader
        value, expected = row_value(reader, number, cells, indicator), reader.get(cells, "expected")
        if value is BAD:
            return None
        if value is None and not expected:
            reader.problem(number, "value", "The value is blank. Give a number, or say when the data is expected "
                                            "in the 'expected' column.")
            return None
        status_text = reader.get(cells, "status")
        try:
            status = parse_choice(status_text, Observation.Status.choices) if status_text \
                else Observation.Status.PROVISIONAL
        except ValueError as exc:
            reader.problem(number, "status", str(exc))
            return None
        return {"value": value, "status": status, "note": reader.get(cells, "note"), "expected": expected}

    def check(self, number, cells):
        indicator = self.indicator(number, cells)
        if indicator is None:
            return
        period = self.period(number, cells, indicator)
        if period is None:
            return
        where_to = self.breakdown(number, cells)
        if where_to is BAD:
            return
        after = self.figures(number, cells, indicator)
        if after is None:
            return
        area, group = where_to
        identity = (indicator.pk, period.label, area.pk if area else None, group.pk if group else None)
        where = breakdown(area, group)
        describe = f"{indicator.code} {period.label}{' (' + where + ')' if where else ''}"
        if identity in self.seen:
            self.reader.problem(number, "", f"This row repeats row {self.seen[identity]} ({describe}). "
                                            "Keep one row for each indicator, period, area and population group.")
            return
        self.seen[identity] = number
        step = ActualStep("create", indicator, period, area, group, after, self.existing.get(identity),
                          where=where, describe=describe)
        self.plan_step(number, step)

    def plan_step(self, number, step):
        plan, indicator, after, observation = self.plan, step.indicator, step.after, step.observation
        before = None if observation is None else {k: getattr(observation, k) for k in after}
        if before is not None and all(same(before[k], after[k]) for k in after):
            plan.changes.append(Change(number, "unchanged", step.describe))
            return
        # Only what is written is held to the form's rules: an unchanged row saves nothing.
        assessment = self.assess(step)
        if assessment is not None and (problem := indicator.missing_commentary(assessment, after["note"])):
            self.reader.problem(number, "note", problem)
            return
        status = assessment.status.value if assessment is not None else ""
        if before is None:
            shown = indicator.format_value(after["value"]) or after["expected"]
            plan.changes.append(Change(number, "create", f"{step.describe}: {shown}", status))
            plan.ops.append(step)
            return
        changed = ", ".join(
            f"{k} {indicator.format_value(before[k]) if k == 'value' else before[k] or '(blank)'} → "
            f"{indicator.format_value(after[k]) if k == 'value' else after[k] or '(blank)'}"
            for k in after if not same(before[k], after[k]))
        plan.changes.append(Change(number, "update", f"{step.describe}: {changed}", status))
        step.action, step.before = "update", before
        plan.ops.append(step)


def check_actuals(partnership, table, reader, plan, access):
    rows = _ActualRows(partnership, reader, plan, access)
    for done, (number, cells) in enumerate(table.rows, start=1):
        if done % plan.progress_every == 0:
            yield "Checked", done, len(table.rows)
        rows.check(number, cells)


class _ActualWriter:
    """The rows of one chunk of steps: new actuals, changed actuals, history lines and audit events."""

    def __init__(self, user_id, now):
        self.user_id, self.now = user_id, now
        self.shown = {}  # (indicator id, value) → the figure as the indicator prints it, computed once
        self.start()

    def start(self):
        """Begin a chunk."""
        self.new, self.updated, self.history, self.audits = [], [], [], []

    def figure(self, indicator, value, status):
        key = (indicator.pk, value)
        if key not in self.shown:
            self.shown[key] = indicator.format_value(value)
        return f"{self.shown[key]} {status}".strip()

    def add(self, step, partnership):
        indicator, period, area, group, after = step.indicator, step.period, step.area, step.group, step.after
        value, status, expected, user_id, now = after["value"], after["status"], after["expected"], \
            self.user_id, self.now
        obs, before = step.observation, step.before
        if step.action == "create":
            self.new.append((indicator.pk, area.pk if area else None, group.pk if group else None, period.label,
                             period.start, period.end, value, status, after["note"], expected, "", user_id, now,
                             user_id, now))
            old_text = ""
            changes = {k: ["", audit_text(v)] for k, v in after.items() if v not in (None, "")}
        else:
            for k, v in after.items():
                setattr(obs, k, v)
            obs.updated_by_id, obs.updated_at = user_id, now
            self.updated.append(obs)
            old_text = self.figure(indicator, before["value"], before["status"])
            changes = {k: [audit_text(before[k]), audit_text(after[k])] for k in after
                       if not same(before[k], after[k])}
            if same(before["value"], value) and before["status"] == status:
                old_text = None  # only the note or expected date changed: no new figure in the history
        if old_text is not None:
            new_text = self.figure(indicator, value, status) if value is not None else f"expected: {expected}"
            self.history.append((indicator.pk, "Actual", period.label, step.where, old_text, new_text, user_id,
                                 now))
        self.audits.append([partnership.pk, user_id, now, step.action, "actual", obs.pk if obs else None,
                            step.describe[:300], changes])

    def write(self):
        ids = iter(insert_rows(Observation, OBSERVATION_FIELDS, self.new, ids=True))
        for event in self.audits:
            event[5] = str(event[5] if event[5] is not None else next(ids))
        Observation.objects.bulk_update(self.updated, ["value", "status", "note", "expected", "updated_by",
                                                       "updated_at"], batch_size=BATCH)
        insert_rows(ValueChange, HISTORY_FIELDS, self.history)
        insert_rows(AuditEvent, AUDIT_FIELDS, self.audits)


def apply_actuals(plan, user, partnership):
    """Writes in chunks of plan.progress_every figures: each chunk's actuals, history lines and audit events,
    then reports progress. Rows are plain tuples (no model instances), inserted by writer.insert_rows."""
    now, user_id = timezone.now(), user_id_of(user)
    writer = _ActualWriter(user_id, now)
    for chunk, done in plan.chunks():
        writer.start()
        for step in chunk:
            writer.add(step, partnership)
        writer.write()
        yield "Saved", done, len(plan.ops)
