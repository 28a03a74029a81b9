"""Recording every create, update and delete of framework data."""

from django.db import models

from placeboard.core.models import AuditEvent


def display_value(value):
    if value is None or value == "":
        return ""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (list, tuple, set)) or hasattr(value, "all"):
        items = value.all() if hasattr(value, "all") else value
        return ", ".join(sorted(str(item) for item in items))
    return str(value)


def snapshot(obj, field_names):
    """The human-readable values of some fields, for comparing before and after."""
    values = {}
    for name in field_names:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            values[name] = display_value(getattr(obj, name).all()) if obj.pk else ""
        elif field.choices:
            values[name] = display_value(getattr(obj, f"get_{name}_display")())
        else:
            values[name] = display_value(getattr(obj, name))
    return values


def record(user, action, obj, changes=None, partnership=None):
    """Write one audit event. `changes` maps field name to [old, new]."""
    if partnership is None:
        partnership = getattr(obj, "partnership", None)
    return AuditEvent.objects.create(
        partnership=partnership,
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        object_type=obj._meta.verbose_name,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes=changes or {},
    )


def diff(before, after):
    return {
        name: [before.get(name, ""), value]
        for name, value in after.items()
        if before.get(name, "") != value
    }
