"""Writes that touch several models: a figure, its history and the audit log together."""

from django.db import transaction

from placeboard.core import audit
from placeboard.performance.models import Judgement, Observation, Target, ValueChange


def _where(area, population_group):
    return ", ".join(str(x) for x in (area, population_group) if x)


def _show(value, indicator):
    return indicator.format_value(value) if value is not None else ""


@transaction.atomic
def record_observation(*, indicator, period, user, area=None, population_group=None, value=None,
                       status=Observation.Status.PROVISIONAL, note="", expected="", source=""):
    """Create or update the actual for indicator × period × area × group.

    Returns (observation, changed). Saving the same figures again changes nothing."""
    observation = Observation.objects.filter(
        indicator=indicator, period=period.label, area=area, population_group=population_group
    ).first()
    created = observation is None
    if created:
        observation = Observation(indicator=indicator, area=area, population_group=population_group, entered_by=user)
        observation.set_period(period)
    before = {"value": observation.value, "status": observation.status, "note": observation.note,
              "expected": observation.expected, "source": observation.source}
    after = {"value": value, "status": status, "note": note, "expected": expected, "source": source}
    if not created and all(_same(before[k], after[k]) for k in after):
        return observation, False
    for name, new in after.items():
        setattr(observation, name, new)
    observation.updated_by = user
    observation.save()
    if created or not _same(before["value"], value) or before["status"] != status:
        ValueChange.objects.create(
            indicator=indicator, what="Actual", period=period.label, where=_where(area, population_group),
            old="" if created else f"{_show(before['value'], indicator)} {before['status']}".strip(),
            new=f"{_show(value, indicator)} {status}".strip() if value is not None else f"expected: {expected}",
            changed_by=user,
        )
    changes = {k: [("" if created else str(before[k] or "")), str(v or "")] for k, v in after.items()
               if created or not _same(before[k], v)}
    audit.record(user, "create" if created else "update", observation, changes, partnership=indicator.partnership)
    return observation, True


def _same(a, b):
    if a is None or b is None:
        return a is None and b is None
    try:
        from decimal import Decimal

        return Decimal(a) == Decimal(b)
    except Exception:
        return a == b


@transaction.atomic
def set_target(*, indicator, kind, period, user, value=None, text="", to_be_set=False, note=""):
    target = Target.objects.filter(indicator=indicator, kind=kind, period=period.label).first()
    created = target is None
    if created:
        target = Target(indicator=indicator, kind=kind)
        target.set_period(period)
    old = "" if created else target.display()
    target.value, target.text, target.to_be_set, target.note = value, text, to_be_set, note
    target.updated_by = user
    target.save()
    new = target.display()
    if created or old != new:
        label = "Baseline" if kind == Target.Kind.BASELINE else "Target"
        ValueChange.objects.create(indicator=indicator, what=label, period=period.label, old=old, new=new,
                                   changed_by=user)
        audit.record(user, "create" if created else "update", target, {"value": [old, new]},
                     partnership=indicator.partnership)
    return target


@transaction.atomic
def delete_target(*, target, user):
    indicator = target.indicator
    ValueChange.objects.create(indicator=indicator, what=target.get_kind_display(), period=target.period,
                               old=target.display(), new="(removed)", changed_by=user)
    audit.record(user, "delete", target, partnership=indicator.partnership)
    target.delete()


@transaction.atomic
def record_judgement(*, indicator, period, status, reason, user):
    judgement = Judgement.objects.filter(indicator=indicator, period=period.label).first()
    old = "" if judgement is None else f"{judgement.get_status_display()}: {judgement.reason}"
    if judgement is None:
        judgement = Judgement(indicator=indicator)
        judgement.set_period(period)
    judgement.status, judgement.reason, judgement.made_by = status, reason, user
    judgement.save()
    new = f"{judgement.get_status_display()}: {reason}"
    ValueChange.objects.create(indicator=indicator, what="Judgement", period=period.label, old=old, new=new,
                               changed_by=user)
    audit.record(user, "update" if old else "create", judgement, {"judgement": [old, new]},
                 partnership=indicator.partnership)
    return judgement


@transaction.atomic
def withdraw_judgement(*, judgement, user):
    indicator = judgement.indicator
    ValueChange.objects.create(indicator=indicator, what="Judgement", period=judgement.period,
                               old=f"{judgement.get_status_display()}: {judgement.reason}", new="(withdrawn)",
                               changed_by=user)
    audit.record(user, "delete", judgement, partnership=indicator.partnership)
    judgement.delete()


@transaction.atomic
def set_profile_point(*, target, period, value, user):
    from placeboard.performance.models import ProfilePoint

    point = ProfilePoint.objects.filter(target=target, period=period.label).first()
    old = "" if point is None else str(point.value.normalize())
    if point is None:
        point = ProfilePoint(target=target, period=period.label)
    point.value = value
    point.save()
    ValueChange.objects.create(indicator=target.indicator, what="Profile", period=period.label, old=old,
                               new=f"{value.normalize()} towards {target.display()} for {target.period}",
                               changed_by=user)
    audit.record(user, "update" if old else "create", target, {"profile " + period.label: [old, str(value)]},
                 partnership=target.indicator.partnership)
    return point
