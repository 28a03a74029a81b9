"""Writes spanning several models, each atomic and audited."""

from django.db import transaction

from placeboard.core import audit

STREAM_FIELDS = ["name", "theme", "arrangement", "pooling", "previously_pooled", "heading", "position", "outcomes", "note"]
AMOUNT_FIELDS = ["year", "capital", "revenue", "note"]


@transaction.atomic
def save_stream(user, form, formset):
    """Save a stream and its yearly amounts from valid forms; one audit event per thing changed."""
    creating = form.instance.pk is None
    before = {} if creating else audit.snapshot(form.instance, STREAM_FIELDS)
    stream = form.save()
    changes = audit.diff(before, audit.snapshot(stream, STREAM_FIELDS))
    if creating or changes:
        audit.record(user, "create" if creating else "update", stream, changes)
    formset.instance = stream
    old = {a.pk: audit.snapshot(a, AMOUNT_FIELDS) for a in stream.amounts.all()}
    for amount in formset.save(commit=False):
        amount.stream = stream
        amount.save()
        amount.refresh_from_db()  # compare money as stored (2 places), not as typed
        was = old.get(amount.pk, {})
        changes = audit.diff(was, audit.snapshot(amount, AMOUNT_FIELDS))
        if changes:
            audit.record(user, "update" if was else "create", amount, changes, partnership=stream.partnership)
    for amount in formset.deleted_objects:
        audit.record(user, "delete", amount, audit.diff({}, old.get(amount.pk, {})), partnership=stream.partnership)
        amount.delete()
    return stream


@transaction.atomic
def delete_stream(user, stream):
    audit.record(user, "delete", stream, audit.diff({}, audit.snapshot(stream, STREAM_FIELDS)))
    stream.delete()
