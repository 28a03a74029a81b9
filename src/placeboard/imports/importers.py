"""Checking a table of rows against the partnership's data, then writing it all or nothing.

`check()` reads and validates the whole file and works out, row by row, what
would be created, changed or left alone, without writing anything; `apply()`
writes that plan in one transaction, in batches, with a ValueChange (history)
and an audit event for every figure that changes. The number of queries does
not grow with the number of rows."""

import json
import re
from contextlib import nullcontext
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import JSONField
from django.utils import timezone

from placeboard.core.models import Area, AuditEvent, Organisation, Outcome, PopulationGroup
from placeboard.imports.readers import Problem, ReadError, read_table
from placeboard.performance.models import Indicator, IndicatorTag, Observation, Target, ValueChange
from placeboard.performance.periods import PeriodError, parse_period
from placeboard.performance.services import _same, _show, _where

BATCH = 2000
# How often check and apply report progress (the CLI prints it; the web page streams it).
PROGRESS_EVERY = 5000

ACTUAL_COLUMNS = ["indicator", "period", "area", "population_group", "value", "status", "note", "expected"]
TARGET_COLUMNS = ["indicator", "kind", "period", "value", "text", "to_be_set", "note"]
INDICATOR_COLUMNS = [
    "code", "title", "definition", "rationale", "value_type", "units", "polarity", "decimal_places", "cumulative",
    "data_source", "collection_interval", "reporting_organisation", "spatial_level", "lead_organisation", "owner",
    "minimum_value", "maximum_value", "band_low", "band_high", "tolerance_kind", "tolerance_amount", "tags",
    "outcomes",
]
BENCHMARK_COLUMNS = ["group", "indicator", "period", "authority", "gss_code", "value"]
REQUIRED = {
    "return": {"indicator", "period", "value"},
    "benchmarks": {"group", "indicator", "period", "authority", "value"},
    "actuals": {"indicator", "period", "value"},
    "targets": {"indicator", "kind", "period", "value"},
    "indicators": {"code", "title", "value_type", "polarity", "collection_interval"},
}
COLUMNS = {"actuals": ACTUAL_COLUMNS, "targets": TARGET_COLUMNS, "indicators": INDICATOR_COLUMNS,
           "benchmarks": BENCHMARK_COLUMNS, "return": ACTUAL_COLUMNS + ["title"]}
KIND_NAMES = {"actuals": "Actuals", "targets": "Baselines and targets", "indicators": "Indicator catalogue",
              "benchmarks": "Comparator values (benchmarking)", "return": "Data return (a round's template)"}
KINDS = list(COLUMNS)
EXPORT_KINDS = ["actuals", "targets", "indicators", "benchmarks"]


@dataclass
class Change:
    row: int
    action: str  # "create", "update", "unchanged"
    description: str


@dataclass
class Plan:
    kind: str
    file: str
    problems: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    rows: int = 0
    # What apply() writes: kind-specific tuples.
    ops: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems

    def count(self, action):
        return sum(1 for c in self.changes if c.action == action)

    @property
    def created(self):
        return self.count("create")

    @property
    def updated(self):
        return self.count("update")

    @property
    def unchanged(self):
        return self.count("unchanged")

    def summary(self):
        skipped = self.count("skipped")
        return (f"{self.rows:,} rows: {self.created:,} new, {self.updated:,} changed, "
                f"{self.unchanged:,} unchanged" + (f", {skipped:,} left blank" if skipped else ""))


def normalise_header(name):
    return name.strip().lower().replace(" ", "_").replace("-", "_")


