"""Cursor pages (a fixed number of queries whatever their size), ETags and problem details."""

import base64
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from placeboard.core.models import Area
from placeboard.performance.models import Indicator, Observation
from placeboard.performance.periods import parse_period

pytestmark = pytest.mark.django_db
BASE = "/api/v1/partnerships/testshire"


def make_indicators(partnership, count, start=0):
    from placeboard.core.models import Organisation, Outcome
    from placeboard.performance.models import IndicatorTag

    police = Organisation.objects.get(name="Testshire Police")
    tag = IndicatorTag.objects.get_or_create(partnership=partnership, name="LAA")[0]
    outcome = Outcome.objects.get(code="1.1.1")
    for n in range(start, start + count):
        indicator = Indicator.objects.create(partnership=partnership, code=f"T {n:03}", title=f"Test {n}",
                                             value_type="count", polarity="higher",
                                             collection_interval="financial_year", lead_organisation=police)
        indicator.tags.add(tag)
        indicator.outcomes.add(outcome)


def add_actuals(indicator, count, start=2000):
    north = Area.objects.get(name="North")
    for year in range(start, start + count):
        for area in (None, north):
            o = Observation(indicator=indicator, value=year, area=area)
            o.set_period(parse_period(f"{year}/{str(year + 1)[2:]}"))
            o.save()


def count_queries(client, url, headers):
    client.get(url, **headers)  # the token's first use is recorded once; count a steady request
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return len(queries), response.json()


def test_indicator_pages_cost_the_same_at_any_size(client, bearer, partnership):
    headers = bearer("viewer")
    url = f"{BASE}/indicators/?limit=500"
    make_indicators(partnership, 5)
    small, body = count_queries(client, url, headers)
    assert len(body["items"]) == 5
    make_indicators(partnership, 60, start=5)
    large, body = count_queries(client, url, headers)
    assert len(body["items"]) == 65 and body["items"][0]["tags"] == ["LAA"]
    # token, partnership, roles, indicators, their tags, their outcomes
    assert small == large == 6


def test_actual_pages_cost_the_same_at_any_size(client, bearer, indicators):
    headers = bearer("viewer")
    indicator = Indicator.objects.create(partnership=indicators["treatment"].partnership, code="A 1", title="A",
                                         value_type="count", polarity="higher",
                                         collection_interval="financial_year")
    url = f"{BASE}/indicators/{indicator.pk}/actuals/?limit=500"
    add_actuals(indicator, 3)
    small, body = count_queries(client, url, headers)
    assert len(body["items"]) == 6
    add_actuals(indicator, 40, start=2003)
    large, body = count_queries(client, url, headers)
    assert len(body["items"]) == 86
    # token, partnership, roles, the indicator, its actuals
    assert small == large == 5


def test_cursor_walks_every_row_once(client, bearer, partnership):
    headers = bearer("viewer")
    make_indicators(partnership, 7)
    url, codes = f"{BASE}/indicators/?limit=3", []
    while url:
        body = client.get(url, **headers).json()
        codes += [i["code"] for i in body["items"]]
        url = body["next"]
    assert codes == [f"T {n:03}" for n in range(7)]


def test_actual_filters(client, bearer, indicators):
    headers = bearer("viewer")
    indicator = indicators["treatment"]
    add_actuals(indicator, 2)
    north = Area.objects.get(name="North")
    url = f"{BASE}/indicators/{indicator.pk}/actuals/"
    assert [a["period"] for a in client.get(f"{url}?period=2000/01", **headers).json()["items"]] == ["2000/01"] * 2
    assert {a["area_id"] for a in client.get(f"{url}?area={north.pk}", **headers).json()["items"]} == {north.pk}
    later = client.get(f"{url}?changed_since=2999-01-01T00:00:00Z", **headers).json()
    assert later["items"] == []


@pytest.mark.parametrize("path, key", [("themes", "nonsense"), ("themes", ["x", 1]), ("themes", ["x", -1]),
                                       ("themes", [None, 1]), ("themes", ["a\x00", 1]), ("rounds", ["2009-13-45", 1]),
                                       ("rounds", [2 ** 40, 1]), ("themes", [1, 2 ** 70])])
def test_bad_cursors_are_problems(client, bearer, partnership, path, key):
    cursor = key if isinstance(key, str) else base64.urlsafe_b64encode(json.dumps(key).encode()).decode()
    response = client.get(f"{BASE}/{path}/?cursor={cursor}", **bearer("viewer"))
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_etag_answers_not_modified_until_the_data_changes(client, bearer, indicators):
    headers = bearer("viewer")
    url = f"{BASE}/indicators/{indicators['treatment'].pk}/"
    first = client.get(url, **headers)
    etag = first["ETag"]
    assert first["Vary"] and "Authorization" in first["Vary"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag, **headers)
    assert again.status_code == 304 and again["ETag"] == etag and not again.content
    Indicator.objects.filter(pk=indicators["treatment"].pk).update(title="Renamed")
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag, **headers)
    assert changed.status_code == 200 and changed["ETag"] != etag


@pytest.mark.parametrize("url, status", [
    ("/partnerships/", 401),
    ("/partnerships/nowhere/", 404),
    ("/partnerships/testshire/themes/?limit=501", 422),
    ("/partnerships/testshire/indicators/99999999999999999999/", 422),
])
def test_problem_details(client, bearer, partnership, url, status):
    headers = {} if status == 401 else bearer("viewer")
    response = client.get(f"/api/v1{url}", **headers)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert {"type", "title", "status", "detail"} <= set(body) and body["status"] == status


def test_forbidden_is_a_problem(client, bearer, indicators):
    body = '{"actuals": [{"indicator": %d, "period": "2006/07 Q2", "value": 1}]}' % indicators["treatment"].pk
    response = client.post(f"{BASE}/actuals/", body, content_type="application/json", **bearer("viewer"))
    assert response.status_code == 403
    assert response.json()["title"] == "Forbidden"
    assert "lead organisation" in response.json()["detail"]


def test_docs_page_lists_endpoints_within_the_csp(client, partnership):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/api/v1/partnerships/{slug}/indicators/{pk}/actuals/" in page and "cdn" not in page.lower()
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"] == {"title": "Placeboard API", "version": "1", "description": schema["info"]["description"]}


def test_docs_page_groups_every_endpoint_with_its_parameters(client, partnership):
    schema = client.get("/api/v1/openapi.json").json()
    page = client.get("/api/v1/docs").content.decode()
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            assert f'id="{operation["operationId"]}"' in page, path
    assert page.count('class="pb-endpoint"') == sum(len(ops) for ops in schema["paths"].values())
    # Each tag is a heading the contents link to, and the actuals filters say what they do.
    assert '<a class="govuk-link" href="#indicators">Indicators</a>' in page
    assert "Only figures changed at or after this time." in page
