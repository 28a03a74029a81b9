"""Importing comparator values (benchmarking): authorities' values of an indicator within a comparator group,
the national figure among them."""

import re
from dataclasses import dataclass

from placeboard.imports.importers.cells import indicators_by_code, parse_number, row_indicator
from placeboard.imports.importers.plan import BATCH, Change
from placeboard.imports.importers.writer import bulk_audit, user_id_of
from placeboard.imports.models import BenchmarkValue, ComparatorGroup, is_national
from placeboard.performance.figures import plain, same
from placeboard.performance.periods import PeriodError, parse_period

GSS = re.compile(r"^[EWSNK]\d{8}$")


@dataclass
class BenchmarkStep:
    """One comparator value to create (row None) or change; the group may be new too (no pk yet)."""

    action: str  # "create" or "update"
    group: object
    indicator: object
    period: object
    authority: str
    after: dict  # value, gss_code, is_national
    row: object = None


class _Comparators:
    """The partnership's indicators, groups and values, fetched once, and the rows checked so far."""

    def __init__(self, partnership, reader, plan):
        self.partnership, self.reader, self.plan = partnership, reader, plan
        self.indicators = indicators_by_code(partnership)
        self.groups = {g.name.lower(): g for g in ComparatorGroup.objects.filter(partnership=partnership)}
        self.existing = {(v.group_id, v.indicator_id, v.period, v.authority.lower()): v
                         for v in BenchmarkValue.objects.filter(group__partnership=partnership)}
        self.seen, self.national_seen, self.new_groups, self.periods = {}, {}, {}, {}

    def group(self, number, cells):
        """(the name as the file spells it, the group, perhaps new), or None with the problem recorded."""
        name = self.reader.get(cells, "group")
        if not name:
            self.reader.problem(number, "group", "The comparator group is blank.")
            return None
        group = self.groups.get(name.lower())
        if group is None:
            group = self.new_groups.setdefault(name.lower(), ComparatorGroup(partnership=self.partnership,
                                                                             name=name))
        return name, group

    def period(self, number, cells):
        label = self.reader.get(cells, "period")
        if label not in self.periods:
            try:
                self.periods[label] = parse_period(label)
            except PeriodError as exc:
                self.periods[label] = exc
        period = self.periods[label]
        if isinstance(period, PeriodError):
            self.reader.problem(number, "period", str(period) if label else "The period is blank.")
            return None
        return period

    def authority(self, number, cells):
        """(authority, GSS code, value) of a row, or None with the problem recorded."""
        reader = self.reader
        authority, gss_code = reader.get(cells, "authority"), reader.get(cells, "gss_code").upper()
        if not authority:
            reader.problem(number, "authority", "The authority is blank: give its name or GSS code.")
            return None
        if not gss_code and GSS.match(authority.upper()):
            gss_code = authority.upper()
        if gss_code and not GSS.match(gss_code):
            reader.problem(number, "gss_code", f"'{gss_code}' is not a GSS code (a letter E, W, S, N or K "
                                               "then 8 digits, like E06000054).")
            return None
        try:
            value = parse_number(reader.get(cells, "value"))
        except ValueError as exc:
            reader.problem(number, "value", str(exc) if reader.get(cells, "value") else "The value is blank.")
            return None
        return authority, gss_code, value

    def first(self, number, identity, national, describe):
        """Whether the row is the first for its authority and, for a national figure (national: its indicator
        and period, else ''), the first national one for its group, indicator and period; else the problem
        is recorded."""
        if identity in self.seen:
            self.reader.problem(number, "authority", f"This row repeats row {self.seen[identity]} ({describe}).")
            return False
        self.seen[identity] = number
        if national:
            key = identity[:3]
            if key in self.national_seen:
                self.reader.problem(number, "authority", f"Row {self.national_seen[key]} already gives the "
                                                         f"national figure for {national}.")
                return False
            self.national_seen[key] = number
        return True

    def check(self, number, cells):
        named = self.group(number, cells)
        if named is None:
            return
        indicator = row_indicator(self.reader, number, cells, self.indicators, self.partnership)
        if indicator is None:
            return
        period = self.period(number, cells)
        if period is None:
            return
        row = self.authority(number, cells)
        if row is None:
            return
        (group_name, group), (authority, gss_code, value) = named, row
        national = is_national(authority, gss_code)
        describe = f"{group_name}: {indicator.code} {period.label} {authority}"
        identity = (group_name.lower(), indicator.pk, period.label, authority.lower())
        if not self.first(number, identity, f"{indicator.code} {period.label}" if national else "", describe):
            return
        self.plan_row(number, BenchmarkStep("create", group, indicator, period, authority,
                                            {"value": value, "gss_code": gss_code, "is_national": national}),
                      describe)

    def plan_row(self, number, step, describe):
        group, value = step.group, step.after["value"]
        key = (group.pk, step.indicator.pk, step.period.label, step.authority.lower())
        existing = self.existing.get(key) if group.pk else None
        changes, ops = self.plan.changes, self.plan.ops
        if existing is None:
            changes.append(Change(number, "create", f"{describe}: {plain(value)}"))
            ops.append(step)
        elif all(same(getattr(existing, k), v) for k, v in step.after.items()):
            changes.append(Change(number, "unchanged", describe))
        else:
            changes.append(Change(number, "update", f"{describe}: {plain(existing.value)} → "
                                                    f"{plain(value)}"))
            step.action, step.row = "update", existing
            ops.append(step)


def check_benchmarks(partnership, table, reader, plan, access):
    comparators = _Comparators(partnership, reader, plan)
    for done, (number, cells) in enumerate(table.rows, start=1):
        if done % plan.progress_every == 0:
            yield "Checked", done, len(table.rows)
        comparators.check(number, cells)


def apply_benchmarks(plan, user, partnership):
    user_id = user_id_of(user)
    # Groups named in the file that do not exist yet: one insert and one audit insert for all of them.
    new_groups = list({id(step.group): step.group for step in plan.ops if step.group.pk is None}.values())
    ComparatorGroup.objects.bulk_create(new_groups)
    bulk_audit(user_id, partnership, [("create", group, {}) for group in new_groups], "comparator group")
    for chunk, done in plan.chunks():
        _write_benchmarks(chunk, user_id, partnership)
        yield "Saved", done, len(plan.ops)


def _write_benchmarks(steps, user_id, partnership):
    new, updated, audits = [], [], []
    for step in steps:
        row = step.row
        if row is None:
            row = BenchmarkValue(group=step.group, indicator=step.indicator, period=step.period.label,
                                 period_start=step.period.start, authority=step.authority)
            new.append(row)
            changes = {"value": ["", plain(step.after["value"])]}
        else:
            updated.append(row)
            changes = {"value": [plain(row.value), plain(step.after["value"])]}
        for k, v in step.after.items():
            setattr(row, k, v)
        audits.append((step.action, row, changes))
    BenchmarkValue.objects.bulk_create(new, batch_size=BATCH)
    BenchmarkValue.objects.bulk_update(updated, ["value", "gss_code", "is_national"], batch_size=BATCH)
    bulk_audit(user_id, partnership, audits, "comparator value")
