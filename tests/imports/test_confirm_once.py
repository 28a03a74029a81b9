"""A file is checked once for its preview and imported once, however many times Import is pressed."""

import re
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from placeboard.core.models import Area, AuditEvent
from placeboard.imports import importers
from placeboard.imports.models import ImportBatch
from placeboard.performance.models import Observation, ValueChange
from tests.imports.conftest import data_file
from tests.reports.downloads import run_worker


def upload(client, name="actuals_good.csv", kind="actuals"):
    filename, data = data_file(name)
    response = client.post(reverse("import_start", args=["testshire"]),
                           {"kind": kind, "file": SimpleUploadedFile(filename, data)})
    assert response.status_code == 302
    return ImportBatch.objects.latest("pk")


def preview_url(batch):
    return reverse("import_preview", args=["testshire", batch.pk])


def confirm_url(batch):
    return reverse("import_confirm", args=["testshire", batch.pk])


def written():
    """What an import of actuals_good.csv writes: its actuals, their history, the audit event of its new actuals
    (one for them all), its own event."""
    return (Observation.objects.count(), ValueChange.objects.count(),
            AuditEvent.objects.filter(object_type="actual").count(),
            AuditEvent.objects.filter(object_type="import").count())


def main(page):
    """The page's content, without its CSRF token (masked afresh each time)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page.split("<main")[1])


@pytest.fixture
def reads(monkeypatch):
    """Counts the times a file is read (parsed) by importers.check and import_file."""
    calls = []
    real = importers.read_table

    def counting(filename, data, **kwargs):
        calls.append(filename)
        return real(filename, data, **kwargs)

    monkeypatch.setattr(importers, "read_table", counting)
    return calls


# -- confirming twice -------------------------------------------------------------------------------------


def test_second_confirmation_shows_the_first_ones_outcome(as_user, indicators):
    client = as_user("officer")
    batch = upload(client)
    client.get(preview_url(batch))
    before = written()
    first = client.post(confirm_url(batch))
    assert first.url == reverse("import_start", args=["testshire"])
    after = written()
    assert after == (before[0] + 4, before[1] + 4, before[2] + 1, before[3] + 1)
    second = client.post(confirm_url(batch))
    # Back to the batch's page, which says what the first confirmation did; nothing more is written.
    assert second.status_code == 302 and second.url == preview_url(batch)
    assert written() == after
    page = client.get(second.url).content.decode()
    assert "actuals_good.csv was already imported, so nothing more was saved." in page
    assert "Imported actuals_good.csv" in page and "This file has been imported: 5 rows" in page
    assert "What the import did" in page and "CYP 36 2006/07 Q2: 71" in page
    assert "Nothing has been saved yet" not in page and 'action="' + confirm_url(batch) not in page


def test_a_confirmation_that_lost_the_race_imports_nothing(as_user, personas, indicators):
    """Both requests got past the page's check of the state before either imported: the lock decides."""
    from placeboard.core.access import Access
    from placeboard.core.models import Role
    from placeboard.imports import services

    client = as_user("officer")
    batch = upload(client)
    stale = ImportBatch.objects.get(pk=batch.pk)  # as the second request loaded it: still "previewed"
    officer = personas["officer"]
    access = Access(partnership=batch.partnership, user=officer, roles=list(Role.objects.filter(user=officer)))
    plan, already = services.import_batch(batch, officer, access=access)
    assert plan.ok and already is None
    after = written()
    plan, already = services.import_batch(stale, officer, access=access)
    assert plan is None and already.state == "imported" and already.summary == "5 rows: 4 new, 0 changed, 1 unchanged"
    assert written() == after


