"""Large files are checked and imported by the worker: the batch's page shows the job's progress, then its outcome."""

import threading
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from placeboard.core.models import AuditEvent, Role
from placeboard.imports import importers, jobs
from placeboard.imports.models import ImportBatch
from placeboard.performance.models import Observation, ValueChange
from tests.imports.conftest import data_file
from tests.personas import ALL, expected
from tests.reports.downloads import run_worker


@pytest.fixture
def large(settings, monkeypatch, tmp_path):
    """Every file counts as large, and progress comes every 2 rows (the real ones: 5,000 and 5,000)."""
    settings.IMPORT_STREAM_ROWS = 1
    settings.DATA_DIR = tmp_path
    monkeypatch.setattr(importers, "PROGRESS_EVERY", 2)


def upload(client, name="actuals_good.csv", kind="actuals"):
    filename, data = data_file(name)
    response = client.post(reverse("import_start", args=["testshire"]),
                           {"kind": kind, "file": SimpleUploadedFile(filename, data)})
    assert response.status_code == 302, response.content[:500]
    return ImportBatch.objects.latest("pk"), response


def page_url(batch):
    return reverse("import_preview", args=["testshire", batch.pk])


def confirm(client, batch):
    return client.post(reverse("import_confirm", args=["testshire", batch.pk]))


def written():
    return (Observation.objects.count(), ValueChange.objects.count(),
            AuditEvent.objects.filter(object_type="actual").count(),
            AuditEvent.objects.filter(object_type="import").count())


def checked_and_confirmed(client):
    """Upload a large file, let the worker check it, and confirm it: the batch, with its import queued."""
    batch, _ = upload(client)
    run_worker()
    response = confirm(client, batch)
    assert response.status_code == 302 and response.url == page_url(batch)
    batch.refresh_from_db()
    assert batch.state == "importing"
    return batch


def test_a_large_file_is_checked_then_imported_by_the_worker(as_user, indicators, large):
    client = as_user("officer")
    before = written()
    batch, response = upload(client)
    assert response.url == page_url(batch)
    assert batch.state == "checking" and batch.preview is None and batch.attempt == 1
    assert DBTaskResult.objects.count() == 1  # its check is queued with it

    checking = client.get(page_url(batch)).content.decode()
    assert "Checking actuals_good.csv" in checking and jobs.WAITING in checking
    # Reloads itself without JavaScript; with it, htmx asks for the status every 3 seconds instead.
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in checking
    assert 'hx-trigger="every 3s"' in checking and 'hx-select="#import-body"' in checking
    assert client.get(page_url(batch), headers={"HX-Request": "true"}).status_code == 200
    assert confirm(client, batch).url == page_url(batch)  # nothing to import yet: the same page
    assert ImportBatch.objects.get().state == "checking"

    run_worker()
    batch.refresh_from_db()
    assert batch.state == "previewed" and batch.checked.created == 4 and batch.progress_step == ""
    # The poll learns the job has finished and reloads the whole page, which shows the preview.
    polled = client.get(page_url(batch), headers={"HX-Request": "true"})
    assert polled["HX-Refresh"] == "true"
    preview = client.get(page_url(batch)).content.decode()
    assert "4 new</strong>" in preview and "Nothing has been saved yet" in preview
    assert "http-equiv" not in preview and "hx-trigger" not in preview
    assert written() == before

    response = confirm(client, batch)
    assert response.status_code == 302 and response.url == page_url(batch)
    batch.refresh_from_db()
    assert batch.state == "importing" and batch.attempt == 2 and batch.task_id
    assert written() == before  # the worker imports it, not the request
    importing = client.get(page_url(batch)).content.decode()
    assert "Importing actuals_good.csv" in importing and jobs.WAITING in importing
    assert 'hx-trigger="every 3s"' in importing

    run_worker()
    batch.refresh_from_db()
    assert batch.state == "imported" and batch.summary == "5 rows: 4 new, 0 changed, 1 unchanged"
    assert written() == (before[0] + 4, before[1] + 4, before[2] + 1, before[3] + 1)
    assert Observation.objects.get(period="2006/07 Q2").updated_by.username == "officer"
    event = AuditEvent.objects.get(object_type="import")
    assert event.user.username == "officer" and event.partnership.slug == "testshire"
    assert client.get(page_url(batch), headers={"HX-Request": "true"})["HX-Refresh"] == "true"
    done = client.get(page_url(batch)).content.decode()
    assert "This file has been imported: 5 rows" in done and "What the import did" in done
    # Confirming again imports nothing more and says why.
    assert confirm(client, batch).url == page_url(batch)
    run_worker()
    assert written()[0] == before[0] + 4
    assert "was already imported" in client.get(page_url(batch)).content.decode()


