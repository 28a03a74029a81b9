"""The public performance site (issue 17.3) walked as a resident on the demo: no account, no JavaScript, a 375 px
screen; axe passes on every page, nothing is wider than the screen but the tables (which scroll in their own
region), and no provisional figure or unpublished commentary shows."""

import csv
import io
import os

import pytest
from django.urls import reverse

from placeboard.performance.models import Indicator
from tests.browser.conftest import axe, click_to_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("PLACEBOARD_SHOTS")  # a folder to keep screenshots in (to look at, not compared)
WIDE = """() => [...document.querySelectorAll('main *')].filter(e => !e.closest('.pb-table-scroll')
    && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).map(e => e.outerHTML.slice(0, 80))"""


@pytest.fixture
def demo():
    from placeboard.demo import load_all

    load_all()


@pytest.fixture
def resident(browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800},
                                  accept_downloads=True)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def check(page, name):
    """axe on a page with JavaScript, as the page is the same without it (axe needs scripts to run)."""
    assert page.evaluate(WIDE) == [], name
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/public-{name}.png", full_page=True)


def test_a_resident_walks_the_public_performance_site(resident, page, live_server, demo):
    origin = live_server.url
    visited = []
    resident.goto(origin + reverse("public_partnership", args=["wiltshire"]))
    click_to_load(resident.get_by_role("link", name="How we are doing"))
    main = resident.locator("main")
    assert resident.locator('meta[property="og:title"]').get_attribute("content") == \
        "Wiltshire Strategic Partnership: how we are doing"
    assert "Resilient communities" in main.inner_text()
    assert "NI 087" not in main.inner_text()  # not published
    check(resident, "listing")
    visited.append(resident.url)

    # An indicator whose latest figure is provisional: the final one stands, the newer one is not shown.
    click_to_load(main.get_by_role("link", name="NI 075", exact=False))
    text = main.inner_text()
    assert "Latest final figure: 53.2% for 2008/09" in text
    assert "2009/10 Q2: provisional figures not yet published." in text
    assert "55.3" not in text and "Provisional result" not in text  # the provisional figure and its commentary
    assert "Illustrative figure" not in text  # area commentary nobody published
    assert resident.locator("#areas").is_visible() and resident.locator("table caption", has_text="Calne").count()
    assert resident.locator("svg.pb-chart title", has_text="NI 075: published figures and targets").count() == 1
    assert resident.locator('meta[property="og:title"]').get_attribute("content").endswith(": No target")
    check(resident, "indicator-provisional")
    visited.append(resident.url)
    with resident.expect_download() as download:
        resident.get_by_role("link", name="CSV for NI 075").click()
    rows = list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))
    assert {r["period"] for r in rows} == {"2007/08", "2008/09"} and "55.3" not in {r["value"] for r in rows}

    # Compared with England and similar councils (the benchmarking app's panels), and published commentary.
    ni004 = Indicator.objects.get(partnership__slug="wiltshire", code="NI 004")
    resident.goto(origin + reverse("public_indicator", args=["wiltshire", ni004.pk]))
    text = main.inner_text()
    assert "Compared with England and similar areas" in text and "England" in text
    assert "The figure is from the 2008/09 survey" in text  # commentary the demo publishes
    check(resident, "indicator-benchmarks")
    visited.append(resident.url)

    click_to_load(main.get_by_role("link", name="How we judge progress").last)
    assert resident.get_by_role("heading", name="How we judge progress", level=1).is_visible()
    check(resident, "how-we-judge")
    visited.append(resident.url)

    # Coventry publishes its Children and Young People ambition whole.
    resident.goto(origin + reverse("public_performance", args=["coventry"]))
    assert "Children and Young People" in main.inner_text()
    click_to_load(main.get_by_role("link", name="CYP 41", exact=False))
    text = main.inner_text()
    assert "New processes now in place" in text  # its published commentary
    check(resident, "coventry-indicator")
    visited.append(resident.url)
    # An indicator nobody published is not found, even by its number.
    ni087 = Indicator.objects.get(partnership__slug="wiltshire", code="NI 087")
    response = resident.goto(origin + reverse("public_indicator", args=["wiltshire", ni087.pk]))
    assert response.status == 404

    for url in visited:  # axe runs scripts, so on the same pages in a page that has them
        page.set_viewport_size({"width": 375, "height": 800})
        page.goto(url)
        assert [text for _, text in axe(page)] == [], url
