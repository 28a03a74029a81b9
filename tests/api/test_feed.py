"""Actuals as a feed: the partnership's figures in the order they changed, for keeping a copy in step; and
sign-off's rule that the API shows only published figures unless asked for the rest."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from placeboard.core.models import Theme
from placeboard.performance.models import Observation
from placeboard.performance.stored import refresh_assessments
from tests.personas import ALL, MEMBERS

pytestmark = pytest.mark.django_db
BASE = "/api/v1/partnerships/testshire"


def feed(client, headers, **params):
    response = client.get(f"{BASE}/actuals/", params, **headers)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_feed_follows_changes_in_the_order_they_were_made(client, bearer, indicators):
    headers = bearer("viewer")
    every = feed(client, headers)["items"]
    assert len(every) == Observation.objects.count() == 6
    assert [a["updated_at"] for a in every] == sorted(a["updated_at"] for a in every)
    last = every[-1]["updated_at"]
    # A figure changed later comes after the last one read, and asking from then gives it (and the last again).
    changed = Observation.objects.get(indicator=indicators["ni72"], period="AY 2008/09")
    changed.value = 58
    changed.save()
    since = feed(client, headers, changed_since=last)["items"]
    assert [a["id"] for a in since][-1] == changed.pk and since[-1]["value"] == "58"
    assert since[-1]["indicator_id"] == indicators["ni72"].pk


def test_the_feed_pages_in_order_without_repeating(client, bearer, indicators):
    headers, seen, url = bearer("viewer"), [], f"{BASE}/actuals/?limit=4"
    while url:
        body = client.get(url, **headers).json()
        seen += [a["id"] for a in body["items"]]
        url = body["next"]
    assert sorted(seen) == sorted(Observation.objects.values_list("pk", flat=True)) and len(set(seen)) == 6


def test_the_feed_narrowed_by_indicator_theme_period_and_area(client, bearer, indicators):
    headers = bearer("viewer")
    safer = Theme.objects.get(code="1")
    codes = {a["indicator_id"] for a in feed(client, headers, theme=safer.pk)["items"]}
    assert codes == {indicators["treatment"].pk, indicators["reregistrations"].pk}
    only = feed(client, headers, indicator=indicators["ni92"].pk, period="AY 2009/10")["items"]
    assert [(a["period"], a["value"]) for a in only] == [("AY 2009/10", "29.6")]
    assert feed(client, headers, area=2 ** 63 - 1)["items"] == []
    response = client.get(f"{BASE}/actuals/", {"theme": 2 ** 63 - 1}, **headers)
    assert response.status_code == 422 and response.json()["errors"][0]["loc"] == ["query", "theme"]


def test_the_feed_costs_the_same_however_many_figures(client, bearer, indicators):
    from tests.api.test_pages import add_actuals

    headers = bearer("viewer")

    def cost():
        client.get(f"{BASE}/actuals/?limit=500", **headers)
        with CaptureQueriesContext(connection) as queries:
            body = client.get(f"{BASE}/actuals/?limit=500", **headers).json()
        return len(queries), len(body["items"])

    small = cost()
    add_actuals(indicators["ni72"], 20)
    large = cost()
    assert small[0] == large[0] and (small[1], large[1]) == (6, 46)


@pytest.mark.parametrize("persona", ALL)
def test_the_feed_is_for_members(client, bearer, indicators, persona):
    response = client.get(f"{BASE}/actuals/", **bearer(persona))
    assert response.status_code == (200 if persona in MEMBERS else 401 if persona == "anonymous" else 404)


def test_only_published_figures_unless_asked(client, bearer, indicators, partnership):
    partnership.sign_off = True
    partnership.save()
    waiting = Observation.objects.get(indicator=indicators["ni72"], period="AY 2009/10")
    waiting.approval = Observation.Approval.SUBMITTED
    waiting.save()
    refresh_assessments([indicators["ni72"].pk])
    headers = bearer("viewer")
    ni72 = f"{BASE}/indicators/{indicators['ni72'].pk}"

    def periods(url, **params):
        response = client.get(url, params, **headers)
        assert response.status_code == 200
        return [(a["period"], a.get("approval")) for a in response.json()["items"]]

    assert periods(f"{ni72}/actuals/") == [("AY 2008/09", "published")]
    assert periods(f"{ni72}/actuals/", unpublished="true") == [("AY 2008/09", "published"),
                                                               ("AY 2009/10", "submitted")]
    assert waiting.pk not in [a["id"] for a in feed(client, headers)["items"]]
    assert waiting.pk in [a["id"] for a in feed(client, headers, unpublished="true")["items"]]
    # Its assessment would tell its value and status: it too waits for publication.
    assert [p for p, _ in periods(f"{ni72}/assessments/")] == ["AY 2008/09"]
    assert [p for p, _ in periods(f"{ni72}/assessments/", unpublished="true")] == ["AY 2008/09", "AY 2009/10"]
