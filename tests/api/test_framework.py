"""The framework's lists: population groups, and the indicator list narrowed as the indicator list page
narrows it (theme at any depth, owning group, outcome, tag)."""

import pytest

from placeboard.core.models import Group, Outcome, PopulationGroup, Theme
from placeboard.performance.models import IndicatorTag
from tests.personas import ALL, MEMBERS

pytestmark = pytest.mark.django_db
BASE = "/api/v1/partnerships/testshire"


def codes(client, headers, **params):
    response = client.get(f"{BASE}/indicators/", params, **headers)
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["items"]]


def test_indicators_narrowed_by_theme_group_outcome_and_tag(client, bearer, indicators, partnership):
    headers = bearer("viewer")
    safer, jobs = Theme.objects.get(code="1"), Theme.objects.get(code="2")
    assert codes(client, headers) == ["CYP 36", "CYP 41", "NI 072", "NI 092"]
    # Theme 1's outcome hangs from its child theme 1.1: a theme takes in what lies beneath it.
    assert codes(client, headers, theme=safer.pk) == ["CYP 36", "CYP 41"]
    assert codes(client, headers, theme=jobs.pk) == ["NI 072", "NI 092"]
    # The Safer Communities Group owns theme 1, and so what lies under it.
    assert codes(client, headers, group=Group.objects.get(name="Safer Communities Group").pk) == ["CYP 36", "CYP 41"]
    assert codes(client, headers, outcome=Outcome.objects.get(code="2.1").pk) == ["NI 072", "NI 092"]
    tag = IndicatorTag.objects.create(partnership=partnership, name="LAA")
    indicators["ni92"].tags.add(tag)
    assert codes(client, headers, tag=tag.pk) == ["NI 092"]
    assert codes(client, headers, theme=safer.pk, tag=tag.pk) == []


def test_a_filter_naming_another_partnerships_theme_is_refused(client, bearer, indicators, personas):
    from placeboard.core.models import Partnership

    theirs = Theme.objects.create(partnership=Partnership.objects.get(slug="elsewhere"), code="9", name="Theirs")
    response = client.get(f"{BASE}/indicators/", {"theme": theirs.pk, "tag": 2 ** 63 - 1}, **bearer("officer"))
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"] == [
        {"loc": ["query", "theme"], "msg": "No theme with this id in this partnership."},
        {"loc": ["query", "tag"], "msg": "No tag with this id in this partnership."}]
    assert client.get(f"{BASE}/indicators/", {"outcome": 0}, **bearer("officer")).status_code == 422


@pytest.mark.parametrize("persona", ALL)
def test_population_groups(client, bearer, partnership, persona):
    PopulationGroup.objects.create(partnership=partnership, name="Children in care", description="Looked after.")
    response = client.get(f"{BASE}/population-groups/", **bearer(persona))
    if persona not in MEMBERS:
        assert response.status_code == (401 if persona == "anonymous" else 404)
        return
    assert response.status_code == 200
    assert [(g["name"], g["description"]) for g in response.json()["items"]] == [
        ("Children in care", "Looked after."), ("Older people", "")]
