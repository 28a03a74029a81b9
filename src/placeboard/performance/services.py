"""Writes that touch several models: a figure, its history and the audit log together."""

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from placeboard.core import audit
from placeboard.core.models import Role, Theme, owned_by_groups
from placeboard.performance import approval, stored, versions
from placeboard.performance.figures import audit_text, breakdown, plain, same
from placeboard.performance.models import (
    Indicator,
    Judgement,
    Observation,
    ProfilePoint,
    ReportingRound,
    RoundFigure,
    Target,
    TaskUpdate,
    ValueChange,
)


def _insert_or_lock(obj, rows):
    """Insert a new row, or, when someone has just inserted the same one, lock and return theirs.

    Returns (row, inserted). The insert runs in a savepoint, so a concurrent insert's IntegrityError undoes only
    that and the caller goes on to treat the row as an update (issue 14.6)."""
    try:
        with transaction.atomic():
            obj.save(force_insert=True)
        return obj, True
    except IntegrityError:
        existing = rows.select_for_update().first()
        if existing is None:  # a check constraint, not a duplicate
            raise
        return existing, False


class FigureLocked(Exception):
    """A change to an approved or published figure, which a performance officer must unlock first."""

    def __init__(self, observation):
        self.observation = observation
        super().__init__(f"The figure for {observation.period}{_where(observation)} is "
                         f"{observation.get_approval_display().lower()}: a performance officer must unlock it, "
                         "with a reason, before it can change.")


def _where(observation):
    where = breakdown(observation.area, observation.population_group)
    return f" ({where})" if where else ""


@transaction.atomic
def record_observation(*, indicator, period, user, area=None, population_group=None, value=None,
                       status=Observation.Status.PROVISIONAL, note="", expected="", source=None, based_on=None,
                       note_public=None, approve=False):
    """Create or update the actual for indicator × period × area × group.

    Returns (observation, changed). Saving the same figures again changes nothing. `source` None keeps the
    stored one. `based_on` is the version the form showed (placeboard.performance.versions): a change to a
    row stored since is refused with StaleEdit. Two people entering the same new figure at once both succeed:
    the second is an update of the first (or a StaleEdit when it was based on no figure and differs).
    `note_public` (an officer's choice to publish the commentary) None keeps the stored choice while the
    commentary is unchanged; changed commentary is private again until an officer publishes it.

    Where the partnership asks for sign-off (performance/approval.py), a new or changed figure is submitted
    (approved, when an officer's import says `approve`), and a change to an approved or published one is refused
    with FigureLocked; without sign-off it is published at once."""
    after = {"value": value, "status": status, "note": note, "expected": expected, "source": source}
    sign_off = indicator.partnership.sign_off
    state = approval.saved_state(sign_off, approve)
    rows = Observation.objects.filter(indicator=indicator, period=period.label, area=area,
                                      population_group=population_group)
    observation = rows.select_for_update().first()
    if observation is None:
        fresh = Observation(indicator=indicator, area=area, population_group=population_group, entered_by=user,
                            updated_by=user, note_public=bool(note_public), **{**after, "source": source or ""})
        fresh.set_period(period)
        _set_approval(fresh, state, user)
        observation, created = _insert_or_lock(fresh, rows)
        if created:
            _observation_history(indicator, observation, user, None, created=True)
            return observation, True
    if source is None:
        after["source"] = observation.source
    after["note_public"] = (observation.note_public and same(observation.note, note)) if note_public is None \
        else bool(note_public)
    before = {name: getattr(observation, name) for name in after}
    if all(same(before[k], after[k]) for k in after):
        return observation, False
    if approval.is_locked(observation.approval, sign_off):
        raise FigureLocked(observation)
    versions.check(observation, based_on)
    before["approval"] = observation.approval
    for name, new in after.items():
        setattr(observation, name, new)
    observation.updated_by = user
    _set_approval(observation, state, user)
    observation.save()
    _observation_history(indicator, observation, user, before)
    return observation, True


def _set_approval(observation, state, user):
    """A figure saved: its new sign-off state, the reason it was returned or unlocked answered by the saving."""
    observation.approval = state
    observation.approval_note = ""
    if state == approval.APPROVED:
        observation.approved_value, observation.approved_by, observation.approved_at = (
            observation.value, user, timezone.now())


