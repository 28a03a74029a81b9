"""A data provider reports figures, and an officer judges one, in a real browser."""

import pytest
from django.urls import reverse

from placeboard.performance.models import Judgement, Observation
from tests.browser.conftest import click_to_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded(partnership, personas):
    from tests.performance.conftest import build_indicators

    return partnership, build_indicators(partnership)


def test_provider_reports_and_must_explain_an_off_target_figure(page, live_server, sign_in, seeded):
    partnership, inds = seeded
    sign_in("provider")
    page.goto(live_server.url + reverse("partnership_home", args=[partnership.slug]))
    page.get_by_role("link", name="What I have to report").first.click()
    page.get_by_label("Period").fill("2006/07 Q2")
    page.get_by_role("button", name="Show what is due").click()
    r = inds["reregistrations"]
    t = inds["treatment"]
    page.locator(f"#id_i{t.pk}-value").fill("75")
    page.locator(f"#id_i{r.pk}-value").fill("22.5")
    page.get_by_role("button", name="Save figures").click()
    summary = page.locator(".govuk-error-summary")
    assert "CYP 41, commentary: A comment is required because this is off target" in summary.inner_text()
    assert not Observation.objects.filter(period="2006/07 Q2").exists()
    page.locator(f"#id_i{r.pk}-note").fill("Three sibling groups re-registered; case review under way.")
    click_to_load(page.get_by_role("button", name="Save figures"))
    assert page.get_by_text("Saved 2 figures for 2006/07 Q2").is_visible()
    assert Observation.objects.filter(period="2006/07 Q2").count() == 2


def test_officer_records_a_judgement(page, live_server, sign_in, seeded, axe_violations):
    partnership, inds = seeded
    sign_in("officer")
    r = inds["reregistrations"]
    page.goto(live_server.url + reverse("indicator_detail", args=[partnership.slug, r.pk]))
    assert axe_violations() == []
    page.get_by_role("link", name="Record a judgement for 2006/07 Q1").click()
    page.get_by_label("Amber").check()
    page.get_by_label("Reason").fill("Three children in one family; the rate is volatile.")
    click_to_load(page.get_by_role("button", name="Record judgement"))
    assert page.get_by_text("Recorded the judgement for 2006/07 Q1").is_visible()
    assert Judgement.objects.get().status == "amber"
    page.goto(live_server.url + reverse("indicator_list", args=[partnership.slug]))
    assert axe_violations() == []


def test_performance_pages_are_accessible(page, live_server, sign_in, seeded, axe_violations):
    partnership, inds = seeded
    sign_in("officer")
    t = inds["treatment"]
    for path in (
        reverse("indicator_targets", args=[partnership.slug, t.pk]),
        reverse("observation_entry", args=[partnership.slug, t.pk]),
        reverse("indicator_create", args=[partnership.slug]),
        reverse("judgement", args=[partnership.slug, t.pk, "2006/07 Q1"]),
        reverse("my_returns", args=[partnership.slug]) + "?period=2006/07+Q2",
        reverse("partnership_home", args=[partnership.slug]),
    ):
        page.goto(live_server.url + path)
        assert axe_violations() == [], path
    # And a page showing errors.
    page.goto(live_server.url + reverse("my_returns", args=[partnership.slug]) + "?period=nonsense")
    assert page.locator(".govuk-error-summary").is_visible()
    assert axe_violations() == []
