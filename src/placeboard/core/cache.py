"""The database cache backend Placeboard uses by default (settings.CACHE_BACKEND, docs/configuration.md).

Django's DatabaseCache, with one change: its incr is a read and then a write, so two workers counting
the same rate limit at once could both read 2 and both write 3. Here the read locks the row (SELECT ...
FOR UPDATE on PostgreSQL; on SQLite the IMMEDIATE transaction already holds the write lock), so every
count lands, and the entry keeps its expiry instead of being rewritten with the default timeout.

The table (placeboard_cache) is created by migration core 0004, so `migrate` is all a site needs.
"""

import base64
import pickle

from django.core.cache.backends import db
from django.db import connections, router, transaction
from django.utils.timezone import now


class DatabaseCache(db.DatabaseCache):
    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        alias = router.db_for_write(self.cache_model_class)
        connection = connections[alias]
        qn = connection.ops.quote_name
        table = qn(self._table)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {qn('value')} FROM {table} WHERE {qn('cache_key')} = %s AND {qn('expires')} > %s{lock}",
                [key, connection.ops.adapt_datetimefield_value(now())],
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found")
            value = pickle.loads(base64.b64decode(connection.ops.process_clob(row[0]).encode())) + delta
            stored = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(f"UPDATE {table} SET {qn('value')} = %s WHERE {qn('cache_key')} = %s", [stored, key])
        return value