def test_the_page_shows_the_jobs_progress_as_it_goes(as_user, indicators, large, monkeypatch):
    from placeboard.imports import views

    client = as_user("officer")
    seen = []
    real = jobs.Progress.__call__

    def watching(self, step, done, total):
        real(self, step, done, total)
        seen.append(views._progress_text(ImportBatch.objects.get(pk=self.batch.pk)))

    monkeypatch.setattr(jobs.Progress, "__call__", watching)
    batch = checked_and_confirmed(client)
    run_worker()
    assert seen == ["Read the file: 5 rows.", "Checked 2 of 5 rows.", "Checked 4 of 5 rows.",
                    "Saved 2 of 4 actuals.", "Saved 4 of 4 actuals."]
    batch.refresh_from_db()
    assert batch.state == "imported" and batch.progress_step == "" and batch.progress_total is None


def test_the_check_writes_its_progress_on_the_batch(as_user, indicators, large, monkeypatch):
    client = as_user("officer")
    seen = []
    real = importers._check_actuals

    def watching(*args):
        for event in real(*args):
            yield event
            seen.append(client.get(page_url(ImportBatch.objects.get())).content.decode())
        return None

    monkeypatch.setattr(importers, "_check_actuals", watching)
    upload(client)
    run_worker()
    assert "Checked 2 of 5 rows." in seen[0] and "Being checked" in seen[0]
    assert "Checked 4 of 5 rows." in seen[1]


def test_on_sqlite_the_imports_progress_is_kept_in_a_file(as_user, indicators, large, monkeypatch, tmp_path):
    """SQLite has one writer at a time and the import holds it, so the progress goes beside the database."""
    from placeboard.imports import views

    client = as_user("officer")
    monkeypatch.setattr(jobs, "on_sqlite", lambda: True)  # also on PostgreSQL, as an SQLite site would
    monkeypatch.setattr(jobs.Progress, "choose_mode", staticmethod(lambda: "file"))  # as outside the tests' transaction
    seen, real = [], jobs.Progress.__call__

    def watching(self, step, done, total):
        real(self, step, done, total)
        batch = ImportBatch.objects.get(pk=self.batch.pk)
        assert batch.progress_step == ""  # not on the row, which the import's transaction would hide
        seen.append(views._progress_text(batch))

    monkeypatch.setattr(jobs.Progress, "__call__", watching)
    batch = checked_and_confirmed(client)
    run_worker()
    assert seen[-1] == "Saved 4 of 4 actuals." and len(seen) == 5
    assert list((tmp_path / "import-progress").glob("*.djcache")) == []  # removed when the job ended
    assert ImportBatch.objects.get(pk=batch.pk).state == "imported"


def test_a_second_confirmation_while_queued_queues_nothing(as_user, indicators, large):
    client = as_user("officer")
    batch = checked_and_confirmed(client)
    jobs_before = DBTaskResult.objects.count()
    again = confirm(client, batch)
    assert again.url == page_url(batch)
    assert DBTaskResult.objects.count() == jobs_before
    assert "actuals_good.csv is already being imported, so it was not queued again." in \
        client.get(page_url(batch)).content.decode()
    before = written()
    run_worker()
    assert written() == (before[0] + 4, before[1] + 4, before[2] + 1, before[3] + 1)


def test_a_job_run_twice_imports_once(as_user, personas, indicators, large):
    client = as_user("officer")
    batch = checked_and_confirmed(client)
    run_worker()
    after = written()
    jobs.run_import(batch.pk, batch.attempt, personas["officer"].pk)  # the same job again
    assert written() == after


