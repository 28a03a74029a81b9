"""Writing an import's rows fast: COPY on PostgreSQL (bulk_create elsewhere) and audit events in bulk."""

import json
from contextlib import nullcontext

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import JSONField

from placeboard.core import fragments
from placeboard.core.models import AuditEvent
from placeboard.imports.importers.plan import BATCH

HISTORY_FIELDS = ["indicator_id", "what", "period", "where", "old", "new", "changed_by_id", "changed_at"]
AUDIT_FIELDS = ["partnership_id", "user_id", "at", "action", "object_type", "object_id", "object_repr", "changes"]

# COPY's text format: a tab between values, a newline after each row, \N for NULL, and these four escaped.
NULL = "\\N"
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_LINES_PER_WRITE = 2000  # rows joined into one write: fewer calls into psycopg, a bounded string


def user_id_of(user):
    return user.pk if user is not None and user.is_authenticated else None


def copy_text(text):
    """Text as a value in a line for copy_lines()."""
    return text.translate(_ESCAPES) if text else ""


def _copy_sql(model, fields):
    opts, quote = model._meta, connection.ops.quote_name
    by_attname = {f.attname: f for f in opts.concrete_fields}
    columns = ", ".join(quote(by_attname[name].column) for name in fields)
    return f"COPY {quote(opts.db_table)} ({columns}) FROM STDIN"


def copy_lines(model, fields, lines):
    """COPY lines of text (values for `fields`, by attname, formatted by the caller: str() of numbers and
    dates, copy_text() of text, NULL for None; tab-separated, each ending in a newline) into the model's table.
    PostgreSQL only.

    Formatting the lines here rather than through psycopg's write_row() is about three times cheaper in
    Python, which matters for the hundreds of thousands of actuals and history lines of a big import."""
    if not lines:
        return
    sql = _copy_sql(model, fields)
    with connection.cursor() as cursor:
        # debug_sql puts the COPY in connection.queries (and so in the tests' query counts) like any statement.
        logged = cursor.debug_sql(sql) if hasattr(cursor, "debug_sql") else nullcontext()
        with logged, cursor.cursor.copy(sql) as copy:
            for first in range(0, len(lines), _LINES_PER_WRITE):
                copy.write("".join(lines[first:first + _LINES_PER_WRITE]))


def insert_rows(model, fields, rows):
    """Insert rows (sequences of values for `fields`, by attname): COPY on PostgreSQL, else bulk_create."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**dict(zip(fields, row))) for row in rows], batch_size=BATCH)
        return
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    json_at = [n for n, name in enumerate(fields) if isinstance(by_attname[name], JSONField)]
    sql = _copy_sql(model, fields)
    with connection.cursor() as cursor:
        logged = cursor.debug_sql(sql) if hasattr(cursor, "debug_sql") else nullcontext()
        with logged, cursor.cursor.copy(sql) as copy:
            for row in rows:
                if json_at:
                    row = list(row)
                    for position in json_at:
                        row[position] = json.dumps(row[position], cls=DjangoJSONEncoder)
                copy.write_row(row)


def bulk_audit(user_id, partnership, audits, object_type):
    """One AuditEvent for each (action, object, changes), in batches of BATCH."""
    events = [AuditEvent(partnership=partnership, user_id=user_id, action=action, object_type=object_type,
                         object_id=str(obj.pk or ""), object_repr=str(obj)[:300], changes=changes)
              for action, obj, changes in audits]
    AuditEvent.objects.bulk_create(events, batch_size=BATCH)
    fragments.data_changed(getattr(partnership, "pk", partnership))  # bulk_create sends no post_save