def number_text(value):
    """A Decimal as plain text without trailing zeros or exponent (57.400000 → 57.4)."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text


def parse_number(text):
    cleaned = text.replace(",", "").replace("£", "").strip()
    if cleaned.endswith("%"):
        cleaned = cleaned[:-1].strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"'{text}' is not a number.") from None
    if not value.is_finite():
        raise ValueError(f"'{text}' is not a number.")
    if abs(value) >= Decimal(10) ** 14:
        raise ValueError(f"'{text}' is too large.")
    return value


TRUE, FALSE = {"yes", "y", "true", "1", "x"}, {"no", "n", "false", "0", ""}


def parse_bool(text):
    lowered = text.strip().lower()
    if lowered in TRUE:
        return True
    if lowered in FALSE:
        return False
    raise ValueError(f"'{text}' should be yes or no.")


def parse_choice(text, choices):
    lowered = text.strip().lower()
    for value, label in choices:
        if lowered in (value.lower(), str(label).lower()):
            return value
    options = ", ".join(value for value, _ in choices)
    raise ValueError(f"'{text}' is not one of: {options}.")


class RowReader:
    """The cells of the data rows by column name, with problems collected against the table."""

    def __init__(self, table, kind, plan):
        self.table, self.plan = table, plan
        self.index = {}
        allowed = COLUMNS[kind]
        for position, name in enumerate(table.header):
            key = normalise_header(name)
            if not key:
                continue
            if key not in allowed:
                plan.problems.append(table.problem(
                    f"Unknown column '{name}'. The columns are: {', '.join(allowed)}.", row=1, column=name))
            elif key in self.index:
                plan.problems.append(table.problem(f"The column '{name}' appears twice.", row=1, column=name))
            else:
                self.index[key] = position
        for name in allowed:
            if name in REQUIRED[kind] and name not in self.index:
                plan.problems.append(table.problem(
                    f"The column '{name}' is missing. The first row must name the columns: "
                    f"{', '.join(allowed)}.", row=1))

    def get(self, cells, name):
        position = self.index.get(name)
        if position is None or position >= len(cells):
            return ""
        return cells[position]

    def problem(self, row, column, message):
        self.plan.problems.append(self.table.problem(message, row=row, column=column))


def _user_id(user):
    return user.pk if user is not None and user.is_authenticated else None


def _indicators_by_code(partnership):
    return {i.code.lower(): i for i in Indicator.objects.filter(partnership=partnership)}


def _row_indicator(reader, number, cells, indicators, partnership):
    """The indicator a row's 'indicator' column names, or None with the problem recorded."""
    code = reader.get(cells, "indicator")
    indicator = indicators.get(code.lower())
    if indicator is None:
        reader.problem(number, "indicator", f"There is no indicator with the code '{code}' in "
                                            f"{partnership.name}." if code else "The indicator code is blank.")
    return indicator


_BAD = object()  # a cell whose problem has been recorded; the row is skipped


def _row_value(reader, number, cells, indicator):
    """The number in a row's 'value' column, None when blank, or _BAD with the problem recorded."""
    text = reader.get(cells, "value")
    if not text:
        return None
    try:
        value = parse_number(text)
    except ValueError as exc:
        reader.problem(number, "value", str(exc))
        return _BAD
    message = indicator.check_value(value)
    if message:
        reader.problem(number, "value", message)
        return _BAD
    return value


def _drive(steps, progress):
    """Run a step generator to the end, passing each (what, done, total) to progress; return its result."""
    while True:
        try:
            event = next(steps)
        except StopIteration as stop:
            return stop.value
        if progress:
            progress(*event)


def check(kind, partnership, filename, data, *, access=None, progress=None):
    """The plan for importing a file: its problems, or what each row would do."""
    return _drive(check_steps(kind, partnership, filename, data, access=access), progress)


def check_steps(kind, partnership, filename, data, *, access=None):
    """check() as a generator: yields ("Checked", done, total) as it goes and returns the plan."""
    if kind not in COLUMNS:
        raise ValueError(f"Unknown kind of import '{kind}'; choose one of {', '.join(KINDS)}.")
    plan = Plan(kind=kind, file=filename)
    try:
        table = read_table(filename, data)
    except ReadError as exc:
        plan.problems = exc.problems
        return plan
    plan.rows = len(table.rows)
    yield "Read", plan.rows, plan.rows
    reader = RowReader(table, kind, plan)
    if plan.problems:
        return plan
    if not table.rows:
        plan.problems.append(Problem(filename, "The file has a header row but no data rows.", table.sheet))
        return plan
    yield from {"actuals": _check_actuals, "targets": _check_targets, "indicators": _check_indicators,
                "benchmarks": _check_benchmarks, "return": _check_return}[kind](
        partnership, table, reader, plan, access)
    if plan.problems:
        plan.changes, plan.ops = [], []
    return plan


# -- actuals ------------------------------------------------------------------------------

def _date_hint(label):
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


def _check_return(partnership, table, reader, plan, access):
    """A filled-in data return: actuals, skipping the rows left blank."""
    kept = []
    for number, cells in table.rows:
        if reader.get(cells, "value") or reader.get(cells, "expected"):
            kept.append((number, cells))
        else:
            plan.changes.append(Change(number, "skipped", f"{reader.get(cells, 'indicator')}: left blank"))
    table.rows = kept
    yield from _check_actuals(partnership, table, reader, plan, access)


