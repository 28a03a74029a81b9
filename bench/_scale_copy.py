"""COPY rows into the project's tables by model and field name (bench/scale.py's loader).

Tables and columns come from each model's _meta, never from SQL written here, so the benchmark keeps working
when the schema changes: a new column with a default gets it, a new nullable column NULL, and a new required
column without either stops the build with its name rather than loading rows the application would not.
Primary keys are given explicitly (counted up from the table's highest) and the sequences moved past them at
the end, so related rows can name each other before anything is written."""

import json
from datetime import datetime

from django.db import models


class Loader:
    def __init__(self, connection, now):
        self.connection = connection
        self.raw = connection.connection  # psycopg's own connection: COPY without Django's cursor wrappers
        self.now = now
        self.next_id = {}
        self.counts = {}

    def ids(self, model, n):
        """n new primary keys for model's table, in order."""
        if model not in self.next_id:
            opts = model._meta
            with self.raw.cursor() as cursor:
                cursor.execute(f'SELECT COALESCE(MAX("{opts.pk.column}"), 0) FROM "{opts.db_table}"')
                self.next_id[model] = cursor.fetchone()[0] + 1
        first = self.next_id[model]
        self.next_id[model] = first + n
        return range(first, first + n)

    def _fill(self, model, fields):
        """The columns for `fields` (attnames) plus every other concrete column with the value it gets."""
        opts = model._meta
        by_attname = {f.attname: f for f in opts.concrete_fields}
        unknown = [name for name in fields if name not in by_attname]
        if unknown:
            raise SystemExit(f"{opts.label} has no field {', '.join(unknown)}: update bench/scale.py.")
        columns = [by_attname[name].column for name in fields]
        json_at = [n for n, name in enumerate(fields) if isinstance(by_attname[name], models.JSONField)]
        extra, values = [], []
        for field in opts.concrete_fields:
            if field.attname in fields or field.primary_key:
                continue  # a key not given is the table's own (its identity column numbers the row)
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value = self.now
            elif field.has_default():
                value = field.get_default()
                if isinstance(field, models.JSONField):
                    value = json.dumps(value)
            elif field.null:
                value = None
            elif field.blank and field.empty_strings_allowed:
                value = ""  # an optional text left blank, as a form would save it
            else:
                raise SystemExit(f"{opts.label}.{field.name} is required and has no default: "
                                 "add it to bench/scale.py.")
            extra.append(field.column)
            values.append(value)
        return columns + extra, tuple(values), json_at

    def copy(self, model, fields, rows):
        """COPY rows (tuples of values for `fields`, by attname) into model's table; the number written."""
        columns, fixed, json_at = self._fill(model, list(fields))
        table = model._meta.db_table
        sql = f'COPY "{table}" ({", ".join(f"{chr(34)}{c}{chr(34)}" for c in columns)}) FROM STDIN'
        n = 0
        with self.raw.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                if json_at:
                    row = list(row)
                    for position in json_at:
                        row[position] = json.dumps(row[position])
                copy.write_row((*row, *fixed) if fixed else row)
                n += 1
        self.counts[model] = self.counts.get(model, 0) + n
        return n

    def reset_sequences(self):
        """Move each loaded table's key sequence past the keys given, so the application's inserts follow."""
        with self.raw.cursor() as cursor:
            for model in self.next_id:
                opts = model._meta
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, %s), "
                    f'(SELECT COALESCE(MAX("{opts.pk.column}"), 1) FROM "{opts.db_table}"))',
                    [f'"{opts.db_table}"', opts.pk.column])


def through(model, field_name):
    """The table model between a model and its many-to-many field, with the two key attnames."""
    field = model._meta.get_field(field_name)
    through_model = field.remote_field.through
    return through_model, field.m2m_column_name(), field.m2m_reverse_name()


def aware(year, month, day, hour=9):
    from django.utils import timezone

    return timezone.make_aware(datetime(year, month, day, hour))
