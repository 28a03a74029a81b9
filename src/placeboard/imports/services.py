"""Checking an uploaded file once for its preview, and importing it once: all or nothing, together with the
batch's new state and its audit event.

Confirming is idempotent: the import locks the batch's row and checks, inside the lock, that it is still
waiting to be imported, so a second click or a confirmation sent at the same time finds the first one's
outcome instead of importing the file again. On PostgreSQL select_for_update() makes the second wait until
the first commits; SQLite ignores it, but Placeboard opens its transactions there with BEGIN IMMEDIATE
(settings.py), which takes the database's write lock first, so the second waits all the same.

A large file is checked and imported by a worker instead (imports/jobs.py), with the same guarantees.

Where figures need sign-off, actuals imported are submitted for approval, or approved when the officer who
uploaded them asked for it (ImportBatch.approve; importers/actuals.py applies the rules)."""

from django.db import transaction

from placeboard.core import audit
from placeboard.imports import importers
from placeboard.imports.importers.plan import signed_off
from placeboard.imports.models import ImportBatch
from placeboard.imports.previews import Preview


def kinds_for(access):
    """The kinds of file this person may import: every kind for a performance officer, actuals and data
    returns for a data provider (for the indicators their organisation leads), none for anyone else."""
    if access.can_manage:
        return list(importers.KINDS)
    if access.organisation_ids:
        return ["actuals", "return"]
    return []


def approve_refusal(access):
    """Why this person may not approve figures as they import them, in words; None if they may: a performance
    officer, where the partnership's figures need sign-off (docs/imports.md)."""
    if not access.can_manage:
        return "Only a performance officer can approve figures as they are imported."
    if not access.partnership.sign_off:
        return (f"{access.partnership.name}'s figures do not need sign-off: they are published as they are "
                "imported, with nothing to approve.")
    return None


def batch_changes(plan):
    """The audit event of an imported batch: what it imported, and, where figures need sign-off, how many it
    submitted for approval or approved."""
    changes = {"imported": ["", plan.summary()]}
    if said := signed_off(plan.created + plan.updated, plan.lands):
        changes["approval"] = ["", said.lstrip("; ")]
    return changes


def check_batch(batch, *, access):
    """The batch's preview: the stored one, or the file checked now, the first time, and the result stored.

    Returns a Preview, or None for a batch no longer waiting that was never checked (there is nothing to
    show but its state). A file with problems leaves the batch rejected."""
    if batch.preview is not None or batch.state != ImportBatch.State.PREVIEWED:
        return batch.checked
    data = ImportBatch.objects.values_list("content", flat=True).get(pk=batch.pk)
    plan = importers.check(batch.kind, access.partnership, batch.filename, bytes(data), access=access,
                           approve=batch.approve)
    fields = checked_fields(plan)
    # Only while it is still waiting: a confirmation that got there first keeps its own outcome.
    if not ImportBatch.objects.filter(pk=batch.pk, state=ImportBatch.State.PREVIEWED).update(**fields):
        batch.refresh_from_db(fields=["state", "summary", "preview"])
        return batch.checked
    for name, value in fields.items():
        setattr(batch, name, value)
    return batch.checked


def checked_fields(plan):
    """What checking a file records on its batch: the preview, and, if the file has problems, the rejection."""
    fields = {"preview": Preview.from_plan(plan).as_json()}
    if not plan.ok:
        fields.update(state=ImportBatch.State.REJECTED, summary=_problems(plan))
    return fields


def outcome_fields(plan):
    """What importing a file records on its batch: imported or rejected, and what the check found."""
    fields = {"preview": Preview.from_plan(plan).as_json()}
    if plan.ok:
        fields.update(state=ImportBatch.State.IMPORTED, summary=plan.summary())
    else:
        fields.update(state=ImportBatch.State.REJECTED, summary=_problems(plan))
    return fields


def _problems(plan):
    return f"{len(plan.problems)} problem{'' if len(plan.problems) == 1 else 's'}"


def _claim(batch):
    """The batch's row, locked until the transaction ends; the caller goes on only if it is still waiting."""
    return ImportBatch.objects.select_for_update().get(pk=batch.pk)


def _finish(locked, plan, user):
    """Record the outcome on the locked batch: imported (with its audit event) or rejected, and what was found."""
    for name, value in outcome_fields(plan).items():
        setattr(locked, name, value)
    if plan.ok:
        audit.record(user, "create", locked, batch_changes(plan))
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
                                     user, access=access, approve=locked.approve)
        _finish(locked, plan, user)
    return plan, None
