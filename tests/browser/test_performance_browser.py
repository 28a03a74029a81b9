"""A data provider reports figures, and an officer judges one, in a real browser."""

import pytest
from django.urls import reverse

from placeboard.performance.models import Judgement, Observation
from tests.browser.conftest import click_to_load, sign_in_on

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


def test_provider_reports_a_page_at_a_time_without_javascript(browser, live_server, partnership, personas, page,
                                                              axe_violations):
    """Pagination links keep the period; saving page 2 returns to page 2; all without JavaScript."""
    from tests.performance.test_my_returns import PERIOD, _many

    made = _many(partnership, personas)
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    plain = context.new_page()
    try:
        sign_in_on(plain, live_server.url, "provider")
        plain.goto(live_server.url + reverse("my_returns", args=[partnership.slug]) + f"?period={PERIOD}")
        pages = plain.get_by_role("navigation", name="Pages of indicators")
        assert plain.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        click_to_load(pages.get_by_role("link", name="Next page"))
        assert plain.get_by_label("Period").input_value() == PERIOD
        assert "Showing 26 to 40 of 40" in plain.locator("main").inner_text()
        plain.locator(f"#id_i{made[26].pk}-value").fill("70")
        plain.locator(f"#id_i{made[26].pk}-note").fill("Two teams short; recruiting.")
        click_to_load(plain.get_by_role("button", name="Save figures"))
        assert plain.get_by_text("Saved 1 figure for 2007/08 Q1").is_visible()
        assert plain.title().startswith("What I have to report (page 2 of 2)")
        assert Observation.objects.get(indicator=made[26], period=PERIOD).value == 70
    finally:
        context.close()
    sign_in_on(page, live_server.url, "provider")
    page.goto(live_server.url + reverse("my_returns", args=[partnership.slug]) + f"?period={PERIOD}&page=2")
    assert axe_violations() == []