def _check_actuals(partnership, table, reader, plan, access):
    indicators = _indicators_by_code(partnership)
    for indicator in indicators.values():
        indicator.partnership = partnership
    areas = _lookup_areas(partnership)
    groups = {g.name.lower(): g for g in PopulationGroup.objects.filter(partnership=partnership)}
    existing = {
        (o.indicator_id, o.period, o.area_id, o.population_group_id): o
        for o in Observation.objects.filter(indicator__partnership=partnership).only(
            "id", "indicator_id", "period", "area_id", "population_group_id", "value", "status", "note", "expected",
            "period_start", "period_end", "source")
    }
    periods, seen = {}, {}
    statuses = Observation.Status.choices
    for done, (number, cells) in enumerate(table.rows, start=1):
        if done % PROGRESS_EVERY == 0:
            yield "Checked", done, len(table.rows)
        indicator = _row_indicator(reader, number, cells, indicators, partnership)
        if indicator is None:
            continue
        if access is not None and not access.can_manage and indicator.lead_organisation_id not in \
                access.organisation_ids:
            reader.problem(number, "indicator", f"You can import actuals only for indicators your organisation "
                                                f"leads; {indicator.code} is led by another organisation.")
            continue
        label = reader.get(cells, "period")
        key = (indicator.pk, label)
        if key not in periods:
            try:
                periods[key] = indicator.parse_period_for_actuals(label) if label else None
                if periods[key] is None:
                    raise PeriodError("The period is blank.")
            except PeriodError as exc:
                periods[key] = exc
        period = periods[key]
        if isinstance(period, PeriodError):
            reader.problem(number, "period", str(period) + _date_hint(label))
            continue
        area_text, area = reader.get(cells, "area"), None
        if area_text:
            area = areas.get(area_text.lower())
            if area is None:
                reader.problem(number, "area", f"There is no area with the GSS code or name '{area_text}' in "
                                               f"{partnership.name}.")
                continue
        group_text, group = reader.get(cells, "population_group"), None
        if group_text:
            group = groups.get(group_text.lower())
            if group is None:
                reader.problem(number, "population_group",
                               f"There is no population group called '{group_text}' in {partnership.name}.")
                continue
        value, expected = _row_value(reader, number, cells, indicator), reader.get(cells, "expected")
        if value is _BAD:
            continue
        if value is None and not expected:
            reader.problem(number, "value", "The value is blank. Give a number, or say when the data is expected "
                                            "in the 'expected' column.")
            continue
        status_text = reader.get(cells, "status")
        try:
            status = parse_choice(status_text, statuses) if status_text else Observation.Status.PROVISIONAL
        except ValueError as exc:
            reader.problem(number, "status", str(exc))
            continue
        note = reader.get(cells, "note")
        identity = (indicator.pk, period.label, area.pk if area else None, group.pk if group else None)
        where = _where(area, group)
        describe = f"{indicator.code} {period.label}{' (' + where + ')' if where else ''}"
        if identity in seen:
            reader.problem(number, "", f"This row repeats row {seen[identity]} ({describe}). "
                                       "Keep one row for each indicator, period, area and population group.")
            continue
        seen[identity] = number
        observation = existing.get(identity)
        after = {"value": value, "status": status, "note": note, "expected": expected}
        if observation is None:
            plan.changes.append(Change(number, "create", f"{describe}: {_show(value, indicator) or expected}"))
            plan.ops.append(("create", indicator, period, area, group, after, None, None, where, describe))
            continue
        before = {k: getattr(observation, k) for k in after}
        if all(_same(before[k], after[k]) for k in after):
            plan.changes.append(Change(number, "unchanged", describe))
            continue
        changed = ", ".join(
            f"{k} {_show(before[k], indicator) if k == 'value' else before[k] or '(blank)'} → "
            f"{_show(after[k], indicator) if k == 'value' else after[k] or '(blank)'}"
            for k in after if not _same(before[k], after[k]))
        plan.changes.append(Change(number, "update", f"{describe}: {changed}"))
        plan.ops.append(("update", indicator, period, area, group, after, observation, before, where, describe))


OBSERVATION_FIELDS = ["indicator_id", "area_id", "population_group_id", "period", "period_start", "period_end",
                      "value", "status", "note", "expected", "source", "entered_by_id", "entered_at",
                      "updated_by_id", "updated_at"]
HISTORY_FIELDS = ["indicator_id", "what", "period", "where", "old", "new", "changed_by_id", "changed_at"]
AUDIT_FIELDS = ["partnership_id", "user_id", "at", "action", "object_type", "object_id", "object_repr", "changes"]


