"""Revising a target with a reason, in force from a date (seed 003 §3.5, "trajectory planning";
docs/approval.md, "Target revisions").

A revision changes the target's value at once (so today's pages and reports, and the stored assessments, use the
new one), and keeps the old value with the date the new one took effect: a report as of a reporting round uses
the value in force on the round's reporting date (target_in_force). The write, its history row and its audit
event are one transaction (revise_target); who may revise is one rule (can_revise)."""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from placeboard.core import audit
from placeboard.performance import versions
from placeboard.performance.figures import audit_text, check_storable, same
from placeboard.performance.models import Target, TargetRevision, ValueChange

MAX_REASON = 2000  # characters: a paragraph or two, as the seeds' comments are; the history row keeps 400
# How long after its period ends a target may still be revised: a year's out-turn is often published months
# later, and trajectory planning reviews the year just ended (seed 003 §3.5); beyond that it is history.
AFTER_END = "one year"

# "LAA designated", "LAA-designated", "laa designated targets", and a plain "Designated" (seed 000's heading).
# Not "LAA local" or "LAA mandatory": only designated targets were agreed with government (docs/approval.md).
_DESIGNATED = re.compile(r"^(laa[\s_-]*)?designated\b")


def is_laa_designated(indicator):
    """Whether an indicator carries an LAA-designated tag: the one rule (docs/approval.md, "Target revisions").
    Reads indicator.tags.all(), so a list that prefetched the tags asks nothing more."""
    return any(_DESIGNATED.match(" ".join(tag.name.lower().split())) for tag in indicator.tags.all())


def can_revise(access, indicator):
    """A performance officer may revise any target; the indicator's lead officer may revise its targets unless
    it is LAA-designated, whose targets were agreed with government and need a performance officer."""
    if access.can_manage:
        return True
    is_lead = indicator.lead_officer_id is not None and indicator.lead_officer_id == access.user.pk
    return is_lead and not is_laa_designated(indicator)


def target_in_force(target, revisions, on_date):
    """The target's value in force on a date, given its revisions (any order; ties on a date in the order they
    were made): the old value of the earliest revision taking effect after the date, else today's value."""
    later = [r for r in revisions if r.effective_from > on_date]
    if not later:
        return target.value
    return min(later, key=lambda r: r.effective_from).old_value  # min keeps the first of equal dates


def revised_words(indicator, revision):
    """'revised from 57.2% to 56.0% on 1 October 2009', as pages and reports say it."""
    return (f"revised from {indicator.format_value(revision.old_value)} to "
            f"{indicator.format_value(revision.new_value)} on {long_date(revision.effective_from)}")


def long_date(day):
    return f"{day.day} {day:%B %Y}"


def latest_allowed(target):
    """The last day a revision of this target may take effect: a year after its period ends."""
    end = target.period_end
    try:
        return end.replace(year=end.year + 1)
    except ValueError:  # 29 February
        return end.replace(year=end.year + 1, day=28)


def check_revision(target, *, new_value, reason, effective_from, latest=None):
    """The cleaned reason, or ValidationError naming each field that is wrong. `latest` is the effective date
    of the target's latest revision, if any: a revision never takes effect before the one made before it, so
    the order they were made in is the order they took effect in."""
    errors = {}
    if target.kind != Target.Kind.TARGET:
        errors["new_value"] = "Only a target can be revised. Correct a baseline with Change on the targets page."
    elif target.value is None:
        errors["new_value"] = (f"This target has no number to revise (it is “{target.display()}”). Set its value "
                               "on the targets page instead.")
    elif new_value is None:
        errors["new_value"] = "Enter the new target, a number like 56.0."
    elif not isinstance(new_value, Decimal) or not new_value.is_finite():
        errors["new_value"] = f"Enter the new target as a number, like 56.0; {new_value!r} is not one."
    elif problem := (check_storable(new_value, str(new_value)) or target.indicator.check_value(new_value)):
        errors["new_value"] = problem
    elif same(target.value, new_value):
        errors["new_value"] = (f"The target is already {target.display()}: enter a different value, or leave it "
                               "as it is.")
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = "Enter the reason for the revision: it is shown with the target in reports."
    elif len(reason) > MAX_REASON:
        errors["reason"] = f"The reason must be {MAX_REASON:,} characters or fewer; it is {len(reason):,}."
    if effective_from is None:
        errors["effective_from"] = "Enter the date the new target takes effect, like 1 October 2009."
    elif effective_from < target.period_start:
        errors["effective_from"] = (f"The date must be on or after {long_date(target.period_start)}, when the "
                                    f"target's period ({target.period}) starts.")
    elif effective_from > latest_allowed(target):
        errors["effective_from"] = (f"The date must be no later than {long_date(latest_allowed(target))}, "
                                    f"{AFTER_END} after the target's period ({target.period}) ends.")
    elif latest is not None and effective_from < latest:
        errors["effective_from"] = (f"The date must be on or after {long_date(latest)}, when the last revision "
                                    "of this target took effect.")
    if errors:
        raise ValidationError(errors)
    return reason


def revise_target(*, target, new_value, reason, effective_from, user, based_on=None):
    """Revise a target: lock its row, record the revision (old and new value, reason, date in force, who),
    set the new value (which reassesses the indicator through Target.save, performance/stored.py), and write
    the history row and the audit event, all in one transaction. Returns the TargetRevision.

    ValidationError names the field at fault; StaleEdit when `based_on` (the version the form showed,
    performance/versions.py) is no longer the stored one. The caller has checked can_revise."""
    if isinstance(effective_from, datetime.datetime):
        effective_from = effective_from.date()
    new_value = _decimal(new_value)
    with transaction.atomic():
        locked = Target.objects.select_for_update().select_related("indicator__partnership").get(pk=target.pk)
        versions.check(locked, based_on)
        latest = (TargetRevision.objects.filter(target=locked).order_by("-effective_from", "-id")
                  .values_list("effective_from", flat=True).first())
        reason = check_revision(locked, new_value=new_value, reason=reason, effective_from=effective_from,
                                latest=latest)
        indicator = locked.indicator
        old_value, old_text = locked.value, locked.display()
        revision = TargetRevision.objects.create(target=locked, old_value=old_value, new_value=new_value,
                                                 reason=reason, effective_from=effective_from, revised_by=user)
        locked.value = new_value
        locked.updated_by = user
        locked.save()
        when = long_date(effective_from)
        # The history row's columns are 400 characters: the reason in full is on the revision and in the audit.
        ValueChange.objects.create(
            indicator=indicator, what="Target", period=locked.period, old=old_text,
            new=_clip(f"{locked.display()} from {when} (revised: {reason})", 400), changed_by=user)
        audit.record(user, "update", locked, {
            "value": [audit_text(old_value), audit_text(new_value)],
            "effective from": ["", effective_from.isoformat()],
            "reason": ["", reason],
        }, partnership=indicator.partnership)
    target.value, target.updated_by, target.updated_at = locked.value, user, locked.updated_at
    return revision


def _decimal(value):
    """A figure given as an int or text (a script's call) as a Decimal; anything else as it is, for
    check_revision to refuse. Never through float, which would add digits."""
    if isinstance(value, (int, str)) and not isinstance(value, bool):
        try:
            return Decimal(str(value).strip())
        except InvalidOperation:
            return value
    return value


def _clip(text, limit):
    return text if len(text) <= limit else text[:limit - 1] + "…"
