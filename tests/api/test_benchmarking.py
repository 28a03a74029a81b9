"""The benchmarking part of the API: comparator groups with their members, and their benchmark values.

Everyone with a role in the partnership may read them, as the comparator pages; another partnership's groups
are not found."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from placeboard.benchmarking.models import BenchmarkValue, ComparatorGroup
from placeboard.core.models import Partnership
from placeboard.performance.models import Indicator
from tests.api.test_access import expected
from tests.personas import ALL, MEMBERS

pytestmark = pytest.mark.django_db

BASE = "/api/v1/partnerships/testshire"


def make_indicator(partnership, code):
    return Indicator.objects.create(partnership=partnership, code=code, title=f"Indicator {code}",
                                    value_type="percentage", polarity="higher", collection_interval="academic_year")


def value(group, indicator, period, start, authority, code, number, national=False):
    return BenchmarkValue.objects.create(group=group, indicator=indicator, period=period, period_start=start,
                                         authority=authority, gss_code=code, value=Decimal(number),
                                         is_national=national)


@pytest.fixture
def unitary(partnership):
    """Two indicators over two years: Testshire, Swindon and England; Swindon's code was corrected in the later
    import (the member takes the latest)."""
    ni72, ni73 = make_indicator(partnership, "NI 072"), make_indicator(partnership, "NI 073")
    group = ComparatorGroup.objects.create(partnership=partnership, name="Unitary councils",
                                           description="Unitary authorities of the South West")
    rows = [
        value(group, ni72, "AY 2007/08", date(2007, 9, 1), "Testshire", "E06000099", "54.000000"),
        value(group, ni72, "AY 2007/08", date(2007, 9, 1), "Swindon", "", "0.125000"),
        value(group, ni72, "AY 2008/09", date(2008, 9, 1), "Testshire", "E06000099", "57.4"),
        value(group, ni72, "AY 2008/09", date(2008, 9, 1), "Swindon", "E06000030", "60.1"),
        value(group, ni72, "AY 2008/09", date(2008, 9, 1), "England", "E92000001", "52", national=True),
        value(group, ni73, "AY 2008/09", date(2008, 9, 1), "Testshire", "E06000099", "-3.5"),
    ]
    empty = ComparatorGroup.objects.create(partnership=partnership, name="Statistical neighbours")
    return group, empty, ni72, ni73, rows


@pytest.fixture
def theirs(partnership, personas):
    elsewhere = Partnership.objects.get(slug="elsewhere")
    group = ComparatorGroup.objects.create(partnership=elsewhere, name="Their group")
    value(group, make_indicator(elsewhere, "T 1"), "2008/09", date(2008, 4, 1), "Theirshire", "E06000001", "1")
    return group


def get(client, bearer, persona, url):
    return client.get(url, **bearer(persona))


# Who may read


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("path", ["/comparator-groups/", "/comparator-groups/{group}/",
                                  "/comparator-groups/{group}/values/",
                                  "/comparator-groups/{group}/values/?indicator={indicator}"])
def test_who_may_read(client, bearer, unitary, persona, path):
    group, _, ni72, _, _ = unitary
    response = get(client, bearer, persona, BASE + path.format(group=group.pk, indicator=ni72.pk))
    assert response.status_code == expected(persona, MEMBERS)
    if response.status_code != 200:
        assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("persona", ALL)
def test_another_partnerships_group_is_not_found(client, bearer, unitary, theirs, persona):
    for path in ("", "values/"):
        response = get(client, bearer, persona, f"{BASE}/comparator-groups/{theirs.pk}/{path}")
        assert response.status_code == (401 if persona == "anonymous" else 404)
        assert "Theirshire" not in response.content.decode()
    if persona in MEMBERS:
        listed = get(client, bearer, persona, f"{BASE}/comparator-groups/").json()["items"]
        assert [g["name"] for g in listed] == ["Statistical neighbours", "Unitary councils"]


def test_another_partnerships_indicator_filters_to_nothing(client, bearer, unitary, theirs):
    group = unitary[0]
    their_indicator = theirs.values.get().indicator
    body = get(client, bearer, "viewer", f"{BASE}/comparator-groups/{group.pk}/values/?indicator={their_indicator.pk}")
    assert body.json() == {"items": [], "next": None}


# What they say


def test_groups_with_their_members_exactly(client, bearer, unitary):
    group, empty, *_ = unitary
    body = get(client, bearer, "theme_lead", f"{BASE}/comparator-groups/").json()
    assert body == {"next": None, "items": [
        {"id": empty.pk, "name": "Statistical neighbours", "description": "", "authority_count": 0,
         "indicator_count": 0, "period_count": 0, "value_count": 0, "latest_period": None, "members": []},
        {"id": group.pk, "name": "Unitary councils", "description": "Unitary authorities of the South West",
         "authority_count": 2, "indicator_count": 2, "period_count": 2, "value_count": 6,
         "latest_period": "AY 2008/09",
         "members": [{"authority": "Swindon", "gss_code": "E06000030", "is_national": False},
                     {"authority": "Testshire", "gss_code": "E06000099", "is_national": False},
                     {"authority": "England", "gss_code": "E92000001", "is_national": True}]},
    ]}
    one = get(client, bearer, "theme_lead", f"{BASE}/comparator-groups/{group.pk}/").json()
    assert one == body["items"][1]


def test_values_exactly_oldest_period_first(client, bearer, unitary):
    group, _, ni72, ni73, rows = unitary
    body = get(client, bearer, "provider", f"{BASE}/comparator-groups/{group.pk}/values/").json()
    assert body["next"] is None
    assert body["items"][0] == {
        "id": rows[0].pk, "group_id": group.pk, "indicator_id": ni72.pk, "indicator_code": "NI 072",
        "period": "AY 2007/08", "period_start": "2007-09-01", "authority": "Testshire", "gss_code": "E06000099",
        "value": "54", "is_national": False}
    assert [(v["indicator_code"], v["period"], v["authority"], v["value"], v["is_national"])
            for v in body["items"]] == [
        ("NI 072", "AY 2007/08", "Testshire", "54", False),
        ("NI 072", "AY 2007/08", "Swindon", "0.125", False),
        ("NI 072", "AY 2008/09", "Testshire", "57.4", False),
        ("NI 072", "AY 2008/09", "Swindon", "60.1", False),
        ("NI 072", "AY 2008/09", "England", "52", True),
        ("NI 073", "AY 2008/09", "Testshire", "-3.5", False),
    ]


def test_value_filters(client, bearer, unitary):
    group, _, ni72, ni73, _ = unitary
    url = f"{BASE}/comparator-groups/{group.pk}/values/"

    def rows(query):
        return [(v["indicator_code"], v["period"], v["authority"])
                for v in get(client, bearer, "viewer", f"{url}?{query}").json()["items"]]

    assert rows(f"indicator={ni73.pk}") == [("NI 073", "AY 2008/09", "Testshire")]
    assert rows("period=AY 2007/08") == [("NI 072", "AY 2007/08", "Testshire"), ("NI 072", "AY 2007/08", "Swindon")]
    assert rows(f"indicator={ni72.pk}&period=AY 2008/09") == [
        ("NI 072", "AY 2008/09", "Testshire"), ("NI 072", "AY 2008/09", "Swindon"),
        ("NI 072", "AY 2008/09", "England")]
    assert rows("period=2031/32") == []


def test_cursor_walks_every_value_once(client, bearer, unitary):
    group, *_, rows = unitary
    url, seen = f"{BASE}/comparator-groups/{group.pk}/values/?limit=4", []
    while url:
        body = get(client, bearer, "viewer", url).json()
        seen += [v["id"] for v in body["items"]]
        url = body["next"]
    assert seen == [r.pk for r in rows]


def test_cursor_walks_every_group_once(client, bearer, partnership):
    for n in range(5):
        ComparatorGroup.objects.create(partnership=partnership, name=f"Group {n}")
    url, names = f"{BASE}/comparator-groups/?limit=2", []
    while url:
        body = get(client, bearer, "viewer", url).json()
        names += [g["name"] for g in body["items"]]
        url = body["next"]
    assert names == [f"Group {n}" for n in range(5)]


# Query counts


def count_queries(client, url, headers):
    client.get(url, **headers)  # the token's first use is recorded once; count a steady request
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200, response.content[:300]
    return len(queries), response.json()


def fill(group, indicator, authorities, start=0):
    for n in range(start, start + authorities):
        value(group, indicator, "2008/09", date(2008, 4, 1), f"Authority {n}", f"E060{n:05}", n)


def test_group_list_costs_the_same_at_any_size(client, bearer, partnership):
    headers = bearer("viewer")
    indicator = make_indicator(partnership, "NI 1")
    for n in range(2):
        fill(ComparatorGroup.objects.create(partnership=partnership, name=f"Group {n:02}"), indicator, 2)
    small, body = count_queries(client, f"{BASE}/comparator-groups/", headers)
    assert len(body["items"]) == 2
    for n in range(2, 12):
        fill(ComparatorGroup.objects.create(partnership=partnership, name=f"Group {n:02}"), indicator, 12)
    large, body = count_queries(client, f"{BASE}/comparator-groups/", headers)
    assert len(body["items"]) == 12 and len(body["items"][-1]["members"]) == 12
    # token, partnership, roles, the groups (with what they hold), their members
    assert small == large == 5


def test_group_costs_the_same_at_any_size(client, bearer, partnership):
    headers = bearer("viewer")
    group = ComparatorGroup.objects.create(partnership=partnership, name="Group")
    fill(group, make_indicator(partnership, "NI 1"), 2)
    small, body = count_queries(client, f"{BASE}/comparator-groups/{group.pk}/", headers)
    assert len(body["members"]) == 2
    fill(group, make_indicator(partnership, "NI 2"), 12)
    large, body = count_queries(client, f"{BASE}/comparator-groups/{group.pk}/", headers)
    assert len(body["members"]) == 12 and body["value_count"] == 14
    assert small == large == 5


def test_values_cost_the_same_at_any_size(client, bearer, partnership):
    headers = bearer("viewer")
    group = ComparatorGroup.objects.create(partnership=partnership, name="Group")
    indicator = make_indicator(partnership, "NI 1")
    url = f"{BASE}/comparator-groups/{group.pk}/values/?indicator={indicator.pk}"
    fill(group, indicator, 2)
    small, body = count_queries(client, url, headers)
    assert len(body["items"]) == 2
    fill(group, indicator, 10, start=2)
    large, body = count_queries(client, url, headers)
    assert len(body["items"]) == 12
    # token, partnership, roles, the group, its values (with their indicators' codes)
    assert small == large == 5


# Bad input


@pytest.mark.parametrize("path, status", [
    ("/comparator-groups/0/", 422),
    (f"/comparator-groups/{2 ** 63}/", 422),
    (f"/comparator-groups/{2 ** 63 - 1}/", 404),
    (f"/comparator-groups/{2 ** 63 - 1}/values/", 404),
    ("/comparator-groups/{group}/values/?indicator=0", 422),
    ("/comparator-groups/{group}/values/?indicator=x", 422),
    (f"/comparator-groups/{{group}}/values/?indicator={2 ** 63}", 422),
    (f"/comparator-groups/{{group}}/values/?indicator={2 ** 63 - 1}", 200),
    ("/comparator-groups/{group}/values/?period=a%00b", 422),
    ("/comparator-groups/{group}/values/?period=" + "x" * 61, 422),
    ("/comparator-groups/{group}/values/?limit=0", 422),
    ("/comparator-groups/{group}/values/?cursor=nonsense", 400),
    ("/comparator-groups/{group}/values/?cursor=WzUsMV0", 400),  # [5,1]: a number where the key is a date
    ("/comparator-groups/?cursor=WzUsMV0", 200),  # [5,1]: a name is text; 5 is compared as "5"
    ("/comparator-groups/?limit=501", 422),
])
def test_bad_input(client, bearer, unitary, path, status):
    response = get(client, bearer, "viewer", BASE + path.format(group=unitary[0].pk))
    assert response.status_code == status
    if status != 200:
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == status
