"""Every endpoint for every persona: the API asks the same gatekeepers as the pages."""

import json

import pytest

from tests.personas import ALL, MEMBERS
from tests.personas import api_expected as expected

pytestmark = pytest.mark.django_db

READS = [
    "/api/v1/partnerships/testshire/",
    "/api/v1/partnerships/testshire/themes/",
    "/api/v1/partnerships/testshire/outcomes/",
    "/api/v1/partnerships/testshire/areas/",
    "/api/v1/partnerships/testshire/population-groups/",
    "/api/v1/partnerships/testshire/indicators/",
    "/api/v1/partnerships/testshire/indicators/{treatment}/",
    "/api/v1/partnerships/testshire/indicators/{treatment}/targets/",
    "/api/v1/partnerships/testshire/indicators/{treatment}/actuals/",
    "/api/v1/partnerships/testshire/indicators/{treatment}/assessments/",
    "/api/v1/partnerships/testshire/rounds/",
]



@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("url", READS)
def test_reads(client, bearer, indicators, persona, url):
    response = client.get(url.format(treatment=indicators["treatment"].pk), **bearer(persona))
    assert response.status_code == expected(persona, MEMBERS)
    if response.status_code != 200:
        assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("persona", ALL)
def test_partnership_list_is_yours(client, bearer, partnership, persona):
    response = client.get("/api/v1/partnerships/", **bearer(persona))
    if persona == "anonymous":
        assert response.status_code == 401
        return
    slugs = [p["slug"] for p in response.json()["items"]]
    assert slugs == {"outsider": ["elsewhere"], "superuser": ["elsewhere", "testshire"]}.get(persona, ["testshire"])


@pytest.mark.parametrize("persona", ALL)
def test_another_partnerships_indicator_is_not_found(client, bearer, indicators, persona):
    from placeboard.core.models import Partnership
    from placeboard.performance.models import Indicator

    elsewhere = Partnership.objects.get(slug="elsewhere")
    theirs = Indicator.objects.create(partnership=elsewhere, code="E 1", title="Theirs", value_type="count",
                                      polarity="higher", collection_interval="financial_year")
    for path in ("", "actuals/", "targets/", "assessments/"):
        response = client.get(f"/api/v1/partnerships/testshire/indicators/{theirs.pk}/{path}", **bearer(persona))
        assert response.status_code == (401 if persona == "anonymous" else 404)


# The treatment indicator is the police's: its providers and the officers enter its actuals (observation_entry).
WRITERS = {"officer", "provider", "superuser"}


@pytest.mark.parametrize("persona", ALL)
def test_write(client, bearer, indicators, persona):
    body = {"actuals": [{"indicator": indicators["treatment"].pk, "period": "2006/07 Q2", "value": "71"}]}
    response = client.post("/api/v1/partnerships/testshire/actuals/", json.dumps(body),
                           content_type="application/json", **bearer(persona))
    assert response.status_code == expected(persona, WRITERS)


@pytest.mark.parametrize("when, status", [("0144-05-02T08:05:21-20:20", 200), ("2009-10-01T00:00:00", 200),
                                           ("0001-01-01T00:00:00+23:59", 422), ("not a time", 422)])
def test_changed_since_takes_any_offset_the_standard_allows(client, partnership, when, status):
    """Found by schemathesis on PostgreSQL: an offset beyond ±15:59 reached the database as it was, and failed."""
    from placeboard.core.models import Role
    from placeboard.performance.models import Indicator
    from tests.conftest import make_user

    user = make_user("apiofficer")
    Role.objects.create(user=user, partnership=partnership, kind="performance_officer")
    indicator = Indicator.objects.create(partnership=partnership, code="X 1", title="X", value_type="count",
                                         polarity="higher", collection_interval="financial_year")
    client.force_login(user)
    response = client.get(f"/api/v1/partnerships/{partnership.slug}/indicators/{indicator.pk}/actuals/",
                          {"changed_since": when})
    assert response.status_code == status, response.content[:300]


@pytest.mark.parametrize("pk", ["-1", "0", "x", "9223372036854775808", "1.5"])
def test_an_id_that_cannot_be_one_is_a_problem_not_a_page(client, bearer, partnership, pk):
    """Ids are checked by the API (422 problem details), not by URL patterns that would answer the site's HTML
    404 page to a program."""
    for path in (f"indicators/{pk}/", f"rounds/{pk}/task-updates/", f"budget-rounds/{pk}/",
                 f"comparator-groups/{pk}/", f"community-issues/{pk}/"):
        response = client.get(f"/api/v1/partnerships/testshire/{path}", **bearer("officer"))
        assert response.status_code == 422, path
        assert response["Content-Type"] == "application/problem+json"
