"""Writes that touch several models: a figure, its history and the audit log together."""

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.utils import timezone

from placeboard.core import audit
from placeboard.core.models import Role, Theme, owned_by_groups
from placeboard.performance.figures import audit_text, breakdown, plain, same
from placeboard.performance.models import (
    Indicator,
    Judgement,
    Observation,
    ProfilePoint,
    RoundFigure,
    Target,
    TaskUpdate,
    ValueChange,
)


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
    if not created and all(same(before[k], after[k]) for k in after):
        return observation, False
    for name, new in after.items():
        setattr(observation, name, new)
    observation.updated_by = user
    observation.save()
    if created or not same(before["value"], value) or before["status"] != status:
        ValueChange.objects.create(
            indicator=indicator, what="Actual", period=period.label, where=breakdown(area, population_group),
            old="" if created else f"{indicator.format_value(before['value'])} {before['status']}".strip(),
            new=f"{indicator.format_value(value)} {status}".strip() if value is not None else f"expected: {expected}",
            changed_by=user,
        )
    changes = {k: [("" if created else audit_text(before[k])), audit_text(v)] for k, v in after.items()
               if created or not same(before[k], v)}
    audit.record(user, "create" if created else "update", observation, changes, partnership=indicator.partnership)
    return observation, True


@transaction.atomic
def record_observations(*, period, user, figures):
    """Record several indicators' actuals for one period together: figures are (indicator, {value, status,
    note, expected}). Returns how many changed."""
    changed = 0
    for indicator, d in figures:
        _, did = record_observation(indicator=indicator, period=period, user=user, value=d["value"],
                                    status=d["status"], note=d["note"], expected=d["expected"])
        changed += did
    return changed


def _record_change(user, action, obj, *, indicator, what, period, old, new, field=None):
    """A change to a target or judgement, in the indicator's history and in the audit log, which shows it as
    `field` changing from old to new (a deletion names no field)."""
    ValueChange.objects.create(indicator=indicator, what=what, period=period, old=old, new=new, changed_by=user)
    audit.record(user, action, obj, {field: [old, new]} if field else None, partnership=indicator.partnership)


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
        _record_change(user, "create" if created else "update", target, indicator=indicator, what=label,
                       period=period.label, old=old, new=new, field="value")
    return target


@transaction.atomic
def delete_target(*, target, user):
    indicator = target.indicator
    _record_change(user, "delete", target, indicator=indicator, what=target.get_kind_display(),
                   period=target.period, old=target.display(), new="(removed)")
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
    _record_change(user, "update" if old else "create", judgement, indicator=indicator, what="Judgement",
                   period=period.label, old=old, new=new, field="judgement")
    return judgement


@transaction.atomic
def withdraw_judgement(*, judgement, user):
    indicator = judgement.indicator
    _record_change(user, "delete", judgement, indicator=indicator, what="Judgement", period=judgement.period,
                   old=f"{judgement.get_status_display()}: {judgement.reason}", new="(withdrawn)")
    judgement.delete()


@transaction.atomic
def set_profile_point(*, target, period, value, user):
    point = ProfilePoint.objects.filter(target=target, period=period.label).first()
    old = "" if point is None else plain(point.value)
    if point is None:
        point = ProfilePoint(target=target, period=period.label)
    point.value = value
    point.save()
    ValueChange.objects.create(indicator=target.indicator, what="Profile", period=period.label, old=old,
                               new=f"{plain(value)} towards {target.display()} for {target.period}",
                               changed_by=user)
    audit.record(user, "update" if old else "create", target, {"profile " + period.label: [old, plain(value)]},
                 partnership=target.indicator.partnership)
    return point


def round_debts(round_):
    """{user: [what they owe]} for a round: task updates and headline actuals not yet given."""
    roles = list(Role.objects.filter(partnership=round_.partnership_id).select_related("user"))
    leads_of_group, providers_of_org = {}, {}
    for role in roles:
        if role.kind == Role.Kind.THEME_LEAD:
            leads_of_group.setdefault(role.group_id, []).append(role.user)
        elif role.kind == Role.Kind.DATA_PROVIDER:
            providers_of_org.setdefault(role.organisation_id, []).append(role.user)
    themes = {t.pk: t for t in Theme.objects.filter(partnership=round_.partnership_id)}

    def owning_groups(outcome):
        groups, theme = {outcome.group_id}, themes.get(outcome.theme_id)
        while theme is not None:
            groups.add(theme.group_id)
            theme = themes.get(theme.parent_id)
        return groups - {None}

    tasks = list(round_.tasks())
    done = set(TaskUpdate.objects.filter(round=round_, task__in=tasks).values_list("task_id", flat=True))
    debts = {}
    for task in tasks:
        if task.pk in done:
            continue
        outcome = task.action.outcome
        owners = set()
        for group_id in owning_groups(outcome):
            owners.update(leads_of_group.get(group_id, []))
        owners.update(providers_of_org.get(task.action.lead_organisation_id, []))
        for user in owners:
            debts.setdefault(user, []).append(f"Update on the task '{task}' ({outcome.code})")
    group_ids = [g.pk for g in round_.groups.all()]
    indicators = (Indicator.objects.filter(partnership=round_.partnership_id)
                  .filter(owned_by_groups(group_ids, "outcomes__"))
                  .distinct().with_assessment_data())
    for indicator in indicators:
        if any(o.period == round_.period for o in indicator.headline_observations):
            continue
        for user in providers_of_org.get(indicator.lead_organisation_id, []):
            debts.setdefault(user, []).append(f"The actual for {indicator.code} {indicator.title} for {round_.period}")
    return debts


def send_round_reminders(round_, sender):
    """One e-mail per person who owes something; returns the addresses written to."""
    sent = []
    due = f" by {round_.due:%-d %B %Y}" if round_.due else ""
    with get_connection() as connection:  # one SMTP session for every reminder, not one each
        for user, items in round_debts(round_).items():
            if not user.email:
                continue
            lines = "\n".join(f"- {item}" for item in items)
            send_mail(
                subject=f"Reminder: {round_.name} – updates due{due}",
                message=(f"Hello {user.get_full_name() or user.get_username()},\n\n"
                         f"For {round_.name} ({round_.period}) we still need{due}:\n\n{lines}\n\n"
                         f"Please add them at {settings.SITE_URL}{round_.get_absolute_url()}\n"),
                from_email=None,
                recipient_list=[user.email],
                connection=connection,
            )
            sent.append(user.email)
    audit.record(sender, "update", round_, {"reminders sent": ["", ", ".join(sorted(sent)) or "none"]})
    return sent


@transaction.atomic
def close_round(round_, user):
    """Freeze the round: keep every headline actual up to its period as it stands now."""
    observations = Observation.objects.filter(
        indicator__partnership=round_.partnership_id, area=None, population_group=None,
        period_end__lte=round_.period_end,
    )
    RoundFigure.objects.filter(round=round_).delete()
    RoundFigure.objects.bulk_create(
        RoundFigure(round=round_, indicator_id=o.indicator_id, period=o.period, value=o.value, status=o.status,
                    note=o.note, expected=o.expected)
        for o in observations
    )
    round_.closed_at = timezone.now()
    round_.save(update_fields=["closed_at"])
    audit.record(user, "update", round_, {"closed": ["", f"{round_.closed_at:%Y-%m-%d %H:%M}"]})
    return round_
