"""Numbers at the edges (issue 14, 4): figures the database cannot store exactly are a field error in the forms,
and huge ids in query strings are ignored or 404, never a 500."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placeboard.core.params import MAX_ID, int_param
from placeboard.performance.figures import check_storable
from placeboard.performance.models import Indicator, Observation, ProfilePoint, Target, ValueChange

HUGE = "99999999999999999999999"
TOO_MANY = "has more digits than can be stored: at most 14 before the decimal point and 6 after"


def url(name, partnership, *args):
    return reverse(name, args=[partnership.slug, *args])


def saved():
    return (Observation.objects.count(), Target.objects.count(), ProfilePoint.objects.count(),
            ValueChange.objects.count())


@pytest.mark.parametrize("text, ok", [
    ("99999999999999.999999", True), ("-99999999999999.999999", True), ("57.4000000", True), ("1E+3", True),
    ("99999999999999.9999999", False), ("100000000000000", False), ("0.0000001", False), ("1E+14", False),
    ("1.00000000000000000000000000001", False),
])
def test_check_storable(text, ok):
    from decimal import Decimal

    assert (check_storable(Decimal(text), text) is None) == ok


@pytest.mark.parametrize("value", ["99999999999999.9999999", "57.1234567", "1E+20"])
def test_observation_form_refuses_what_cannot_be_stored(as_user, partnership, indicators, value):
    before = saved()
    response = as_user("officer").post(url("observation_entry", partnership, indicators["treatment"].pk),
                                       {"period": "2006/07 Q2", "value": value, "status": "final"})
    body = response.content.decode()
    assert response.status_code == 200
    assert f"{value} {TOO_MANY}" in body and 'href="#id_value' in body
    assert saved() == before


@pytest.mark.parametrize("value", ["99999999999999.9999999", "57.1234567"])
def test_target_form_refuses_what_cannot_be_stored(as_user, partnership, indicators, value):
    before = saved()
    response = as_user("officer").post(url("indicator_targets", partnership, indicators["treatment"].pk),
                                       {"kind": "target", "period": "2009/10", "value": value})
    body = response.content.decode()
    assert response.status_code == 200
    assert TOO_MANY in body and 'href="#id_value' in body
    assert saved() == before


def test_profile_form_refuses_what_cannot_be_stored(as_user, partnership, indicators):
    before = saved()
    response = as_user("officer").post(url("indicator_targets", partnership, indicators["treatment"].pk),
                                       {"form": "profile", "profile-period": "2006/07 Q1",
                                        "profile-value": "99999999999999.9999999"})
    assert response.status_code == 200 and TOO_MANY in response.content.decode()
    assert saved() == before


def test_indicator_form_refuses_a_range_that_cannot_be_stored(as_user, partnership, indicators):
    ind = indicators["treatment"]
    data = {"code": ind.code, "title": ind.title, "value_type": "count", "polarity": "higher",
            "decimal_places": "0", "collection_interval": "financial_quarter", "spatial_level": "local_authority",
            "maximum_value": "99999999999999.9999999"}
    response = as_user("officer").post(url("indicator_edit", partnership, ind.pk), data)
    assert response.status_code == 200 and 'href="#id_maximum_value' in response.content.decode()
    ind.refresh_from_db()
    assert ind.maximum_value is None and Indicator.objects.count() == 4


def test_int_param():
    assert int_param({"area": "12"}, "area") == 12
    assert int_param({"area": str(MAX_ID)}, "area") == MAX_ID
    for bad in [HUGE, str(MAX_ID + 1), "0", "-3", "1.5", "", "１２", None]:
        assert int_param({"area": bad}, "area") is None


PUBLIC = [
    ("public_issues", {"area": HUGE}), ("public_issues", {"area": str(MAX_ID)}),
    ("public_opportunities", {"area": HUGE, "topic": HUGE, "group": HUGE, "organiser": HUGE}),
]
SIGNED_IN = [
    ("plan_list", {"area": HUGE, "topic": HUGE, "group": HUGE, "organiser": HUGE}),
    ("plan_calendar", {"month": f"{HUGE}-01"}), ("plan_calendar", {"month": "9999-12"}),
    ("plan_calendar", {"month": "0001-01"}),
    ("indicator_list", {"theme": HUGE, "outcome": HUGE, "group": HUGE, "tag": HUGE}),
    ("return_template", {"round": HUGE, "organisation": HUGE}),
]


def _no_huge_number_reaches_the_database(queries):
    # PostgreSQL refuses an integer beyond bigint in a query (SQLite may not), so none may be sent.
    assert not any(HUGE in q["sql"] for q in queries)


@pytest.mark.parametrize("name, params", PUBLIC)
def test_public_filters_with_huge_ids_are_not_a_server_error(client, partnership, name, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(name, args=[partnership.slug]), params)
    assert response.status_code in (200, 404)
    _no_huge_number_reaches_the_database(queries.captured_queries)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_public_issue_downloads_with_a_huge_area(client, partnership, fmt):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("public_issues_download", args=[partnership.slug, fmt]), {"area": HUGE})
    assert response.status_code == 200
    _no_huge_number_reaches_the_database(queries.captured_queries)


@pytest.mark.parametrize("name, params", SIGNED_IN)
def test_signed_in_filters_with_huge_ids_are_not_a_server_error(as_user, partnership, indicators, name, params):
    client = as_user("officer")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(name, args=[partnership.slug]), params)
    assert response.status_code in (200, 404)
    _no_huge_number_reaches_the_database(queries.captured_queries)