def _apply_actuals(plan, user, partnership):
    """Writes in chunks of PROGRESS_EVERY figures: each chunk's actuals, history lines and audit events, then
    reports progress. Rows are plain tuples (no model instances), inserted by _insert_rows."""
    now = timezone.now()
    user_id = _user_id(user)
    shown = {}  # (indicator id, value) → the figure as the indicator prints it, computed once

    def figure(indicator, value, status):
        key = (indicator.pk, value)
        if key not in shown:
            shown[key] = _show(value, indicator)
        return f"{shown[key]} {status}".strip()

    total = len(plan.ops)
    for first in range(0, total, PROGRESS_EVERY):
        chunk = plan.ops[first:first + PROGRESS_EVERY]
        new, updated, history, audits = [], [], [], []
        for action, indicator, period, area, group, after, obs, before, where, describe in chunk:
            value, status, expected = after["value"], after["status"], after["expected"]
            if action == "create":
                new.append((indicator.pk, area.pk if area else None, group.pk if group else None, period.label,
                            period.start, period.end, value, status, after["note"], expected, "", user_id, now,
                            user_id, now))
                old_text = ""
                changes = {k: ["", str(v or "")] for k, v in after.items() if v not in (None, "")}
            else:
                for k, v in after.items():
                    setattr(obs, k, v)
                obs.updated_by_id, obs.updated_at = user_id, now
                updated.append(obs)
                old_text = figure(indicator, before["value"], before["status"])
                changes = {k: [str(before[k] or ""), str(after[k] or "")] for k in after
                           if not _same(before[k], after[k])}
                if _same(before["value"], value) and before["status"] == status:
                    old_text = None  # only the note or expected date changed: no new figure in the history
            if old_text is not None:
                history.append((indicator.pk, "Actual", period.label, where, old_text,
                                figure(indicator, value, status) if value is not None else f"expected: {expected}",
                                user_id, now))
            audits.append([partnership.pk, user_id, now, action, "actual", obs.pk if obs else None,
                           describe[:300], changes])
        ids = iter(_insert_rows(Observation, OBSERVATION_FIELDS, new, ids=True))
        for event in audits:
            event[5] = str(event[5] if event[5] is not None else next(ids))
        Observation.objects.bulk_update(updated, ["value", "status", "note", "expected", "updated_by",
                                                  "updated_at"], batch_size=BATCH)
        _insert_rows(ValueChange, HISTORY_FIELDS, history)
        _insert_rows(AuditEvent, AUDIT_FIELDS, audits)
        yield "Saved", first + len(chunk), total


def _insert_rows(model, fields, rows, *, ids=False):
    """Insert rows (sequences of values for `fields`, by attname); the new primary keys in order if `ids`.

    On PostgreSQL this is COPY, with the keys taken from the table's sequence first: several times faster
    than INSERT for the hundreds of thousands of rows a big import writes. Elsewhere it is bulk_create."""
    if not rows:
        return []
    if connection.vendor != "postgresql":
        objects = [model(**dict(zip(fields, row))) for row in rows]
        model.objects.bulk_create(objects, batch_size=BATCH)
        return [o.pk for o in objects]
    opts, quote = model._meta, connection.ops.quote_name
    by_attname = {f.attname: f for f in opts.concrete_fields}
    json_at = [n for n, name in enumerate(fields) if isinstance(by_attname[name], JSONField)]
    columns = [by_attname[name].column for name in fields]
    new_ids = []
    with connection.cursor() as cursor:
        if ids:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [opts.db_table, opts.pk.column, len(rows)])
            new_ids = [row[0] for row in cursor.fetchall()]
            columns.insert(0, opts.pk.column)
        sql = f"COPY {quote(opts.db_table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
        # debug_sql puts the COPY in connection.queries (and so in the tests' query counts) like any statement.
        logged = cursor.debug_sql(sql) if hasattr(cursor, "debug_sql") else nullcontext()
        with logged, cursor.cursor.copy(sql) as copy:
            for n, row in enumerate(rows):
                if json_at:
                    row = list(row)
                    for position in json_at:
                        row[position] = json.dumps(row[position], cls=DjangoJSONEncoder)
                copy.write_row((new_ids[n], *row) if ids else row)
    return new_ids


def _bulk_audit(user_id, partnership, audits, object_type):
    events = [AuditEvent(partnership=partnership, user_id=user_id, action=action, object_type=object_type,
                         object_id=str(obj.pk or ""), object_repr=str(obj)[:300], changes=changes)
              for action, obj, changes in audits]
    AuditEvent.objects.bulk_create(events, batch_size=BATCH)


# -- baselines and targets ------------------------------------------------------------------