def _observation_history(indicator, observation, user, before, created=False):
    """The history row (for a new figure, or a changed value or status) and the audit event of a saved actual."""
    after = {name: getattr(observation, name) for name in ("value", "status", "note", "note_public", "expected",
                                                            "source")}
    value, status = after["value"], after["status"]
    if created or not same(before["value"], value) or before["status"] != status:
        ValueChange.objects.create(
            indicator=indicator, what="Actual", period=observation.period,
            where=breakdown(observation.area, observation.population_group),
            old="" if created else f"{indicator.format_value(before['value'])} {before['status']}".strip(),
            new=f"{indicator.format_value(value)} {status}".strip() if value is not None
            else f"expected: {after['expected']}",
            changed_by=user,
        )
    if created or before.get("approval", observation.approval) != observation.approval:
        after["approval"] = observation.get_approval_display()
        if not created:
            before["approval"] = approval.LABELS[before["approval"]]
    changes = {k: [("" if created else audit_text(before.get(k, ""))), audit_text(v)] for k, v in after.items()
               if created or not same(before.get(k, ""), v)}
    audit.record(user, "create" if created else "update", observation, changes, partnership=indicator.partnership)


def take_step(*, observations, name, user, reason=""):
    """Approve, return, publish or unlock figures together (all or none): each moves to its next state
    (performance/approval.py) with a history row and an audit event saying who, when and why. The caller has
    checked who may take the step. ApprovalError names the first figure that cannot take it."""
    with transaction.atomic(), stored.deferred():  # each indicator reassessed once, at the end
        # Only the figures' rows are locked: PostgreSQL cannot lock the nullable side of the area's outer join.
        locked = list(Observation.objects.select_for_update(of=("self",)).filter(pk__in=[o.pk for o in observations])
                      .select_related("indicator__partnership", "area", "population_group").order_by("pk"))
        now, reason = timezone.now(), (reason or "").strip()
        for observation in locked:
            try:
                state = approval.step(observation.approval, name, reason)
            except approval.ApprovalError as exc:
                indicator = observation.indicator
                raise approval.ApprovalError(f"{indicator.code} {observation.period}{_where(observation)}: {exc}") \
                    from None
            before = observation.approval
            observation.approval = state
            observation.approval_note = reason if name in ("return", "unlock") else ""
            if name == "approve":
                observation.approved_value, observation.approved_by, observation.approved_at = (
                    observation.value, user, now)
            elif name == "unlock" and observation.approved_value is None:
                observation.approved_value = observation.value  # approved before sign-off began
            observation.save(update_fields=["approval", "approval_note", "approved_value", "approved_by",
                                            "approved_at"])
            indicator = observation.indicator
            ValueChange.objects.create(
                indicator=indicator, what="Actual", period=observation.period,
                where=breakdown(observation.area, observation.population_group),
                old=approval.LABELS[before], new=approval.LABELS[state] + (f": {reason}" if reason else ""),
                changed_by=user)
            changes = {"approval": [approval.LABELS[before], approval.LABELS[state]]}
            if reason:
                changes["reason"] = ["", reason]
            audit.record(user, "update", observation, changes, partnership=indicator.partnership)
    return locked


def notify_returned(observations, reviewer, reason):
    """After the return commits: one e-mail to each provider of the figures' organisations, and to whoever last
    changed each figure, listing the figures returned to them and why. Returns the addresses written to."""
    from django.contrib.auth import get_user_model

    by_person = {}
    organisations = {o.indicator.lead_organisation_id for o in observations} - {None}
    partnership = observations[0].indicator.partnership if observations else None
    providers = Role.objects.filter(partnership=partnership, kind=Role.Kind.DATA_PROVIDER,
                                    organisation_id__in=organisations).select_related("user")
    for role in providers:
        for o in observations:
            if o.indicator.lead_organisation_id == role.organisation_id:
                by_person.setdefault(role.user, []).append(o)
    editors = get_user_model().objects.in_bulk({o.updated_by_id for o in observations} - {None})
    for o in observations:
        if o.updated_by_id in editors and o not in by_person.get(editors[o.updated_by_id], []):
            by_person.setdefault(editors[o.updated_by_id], []).append(o)
    sent = []
    with get_connection() as connection:
        for person, figures in by_person.items():
            if not person.email:
                continue
            lines = "\n".join(f"- {o.indicator.code} {o.indicator.title}, {o.period}{_where(o)}: "
                              f"{o.indicator.format_value(o.value) if o.value is not None else 'not available'}"
                              for o in figures)
            send_mail(
                subject=f"{partnership.name}: {len(figures)} figure{'s' if len(figures) != 1 else ''} returned to you",
                message=(f"Hello {person.get_full_name() or person.get_username()},\n\n"
                         f"{reviewer.get_full_name() or reviewer.get_username()} has returned these figures:\n\n"
                         f"{lines}\n\nThe reason given: {reason}\n\n"
                         f"Please correct them and save them again at {settings.SITE_URL}"
                         f"{reverse('my_returns', args=[partnership.slug])}\n"),
                from_email=None, recipient_list=[person.email], connection=connection)
            sent.append(person.email)
    return sent