def test_second_confirmation_of_a_rejected_file_shows_its_problems(as_user, indicators):
    client = as_user("officer")
    batch = upload(client)
    client.get(preview_url(batch))
    Area.objects.filter(name="North").update(name="Northern")  # the figures changed since the preview
    response = client.post(confirm_url(batch))
    assert response.url == preview_url(batch)
    batch.refresh_from_db()
    assert batch.state == "rejected" and batch.summary == "1 problem"
    again = client.post(confirm_url(batch))
    assert again.url == preview_url(batch)
    page = client.get(preview_url(batch)).content.decode()
    assert "actuals_good.csv has problems, so nothing was saved." in page
    assert "has 1 problem; nothing was saved" in page and "&#x27;North&#x27;" in page


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("queued", [False, True], ids=["small", "queued"])
def test_six_confirmations_at_once_import_once(personas, indicators, settings, queued):
    """Six browsers press Import at the same moment, each on its own database connection (PostgreSQL).
    A large file's confirmations queue one job between them."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's in-memory test database cannot be written from several connections at once; "
                    "Placeboard's SQLite transactions are BEGIN IMMEDIATE, which serialises them")
    settings.IMPORT_STREAM_ROWS = 1 if queued else 1000
    client = Client()
    client.force_login(personas["officer"])
    batch = upload(client)
    if queued:
        run_worker()  # its check
    client.get(preview_url(batch))
    before = written()
    real = importers._check_actuals

    def slow(*args):
        # Hold the first import open long enough for every other request to reach the lock.
        threading.Event().wait(0.5)
        return (yield from real(*args))

    importers._check_actuals = slow
    start, outcomes = threading.Barrier(6), []

    def press():
        try:
            browser = Client()
            browser.force_login(personas["officer"])
            start.wait()
            response = browser.post(confirm_url(batch))
            outcomes.append((response.status_code, response.get("Location", ""), ""))
        except Exception as exc:  # a server error is an outcome too: the assertions show it
            outcomes.append((500, repr(exc), ""))
        finally:
            connection.close()

    try:
        threads = [threading.Thread(target=press) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    finally:
        importers._check_actuals = real
    assert len(outcomes) == 6 and {status for status, _, _ in outcomes} == {302}, outcomes
    if queued:
        # Every one is taken to the batch's page; one import is queued.
        assert {location for _, location, _ in outcomes} == {preview_url(batch)}
        assert DBTaskResult.objects.filter(task_path__endswith="import_file").count() == 1
        assert written() == before
        run_worker()
    assert written() == (before[0] + 4, before[1] + 4, before[2] + 1, before[3] + 1)
    if not queued:
        assert sorted(location for _, location, _ in outcomes) == \
            [reverse("import_start", args=["testshire"])] + [preview_url(batch)] * 5
    assert ImportBatch.objects.get(pk=batch.pk).state == "imported"


# -- the preview is computed once -------------------------------------------------------------------------


def test_preview_reads_the_file_once(as_user, indicators, reads):
    client = as_user("officer")
    batch = upload(client)
    assert reads == []  # uploading stores the file; the first look at the preview checks it
    first = client.get(preview_url(batch)).content.decode()
    assert reads == ["actuals_good.csv"] and "4 new</strong>" in first
    with CaptureQueriesContext(connection) as queries:
        again = client.get(preview_url(batch)).content.decode()
    assert reads == ["actuals_good.csv"]  # not read again
    assert main(again) == main(first)
    # Nor is the file itself loaded from the database.
    assert not any('"content"' in q["sql"] for q in queries.captured_queries)
    client.post(confirm_url(batch))
    assert reads == ["actuals_good.csv"] * 2  # confirming checks it again, once
    client.get(preview_url(batch))
    assert len(reads) == 2


def test_preview_of_a_file_with_problems_is_stored_too(as_user, indicators, reads):
    client = as_user("officer")
    batch = upload(client, "bad_value.csv")
    for _ in range(3):
        text = client.get(preview_url(batch)).content.decode()
        assert "has 2 problems; nothing was saved" in text and "&#x27;seventy&#x27; is not a number." in text
    assert reads == ["bad_value.csv"]
    batch.refresh_from_db()
    assert batch.state == "rejected" and batch.summary == "2 problems"
    assert batch.checked.problems[0].row == 2 and batch.checked.problems[0].column == "value"


def test_an_xlsx_preview_is_stored(as_user, indicators, reads):
    client = as_user("officer")
    batch = upload(client, "actuals_good.xlsx")
    client.get(preview_url(batch))
    page = client.get(preview_url(batch)).content.decode()
    assert reads == ["actuals_good.xlsx"] and "CYP 36 2006/07 Q2: 71" in page
    assert batch.pk == ImportBatch.objects.get().pk and ImportBatch.objects.get().checked.rows == 5


def test_a_batch_never_checked_shows_its_state(as_user, indicators, reads):
    """Imports made before previews were stored: their page says what is known, without reading the file."""
    client = as_user("officer")
    batch = upload(client)
    ImportBatch.objects.filter(pk=batch.pk).update(state="imported", summary="5 rows: 4 new, 0 changed, 1 unchanged")
    page = client.get(preview_url(batch)).content.decode()
    assert "Imported: 5 rows: 4 new, 0 changed, 1 unchanged." in page and reads == []
    assert client.post(confirm_url(batch)).url == preview_url(batch) and reads == []


def test_recent_imports_link_to_their_outcome(as_user, indicators):
    client = as_user("officer")
    batch = upload(client)
    client.post(confirm_url(batch))
    page = client.get(reverse("import_start", args=["testshire"])).content.decode()
    assert f'href="{preview_url(batch)}">actuals_good.csv</a>' in page