def _check_targets(partnership, table, reader, plan, access):
    indicators = _indicators_by_code(partnership)
    existing = {(t.indicator_id, t.kind, t.period): t
                for t in Target.objects.filter(indicator__partnership=partnership)}
    seen = {}
    for done, (number, cells) in enumerate(table.rows, start=1):
        if done % PROGRESS_EVERY == 0:
            yield "Checked", done, len(table.rows)
        indicator = _row_indicator(reader, number, cells, indicators, partnership)
        if indicator is None:
            continue
        try:
            kind = parse_choice(reader.get(cells, "kind"), Target.Kind.choices)
        except ValueError as exc:
            reader.problem(number, "kind", str(exc))
            continue
        label = reader.get(cells, "period")
        try:
            period = parse_period(label)
        except PeriodError as exc:
            reader.problem(number, "period", str(exc) if label else "The period is blank.")
            continue
        value, text = _row_value(reader, number, cells, indicator), reader.get(cells, "text")
        if value is _BAD:
            continue
        try:
            to_be_set = parse_bool(reader.get(cells, "to_be_set"))
        except ValueError as exc:
            reader.problem(number, "to_be_set", str(exc))
            continue
        if value is None and not text and not to_be_set:
            reader.problem(number, "value", "Give a value, a target in words (the 'text' column), or 'yes' in "
                                            "'to_be_set'.")
            continue
        note = reader.get(cells, "note")
        identity = (indicator.pk, kind, period.label)
        describe = f"{indicator.code} {kind} {period.label}"
        if identity in seen:
            reader.problem(number, "", f"This row repeats row {seen[identity]} ({describe}).")
            continue
        seen[identity] = number
        after = {"value": value, "text": text, "to_be_set": to_be_set, "note": note}
        target = existing.get(identity)
        if target is None:
            plan.changes.append(Change(number, "create", describe))
            plan.ops.append(("create", indicator, kind, period, after, None, ""))
            continue
        target.indicator = indicator
        before = {k: getattr(target, k) for k in after}
        if all(_same(before[k], after[k]) for k in after):
            plan.changes.append(Change(number, "unchanged", describe))
            continue
        old = target.display()
        plan.changes.append(Change(number, "update", f"{describe}: {old} → "
                                   f"{_show(value, indicator) or text or 'to be set'}"))
        plan.ops.append(("update", indicator, kind, period, after, target, old))


def _apply_targets(plan, user, partnership):
    for first in range(0, len(plan.ops), PROGRESS_EVERY):
        _write_targets(plan.ops[first:first + PROGRESS_EVERY], user, partnership)
        yield "Saved", min(first + PROGRESS_EVERY, len(plan.ops)), len(plan.ops)


def _write_targets(ops, user, partnership):
    user_id = _user_id(user)
    new, updated, history, audits = [], [], [], []
    for action, indicator, kind, period, after, target, old in ops:
        if target is None:
            target = Target(indicator=indicator, kind=kind)
            target.set_period(period)
            new.append(target)
        else:
            updated.append(target)
        for k, v in after.items():
            setattr(target, k, v)
        target.updated_by_id, target.updated_at = user_id, timezone.now()
        display = target.display()
        if display != old:
            history.append(ValueChange(indicator=indicator, what="Baseline" if kind == Target.Kind.BASELINE
                                       else "Target", period=period.label, old=old, new=display,
                                       changed_by_id=user_id))
        audits.append((action, target, {"value": [old, display]}))
    Target.objects.bulk_create(new, batch_size=BATCH)
    Target.objects.bulk_update(updated, ["value", "text", "to_be_set", "note", "updated_by", "updated_at"],
                               batch_size=BATCH)
    ValueChange.objects.bulk_create(history, batch_size=BATCH)
    _bulk_audit(user_id, partnership, audits, "target")


# -- the indicator catalogue -----------------------------------------------------------------

DECIMAL_FIELDS = ["minimum_value", "maximum_value", "band_low", "band_high", "tolerance_amount"]
TEXT_FIELDS = ["title", "definition", "rationale", "units", "data_source", "reporting_organisation", "owner"]
CHOICE_FIELDS = ["value_type", "polarity", "collection_interval", "spatial_level", "tolerance_kind"]


def split_list(text):
    return [part.strip() for part in text.replace("\n", ";").split(";") if part.strip()]


