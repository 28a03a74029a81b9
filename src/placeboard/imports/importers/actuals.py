"""Importing actuals: one figure for indicator × period × optional area × optional population group.

Checking is the hot loop of a big import (200,000 rows), so what every row repeats is worked out once and kept:
the indicator for each code as typed (and whether this person may import for it), the period for each
indicator and label, the status for each spelling, each indicator's valid range, where each area and group
is. The messages are the same as checking each row afresh would give.

Sign-off (performance/approval.py, docs/approval.md) follows services.record_observation: new and changed actuals
land in approval.saved_state() (published without sign-off, as before; otherwise submitted, or approved when an
officer's import says so), and a row that would change a locked figure is a problem of the check, so the
whole file is refused."""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import F
from django.utils import timezone

from placeboard.core import fragments
from placeboard.core.models import Area, AuditEvent, PopulationGroup
from placeboard.imports.importers.cells import BAD, indicator_problem, indicators_by_code, parse_choice, parse_number
from placeboard.imports.importers.plan import BATCH, Change
from placeboard.imports.importers.writer import (
    AUDIT_FIELDS,
    HISTORY_FIELDS,
    NULL,
    copy_lines,
    copy_text,
    insert_rows,
    user_id_of,
)
from placeboard.performance import approval, stored
from placeboard.performance.evaluation import assess_observation, split_targets
from placeboard.performance.figures import audit_text, breakdown, same
from placeboard.performance.models import Observation, Target, ValueChange
from placeboard.performance.periods import PeriodError
from placeboard.performance.services import FigureLocked

OBSERVATION_FIELDS = ["indicator_id", "area_id", "population_group_id", "period", "period_start", "period_end",
                      "value", "status", "note", "expected", "source", "entered_by_id", "entered_at",
                      "updated_by_id", "updated_at", "approval", "approved_value", "approved_by_id", "approved_at"]
NOT_AN_OFFICER = "Only a performance officer can approve figures as they are imported; nothing was saved."
FIGURE_FIELDS = ("value", "status", "note", "expected")  # what a row of the file gives for its actual
BEFORE_FIELDS = (*FIGURE_FIELDS, "approval")  # a step's `before`: the stored figure and its sign-off state


@dataclass(slots=True)
class ActualStep:
    """One actual to create (observation None) or change."""

    action: str  # "create" or "update"
    indicator: object
    period: object
    area: object
    group: object
    after: dict  # value, status, note, expected as the file gives them
    ids: tuple  # (indicator id, period label, area id, group id): which actual it is
    observation: int | None = None  # the id of the actual it changes
    before: dict | None = None  # BEFORE_FIELDS of the stored actual
    where: str = ""
    describe: str = ""


