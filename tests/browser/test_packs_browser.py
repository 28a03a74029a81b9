"""Board packs in a real browser: an officer composes a pack, a real worker makes its PDF and the officer downloads
it through the page; axe passes on every pack page; the pack page fits a phone; the forms work without JavaScript."""

import io
import os
import re
import threading

import pytest
from django.db import connections
from django.urls import reverse
from pypdf import PdfReader

from placeboard.reports.models import BoardPack
from tests.browser.conftest import axe, click_to_load, sign_in_on
from tests.browser.test_downloads import worker  # noqa: F401  (a real worker on the test database)
from tests.performance.conftest import indicators  # noqa: F401  (the seed indicators fixture)
from tests.reports.test_packs import outline_titles, page_texts, rounds  # noqa: F401  (two reporting rounds)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Set to a folder to keep screenshots of the pack page at 1280 and 375 px (to look at, not compared).
SHOTS = os.environ.get("PLACEBOARD_SHOTS")
# The sections as the officer leaves them: the exception report moved up above the dashboard.
ORDER = ["Chair's introduction", "Exception report", "Partnership dashboard"]


@pytest.fixture
def make_files(live_server, worker):  # noqa: F811
    """A function that has a real worker make the files asked for so far; it returns one that waits until that
    worker has stopped, on SQLite.

    On PostgreSQL it is test_downloads' worker process, started at once so that it has started up by the time
    the test asks for a file. On SQLite it is django-tasks-db's worker loop in a thread in batch mode, which
    stops once the queue is empty: a loop left running shares the live server's one connection and takes an
    exclusive transaction every 0.2 s, and requests made meanwhile now and then fail with "database table is
    locked"; this test makes several after the file is ready."""
    connection = connections["default"]
    if connection.vendor != "sqlite":
        worker()

        def start():
            return lambda: None  # the process runs until the test ends

        yield start
        return
    from django_tasks_db.management.commands.db_worker import Worker

    threads = []

    def start():
        loop = Worker(queue_names=["default"], interval=0.2, batch=True, backend_name="default",
                      startup_delay=False, max_tasks=None, worker_id="browser-test", excluded_queue_names=[])

        def run():
            connections["default"] = connection  # the in-memory database, shared as the live server shares it
            loop.run()

        connection.inc_thread_sharing()
        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        threads.append(thread)
        return lambda: thread.join(timeout=60)

    yield start
    for thread in threads:
        thread.join(timeout=60)
        connection.dec_thread_sharing()


def compose(page, origin, check=lambda what: None):
    """From Reports to a pack with three sections, the last moved up, as an officer does it; check(what) is
    called on each page on the way (axe, with JavaScript). Returns the pack."""
    page.goto(origin + reverse("report_index", args=["testshire"]))
    click_to_load(page.get_by_role("link", name="board packs"))
    assert "No board packs yet." in page.locator("main").inner_text()
    check("pack list")
    click_to_load(page.get_by_role("link", name="New board pack"))
    check("new pack form")
    click_to_load(page.get_by_role("button", name="Save the pack"))  # empty: refused, saying why
    errors = page.locator(".govuk-error-summary").inner_text()
    assert "Enter the pack's title." in errors and "Choose the reporting round the pack reports on." in errors
    check("new pack form with errors")

    page.get_by_label("Title").fill("Partnership board pack")
    page.get_by_label("For a meeting of").select_option(label="Partnership Board")
    page.get_by_label("Meeting date").fill("2009-10-21")
    page.get_by_label("Reporting round").select_option(label="2009/10 quarter 2")
    click_to_load(page.get_by_role("button", name="Save the pack"))
    pack = BoardPack.objects.get()
    assert page.url == origin + pack.get_absolute_url()
    assert "Now add its reports and text." in page.locator("main").inner_text()

    click_to_load(page.get_by_role("link", name="Add some text"))
    check("add-text form")
    page.get_by_label("Heading").fill("Chair's introduction")
    page.get_by_label("Text", exact=True).fill("Welcome to the board.\n\nCrime is down.")
    click_to_load(page.get_by_role("button", name="Save the section"))
    for kind in ("Partnership dashboard", "Exception report"):
        click_to_load(page.get_by_role("link", name="Add a report"))
        check("add-report form")
        page.get_by_label("Report", exact=True).select_option(label=kind)
        click_to_load(page.get_by_role("button", name="Save the section"))
    assert sections(page) == ["Chair's introduction", "Partnership dashboard", "Exception report"]
    click_to_load(page.get_by_role("button", name="Move up section 3, Exception report"))
    assert sections(page) == ORDER
    assert [s.kind for s in pack.sections.all()] == ["text", "exceptions", "dashboard"]
    return pack


def sections(page):
    return [name.strip() for name in page.locator("main ol > li > strong").all_inner_texts()]