def _check_indicators(partnership, table, reader, plan, access):
    existing = {i.code.lower(): i for i in Indicator.objects.filter(partnership=partnership)
                .select_related("lead_organisation").prefetch_related("tags", "outcomes")}
    organisations = {}
    for org in Organisation.objects.filter(partnership=partnership):
        organisations[org.name.lower()] = org
        if org.short_name:
            organisations.setdefault(org.short_name.lower(), org)
    outcomes = {o.code.lower(): o for o in Outcome.objects.filter(partnership=partnership)}
    seen = {}
    for done, (number, cells) in enumerate(table.rows, start=1):
        if done % PROGRESS_EVERY == 0:
            yield "Checked", done, len(table.rows)
        code = reader.get(cells, "code")
        if not code:
            reader.problem(number, "code", "The indicator code is blank.")
            continue
        if code.lower() in seen:
            reader.problem(number, "code", f"This row repeats the code '{code}' of row {seen[code.lower()]}.")
            continue
        seen[code.lower()] = number
        values, bad = {"code": code}, False
        for name in TEXT_FIELDS:
            values[name] = reader.get(cells, name)
        for name in CHOICE_FIELDS:
            text = reader.get(cells, name)
            if name == "spatial_level" and not text:
                values[name] = Indicator.SpatialLevel.LOCAL_AUTHORITY
                continue
            if name == "tolerance_kind" and not text:
                values[name] = ""
                continue
            try:
                values[name] = parse_choice(text, Indicator._meta.get_field(name).choices)
            except ValueError as exc:
                reader.problem(number, name, str(exc) if text else f"The {name.replace('_', ' ')} is blank.")
                bad = True
        for name in DECIMAL_FIELDS:
            text = reader.get(cells, name)
            try:
                values[name] = parse_number(text) if text else None
            except ValueError as exc:
                reader.problem(number, name, str(exc))
                bad = True
        places = reader.get(cells, "decimal_places")
        if places and not (places.isdigit() and int(places) <= 6):
            reader.problem(number, "decimal_places", f"'{places}' should be a whole number from 0 to 6.")
            bad = True
        values["decimal_places"] = int(places) if places.isdigit() else 1
        try:
            values["cumulative"] = parse_bool(reader.get(cells, "cumulative"))
        except ValueError as exc:
            reader.problem(number, "cumulative", str(exc))
            bad = True
        lead_text = reader.get(cells, "lead_organisation")
        values["lead_organisation"] = organisations.get(lead_text.lower()) if lead_text else None
        if lead_text and values["lead_organisation"] is None:
            reader.problem(number, "lead_organisation", f"There is no organisation called '{lead_text}' in "
                                                        f"{partnership.name}.")
            bad = True
        tag_names = split_list(reader.get(cells, "tags"))
        outcome_list = []
        for outcome_code in split_list(reader.get(cells, "outcomes")):
            outcome = outcomes.get(outcome_code.lower())
            if outcome is None:
                reader.problem(number, "outcomes", f"There is no outcome with the code '{outcome_code}'.")
                bad = True
            outcome_list.append(outcome)
        if bad:
            continue
        indicator = existing.get(code.lower())
        created = indicator is None
        if created:
            indicator = Indicator(partnership=partnership)
        before = {k: getattr(indicator, k) for k in values} if not created else {}
        before_tags = sorted(t.name for t in indicator.tags.all()) if not created else []
        before_outcomes = sorted(o.code for o in indicator.outcomes.all()) if not created else []
        for k, v in values.items():
            setattr(indicator, k, v)
        problems = _indicator_rule_problems(indicator)
        for column, message in problems:
            reader.problem(number, column, message)
        if problems:
            continue
        changed = [k for k in values if created or not _same(before[k], values[k])]
        if sorted(tag_names) != before_tags:
            changed.append("tags")
        if sorted(o.code for o in outcome_list) != before_outcomes:
            changed.append("outcomes")
        if not created and not changed:
            plan.changes.append(Change(number, "unchanged", code))
            continue
        plan.changes.append(Change(number, "create" if created else "update",
                                   f"{code} {values['title']}" if created else f"{code}: {', '.join(changed)}"))
        changes = {k: ["" if created else str(before.get(k, "") or ""), str(values.get(k, "") or "")]
                   for k in changed if k in values}
        if "tags" in changed:
            changes["tags"] = ["; ".join(before_tags), "; ".join(sorted(tag_names))]
        if "outcomes" in changed:
            changes["outcomes"] = ["; ".join(before_outcomes), "; ".join(sorted(o.code for o in outcome_list))]
        plan.ops.append(("create" if created else "update", indicator, tag_names, outcome_list, changes))


def _indicator_rule_problems(indicator):
    from django.core.exceptions import ValidationError

    problems = []
    try:
        indicator.clean_fields(exclude=["partnership", "lead_organisation"])
        indicator.clean()
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            for message in messages:
                problems.append(("" if name == "__all__" else name, message))
    low, high = indicator.minimum_value, indicator.maximum_value
    if low is not None and high is not None and low > high:
        problems.append(("minimum_value", "The minimum must not be above the maximum."))
    return problems