def test_a_file_with_problems_found_by_the_worker_saves_nothing(as_user, indicators, large):
    client = as_user("officer")
    before = written()
    batch, _ = upload(client, "bad_value.csv")
    run_worker()
    batch.refresh_from_db()
    assert batch.state == "rejected" and batch.summary == "2 problems"
    text = client.get(page_url(batch)).content.decode()
    assert "bad_value.csv has 2 problems; nothing was saved" in text and "&#x27;seventy&#x27; is not a number." in text
    assert confirm(client, batch).url == page_url(batch)
    assert written() == before and DBTaskResult.objects.count() == 1


def test_problems_found_when_importing_are_kept_as_the_preview_keeps_them(as_user, indicators, large):
    from placeboard.core.models import Area

    client = as_user("officer")
    batch = checked_and_confirmed(client)
    before = written()
    Area.objects.filter(name="North").update(name="Northern")  # the figures changed since the preview
    run_worker()
    batch.refresh_from_db()
    assert batch.state == "rejected" and batch.summary == "1 problem" and written() == before
    text = client.get(page_url(batch)).content.decode()
    assert "has 1 problem; nothing was saved" in text and "&#x27;North&#x27;" in text


def test_an_import_that_fails_part_way_saves_nothing_and_may_be_tried_again(as_user, indicators, large,
                                                                           monkeypatch):
    real = importers._apply_actuals

    def broken(plan, user, partnership):
        yield from real(plan, user, partnership)  # every figure written, then a failure
        raise RuntimeError("the database went away")

    client = as_user("officer")
    batch = checked_and_confirmed(client)
    before = written()
    monkeypatch.setattr(importers, "_apply_actuals", broken)
    run_worker()
    batch.refresh_from_db()
    assert batch.state == "failed" and batch.error == jobs.FAILED_UNEXPECTEDLY and written() == before
    page = client.get(page_url(batch)).content.decode()
    assert "The import of actuals_good.csv failed" in page and jobs.FAILED_UNEXPECTEDLY in page
    assert "<title>Error: " in page and 'action="' + reverse("import_confirm", args=["testshire", batch.pk]) in page

    monkeypatch.setattr(importers, "_apply_actuals", real)
    assert confirm(client, batch).url == page_url(batch)
    batch.refresh_from_db()
    assert batch.state == "importing" and batch.attempt == 3 and batch.error == ""
    run_worker()
    batch.refresh_from_db()
    assert batch.state == "imported" and written() == (before[0] + 4, before[1] + 4, before[2] + 1, before[3] + 1)


def test_a_worker_that_dies_mid_import_leaves_the_batch_failed(as_user, indicators, large):
    """A worker process killed part-way never commits: `placeboard worker` marks its job failed
    (reports.downloads.worker_lost) and the batch's page then marks the batch failed."""
    from placeboard.reports.downloads import worker_lost

    client = as_user("officer")
    batch = checked_and_confirmed(client)
    before = written()
    job = DBTaskResult.objects.get(id=batch.task_id)
    job.claim("worker-1")  # taken by a worker, which is killed before it commits anything
    ImportBatch.objects.filter(pk=batch.pk).update(started_at=timezone.now())
    assert "Importing actuals_good.csv" in client.get(page_url(batch)).content.decode()  # still running
    worker_lost("worker-1")
    page = client.get(page_url(batch)).content.decode()
    batch.refresh_from_db()
    assert batch.state == "failed" and batch.error == jobs.LOST and written() == before
    assert jobs.LOST in page and "You can import it again below." in page
    confirm(client, batch)
    run_worker()
    assert ImportBatch.objects.get(pk=batch.pk).state == "imported"


def test_a_job_no_worker_finished_is_given_up(as_user, indicators, large):
    client = as_user("officer")
    batch, _ = upload(client)
    ImportBatch.objects.filter(pk=batch.pk).update(queued_at=timezone.now() - timedelta(hours=3))
    page = client.get(page_url(batch)).content.decode()
    batch.refresh_from_db()
    assert batch.state == "failed" and batch.error == jobs.STOPPED
    assert "The check of actuals_good.csv failed" in page and "Upload the file again" in page
    run_worker()  # the job, if it ever runs, finds the batch no longer waiting for it
    batch.refresh_from_db()
    assert batch.state == "failed" and batch.preview is None


