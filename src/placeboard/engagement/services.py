"""Writes of the engagement app that touch several rows, each with its audit record, atomically."""

from django.db import transaction

from placeboard.core import audit

ACTIVITY_FIELDS = ["title", "organiser", "method", "description", "topics", "areas", "population_groups",
                   "start_date", "end_date", "status", "how_to_take_part", "results", "you_said_we_did"]


def save_activity(user, form, before=None):
    """Save an activity form (with its topics, areas and groups) and its audit record together."""
    old = audit.snapshot(before, ACTIVITY_FIELDS) if before is not None else {}
    with transaction.atomic():
        activity = form.save(commit=False)
        if before is None:
            activity.created_by = user if user.is_authenticated else None
        activity.save()
        form.save_m2m()
        changes = audit.diff(old, audit.snapshot(activity, ACTIVITY_FIELDS))
        audit.record(user, "update" if before is not None else "create", activity, changes)
    return activity


def delete_activity(user, activity):
    with transaction.atomic():
        audit.record(user, "delete", activity)
        activity.delete()


def save_clash_settings(user, form):
    fields = form.Meta.fields
    before = audit.snapshot(form.instance, fields) if form.instance.pk else {}
    with transaction.atomic():
        obj = form.save()
        changes = audit.diff(before, audit.snapshot(obj, fields))
        if changes:
            audit.record(user, "update", obj, changes, partnership=obj.partnership)
    return obj
