"""axe-core finds no WCAG 2.2 A/AA violations on the main pages."""

import pytest
from django.urls import reverse

from placeboard.core.models import Group, Outcome
from tests.browser.conftest import click_to_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pages(partnership):
    slug = partnership.slug
    yield reverse("partnership_home", args=[slug])
    for kind in ("themes", "outcomes", "organisations", "groups", "areas", "area-sets", "population-groups"):
        yield reverse("framework_list", args=[slug, kind])
        yield reverse("framework_create", args=[slug, kind])
    yield Outcome.objects.get(code="1.1.1").get_absolute_url()
    yield Group.objects.get(name="Partnership Board").get_absolute_url()
    yield reverse("people", args=[slug])
    yield reverse("audit_log", args=[slug])
    yield reverse("partnership_settings", args=[slug])
    yield reverse("report_index", args=[slug])
    yield reverse("pack_list", args=[slug])
    yield reverse("pack_create", args=[slug])
    for kind in ("spreadsheet", "exceptions", "dashboard", "benchmarking", "gap", "funding"):
        yield reverse("report", args=[slug, kind])
    for name in ("import_start", "comparator_list", "funding_stream_list", "budget_round_list", "community_plan_list",
                 "plan_list", "plan_calendar", "issue_queue", "board_list"):
        yield reverse(name, args=[slug])


def test_public_pages(page, live_server, partnership, axe_violations):
    for path in ("/", reverse("public_partnership", args=[partnership.slug]), reverse("login")):
        page.goto(live_server.url + path)
        assert axe_violations() == [], path


def test_signed_in_pages(page, live_server, sign_in, partnership, personas, axe_violations):
    sign_in("officer")
    for path in pages(partnership):
        page.goto(live_server.url + path)
        assert axe_violations() == [], path


def test_form_with_errors(page, live_server, sign_in, partnership, personas, axe_violations):
    sign_in("officer")
    page.goto(live_server.url + reverse("framework_create", args=[partnership.slug, "areas"]))
    click_to_load(page.get_by_role("button", name="Save area"))
    assert page.locator(".govuk-error-summary").is_visible()
    assert axe_violations() == []


def test_the_check_catches_a_known_violation(page, axe_violations):
    page.set_content('<html lang="en"><head><title>t</title></head><body><main><input type="text"></main></body></html>')
    assert any(v.startswith("label") for v in axe_violations())