@dataclass(frozen=True, slots=True)
class _Proposed:
    """A figure a row proposes, as assessing it needs it (see _ActualRows.assess)."""

    value: object
    expected: str = ""


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
        # (indicator id, period, area id, group id) → (id, value, status, note, expected, approval) of every
        # recorded actual, as plain values: a partnership may have hundreds of thousands.
        self.existing = {
            (indicator_id, period, area_id, group_id): (pk, value, status, note, expected, state)
            for pk, indicator_id, period, area_id, group_id, value, status, note, expected, state
            in Observation.objects.filter(indicator__partnership=partnership).values_list(
                "id", "indicator_id", "period", "area_id", "population_group_id", *BEFORE_FIELDS).iterator(
                chunk_size=10_000)
        }
        self.sign_off = partnership.sign_off
        self.seen = {}
        # Kept as rows repeat them (see the module's docstring).
        self.by_code, self.periods, self.ranges, self.statuses, self.places, self.shown = {}, {}, {}, {}, {}, {}
        index = reader.index  # the required columns are there: check_steps stops before this otherwise
        self.at_indicator, self.at_period, self.at_value = index["indicator"], index["period"], index["value"]
        self.at_area, self.at_group, self.at_status, self.at_note, self.at_expected = (
            index.get(name) for name in ("area", "population_group", "status", "note", "expected"))
        # Every target (with its profile) in two queries, so assessing each headline row costs none.
        self.targets = {}
        for target in Target.objects.filter(indicator__partnership=partnership).prefetch_related("profile_points"):
            self.targets.setdefault(target.indicator_id, []).append(target)
        self.targets = {pk: split_targets(rows) for pk, rows in self.targets.items()}

    def assess(self, step):
        """How a new or changed headline figure will be assessed, as the observation form assesses it; None
        for a breakdown by area or population group, or a row with no figure yet (the form assesses neither).

        What Indicator.assess_value does, given the proposed figure as a plain object rather than an unsaved
        Observation: building a model instance cost more than assessing it, for each of tens of thousands of
        headline rows. The rules read only its value and expected date."""
        if step.area is not None or step.group is not None or step.after["value"] is None:
            return None
        targets, baselines = self.targets.get(step.indicator.id, ([], []))
        return assess_observation(step.indicator, step.period, _Proposed(step.after["value"]), targets, baselines,
                                  None)[2]

    def indicator(self, number, cells):
        """The row's indicator, or None with the problem recorded."""
        code = cells[self.at_indicator]
        found = self.by_code.get(code)
        if found is None:
            found = self.by_code[code] = self._indicator(code)
        if isinstance(found, str):
            self.reader.problem(number, "indicator", found)
            return None
        return found

    def _indicator(self, code):
        """The indicator a code names, or the problem in words."""
        indicator, problem = indicator_problem(code, self.indicators, self.partnership)
        if problem:
            return problem
        access = self.access
        if access is not None and not access.can_manage and indicator.lead_organisation_id not in \
                access.organisation_ids:
            return (f"You can import actuals only for indicators your organisation leads; {indicator.code} is led "
                    f"by another organisation.")
        return indicator

    def period(self, number, cells, indicator):
        label = cells[self.at_period]
        key = (indicator.id, label)
        period = self.periods.get(key)
        if period is None:
            try:
                period = indicator.parse_period_for_actuals(label) if label else None
                if period is None:
                    raise PeriodError("The period is blank.")
            except PeriodError as exc:
                period = exc
            self.periods[key] = period
        if isinstance(period, PeriodError):
            self.reader.problem(number, "period", str(period) + date_hint(label))
            return None
        return period

    def place(self, number, cells):
        """(area, group, area id, group id, where) the row names, area and group None when blank; None with
        the problem recorded."""
        key = (cells[self.at_area] if self.at_area is not None else "",
               cells[self.at_group] if self.at_group is not None else "")
        found = self.places.get(key)
        if found is None:
            found = self.places[key] = self._place(*key)
        if found[0] is BAD:
            self.reader.problem(number, found[1], found[2])
            return None
        return found

    def _place(self, area_text, group_text):
        """place() for the texts of the area and population group columns; (BAD, column, problem) if either
        names nothing."""
        area = group = None
        if area_text:
            area = self.areas.get(area_text.lower())
            if area is None:
                return BAD, "area", f"There is no area with the GSS code or name '{area_text}' in " \
                                    f"{self.partnership.name}."
        if group_text:
            group = self.groups.get(group_text.lower())
            if group is None:
                return BAD, "population_group", f"There is no population group called '{group_text}' in " \
                                                f"{self.partnership.name}."
        return area, group, area.id if area else None, group.id if group else None, breakdown(area, group)

    def value(self, number, text, indicator):
        """The number in the row's value (None when blank), or BAD with the problem recorded."""
        if not text:
            return None
        try:
            value = parse_number(text)
        except ValueError as exc:
            self.reader.problem(number, "value", str(exc))
            return BAD
        limits = self.ranges.get(indicator.id)
        if limits is None:
            limits = self.ranges[indicator.id] = indicator.valid_range()
        low, high = limits
        if (low is not None and value < low) or (high is not None and value > high):
            self.reader.problem(number, "value", indicator.check_value(value))
            return BAD
        return value

    def status(self, number, cells):
        """The row's status (provisional when blank), or None with the problem recorded."""
        text = cells[self.at_status] if self.at_status is not None else ""
        if not text:
            return Observation.Status.PROVISIONAL
        status = self.statuses.get(text)
        if status is None:
            try:
                status = parse_choice(text, Observation.Status.choices)
            except ValueError as exc:
                status = exc
            self.statuses[text] = status
        if isinstance(status, ValueError):
            self.reader.problem(number, "status", str(status))
            return None
        return status

    def figures(self, number, cells, indicator):
        """{value, status, note, expected} of the row, or None with the problem recorded."""
        value = self.value(number, cells[self.at_value], indicator)
        if value is BAD:
            return None
        expected = cells[self.at_expected] if self.at_expected is not None else ""
        if value is None and not expected:
            self.reader.problem(number, "value", "The value is blank. Give a number, or say when the data is "
                                                 "expected in the 'expected' column.")
            return None
        status = self.status(number, cells)
        if status is None:
            return None
        note = cells[self.at_note] if self.at_note is not None else ""
        return {"value": value, "status": status, "note": note, "expected": expected}

    def check(self, number, cells):
        indicator = self.indicator(number, cells)
        if indicator is None:
            return
        period = self.period(number, cells, indicator)
        if period is None:
            return
        place = self.place(number, cells)
        if place is None:
            return
        after = self.figures(number, cells, indicator)
        if after is None:
            return
        area, group, area_id, group_id, where = place
        identity = (indicator.id, period.label, area_id, group_id)
        describe = f"{indicator.code} {period.label} ({where})" if where else f"{indicator.code} {period.label}"
        if identity in self.seen:
            self.reader.problem(number, "", f"This row repeats row {self.seen[identity]} ({describe}). "
                                            "Keep one row for each indicator, period, area and population group.")
            return
        self.seen[identity] = number
        step = ActualStep("create", indicator, period, area, group, after, identity, where=where, describe=describe)
        existing = self.existing.get(identity)
        if existing is not None:
            step.observation = existing[0]
            step.before = dict(zip(BEFORE_FIELDS, existing[1:]))
        self.plan_step(number, step)

    @staticmethod
    def locked(step):
        """The problem of a row changing an approved or published figure: services.FigureLocked's words."""
        stored = Observation(indicator=step.indicator, period=step.period.label, area=step.area,
                             population_group=step.group, approval=step.before["approval"])
        return str(FigureLocked(stored))

    def format_value(self, indicator, value):
        key = (indicator.id, value)
        shown = self.shown.get(key)
        if shown is None:
            shown = self.shown[key] = indicator.format_value(value)
        return shown

    def plan_step(self, number, step):
        plan, indicator, after, before = self.plan, step.indicator, step.after, step.before
        if before is not None and all(same(before[k], after[k]) for k in FIGURE_FIELDS):
            plan.changes.append(Change(number, "unchanged", step.describe))
            return
        if before is not None and approval.is_locked(before["approval"], self.sign_off):
            column = next(k for k in FIGURE_FIELDS if not same(before[k], after[k]))
            self.reader.problem(number, column, self.locked(step))
            return
        # Only what is written is held to the form's rules: an unchanged row saves nothing.
        assessment = self.assess(step)
        if assessment is not None and (problem := indicator.missing_commentary(assessment, after["note"])):
            self.reader.problem(number, "note", problem)
            return
        status = assessment.status.value if assessment is not None else ""
        if before is None:
            shown = self.format_value(indicator, after["value"]) or after["expected"]
            plan.changes.append(Change(number, "create", f"{step.describe}: {shown}", status))
            plan.ops.append(step)
            return
        changed = ", ".join(
            f"{k} {indicator.format_value(before[k]) if k == 'value' else before[k] or '(blank)'} → "
            f"{indicator.format_value(after[k]) if k == 'value' else after[k] or '(blank)'}"
            for k in FIGURE_FIELDS if not same(before[k], after[k]))
        plan.changes.append(Change(number, "update", f"{step.describe}: {changed}", status))
        step.action = "update"
        plan.ops.append(step)


