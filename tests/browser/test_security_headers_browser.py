"""Pages work under the Content-Security-Policy in Chromium: nothing refused, GOV.UK Frontend started."""

import pytest
from django.urls import reverse

from placeboard.core.models import Area

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before each page's own scripts (through the DevTools protocol, so the policy does not apply to it).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def watched(page):
    """The page, recording policy violations and console errors."""
    console = []
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    page.add_init_script(RECORD_VIOLATIONS)
    return page, console


def visit(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.__cspViolations")


def assert_clean(page, console, url):
    violations = visit(page, url)
    assert violations == [], url
    assert [text for text in console if "Content Security Policy" in text or "Refused" in text] == [], url
    # js-enabled.js ran and init.js's module started GOV.UK Frontend.
    classes = page.evaluate("document.body.className").split()
    assert "js-enabled" in classes and "govuk-frontend-supported" in classes, url
    assert page.evaluate("document.querySelector('[data-module=\"govuk-skip-link\"]')"
                         ".hasAttribute('data-govuk-skip-link-init')"), url


@pytest.fixture
def seeded(partnership, personas):
    from tests.performance.conftest import build_indicators

    Area.objects.create(partnership=partnership, name="Northtown",
                        parent=Area.objects.create(partnership=partnership, name="Testshire North"))
    return partnership, build_indicators(partnership)


def test_public_pages_work_under_the_policy(watched, live_server, partnership):
    page, console = watched
    for path in ("/", reverse("public_index"), reverse("public_partnership", args=[partnership.slug]),
                 reverse("login")):
        assert_clean(page, console, live_server.url + path)


def test_officer_pages_work_under_the_policy(watched, live_server, sign_in, seeded):
    partnership, inds = seeded
    page, console = watched
    sign_in("officer")
    for path in (
        "/",
        reverse("partnership_home", args=[partnership.slug]),
        inds["ni72"].get_absolute_url(),  # with its chart
        reverse("framework_list", args=[partnership.slug, "areas"]),  # a tree, indented by class
        reverse("framework_create", args=[partnership.slug, "areas"]),
        reverse("activity_create", args=[partnership.slug]),  # htmx
    ):
        assert_clean(page, console, live_server.url + path)
    page.goto(live_server.url + inds["ni72"].get_absolute_url())
    assert page.locator("svg.pb-chart").count() >= 1
    # The sign-out form sits inline in the header, by class rather than a style attribute.
    assert page.evaluate("getComputedStyle(document.querySelector('.pb-inline-form')).display") == "inline"


def test_htmx_swaps_under_the_policy(watched, live_server, sign_in, partnership, personas):
    page, console = watched
    sign_in("officer")
    url = live_server.url + reverse("activity_create", args=[partnership.slug])
    page.goto(url)
    with page.expect_response(lambda r: "clashes" in r.url):
        page.get_by_label("Start date").fill("2009-06-10")
        page.get_by_label("Start date").dispatch_event("change")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__cspViolations") == []
    assert not page.locator("head style").count()  # htmx added no indicator styles


def test_a_violation_would_be_caught(watched, live_server, partnership):
    """The recorder itself works: an inline style set by a page is refused and recorded."""
    page, console = watched
    page.goto(live_server.url + "/")
    page.evaluate("""() => { const s = document.createElement('style'); s.textContent = 'p{}';
                             document.head.append(s); }""")
    page.wait_for_timeout(100)
    assert page.evaluate("window.__cspViolations") != []
