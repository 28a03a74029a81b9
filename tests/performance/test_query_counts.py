"""The indicator list, data entry and home pages run a fixed number of queries."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placeboard.core.models import Organisation, Outcome
from placeboard.performance.models import Indicator, IndicatorTag, Observation, Target
from placeboard.performance.periods import parse_period
from placeboard.performance.stored import refresh_assessments


def people():
    """Realistic figures are entered by people (or imported with --user): the pages say who."""
    return list(get_user_model().objects.order_by("pk")[:6])


def grow(partnership, n, start):
    by = people()
    police = Organisation.objects.get(name="Testshire Police")
    outcome = Outcome.objects.get(code="1.1.1")
    tag = IndicatorTag.objects.get_or_create(partnership=partnership, name="Local")[0]
    made = Indicator.objects.bulk_create(
        Indicator(partnership=partnership, code=f"Q {start + i}", title=f"Indicator {start + i}",
                  value_type="count", polarity="higher", collection_interval="financial_quarter",
                  lead_organisation=police, cumulative=True)
        for i in range(n)
    )
    targets, actuals = [], []
    for ind in made:
        ind.outcomes.add(outcome)
        ind.tags.add(tag)
        for year in (2006, 2007):
            t = Target(indicator=ind, kind="target", value=100)
            t.set_period(parse_period(f"{year}/{str(year + 1)[2:]}"))
            targets.append(t)
            for q in (1, 2, 3, 4):
                who = by[(ind.pk + q) % len(by)]
                o = Observation(indicator=ind, value=20 * q, entered_by=who, updated_by=who)
                o.set_period(parse_period(f"{year}/{str(year + 1)[2:]} Q{q}"))
                actuals.append(o)
    Target.objects.bulk_create(targets)
    Observation.objects.bulk_create(actuals)
    refresh_assessments([ind.pk for ind in made])  # as an import does after its bulk write


def count(client, path, params=None):
    # The cost of building the page, not of reading it back: these tests grow the data without audit events,
    # which is what tells the cache of the indicator list (core/fragments.py) to build it again.
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page, persona, params", [
    ("indicator_list", "viewer", {}),
    ("indicator_list", "viewer", {"status": "green", "tag": ""}),
    ("my_returns", "provider", {"period": "2007/08 Q3"}),
    ("partnership_home", "officer", {}),
])
def test_query_count_fixed_with_10_and_300_indicators(as_user, partnership, indicators, page, persona, params):
    client = as_user(persona)
    path = reverse(page, args=[partnership.slug])
    grow(partnership, 10, 0)
    small = count(client, path, params)
    grow(partnership, 290, 10)
    large = count(client, path, params)
    assert small == large, f"{page}: {small} queries with 10 indicators, {large} with 300"


def test_what_i_have_to_report_page_2_fixed_with_30_and_300_indicators(as_user, partnership, indicators):
    """Forms only for the page's 25, the counts for all: neither grows with the indicators."""
    client = as_user("provider")
    path = reverse("my_returns", args=[partnership.slug])
    grow(partnership, 30, 0)
    small = count(client, path, {"period": "2007/08 Q3", "page": "2"})
    grow(partnership, 270, 30)
    assert count(client, path, {"period": "2007/08 Q3", "page": "2"}) == small
    assert count(client, path, {"period": "2007/08 Q3", "page": "12"}) == small


def test_indicator_page_fixed_with_many_periods(as_user, partnership, indicators):
    client = as_user("viewer")
    ind = indicators["treatment"]
    path = reverse("indicator_detail", args=[partnership.slug, ind.pk])
    by = people()
    small = count(client, path)
    for year in range(2007, 2017):
        t = Target(indicator=ind, kind="target", value=100)
        t.set_period(parse_period(f"{year}/{str(year + 1)[2:]}"))
        t.save()
        for q in (1, 2, 3, 4):
            o = Observation(indicator=ind, value=20 * q, note="n", entered_by=by[q], updated_by=by[(year + q) % len(by)])
            o.set_period(parse_period(f"{year}/{str(year + 1)[2:]} Q{q}"))
            o.save()
    assert count(client, path) == small
