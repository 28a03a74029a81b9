"""The dashboard a board meets over (issue 17), in a real browser on the demo: a scorecard's tile leads to
the indicator list filtered to exactly the indicators it counts, and on to an indicator's page; axe passes."""

import json
import os

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from placeboard.performance.models import ReportingRound
from tests.browser.conftest import click_to_load, sign_in_on

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Set to a folder to keep screenshots of the dashboard at 1280 and 375 px (to look at, not compared).
SHOTS = os.environ.get("PLACEBOARD_SHOTS")


@pytest.fixture
def demo(tmp_path):
    from placeboard.core.demo import ensure_demo_users
    from placeboard.demo import load_all

    load_all()
    logins = tmp_path / "demo-logins.json"
    ensure_demo_users(logins)
    return json.loads(logins.read_text())


def test_dashboard_tile_leads_to_the_indicators_it_counts(page, live_server, demo, axe_violations):
    assert get_user_model().objects.filter(username="officer").exists()
    sign_in_on(page, live_server.url, "officer", demo["officer"])
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + reverse("report", args=["wiltshire", "dashboard"]))
    main = page.locator("main")
    assert "Indicators by ambition" in main.inner_text()
    assert "What changed since Progress report, 2009/10 Q2" in main.inner_text()
    assert axe_violations() == []
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/dashboard-1280.png", full_page=True)

    red = page.locator(".pb-tile.pb-rag--red a").first
    count = int(red.locator(".pb-tile__count").inner_text())
    assert count > 0 and "Red" in red.inner_text()
    click_to_load(red)
    assert "status=red" in page.url
    rows = page.locator("main table tbody tr")
    assert rows.count() == count
    assert rows.locator(".pb-rag--red", has_text="Red").count() == count  # each says Red in words
    first = rows.first.get_by_role("link").first
    code = " ".join(first.inner_text().split()[0:2])
    click_to_load(first)
    assert "/indicators/" in page.url and code in main.inner_text()

    # The dashboard of a round, on a phone: what changed, in words; the status mix as a chart with its table.
    round_ = ReportingRound.objects.get(partnership__slug="wiltshire", period="2009/10 Q2")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + reverse("report", args=["wiltshire", "dashboard"]) + f"?round={round_.pk}")
    text = main.inner_text()
    assert "moved from No target to Red" in text and "new Red" in text
    assert page.locator("svg.pb-chart title", has_text="Indicators by status in each round").count() == 1
    assert axe_violations() == []
    # Nothing wider than the screen but the tables, which scroll inside their own region.
    wide = page.evaluate("""() => [...document.querySelectorAll('main *')].filter(e => !e.closest('.pb-table-scroll')
        && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).map(e => e.outerHTML.slice(0, 80))""")
    assert wide == []
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/dashboard-375.png", full_page=True)
        page.emulate_media(media="print")
        page.set_viewport_size({"width": 1123, "height": 794})
        page.screenshot(path=f"{SHOTS}/dashboard-print.png", full_page=True)