def set_sign_off(partnership, on, user):
    """Switch sign-off on or off. Switched off, every figure awaiting approval is published, as every figure
    saved from then on will be, so none is left waiting for a step no one can take."""
    with transaction.atomic():
        before = partnership.sign_off
        if before == on:
            return 0
        partnership.sign_off = on
        partnership.save(update_fields=["sign_off"])
        released = 0
        if not on:
            released = Observation.objects.filter(indicator__partnership=partnership).exclude(
                approval=approval.PUBLISHED).update(approval=approval.PUBLISHED, approval_note="")
        audit.record(user, "update", partnership, {
            "figures need sign-off": ["yes" if before else "no", "yes" if on else "no"],
            **({"figures published": ["", str(released)]} if released else {})})
    return released


@transaction.atomic
def record_observations(*, period, user, figures):
    """Record several indicators' actuals for one period together: figures are (indicator, {value, status,
    note, expected}, based_on). Returns how many changed. When any row is stale nothing is saved: StaleEdit
    names every stale row."""
    changed, stale = 0, []
    with stored.deferred():  # each indicator reassessed once, at the end
        for indicator, d, based_on in figures:
            try:
                _, did = record_observation(indicator=indicator, period=period, user=user, value=d["value"],
                                            status=d["status"], note=d["note"], expected=d["expected"],
                                            based_on=based_on)
            except versions.StaleEdit as exc:
                stale.extend(exc.current)
                continue
            changed += did
    if stale:
        raise versions.StaleEdit(*stale)
    return changed


def _record_change(user, action, obj, *, indicator, what, period, old, new, field=None):
    """A change to a target or judgement, in the indicator's history and in the audit log, which shows it as
    `field` changing from old to new (a deletion names no field)."""
    ValueChange.objects.create(indicator=indicator, what=what, period=period, old=old, new=new, changed_by=user)
    audit.record(user, action, obj, {field: [old, new]} if field else None, partnership=indicator.partnership)


@transaction.atomic
def set_target(*, indicator, kind, period, user, value=None, text="", to_be_set=False, note="", based_on=None):
    """Create or change a baseline or target; like record_observation, safe when two people add the same
    one at once, and refused with StaleEdit when `based_on` is not the stored version."""
    rows = Target.objects.filter(indicator=indicator, kind=kind, period=period.label)
    target, created = rows.select_for_update().first(), False
    fields = {"value": value, "text": text, "to_be_set": to_be_set, "note": note}
    if target is None:
        fresh = Target(indicator=indicator, kind=kind, updated_by=user, **fields)
        fresh.set_period(period)
        target, created = _insert_or_lock(fresh, rows)
    old = "" if created else target.display()
    if not created:
        if all(same(getattr(target, k), v) for k, v in fields.items()):
            return target
        versions.check(target, based_on)
        for name, new in fields.items():
            setattr(target, name, new)
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
def record_judgement(*, indicator, period, status, reason, user, based_on=None):
    """Record or change the judgement for a period; StaleEdit when `based_on` is not the stored version.

    Changing a judgement makes it anew, so made_at (its version) is renewed with made_by."""
    rows = Judgement.objects.filter(indicator=indicator, period=period.label)
    judgement, created = rows.select_for_update().first(), False
    if judgement is None:
        fresh = Judgement(indicator=indicator, status=status, reason=reason, made_by=user)
        fresh.set_period(period)
        judgement, created = _insert_or_lock(fresh, rows)
    old = "" if created else f"{judgement.get_status_display()}: {judgement.reason}"
    if not created:
        if judgement.status != status or judgement.reason != reason:
            versions.check(judgement, based_on)
        judgement.status, judgement.reason, judgement.made_by = status, reason, user
        judgement.made_at = timezone.now()
        judgement.save()
    new = f"{judgement.get_status_display()}: {reason}"
    _record_change(user, "update" if old else "create", judgement, indicator=indicator, what="Judgement",
                   period=period.label, old=old, new=new, field="judgement")
    return judgement


@transaction.atomic
def withdraw_judgement(*, judgement, user, based_on=None):
    judgement = Judgement.objects.select_for_update().filter(pk=judgement.pk).first() or judgement
    versions.check(judgement, based_on)
    indicator = judgement.indicator
    _record_change(user, "delete", judgement, indicator=indicator, what="Judgement", period=judgement.period,
                   old=f"{judgement.get_status_display()}: {judgement.reason}", new="(withdrawn)")
    judgement.delete()


