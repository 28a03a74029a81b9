"""core.lookups: a list of integers given to `__in` is one array parameter on PostgreSQL (`= ANY(%s)`), so
the query text is short and the same whatever the list, and the rows found are exactly those `IN` finds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from placeboard.core.models import Organisation, Partnership

pytestmark = pytest.mark.django_db
POSTGRES = connection.vendor == "postgresql"


@pytest.fixture
def organisations(partnership):
    other = Partnership.objects.create(name="Elsewhere", slug="elsewhere")
    return [Organisation.objects.create(partnership=p, name=f"Organisation {n}")
            for n, p in enumerate([partnership] * 5 + [other] * 3)]


def _sql(queryset):
    with CaptureQueriesContext(connection) as queries:
        found = sorted(o.pk for o in queryset)
    return found, queries[-1]["sql"]


def test_ids_found_are_those_asked_for_with_duplicates_and_none(organisations):
    ids = [o.pk for o in organisations]
    found, sql = _sql(Organisation.objects.filter(pk__in=[ids[1], ids[3], ids[3], None, 10**9]))
    assert found == [ids[1], ids[3]]
    assert ("= ANY(" in sql) == POSTGRES and ("IN (" in sql) != POSTGRES


def test_foreign_keys_by_instance_and_id_and_exclude(organisations, partnership):
    theirs = sorted(Organisation.objects.filter(partnership=partnership).values_list("pk", flat=True))
    assert len(theirs) == 7  # the fixture's two and five more
    found, sql = _sql(Organisation.objects.filter(partnership__in=[partnership]))
    assert found == theirs
    assert ("= ANY(" in sql) == POSTGRES
    found, _ = _sql(Organisation.objects.filter(partnership_id__in=[partnership.pk]).exclude(
        pk__in=[organisations[0].pk, organisations[4].pk]))
    assert found == [pk for pk in theirs if pk not in (organisations[0].pk, organisations[4].pk)]


def test_an_empty_list_finds_nothing_without_a_query(organisations):
    with CaptureQueriesContext(connection) as queries:
        assert list(Organisation.objects.filter(pk__in=[])) == []
        assert list(Organisation.objects.filter(pk__in=[None])) == []
    assert len(queries) == 0


def test_text_and_subqueries_are_left_as_django_writes_them(organisations):
    names = [organisations[0].name, organisations[2].name]
    found, sql = _sql(Organisation.objects.filter(name__in=names))
    assert found == sorted(o.pk for o in organisations if o.name in names)
    assert "IN (" in sql and "ANY(" not in sql
    found, sql = _sql(Organisation.objects.filter(pk__in=Organisation.objects.filter(name__in=names).values("pk")))
    assert len(found) == 2 and "ANY(" not in sql


def test_a_long_list_is_one_parameter_and_the_same_text_whatever_its_length(organisations):
    ids = [o.pk for o in organisations]
    found, short = _sql(Organisation.objects.filter(pk__in=ids[:2]))
    found_long, long = _sql(Organisation.objects.filter(pk__in=ids + list(range(10**8, 10**8 + 5000))))
    assert found == sorted(ids[:2]) and found_long == sorted(ids)
    if POSTGRES:
        # psycopg binds on the client, so the SQL carries the array as one literal rather than 5,008 %s.
        assert long.count("ANY(") == 1 and short.count("ANY(") == 1