def _apply_indicators(plan, user, partnership):
    """The whole catalogue in a fixed number of statements (apart from batches of BATCH): new tags, new and
    changed indicators, their tag and outcome links (replaced only where they changed) and the audit events."""
    user_id = _user_id(user)
    tags = {t.name.lower(): t for t in IndicatorTag.objects.filter(partnership=partnership)}
    new_tags = {}
    for _, _, tag_names, _, _ in plan.ops:
        for name in tag_names:
            if name.lower() not in tags:
                tags[name.lower()] = new_tags[name.lower()] = IndicatorTag(partnership=partnership, name=name)
    IndicatorTag.objects.bulk_create(new_tags.values(), batch_size=BATCH)
    created = [indicator for action, indicator, *_ in plan.ops if action == "create"]
    updated = [indicator for action, indicator, *_ in plan.ops if action == "update"]
    Indicator.objects.bulk_create(created, batch_size=BATCH)
    Indicator.objects.bulk_update(updated, ["code", *TEXT_FIELDS, *CHOICE_FIELDS, *DECIMAL_FIELDS,
                                            "decimal_places", "cumulative", "lead_organisation"], batch_size=BATCH)
    tag_links, outcome_links, relink_tags, relink_outcomes = [], [], [], []
    for action, indicator, tag_names, outcome_list, changes in plan.ops:
        if action == "create" or "tags" in changes:
            relink_tags.append(indicator.pk)
            tag_links.extend(Indicator.tags.through(indicator_id=indicator.pk, indicatortag_id=tag_id)
                             for tag_id in {tags[name.lower()].pk for name in tag_names})
        if action == "create" or "outcomes" in changes:
            relink_outcomes.append(indicator.pk)
            outcome_links.extend(Indicator.outcomes.through(indicator_id=indicator.pk, outcome_id=outcome_id)
                                 for outcome_id in {o.pk for o in outcome_list})
    for first in range(0, max(len(relink_tags), len(relink_outcomes)), BATCH):
        Indicator.tags.through.objects.filter(indicator_id__in=relink_tags[first:first + BATCH]).delete()
        Indicator.outcomes.through.objects.filter(indicator_id__in=relink_outcomes[first:first + BATCH]).delete()
    Indicator.tags.through.objects.bulk_create(tag_links, batch_size=BATCH)
    Indicator.outcomes.through.objects.bulk_create(outcome_links, batch_size=BATCH)
    _bulk_audit(user_id, partnership, [("create", tag, {"name": ["", tag.name]}) for tag in new_tags.values()],
                IndicatorTag._meta.verbose_name)
    _bulk_audit(user_id, partnership, [(action, indicator, changes)
                                       for action, indicator, _, _, changes in plan.ops],
                Indicator._meta.verbose_name)
    yield "Saved", len(plan.ops), len(plan.ops)


# -- comparator values (benchmarking) -------------------------------------------------------

GSS = re.compile(r"^[EWSNK]\d{8}$")
NATIONAL_CODES = ("E92", "W92", "S92", "N92", "K02", "K03", "K04")
NATIONAL_NAMES = {"england", "wales", "scotland", "great britain", "united kingdom", "england and wales",
                  "national"}


def is_national(authority, gss_code):
    return gss_code.upper().startswith(NATIONAL_CODES) or authority.strip().lower() in NATIONAL_NAMES


def _check_benchmarks(partnership, table, reader, plan, access):
    from placeboard.imports.models import BenchmarkValue, ComparatorGroup

    indicators = _indicators_by_code(partnership)
    groups = {g.name.lower(): g for g in ComparatorGroup.objects.filter(partnership=partnership)}
    existing = {(v.group_id, v.indicator_id, v.period, v.authority.lower()): v
                for v in BenchmarkValue.objects.filter(group__partnership=partnership)}
    seen, national_seen, new_groups, periods = {}, {}, {}, {}
    for done, (number, cells) in enumerate(table.rows, start=1):
        if done % PROGRESS_EVERY == 0:
            yield "Checked", done, len(table.rows)
        group_name = reader.get(cells, "group")
        if not group_name:
            reader.problem(number, "group", "The comparator group is blank.")
            continue
        group = groups.get(group_name.lower())
        if group is None:
            group = new_groups.setdefault(group_name.lower(), ComparatorGroup(partnership=partnership,
                                                                              name=group_name))
        indicator = _row_indicator(reader, number, cells, indicators, partnership)
        if indicator is None:
            continue
        label = reader.get(cells, "period")
        if label not in periods:
            try:
                periods[label] = parse_period(label)
            except PeriodError as exc:
                periods[label] = exc
        period = periods[label]
        if isinstance(period, PeriodError):
            reader.problem(number, "period", str(period) if label else "The period is blank.")
            continue
        authority, gss_code = reader.get(cells, "authority"), reader.get(cells, "gss_code").upper()
        if not authority:
            reader.problem(number, "authority", "The authority is blank: give its name or GSS code.")
            continue
        if not gss_code and GSS.match(authority.upper()):
            gss_code = authority.upper()
        if gss_code and not GSS.match(gss_code):
            reader.problem(number, "gss_code", f"'{gss_code}' is not a GSS code (a letter E, W, S, N or K "
                                               "then 8 digits, like E06000054).")
            continue
        try:
            value = parse_number(reader.get(cells, "value"))
        except ValueError as exc:
            reader.problem(number, "value", str(exc) if reader.get(cells, "value") else "The value is blank.")
            continue
        national = is_national(authority, gss_code)
        describe = f"{group_name}: {indicator.code} {period.label} {authority}"
        identity = (group_name.lower(), indicator.pk, period.label, authority.lower())
        if identity in seen:
            reader.problem(number, "authority", f"This row repeats row {seen[identity]} ({describe}).")
            continue
        seen[identity] = number
        if national:
            national_key = identity[:3]
            if national_key in national_seen:
                reader.problem(number, "authority", f"Row {national_seen[national_key]} already gives the "
                                                    f"national figure for {indicator.code} {period.label}.")
                continue
            national_seen[national_key] = number
        after = {"value": value, "gss_code": gss_code, "is_national": national}
        row = existing.get((group.pk, indicator.pk, period.label, authority.lower())) if group.pk else None
        if row is None:
            plan.changes.append(Change(number, "create", f"{describe}: {number_text(value)}"))
            plan.ops.append(("create", group, indicator, period, authority, after, None))
        elif all(_same(getattr(row, k), v) for k, v in after.items()):
            plan.changes.append(Change(number, "unchanged", describe))
        else:
            plan.changes.append(Change(number, "update", f"{describe}: {number_text(row.value)} → "
                                                         f"{number_text(value)}"))
            plan.ops.append(("update", group, indicator, period, authority, after, row))