@transaction.atomic
def save_task_update(form, user, *, partnership, based_on=None):
    """Save a valid TaskUpdateForm with its audit record. StaleEdit when the stored update is not the version
    the form showed and differs from it; an update someone has just created becomes the one changed."""
    instance = form.instance
    rows = TaskUpdate.objects.filter(round=instance.round, task=instance.task)
    current = rows.select_for_update().first()
    if current is not None:
        fields = form._meta.fields
        if any(not same(getattr(current, name), form.cleaned_data.get(name)) for name in fields):
            versions.check(current, based_on)
        instance.pk, instance._state.adding = current.pk, False
    instance.updated_by = user
    try:
        return audit.save_form(form, user, partnership=partnership)
    except IntegrityError:  # created by someone else since the lock was looked for
        current = rows.select_for_update().first()
        if current is None:
            raise
        raise versions.StaleEdit(current) from None


@transaction.atomic
def set_profile_point(*, target, period, value, user):
    """Create or change a point of a target's profile; saving the same value again changes nothing, and two
    people adding the same point at once both succeed (the second changes the first's)."""
    rows = ProfilePoint.objects.filter(target=target, period=period.label)
    point, created = rows.select_for_update().first(), False
    if point is None:
        point, created = _insert_or_lock(ProfilePoint(target=target, period=period.label, value=value), rows)
    old = "" if created else plain(point.value)
    if not created:
        if same(point.value, value):
            return point
        point.value = value
        point.save()
    ValueChange.objects.create(indicator=target.indicator, what="Profile", period=period.label, old=old,
                               new=f"{plain(value)} towards {target.display()} for {target.period}",
                               changed_by=user)
    audit.record(user, "update" if old else "create", target, {"profile " + period.label: [old, plain(value)]},
                 partnership=target.indicator.partnership)
    return point


def _owners(round_):
    """({group id: [theme leads]}, {organisation id: [data providers]}) of the round's partnership."""
    leads_of_group, providers_of_org = {}, {}
    for role in Role.objects.filter(partnership=round_.partnership_id).select_related("user"):
        if role.kind == Role.Kind.THEME_LEAD:
            leads_of_group.setdefault(role.group_id, []).append(role.user)
        elif role.kind == Role.Kind.DATA_PROVIDER:
            providers_of_org.setdefault(role.organisation_id, []).append(role.user)
    return leads_of_group, providers_of_org


def task_debts(round_, owners=None):
    """{user: [task]}: the round's tasks without an update, each owed by the theme leads of the groups that own
    its outcome (the outcome's own group, its theme's or a theme's above) and the data providers of the action's
    lead organisation. A fixed number of queries however many tasks and people."""
    leads_of_group, providers_of_org = owners or _owners(round_)
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
        owners_of_task = set(providers_of_org.get(task.action.lead_organisation_id, []))
        for group_id in owning_groups(task.action.outcome):
            owners_of_task.update(leads_of_group.get(group_id, []))
        for user in owners_of_task:
            debts.setdefault(user, []).append(task)
    return debts


def round_debts(round_):
    """{user: [what they owe, in words]} for a round: task updates (task_debts) and headline actuals not yet
    given, the actuals owed by the data providers of the indicator's lead organisation."""
    owners = _owners(round_)
    debts = {user: [f"Update on the task '{task}' ({task.action.outcome.code})" for task in tasks]
             for user, tasks in task_debts(round_, owners).items()}
    providers_of_org = owners[1]
    given = Observation.objects.filter(indicator=OuterRef("pk"), period=round_.period, area=None,
                                       population_group=None)
    group_ids = [g.pk for g in round_.groups.all()]
    indicators = (Indicator.objects.filter(partnership=round_.partnership_id,
                                           lead_organisation__in=list(providers_of_org))
                  .filter(owned_by_groups(group_ids, "outcomes__")).filter(~Exists(given))
                  .distinct().only("code", "title", "lead_organisation"))
    for indicator in indicators:
        for user in providers_of_org[indicator.lead_organisation_id]:
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
    """Freeze the round: keep every headline actual up to its period as it stands now.

    The round's row is locked first, so when two people close it at once the second finds it closed and
    changes nothing (its figures stay those frozen by the first)."""
    locked = ReportingRound.objects.select_for_update().only("closed_at").get(pk=round_.pk)
    if locked.closed_at is not None:
        round_.closed_at = locked.closed_at
        return round_
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
