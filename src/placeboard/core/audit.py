"""Recording every create, update and delete of framework data."""

from django.contrib.auth import get_user_model
from django.db import models, transaction

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


def save_form(form, user, *, fields=None, partnership=None):
    """Save a valid model form and its audit record in one transaction; return the saved object.

    A new object is recorded as "create"; a changed one as "update" with what changed; an
    unchanged one not at all. `fields` (default: the form's Meta.fields) are compared.

    "Before" is read from the object's database row, locked, inside the transaction: by the
    time a form is valid Django has copied the cleaned data onto form.instance, so the
    instance no longer shows what was stored. Related objects the instance already holds are
    reused for unchanged foreign keys, and a new object needs no read at all."""
    fields = list(fields or form._meta.fields)
    instance = form.instance
    creating = instance._state.adding
    with transaction.atomic():
        before = {} if creating else snapshot(_stored(instance), fields)
        obj = form.save()
        changes = diff(before, snapshot(obj, fields))
        if creating or changes:
            record(user, "create" if creating else "update", obj, changes, partnership=partnership)
    return obj


def _stored(instance):
    """The row as stored, locked until the transaction ends, sharing the instance's unchanged related objects."""
    stored = type(instance)._base_manager.select_for_update().get(pk=instance.pk)
    for field in instance._meta.concrete_fields:
        if (field.many_to_one or field.one_to_one) and field.is_cached(instance) \
                and getattr(stored, field.attname) == getattr(instance, field.attname):
            field.set_cached_value(stored, field.get_cached_value(instance))
    return stored


def delete(obj, user, *, changes=None, partnership=None):
    """Record the deletion of an object and delete it, together.

    Raises ProtectedError (and records nothing) if something still refers to it."""
    with transaction.atomic():
        record(user, "delete", obj, changes, partnership=partnership)
        obj.delete()


def record_lockout(username, address, until):
    """Record that sign-in was refused for a while after repeated failures (core.login_throttle).

    Not tied to a partnership, and by nobody signed in; the account, when the username is one, is
    the object. `until` is when sign-in opens again, in words."""
    accounts = get_user_model()._default_manager
    account = accounts.filter(**{accounts.model.USERNAME_FIELD: username}).first() if username else None
    return AuditEvent.objects.create(
        partnership=None,
        user=None,
        action=AuditEvent.Action.CREATE,
        object_type="sign-in lockout",
        object_id=str(account.pk) if account else "",
        object_repr=f"{username or '(no username)'} from {address or 'an unknown address'}"[:300],
        changes={"username": ["", username or ""], "address": ["", address or ""], "locked until": ["", until]},
    )
