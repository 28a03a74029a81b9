"""Browser tests: Playwright driving Debian's Chromium (never a downloaded browser).

They are skipped when /usr/bin/chromium is missing, unless
PLACEBOARD_REQUIRE_BROWSER=1 (as in .ci/run), which turns a missing browser
into a failure so CI cannot pass without running them."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("PLACEBOARD_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[2] / "build" / "static" / "lib" / "axe.min.js"

# Playwright's sync API runs an event loop; Django's live server is in another thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("PLACEBOARD_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"Browser tests are required but Chromium was not found at {CHROMIUM}.")
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}; install Debian's chromium package")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def sign_in_on(page, origin, username, password="correct horse battery"):
    """Signs in through the sign-in page, which then leads home."""
    page.goto(f"{origin}/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{origin}/")


def click_to_load(locator):
    """Clicks a link or button that loads a page and waits until that page has loaded: is_visible() does not
    wait, so an assertion straight after a plain click() can read the old page on a busy machine."""
    with locator.page.expect_navigation():
        locator.click()


@pytest.fixture
def sign_in(page, live_server):
    def do(username, password="correct horse battery"):
        sign_in_on(page, live_server.url, username, password)

    return do


def axe(page):
    """Runs axe-core (WCAG 2.x A and AA rules) on the current page: [(impact, "rule (impact): help at nodes")]."""
    # From the site itself where there is one: the Content-Security-Policy refuses inline scripts.
    if page.url.startswith("http"):
        page.add_script_tag(url=page.evaluate("location.origin") + "/static/lib/axe.min.js")
    else:
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => await axe.run(document, {resultTypes: ['violations'], runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"""
    )
    return [
        (v["impact"], f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}")
        for v in result["violations"]
    ]


@pytest.fixture
def axe_violations(page):
    """Runs axe-core (WCAG 2.x A and AA rules) on the current page."""

    def run():
        return [text for _, text in axe(page)]

    return run
