"""Checking an uploaded file once for its preview, and importing it once: all or nothing, together with the
batch's new state and its audit event.

Confirming is idempotent: the import locks the batch's row and checks, inside the lock, that it is still
waiting to be imported, so a second click or a confirmation sent at the same time finds the first one's
outcome instead of importing the file again. On PostgreSQL select_for_update() makes the second wait until
the first commits; SQLite ignores it, but Placeboard opens its transactions there with BEGIN IMMEDIATE
(settings.py), which takes the database's write lock first, so the second waits all the same."""

from django.db import transaction

from placeboard.core import audit
from placeboard.imports import importers
from placeboard.imports.models import ImportBatch
from placeboard.imports.previews import Preview


def check_batch(batch, *, access):
    """The batch's preview: the stored one, or the file checked now, the first time, and the result stored.

    Returns a Preview, or None for a batch no longer waiting that was never checked (there is nothing to
    show but its state). A file with problems leaves the batch rejected."""
    if batch.preview is not None or batch.state != ImportBatch.State.PREVIEWED:
        return batch.checked
    data = ImportBatch.objects.values_list("content", flat=True).get(pk=batch.pk)
    plan = importers.check(batch.kind, access.partnership, batch.filename, bytes(data), access=access)
    fields = {"preview": Preview.from_plan(plan).as_json()}
    if not plan.ok:
        fields.update(state=ImportBatch.State.REJECTED, summary=_problems(plan))
    # Only while it is still waiting: a confirmation that got there first keeps its own outcome.
    if not ImportBatch.objects.filter(pk=batch.pk, state=ImportBatch.State.PREVIEWED).update(**fields):
        batch.refresh_from_db(fields=["state", "summary", "preview"])
        return batch.checked
    for name, value in fields.items():
        setattr(batch, name, value)
    return batch.checked


def _problems(plan):
    return f"{len(plan.problems)} problem{'' if len(plan.problems) == 1 else 's'}"


def _claim(batch):
    """The batch's row, locked until the transaction ends; the caller goes on only if it is still waiting."""
    return ImportBatch.objects.select_for_update().get(pk=batch.pk)


def _finish(locked, plan, user):
    """Record the outcome on the locked batch: imported (with its audit event) or rejected, and what was found."""
    locked.preview = Preview.from_plan(plan).as_json()
    if plan.ok:
        locked.state, locked.summary = ImportBatch.State.IMPORTED, plan.summary()
        audit.record(user, "create", locked, {"imported": ["", plan.summary()]})
    else:
        locked.state, locked.summary = ImportBatch.State.REJECTED, _problems(plan)
    locked.save(update_fields=["state", "summary", "preview"])


def import_batch(batch, user, *, access):
    """Check the file again (the figures may have changed since the preview) and import it, in one transaction.

    Returns (plan, None); or (None, the batch as found) if it was no longer waiting to be imported, when
    nothing is done. A plan that is not ok leaves the batch rejected and writes nothing else."""
    with transaction.atomic():
        locked = _claim(batch)
        if locked.state != ImportBatch.State.PREVIEWED:
            return None, locked
        plan = importers.import_file(locked.kind, access.partnership, locked.filename, bytes(locked.content),
                                     user, access=access)
        _finish(locked, plan, user)
    return plan, None


def import_batch_steps(batch, user, *, access):
    """import_batch for a large file, as a generator: yields (what, done, total) as it goes, in one transaction.

    Returns what import_batch returns. An exception (or closing the generator part-way) writes nothing."""
    with transaction.atomic():
        locked = _claim(batch)
        if locked.state != ImportBatch.State.PREVIEWED:
            return None, locked
        plan = yield from importers.import_steps(locked.kind, access.partnership, locked.filename,
                                                 bytes(locked.content), user, access=access)
        _finish(locked, plan, user)
    return plan, None
