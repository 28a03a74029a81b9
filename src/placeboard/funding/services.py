"""Writes spanning several models, each atomic and audited."""

from django.db import transaction
from django.utils import timezone

from placeboard.core import audit

STREAM_FIELDS = ["name", "theme", "arrangement", "pooling", "previously_pooled", "heading", "position", "outcomes", "note"]
AMOUNT_FIELDS = ["year", "capital", "revenue", "note"]


@transaction.atomic
def _save_with_children(user, form, formset, fields, child_fields):
    """Save an object and its inline formset from valid forms; one audit event per thing changed.

    Children are re-read after saving so money is compared as stored (2 places), not as typed."""
    parent = audit.save_form(form, user, fields=fields)
    formset.instance = parent
    # Read afresh: the formset's own instances already hold the typed values.
    old = {c.pk: audit.snapshot(c, child_fields) for c in formset.model.objects.filter(**{formset.fk.name: parent})}
    for child in formset.save(commit=False):
        setattr(child, formset.fk.name, parent)
        child.save()
        child.refresh_from_db()
        was = old.get(child.pk, {})
        changes = audit.diff(was, audit.snapshot(child, child_fields))
        if changes:
            audit.record(user, "update" if was else "create", child, changes, partnership=parent.partnership)
    for child in formset.deleted_objects:
        audit.record(user, "delete", child, audit.diff({}, old.get(child.pk, {})), partnership=parent.partnership)
        child.delete()
    return parent


def save_stream(user, form, formset):
    """Save a stream and its yearly amounts from valid forms."""
    return _save_with_children(user, form, formset, STREAM_FIELDS, AMOUNT_FIELDS)


def today():
    return timezone.localdate()


@transaction.atomic
def delete_stream(user, stream):
    audit.record(user, "delete", stream, audit.diff({}, audit.snapshot(stream, STREAM_FIELDS)))
    stream.delete()


PLAN_FIELDS = ["title", "status", "adopted_on", "review_by", "url"]
PRIORITY_FIELDS = ["title", "theme"]


def save_plan(user, form, formset):
    """Save a community plan and its priorities from valid forms."""
    return _save_with_children(user, form, formset, PLAN_FIELDS, PRIORITY_FIELDS)
