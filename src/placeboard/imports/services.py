"""Importing a previewed file: all or nothing, together with the batch's new state and its audit event."""

from django.db import transaction

from placeboard.core import audit
from placeboard.imports import importers
from placeboard.imports.models import ImportBatch


def import_batch(batch, data, user, *, access):
    """Check the file again (the figures may have changed since the preview) and import it, in one transaction.

    Returns the plan; if it is not ok nothing was written and the batch is unchanged."""
    with transaction.atomic():
        plan = importers.import_file(batch.kind, access.partnership, batch.filename, data, user, access=access)
        if not plan.ok:
            return plan
        batch.state, batch.summary = ImportBatch.State.IMPORTED, plan.summary()
        batch.save(update_fields=["state", "summary"])
        audit.record(user, "create", batch, {"imported": ["", plan.summary()]})
    return plan


def import_batch_steps(batch, data, user, *, access):
    """import_batch for a large file, as a generator: yields (what, done, total) as it goes, in one transaction.

    Returns (plan, None), or (None, the batch's state) if it was no longer waiting to be imported. A plan
    that is not ok leaves the batch rejected and writes nothing else; an exception writes nothing at all."""
    with transaction.atomic():
        # Locked, so two confirmations of the same file cannot both import it.
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.state != ImportBatch.State.PREVIEWED:
            return None, locked.get_state_display()
        plan = yield from importers.import_steps(batch.kind, access.partnership, batch.filename, data, user,
                                                 access=access)
        if plan.ok:
            locked.state, locked.summary = ImportBatch.State.IMPORTED, plan.summary()
            audit.record(user, "create", locked, {"imported": ["", plan.summary()]})
        else:
            locked.state, locked.summary = ImportBatch.State.REJECTED, f"{len(plan.problems)} problems"
        locked.save(update_fields=["state", "summary"])
    return plan, None