def _apply_benchmarks(plan, user, partnership):
    from placeboard.imports.models import ComparatorGroup

    user_id = _user_id(user)
    # Groups named in the file that do not exist yet: one insert and one audit insert for all of them.
    new_groups = list({id(op[1]): op[1] for op in plan.ops if op[1].pk is None}.values())
    ComparatorGroup.objects.bulk_create(new_groups)
    _bulk_audit(user_id, partnership, [("create", group, {}) for group in new_groups], "comparator group")
    for first in range(0, len(plan.ops), PROGRESS_EVERY):
        _write_benchmarks(plan.ops[first:first + PROGRESS_EVERY], user_id, partnership)
        yield "Saved", min(first + PROGRESS_EVERY, len(plan.ops)), len(plan.ops)


def _write_benchmarks(ops, user_id, partnership):
    from placeboard.imports.models import BenchmarkValue

    new, updated, audits = [], [], []
    for action, group, indicator, period, authority, after, row in ops:
        if row is None:
            row = BenchmarkValue(group=group, indicator=indicator, period=period.label, period_start=period.start,
                                 authority=authority)
            new.append(row)
            changes = {"value": ["", number_text(after["value"])]}
        else:
            updated.append(row)
            changes = {"value": [number_text(row.value), number_text(after["value"])]}
        for k, v in after.items():
            setattr(row, k, v)
        audits.append((action, row, changes))
    BenchmarkValue.objects.bulk_create(new, batch_size=BATCH)
    BenchmarkValue.objects.bulk_update(updated, ["value", "gss_code", "is_national"], batch_size=BATCH)
    _bulk_audit(user_id, partnership, audits, "comparator value")


# -- writing -------------------------------------------------------------------------------

def apply(plan, user, partnership, *, progress=None):
    """Write a checked plan in one transaction. Refuses a plan with problems."""
    return _drive(apply_steps(plan, user, partnership), progress)


def apply_steps(plan, user, partnership):
    """apply() as a generator: yields ("Saved", done, total) as it goes and returns the plan."""
    if not plan.ok:
        raise ValueError("This import has problems; nothing was saved.")
    with transaction.atomic():
        yield from {"actuals": _apply_actuals, "targets": _apply_targets, "indicators": _apply_indicators,
                    "benchmarks": _apply_benchmarks, "return": _apply_actuals}[plan.kind](plan, user, partnership)
    return plan


def import_file(kind, partnership, filename, data, user, *, access=None, dry_run=False, progress=None):
    """Check and (unless dry_run or there are problems) apply. Returns the plan."""
    return _drive(import_steps(kind, partnership, filename, data, user, access=access, dry_run=dry_run), progress)


def import_steps(kind, partnership, filename, data, user, *, access=None, dry_run=False):
    """import_file() as a generator of progress events, returning the plan; all in one transaction, so
    closing it part-way (an exception at a yield) saves nothing."""
    with transaction.atomic():
        plan = yield from check_steps(kind, partnership, filename, data, access=access)
        if plan.ok and not dry_run and plan.ops:
            yield from apply_steps(plan, user, partnership)
    return plan
