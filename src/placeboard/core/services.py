"""Writes of the core app beyond a single form's save (core.audit.save_form), each with its audit record."""

from django.db import transaction

from placeboard.core import audit


def give_role(user, form, partnership):
    """Save a valid role form, recorded by the person's name and the role (the form's fields are not the model's)."""
    with transaction.atomic():
        role = form.save()
        audit.record(user, "create", role, {"person": ["", role.user.get_username()], "role": ["", str(role)]},
                     partnership=partnership)
    return role


def remove_role(user, role, partnership):
    audit.delete(role, user, changes={"person": [role.user.get_username(), ""], "role": [str(role), ""]},
                 partnership=partnership)
