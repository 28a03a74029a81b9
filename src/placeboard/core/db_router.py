"""Reports read from a read replica when there is one (DATABASE_REPLICA_URL, docs/scaling.md).

Only code inside `reading_from_replica()` reads from the replica: building a report, which reads a
great deal and writes nothing. Every other read stays on the primary, because a replica lags by a
moment and a page shown after a change (a figure saved, then the indicator page) must show it.
Writes and migrations always go to the primary.

The switch is a context variable, so it holds for the thread (or task) that set it and no other:
a gunicorn thread building a report does not send its neighbours' reads to the replica.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

_reading_from_replica = ContextVar("placeboard_reading_from_replica", default=False)

# Django's database cache: rate-limit counts must be exact, never a lagging copy.
_PRIMARY_ONLY_APPS = {"django_cache"}


@contextmanager
def reading_from_replica():
    """Send this block's reads to the replica (a no-op without DATABASE_REPLICA_URL)."""
    token = _reading_from_replica.set(True)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


def replica_configured():
    return REPLICA in settings.DATABASES


def read_alias(model=None):
    """The alias a read should use now: the replica, or None for the primary."""
    if not _reading_from_replica.get() or not replica_configured():
        return None
    if model is not None and model._meta.app_label in _PRIMARY_ONLY_APPS:
        return None
    # Inside a transaction on the primary the reads must see its own uncommitted writes.
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return None
    return REPLICA


class ReplicaRouter:
    """Installed by settings.py only when DATABASE_REPLICA_URL is set."""

    def db_for_read(self, model, **hints):
        return read_alias(model) or DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        # Even for an object read from the replica: the replica is read-only.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases are one database, so an object read from either may refer to the other.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica copies the primary's tables; `migrate --database replica` does nothing.
        return db == DEFAULT_DB_ALIAS
