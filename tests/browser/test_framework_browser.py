"""Signing in and editing the framework in a real browser, with and without JavaScript."""

import pytest
from django.urls import reverse

from placeboard.core.models import AuditEvent, Outcome, Theme
from tests.browser.conftest import click_to_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_signs_in_and_adds_an_outcome(page, live_server, sign_in, partnership, personas):
    sign_in("officer")
    page.get_by_role("link", name="Testshire Partnership").click()
    page.get_by_role("link", name="Ambitions and outcomes").first.click()
    click_to_load(page.get_by_role("link", name="1.1", exact=True))
    assert page.get_by_role("heading", name="1.1 Less crime").is_visible()

    page.goto(live_server.url + reverse("framework_create", args=[partnership.slug, "outcomes"]))
    page.get_by_role("button", name="Save outcome").click()
    # GOV.UK error summary, focused, naming the missing fields.
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "Theme: This field is required." in summary.inner_text()
    summary.get_by_role("link", name="Title: This field is required.").click()
    assert page.evaluate("document.activeElement.id") == "id_title"

    page.get_by_label("Theme").select_option(label="1.1 Less crime")
    page.get_by_label("Code").fill("1.1.2")
    page.get_by_label("Title").fill("Less anti-social behaviour")
    page.get_by_label("Lead organisation").select_option(label="Testshire Police")
    page.get_by_label("2 Economic growth").check()
    click_to_load(page.get_by_role("button", name="Save outcome"))
    assert page.get_by_text("Added outcome 1.1.2 Less anti-social behaviour").is_visible()

    outcome = Outcome.objects.get(code="1.1.2")
    assert outcome.lead_organisation.name == "Testshire Police"
    assert [t.code for t in outcome.contributes_to.all()] == ["2"]
    assert AuditEvent.objects.filter(action="create", object_type="outcome", user=personas["officer"]).exists()


def test_theme_lead_edits_their_theme_without_javascript(browser, live_server, partnership, personas):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill("theme_lead")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    theme = Theme.objects.get(code="1")
    page.goto(live_server.url + theme.get_absolute_url())
    page.get_by_role("link", name="Change theme").click()
    page.get_by_label("Name").fill("Safer, stronger communities")
    click_to_load(page.get_by_role("button", name="Save theme"))
    assert page.get_by_role("heading", name="1 Safer, stronger communities").is_visible()
    # They may not delete it: only performance officers delete.
    assert page.get_by_role("link", name="Delete theme").count() == 0
    context.close()


def test_deleting_something_still_referenced_is_explained(page, live_server, sign_in, partnership, personas):
    sign_in("officer")
    theme = Theme.objects.get(code="1")
    page.goto(live_server.url + reverse("framework_delete", args=[partnership.slug, "themes", theme.pk]))
    click_to_load(page.get_by_role("button", name="Delete theme"))
    assert "cannot be deleted because these still refer to it" in page.locator(".govuk-error-summary").inner_text()
    assert Theme.objects.filter(pk=theme.pk).exists()


def test_anonymous_visitor_sees_only_public_pages(page, live_server, partnership):
    page.goto(live_server.url + "/")
    assert page.get_by_role("heading", name="Local partnerships").is_visible()
    click_to_load(page.get_by_role("link", name="Testshire Partnership"))
    assert page.get_by_text("1.1.1 Fewer burglaries").is_visible()
    page.goto(live_server.url + reverse("partnership_home", args=[partnership.slug]))
    assert page.url.startswith(live_server.url + "/sign-in/")
