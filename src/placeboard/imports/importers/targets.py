"""Importing baselines and targets: a number, a text, or "to be set", for an indicator and period."""

from dataclasses import dataclass

from django.utils import timezone

from placeboard.imports.importers.cells import (
    BAD,
    indicators_by_code,
    parse_bool,
    parse_choice,
    row_indicator,
    row_value,
)
from placeboard.imports.importers.plan import BATCH, Change
from placeboard.imports.importers.writer import bulk_audit, user_id_of
from placeboard.performance import stored
from placeboard.performance.figures import same
from placeboard.performance.models import Target, ValueChange
from placeboard.performance.periods import PeriodError, parse_period


@dataclass
class TargetStep:
    """One baseline or target to create (target None) or change."""

    action: str  # "create" or "update"
    indicator: object
    kind: str
    period: object
    after: dict  # value, text, to_be_set, note
    target: object = None
    old: str = ""  # the target as it was displayed before


def _row_target(reader, number, cells, indicator):
    """(kind, period, {value, text, to_be_set, note}) of a row, or None with the problem recorded."""
    try:
        kind = parse_choice(reader.get(cells, "kind"), Target.Kind.choices)
    except ValueError as exc:
        reader.problem(number, "kind", str(exc))
        return None
    label = reader.get(cells, "period")
    try:
        period = parse_period(label)
    except PeriodError as exc:
        reader.problem(number, "period", str(exc) if label else "The period is blank.")
        return None
    value, text = row_value(reader, number, cells, indicator), reader.get(cells, "text")
    if value is BAD:
        return None
    try:
        to_be_set = parse_bool(reader.get(cells, "to_be_set"))
    except ValueError as exc:
        reader.problem(number, "to_be_set", str(exc))
        return None
    if value is None and not text and not to_be_set:
        reader.problem(number, "value", "Give a value, a target in words (the 'text' column), or 'yes' in "
                                        "'to_be_set'.")
        return None
    return kind, period, {"value": value, "text": text, "to_be_set": to_be_set, "note": reader.get(cells, "note")}


def check_targets(partnership, table, reader, plan, access):
    indicators = indicators_by_code(partnership)
    existing = {(t.indicator_id, t.kind, t.period): t
                for t in Target.objects.filter(indicator__partnership=partnership)}
    seen = {}
    for done, (number, cells) in enumerate(table.rows, start=1):
        if done % plan.progress_every == 0:
            yield "Checked", done, len(table.rows)
        indicator = row_indicator(reader, number, cells, indicators, partnership)
        row = indicator and _row_target(reader, number, cells, indicator)
        if not row:
            continue
        kind, period, after = row
        identity = (indicator.pk, kind, period.label)
        describe = f"{indicator.code} {kind} {period.label}"
        if identity in seen:
            reader.problem(number, "", f"This row repeats row {seen[identity]} ({describe}).")
            continue
        seen[identity] = number
        target = existing.get(identity)
        if target is None:
            plan.changes.append(Change(number, "create", describe))
            plan.ops.append(TargetStep("create", indicator, kind, period, after))
            continue
        target.indicator = indicator
        before = {k: getattr(target, k) for k in after}
        if all(same(before[k], after[k]) for k in after):
            plan.changes.append(Change(number, "unchanged", describe))
            continue
        old = target.display()
        new = indicator.format_value(after["value"]) or after["text"] or "to be set"
        plan.changes.append(Change(number, "update", f"{describe}: {old} → {new}"))
        plan.ops.append(TargetStep("update", indicator, kind, period, after, target, old))


def apply_targets(plan, user, partnership):
    """Writes in chunks, then reassesses the indicators whose baselines or targets changed (bulk_create and
    bulk_update bypass the signals that would)."""
    for chunk, done in plan.chunks():
        _write_targets(chunk, user, partnership)
        yield "Saved", done, len(plan.ops)
    stored.changed(*{step.indicator.pk for step in plan.ops})


def _write_targets(steps, user, partnership):
    user_id = user_id_of(user)
    new, updated, history, audits = [], [], [], []
    for step in steps:
        target = step.target
        if target is None:
            target = Target(indicator=step.indicator, kind=step.kind)
            target.set_period(step.period)
            new.append(target)
        else:
            updated.append(target)
        for k, v in step.after.items():
            setattr(target, k, v)
        target.updated_by_id, target.updated_at = user_id, timezone.now()
        display = target.display()
        if display != step.old:
            history.append(ValueChange(indicator=step.indicator, what="Baseline" if step.kind == Target.Kind.BASELINE
                                       else "Target", period=step.period.label, old=step.old, new=display,
                                       changed_by_id=user_id))
        audits.append((step.action, target, {"value": [step.old, display]}))
    Target.objects.bulk_create(new, batch_size=BATCH)
    Target.objects.bulk_update(updated, ["value", "text", "to_be_set", "note", "updated_by", "updated_at"],
                               batch_size=BATCH)
    ValueChange.objects.bulk_create(history, batch_size=BATCH)
    bulk_audit(user_id, partnership, audits, "target")
