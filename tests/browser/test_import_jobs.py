"""An officer uploads a large file and imports it, with a real worker checking and importing it: the batch's
page shows the job's progress and then its outcome, with JavaScript (htmx asks for the status and reloads the
page once at the end) and without it (the page reloads itself)."""

import pytest
from django.urls import reverse

from placeboard.imports.models import ImportBatch
from placeboard.performance.models import Observation
from tests.browser.conftest import axe, click_to_load, sign_in_on
from tests.browser.test_downloads import worker  # noqa: F401,F811 (the fixture)
from tests.imports.conftest import DATA
from tests.performance.conftest import build_indicators

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def large(settings):
    settings.IMPORT_STREAM_ROWS = 1  # every file counts as large


def _upload(page, live_server, partnership):
    page.goto(live_server.url + reverse("import_start", args=[partnership.slug]))
    page.get_by_label("Actuals").check()
    page.locator('input[type="file"]').set_input_files(str(DATA / "actuals_good.csv"))
    click_to_load(page.get_by_role("button", name="Check the file"))
    batch = ImportBatch.objects.get()
    assert page.url == live_server.url + reverse("import_preview", args=[partnership.slug, batch.pk])
    return batch


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-javascript"])
def test_a_large_import_runs_in_the_worker(browser, live_server, partnership, personas, large, worker, javascript):  # noqa: F811
    build_indicators(partnership)
    context = browser.new_context(java_script_enabled=javascript)
    context.set_default_timeout(20_000)
    page = context.new_page()
    try:
        sign_in_on(page, live_server.url, "officer")
        _upload(page, live_server, partnership)
        main = page.locator("main")
        assert "Checking actuals_good.csv" in main.inner_text() and "Waiting" in main.inner_text()
        if javascript:
            assert [text for _, text in axe(page)] == []
        before = Observation.objects.count()
        worker()
        # The check's outcome: the preview, once the page has noticed the job finished.
        page.get_by_text("Nothing has been saved yet").wait_for()
        assert "4 new" in main.inner_text()
        click_to_load(page.get_by_role("button", name="Import 4 figures"))
        page.get_by_text("This file has been imported").wait_for()
        assert "Imported actuals_good.csv" in page.locator("h1").inner_text()
        assert Observation.objects.count() == before + 4
        assert ImportBatch.objects.get().state == "imported"
        if javascript:
            assert [text for _, text in axe(page)] == []
    finally:
        context.close()
