"""Writes spanning several models: deleting a comparator group or some of its values, with their audit events
in the same transaction.

Each locks the group's row first, so two people deleting at once are taken one after the other: the second
finds the values (or the group) gone and gets Http404, and the audit log records each value once."""

from django.db import transaction
from django.http import Http404

from placeboard.benchmarking.models import BenchmarkValue, ComparatorGroup
from placeboard.core import audit
from placeboard.core.models import AuditEvent
from placeboard.performance.figures import plain


def record_values_deleted(user, partnership, values):
    """One audit event per value, as the import wrote one per value, so the log shows every figure that went."""
    AuditEvent.objects.bulk_create(
        (AuditEvent(partnership=partnership, user=user, action="delete", object_type="comparator value",
                    object_id=str(v.pk), object_repr=f"{v.authority}, {v.indicator.code} {v.period} ({v.group})"[:300],
                    changes={"value": [plain(v.value), ""]}) for v in values),
        batch_size=1000)


def _lock(group):
    """Lock the group's row until the transaction ends; Http404 if someone has deleted it meanwhile."""
    if not ComparatorGroup.objects.select_for_update().filter(pk=group.pk).values_list("pk", flat=True):
        raise Http404("No such comparator group.")


@transaction.atomic
def delete_group(user, group):
    """Deletes a group and its values. Returns how many values went."""
    _lock(group)
    # Read again inside the transaction, so the record says what actually went.
    values = list(BenchmarkValue.objects.filter(group=group).select_related("indicator", "group"))
    before = {"name": group.name, "description": group.description, "values": str(len(values))}
    audit.record(user, "delete", group, {k: [v, ""] for k, v in before.items() if v})
    record_values_deleted(user, group.partnership, values)
    group.delete()
    return len(values)


@transaction.atomic
def delete_values(user, group, indicator, period):
    """Removes one indicator-period's values from a group (e.g. a set imported against the wrong indicator).
    Returns the words for what went; Http404 when there is nothing to delete."""
    _lock(group)
    values = BenchmarkValue.objects.filter(group=group, indicator=indicator, period=period)
    gone = list(values.select_related("indicator", "group"))
    if not gone:
        raise Http404("No such values.")
    label = f"{len(gone)} value{'s' if len(gone) != 1 else ''} of {indicator.code} for {period}"
    # The group stays, so this is a change to it; each value gets its own event as well.
    audit.record(user, "update", group, {"values": [label, "deleted"]})
    record_values_deleted(user, group.partnership, gone)
    values.delete()
    return label