def test_an_import_given_up_while_it_ran_is_rolled_back(as_user, personas, indicators, large, monkeypatch, caplog):
    real = importers._apply_actuals

    def given_up_meanwhile(plan, user, partnership):
        yield from real(plan, user, partnership)
        # The page gave it up (or it was confirmed again): in life on another connection; here, in the test's
        # one transaction, inside the import's, so this is rolled back with it.
        ImportBatch.objects.update(state="failed", error=jobs.STOPPED)

    client = as_user("officer")
    checked_and_confirmed(client)
    before = written()
    monkeypatch.setattr(importers, "_apply_actuals", given_up_meanwhile)
    run_worker()
    assert written() == before  # its outcome could not be recorded, so nothing of it was kept
    assert "was given up before it finished; nothing saved" in caplog.text


def test_a_person_who_lost_their_role_imports_nothing(as_user, personas, indicators, large):
    client = as_user("officer")
    batch = checked_and_confirmed(client)
    before = written()
    Role.objects.filter(user=personas["officer"]).delete()
    run_worker()
    batch.refresh_from_db()
    assert batch.state == "failed" and batch.error == jobs.NOT_ALLOWED and written() == before


def test_a_small_file_is_still_checked_and_imported_in_the_request(as_user, indicators, settings):
    settings.IMPORT_STREAM_ROWS = 5  # the file has 5 rows: not more than the threshold
    client = as_user("officer")
    batch, _ = upload(client)
    assert batch.state == "previewed" and not DBTaskResult.objects.exists()
    assert "4 new</strong>" in client.get(page_url(batch)).content.decode()
    response = confirm(client, batch)
    assert response.status_code == 302 and response.url == reverse("import_start", args=["testshire"])
    assert ImportBatch.objects.get().state == "imported" and not DBTaskResult.objects.exists()


@pytest.mark.parametrize("persona", ALL)
def test_large_import_gatekeeper(as_user, indicators, large, persona):
    batch, _ = upload(as_user("officer"))
    run_worker()
    client = as_user(persona)
    page = client.get(page_url(batch))
    response = confirm(client, batch)
    # Only the person who uploaded it, or a performance officer; data providers do not see others' files.
    if persona in {"provider", "other_provider"}:
        assert page.status_code == response.status_code == 404
    else:
        assert page.status_code == expected(persona, {"officer", "superuser"})
        assert response.status_code == {200: 302}.get(page.status_code, page.status_code)
    batch.refresh_from_db()
    assert batch.state == ("importing" if persona in {"officer", "superuser"} else "previewed")


@pytest.mark.django_db(transaction=True)
def test_progress_is_seen_by_other_connections_while_the_import_runs(personas, indicators, large, monkeypatch):
    """The import is one transaction; its progress is written on a second connection, so the web page (its
    own connection, here another thread's) sees it while the transaction is still open (PostgreSQL)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's in-memory test database cannot be read while another connection writes to it")
    client = Client()
    client.force_login(personas["officer"])
    batch = checked_and_confirmed(client)
    seen = []
    real = importers._apply_actuals

    def watching(plan, user, partnership):
        for event in real(plan, user, partnership):
            yield event

            def look():
                try:
                    other = Client()
                    other.force_login(personas["officer"])
                    page = other.get(page_url(batch)).content.decode()
                    seen.append((page.split('id="progress">')[1].split("<")[0], Observation.objects.count()))
                finally:
                    connection.close()

            thread = threading.Thread(target=look)
            thread.start()
            thread.join(10)

    monkeypatch.setattr(importers, "_apply_actuals", watching)
    before = Observation.objects.count()
    run_worker()
    # Each look saw the latest progress, and none of the figures (not yet committed).
    assert seen == [("Saved 2 of 4 actuals.", before), ("Saved 4 of 4 actuals.", before)]
    assert ImportBatch.objects.get(pk=batch.pk).state == "imported" and Observation.objects.count() == before + 4
