"""Writing an import's rows fast: COPY on PostgreSQL (bulk_create elsewhere) and audit events in bulk."""

import json
from contextlib import nullcontext

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import JSONField

from placeboard.core.models import AuditEvent
from placeboard.imports.importers.plan import BATCH

HISTORY_FIELDS = ["indicator_id", "what", "period", "where", "old", "new", "changed_by_id", "changed_at"]
AUDIT_FIELDS = ["partnership_id", "user_id", "at", "action", "object_type", "object_id", "object_repr", "changes"]


def user_id_of(user):
    return user.pk if user is not None and user.is_authenticated else None


def insert_rows(model, fields, rows, *, ids=False):
    """Insert rows (sequences of values for `fields`, by attname); the new primary keys in order if `ids`.

    On PostgreSQL this is COPY, with the keys taken from the table's sequence first: several times faster
    than INSERT for the hundreds of thousands of rows a big import writes. Elsewhere it is bulk_create."""
    if not rows:
        return []
    if connection.vendor != "postgresql":
        objects = [model(**dict(zip(fields, row))) for row in rows]
        model.objects.bulk_create(objects, batch_size=BATCH)
        return [o.pk for o in objects]
    opts, quote = model._meta, connection.ops.quote_name
    by_attname = {f.attname: f for f in opts.concrete_fields}
    json_at = [n for n, name in enumerate(fields) if isinstance(by_attname[name], JSONField)]
    columns = [by_attname[name].column for name in fields]
    new_ids = []
    with connection.cursor() as cursor:
        if ids:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [opts.db_table, opts.pk.column, len(rows)])
            new_ids = [row[0] for row in cursor.fetchall()]
            columns.insert(0, opts.pk.column)
        sql = f"COPY {quote(opts.db_table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
        # debug_sql puts the COPY in connection.queries (and so in the tests' query counts) like any statement.
        logged = cursor.debug_sql(sql) if hasattr(cursor, "debug_sql") else nullcontext()
        with logged, cursor.cursor.copy(sql) as copy:
            for n, row in enumerate(rows):
                if json_at:
                    row = list(row)
                    for position in json_at:
                        row[position] = json.dumps(row[position], cls=DjangoJSONEncoder)
                copy.write_row((new_ids[n], *row) if ids else row)
    return new_ids


def bulk_audit(user_id, partnership, audits, object_type):
    """One AuditEvent for each (action, object, changes), in batches of BATCH."""
    events = [AuditEvent(partnership=partnership, user_id=user_id, action=action, object_type=object_type,
                         object_id=str(obj.pk or ""), object_repr=str(obj)[:300], changes=changes)
              for action, obj, changes in audits]
    AuditEvent.objects.bulk_create(events, batch_size=BATCH)
