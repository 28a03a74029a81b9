"""`field__in=[…]` as `field = ANY(%s)` with one array parameter on PostgreSQL.

Django writes a list as `IN (%s, %s, …)`, one placeholder per value. psycopg, binding on the client, then
parses that query text in Python, and as every list of ids makes a new text it cannot use its cache: a list
of a few thousand ids (the figures a list page refers to, every prefetch_related) cost 10–20 ms of parsing
each. PostgreSQL turns `IN (…)` into `= ANY(ARRAY[…])` itself, so the plan is the same; the query text is
short and the same for every list. Only lists of integers are changed (ids and foreign keys), where the
array's type is never in doubt; SQLite and every other lookup are left as Django writes them."""

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, ForeignObject
from django.db.models.expressions import ColPairs
from django.db.models.fields.related_lookups import RelatedIn
from django.db.models.lookups import In


def _as_any(lookup, compiler, connection):
    if not lookup.rhs_is_direct_value() or isinstance(lookup.lhs, ColPairs):
        return None
    # The values are prepared (get_prep_value) already; an integer field's needs nothing more for the database,
    # and skipping Django's per-value preparation is half the saving for a long list.
    values = list(dict.fromkeys(v for v in lookup.rhs if v is not None))
    if not values:
        raise EmptyResultSet
    if not all(type(v) is int for v in values):
        return None
    lhs, lhs_params = lookup.process_lhs(compiler, connection)
    return f"{lhs} = ANY(%s)", (*lhs_params, values)


class ArrayIn(In):
    def as_postgresql(self, compiler, connection):
        return _as_any(self, compiler, connection) or self.as_sql(compiler, connection)


class ArrayRelatedIn(RelatedIn):
    def as_postgresql(self, compiler, connection):
        return _as_any(self, compiler, connection) or self.as_sql(compiler, connection)


def register():
    Field.register_lookup(ArrayIn)
    ForeignObject.register_lookup(ArrayRelatedIn)