def contents_pages(text):
    """The contents' page for each numbered section, in order: {"Exception report": 4, ...}."""
    table = text.split("Section Page", 1)[1].split("Testshire Partnership ·", 1)[0]  # up to the running header
    entries = re.findall(r"(\d+)\. (.+?) (\d+)(?= \d+\. |\s*$)", table.strip())
    assert [int(n) for n, _, _ in entries] == list(range(1, len(entries) + 1)), table
    return {title: int(page) for _, title, page in entries}


def check_pdf(data):
    reader = PdfReader(io.BytesIO(data))
    texts = page_texts(reader)
    pages = len(texts)
    assert "Partnership board pack" in texts[0] and "Partnership Board, 21 October 2009" in texts[0]
    assert "Reporting round: 2009/10 quarter 2" in texts[0]
    contents = next(text for text in texts if text.startswith("Contents"))
    listed = contents_pages(contents)
    assert list(listed) == ORDER, contents
    for title, number in listed.items():
        assert texts[number - 1].startswith(title), (title, number, texts[number - 1][:80])
        assert not any(text.startswith(title) for text in texts[:number - 1]), title
    assert "Welcome to the board." in texts[listed["Chair's introduction"] - 1]
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {pages}" in text
    # Bookmarks name each section and lead to the page the contents gives it.
    marks = {item.title: reader.get_destination_page_number(item) + 1 for item in reader.outline
             if not isinstance(item, list)}
    for title in ORDER:
        assert marks[title] == listed[title], (title, marks)
    assert "Contents" in str(outline_titles(reader))
    return pages


def test_an_officer_composes_a_pack_and_downloads_its_pdf(page, browser, live_server, sign_in, partnership, personas,
                                                          indicators, rounds, make_files, axe_violations):  # noqa: F811
    def no_violations(what):
        assert axe_violations() == [], what

    sign_in("officer")
    page.set_viewport_size({"width": 1280, "height": 900})
    pack = compose(page, live_server.url, no_violations)
    detail = page.url
    no_violations("pack page")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/pack-1280.png", full_page=True)
    # On a phone the page fits the screen: nothing to scroll sideways.
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    no_violations("pack page at 375 px")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/pack-375.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    click_to_load(page.get_by_role("button", name="Make the PDF"))
    assert "/downloads/" in page.url
    worker_done = make_files()
    name = f"testshire-board-pack-{pack.pk}.pdf"
    link = page.get_by_role("link", name=f"Download {name}")
    link.wait_for(timeout=60_000)  # the page refreshes itself until the file is ready
    worker_done()
    assert "Your file is ready" in page.locator("main").inner_text()
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == name
    if SHOTS:
        download.value.save_as(f"{SHOTS}/{name}")
    with open(download.value.path(), "rb") as file:
        pages = check_pdf(file.read())
    assert pages >= 4  # cover, contents, a page for the text and at least one for each report

    # The pack page now offers the made file to everyone who may see the partnership.
    page.goto(detail)
    assert page.get_by_role("link", name=re.compile(r"^Download the pack \(PDF")).count() == 1
    assert ": ready" in page.locator("main").inner_text()  # the officer's list of the pack's files
    no_violations("pack page, made")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/pack-made-1280.png", full_page=True)

    # A viewer reads the pack and downloads it, but composes nothing.
    context = browser.new_context()
    context.set_default_timeout(15_000)
    viewer = context.new_page()
    try:
        sign_in_on(viewer, live_server.url, "viewer")
        viewer.goto(detail)
        main = viewer.locator("main")
        assert "Chair's introduction" in main.inner_text()
        for button in ("Make the PDF", "Add a report", "Add some text", "Move up", "Move down", "Remove"):
            assert main.get_by_role("button", name=re.compile(button)).count() == 0, button
            assert main.get_by_role("link", name=re.compile(button)).count() == 0, button
        assert main.get_by_role("link", name="Change the pack's details").count() == 0
        assert main.get_by_text("Delete this pack").count() == 0
        with viewer.expect_download() as download:
            viewer.get_by_role("link", name=re.compile(r"^Download the pack")).click()
        with open(download.value.path(), "rb") as file:
            assert file.read(5) == b"%PDF-"
        assert [text for _, text in axe(viewer)] == []
        if SHOTS:
            viewer.screenshot(path=f"{SHOTS}/pack-viewer-1280.png", full_page=True)
    finally:
        context.close()


def test_a_pack_is_composed_without_javascript(browser, live_server, partnership, personas, rounds):  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        sign_in_on(page, live_server.url, "officer")
        pack = compose(page, live_server.url)
        assert pack.title == "Partnership board pack" and pack.round.name == "2009/10 quarter 2"
        click_to_load(page.get_by_role("button", name="Remove section 2, Exception report"))
        assert sections(page) == ["Chair's introduction", "Partnership dashboard"]
        click_to_load(page.get_by_role("button", name="Make the PDF"))
        assert "Waiting" in page.locator("main").inner_text()  # the download page, which reloads itself
    finally:
        context.close()
