"""A board member asks for a report's PDF and, with a real worker running, sees the file appear (no JavaScript:
the page reloads itself)."""

import os
import subprocess
import sys
import threading

import pytest
from django.db import connections
from django.urls import reverse

from placeboard.reports.models import Download
from tests.browser.conftest import click_to_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _database_url(settings_dict):
    user = settings_dict["USER"] or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    host = settings_dict["HOST"] or "127.0.0.1"
    port = settings_dict["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


@pytest.fixture
def worker(live_server):
    """Starts a real worker on the test database: `placeboard worker` in a child process on PostgreSQL; on
    SQLite, whose test database lives in this process's memory, django-tasks-db's worker loop in a thread
    sharing the live server's connection."""
    connection = connections["default"]
    started = []

    def start():
        if connection.vendor == "postgresql":
            env = {**os.environ, "DATABASE_URL": _database_url(connection.settings_dict),
                   "DJANGO_SETTINGS_MODULE": "placeboard.test_settings"}
            env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
            env.pop("DATABASE_REPLICA_URL", None)  # that names the real database, not the test one
            process = subprocess.Popen([sys.executable, "-m", "placeboard.cli", "worker", "--interval", "0.2",
                                        "--verbosity", "0"], env=env)
            started.append(("process", process))
            return
        from django_tasks_db.management.commands.db_worker import Worker

        loop = Worker(queue_names=["default"], interval=0.2, batch=False, backend_name="default",
                      startup_delay=False, max_tasks=None, worker_id="browser-test", excluded_queue_names=[])

        def run():
            connections["default"] = connection  # the in-memory database, shared as the live server shares it
            loop.run()

        connection.inc_thread_sharing()
        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        started.append(("thread", (loop, thread)))

    yield start
    for kind, handle in started:
        if kind == "process":
            handle.terminate()
            handle.wait(timeout=30)
        else:
            loop, thread = handle
            loop.running = False
            thread.join(timeout=30)
            connection.dec_thread_sharing()


def test_a_board_member_asks_for_a_pdf_and_downloads_it(page, live_server, sign_in, partnership, personas,
                                                         worker, axe_violations):
    sign_in("viewer")
    page.goto(live_server.url + reverse("report", args=[partnership.slug, "dashboard"]))
    click_to_load(page.get_by_role("button", name="Make the PDF"))
    download = Download.objects.get()
    assert page.url == live_server.url + reverse("download_detail", args=[partnership.slug, download.pk])
    assert "Waiting" in page.locator("main").inner_text()  # no worker yet: it waits in the queue
    assert axe_violations() == []

    worker()
    link = page.get_by_role("link", name="Download testshire-dashboard.pdf")
    link.wait_for(timeout=60_000)  # the page reloads itself every 3 seconds until the file is ready
    assert "Your file is ready" in page.locator("main").inner_text()
    assert axe_violations() == []
    with page.expect_download() as pdf:
        link.click()
    path = pdf.value.path()
    with open(path, "rb") as file:
        assert file.read(5) == b"%PDF-"
    assert pdf.value.suggested_filename == "testshire-dashboard.pdf"
    click_to_load(page.get_by_role("link", name="All downloads"))
    assert page.get_by_role("link", name="Download testshire-dashboard.pdf").count() == 1
    assert axe_violations() == []


def test_without_javascript_the_page_reloads_itself_until_the_file_is_ready(browser, live_server, partnership,
                                                                            personas, worker):
    from tests.browser.conftest import sign_in_on

    context = browser.new_context(java_script_enabled=False)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        sign_in_on(page, live_server.url, "viewer")
        page.goto(live_server.url + reverse("report", args=[partnership.slug, "exceptions"]))
        click_to_load(page.get_by_role("button", name="Make the PDF"))
        assert "Waiting" in page.locator("main").inner_text()
        worker()
        page.get_by_role("link", name="Download testshire-exceptions.pdf").wait_for(timeout=60_000)
    finally:
        context.close()