def check_actuals(partnership, table, reader, plan, access):
    """Checks every row into plan.changes and plan.ops (or plan.problems)."""
    plan.lands = approval.saved_state(partnership.sign_off, plan.approve)
    if plan.approve and access is not None and not access.can_manage:
        # The form and the command line never ask for it: a forged request, or a role lost since the upload.
        plan.problems.append(table.problem(NOT_AN_OFFICER))
        return
    rows = _ActualRows(partnership, reader, plan, access)
    check, every, total = rows.check, plan.progress_every, len(table.rows)
    for done, (number, cells) in enumerate(table.rows, start=1):
        if done % every == 0:
            yield "Checked", done, total
        check(number, cells)


class _ActualWriter:
    """Turns steps into rows: new actuals, changed actuals, history lines and audit events.

    New actuals and history lines are COPY lines on PostgreSQL (see writer.copy_lines), tuples for bulk_create
    elsewhere. New actuals are recorded in the audit log by one event for the whole import (its counts, see
    `summary_event`), each with a history line; each changed actual gets its own audit event (every field it
    changed, old and new), with a history line when its figure or status changed.

    Every new or changed actual lands in the state `lands` (see check_actuals), its reason for being returned
    or unlocked cleared; approving, its approved value, approver and time are set as record_observation sets
    them."""

    def __init__(self, user_id, now, partnership, lands):
        self.user_id, self.now, self.partnership = user_id, now, partnership
        self.lands, self.approving = lands, lands == approval.APPROVED
        # What every changed actual of the import gets alike, set by one UPDATE per batch: bulk_update's CASE
        # over a batch's ids, for each field, costs far more than the figures themselves.
        self.alike = {"updated_by_id": user_id, "updated_at": now, "approval": lands, "approval_note": ""}
        if self.approving:
            self.alike.update(approved_value=F("value"), approved_by_id=user_id, approved_at=now)
        self.copy = connection.vendor == "postgresql"
        self.shown = {}  # (indicator id, value, status) → the figure as the history shows it, computed once
        self.texts = {}  # COPY text kept as rows repeat it: the columns of periods, places, where
        self.user_text = NULL if user_id is None else str(user_id)
        self.now_text = now.isoformat()
        # The COPY columns after the value's: its approval, and for an approved figure who and when (the
        # approved value, which is the value, goes between them).
        self.approval_text = f"\t{lands}\t{NULL}\t{NULL}\t{NULL}\n"
        self.approver_text = f"\t{self.user_text}\t{self.now_text}\n"
        self.created = {}  # indicator id → how many new actuals
        self.codes = {}  # indicator id → code
        self.headline = set()  # ids of the indicators whose whole-place figures this import writes
        self.start()

    def start(self):
        """Begin a chunk."""
        self.new, self.updated, self.history, self.audits = [], [], [], []
        self.unpublished = []  # ids of updated actuals whose commentary changed

    def figure(self, indicator, value, status):
        key = (indicator.id, value, status)
        shown = self.shown.get(key)
        if shown is None:
            shown = self.shown[key] = f"{indicator.format_value(value)} {status}".strip()
        return shown

    def text(self, key, make):
        found = self.texts.get(key)
        if found is None:
            found = self.texts[key] = make()
        return found

    def add(self, step):
        indicator, after = step.indicator, step.after
        indicator_id, label, area_id, group_id = step.ids
        value, status, expected = after["value"], after["status"], after["expected"]
        if area_id is None and group_id is None:
            self.headline.add(indicator_id)
        if step.action == "create":
            self.created[indicator_id] = self.created.get(indicator_id, 0) + 1
            self.codes[indicator_id] = indicator.code
            self.new.append(self.new_row(step))
            old_text = ""
        else:
            before = step.before
            self.updated.append(Observation(pk=step.observation, **after))  # and self.alike, in write()
            old_text = self.figure(indicator, before["value"], before["status"])
            changes = {k: [audit_text(before[k]), audit_text(after[k])] for k in FIGURE_FIELDS
                       if not same(before[k], after[k])}
            if before["approval"] != self.lands:
                changes["approval"] = [approval.LABELS[before["approval"]], approval.LABELS[self.lands]]
            if "note" in changes:
                self.unpublished.append(step.observation)  # changed commentary is private until an officer publishes it
            self.audits.append((self.partnership.pk, self.user_id, self.now, "update", "actual",
                                str(step.observation), step.describe[:300], changes))
            if same(before["value"], value) and before["status"] == status:
                old_text = None  # only the note or expected date changed: no new figure in the history
        if old_text is None:
            return
        new_text = self.figure(indicator, value, status) if value is not None else f"expected: {expected}"
        if self.copy:
            where = step.where
            self.history.append(
                f"{indicator_id}\tActual\t{self.text(('label', label), lambda: copy_text(label))}\t"
                f"{self.text(('where', where), lambda: copy_text(where))}\t{copy_text(old_text)}\t"
                f"{copy_text(new_text)}\t{self.user_text}\t{self.now_text}\n")
        else:
            self.history.append((indicator_id, "Actual", label, step.where, old_text, new_text, self.user_id,
                                 self.now))

    def new_row(self, step):
        indicator_id, label, area_id, group_id = step.ids
        period, after = step.period, step.after
        if not self.copy:
            approver = (after["value"], self.user_id, self.now) if self.approving else (None, None, None)
            return (indicator_id, area_id, group_id, label, period.start, period.end, after["value"],
                    after["status"], after["note"], after["expected"], "", self.user_id, self.now, self.user_id,
                    self.now, self.lands, *approver)
        place = self.text(("place", area_id, group_id), lambda: (f"{NULL if area_id is None else area_id}\t"
                                                                 f"{NULL if group_id is None else group_id}"))
        when = self.text(("period", label), lambda: f"{copy_text(label)}\t{period.start}\t{period.end}")
        value = NULL if after["value"] is None else after["value"]
        approved = (f"\t{self.lands}\t{value}{self.approver_text}" if self.approving else self.approval_text)
        return (f"{indicator_id}\t{place}\t{when}\t{value}\t{after['status']}\t"
                f"{copy_text(after['note'])}\t{copy_text(after['expected'])}\t\t{self.user_text}\t"
                f"{self.now_text}\t{self.user_text}\t{self.now_text}{approved}")

    def write(self):
        if self.copy:
            copy_lines(Observation, OBSERVATION_FIELDS, self.new)
            copy_lines(ValueChange, HISTORY_FIELDS, self.history)
        else:
            insert_rows(Observation, OBSERVATION_FIELDS, self.new)
            insert_rows(ValueChange, HISTORY_FIELDS, self.history)
        Observation.objects.bulk_update(self.updated, FIGURE_FIELDS, batch_size=BATCH)
        for start in range(0, len(self.updated), BATCH):  # after the values, which approved_value copies
            Observation.objects.filter(pk__in=[o.pk for o in self.updated[start:start + BATCH]]).update(**self.alike)
        for start in range(0, len(self.unpublished), BATCH):
            Observation.objects.filter(pk__in=self.unpublished[start:start + BATCH], note_public=True).update(
                note_public=False)
        insert_rows(AuditEvent, AUDIT_FIELDS, self.audits)
        fragments.data_changed(self.partnership.pk)  # rows written in bulk send no signals

    def summary_event(self, plan):
        """The audit event recording every new actual of the import at once: the file, how many, and how many
        for each indicator. None if there are none."""
        if not self.created:
            return None
        count = sum(self.created.values())
        each = ", ".join(f"{code} ({self.created[pk]:,})" for pk, code in sorted(self.codes.items(),
                                                                                 key=lambda item: item[1]))
        changes = {"file": ["", plan.file], "new actuals": ["", f"{count:,}"], "indicators": ["", each]}
        if self.lands != approval.PUBLISHED:  # where there is sign-off: submitted for approval, or approved
            changes["approval"] = ["", approval.LABELS[self.lands]]
        return AuditEvent(partnership=self.partnership, user_id=self.user_id, action="create", object_type="actual",
                          object_id="", object_repr=f"{plan.file}: {count:,} new actual{'s' * (count != 1)}"[:300],
                          changes=changes)


def apply_actuals(plan, user, partnership):
    """Writes in chunks of plan.progress_every figures: each chunk's actuals and history lines (and the
    audit events of changed actuals), then reports progress; then one audit event for all the new actuals,
    and the stored assessments of the indicators whose whole-place figures changed."""
    lands = plan.lands or approval.saved_state(partnership.sign_off, plan.approve)
    writer = _ActualWriter(user_id_of(user), timezone.now(), partnership, lands)
    for chunk, done in plan.chunks():
        writer.start()
        for step in chunk:
            writer.add(step)
        writer.write()
        yield "Saved", done, len(plan.ops)
    if (event := writer.summary_event(plan)) is not None:
        event.save()
    stored.changed(*writer.headline)
