"""Downloads made in the background: asked for on the report page, made by the worker, kept for a while."""

import io
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from placeboard.core.models import AuditEvent, Partnership, Theme
from placeboard.performance.models import ReportingRound
from placeboard.reports import downloads
from placeboard.reports.models import Download
from tests.conftest import make_user
from tests.personas import ALL, MANAGERS, MEMBERS
from tests.reports.downloads import ask, made, run_worker


def pdf_text(data):
    from pypdf import PdfReader

    assert data.startswith(b"%PDF")
    return " ".join("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def detail_url(download):
    return reverse("download_detail", args=[download.partnership.slug, download.pk])


def file_url(download):
    return reverse("download_file", args=[download.partnership.slug, download.pk])


def test_a_pdf_is_asked_for_made_by_the_worker_and_downloaded(as_user, partnership):
    client = as_user("viewer")
    page = client.get(reverse("report", args=[partnership.slug, "dashboard"])).content.decode()
    assert f'action="{reverse("report_download", args=[partnership.slug, "dashboard"])}"' in page
    assert "Make the PDF" in page and "format=pdf" not in page  # no link that makes it in the web worker
    assert "format=xlsx" in page and "format=csv" in page  # a short report's spreadsheets come straight away

    response = ask(client, partnership.slug, "dashboard", "pdf")
    download = Download.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(download)
    assert (download.status, download.requested_by.username, download.format) == ("queued", "viewer", "pdf")
    assert download.title == "Partnership dashboard"
    event = AuditEvent.objects.get(object_type="download")
    assert (event.action, event.user.username, event.partnership) == ("create", "viewer", partnership)

    waiting = client.get(detail_url(download)).content.decode()
    # Reloads itself without JavaScript; with it, htmx asks for the status every 3 seconds instead.
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in waiting
    assert 'hx-trigger="every 3s"' in waiting
    assert client.get(detail_url(download), headers={"HX-Request": "true"}).status_code == 200
    assert "Waiting" in waiting and downloads.WAITING in waiting
    assert client.get(file_url(download)).status_code == 404  # nothing to download yet

    run_worker()
    download.refresh_from_db()
    assert download.status == "ready" and download.size > 1000 and download.file_name == "testshire-dashboard.pdf"
    assert download.expires_at == download.finished_at + timedelta(hours=24)
    ready = client.get(detail_url(download)).content.decode()
    assert "http-equiv" not in ready and "hx-trigger" not in ready and "Your file is ready" in ready
    assert client.get(detail_url(download), headers={"HX-Request": "true"}).status_code == 286  # htmx stops
    assert f'href="{file_url(download)}"' in ready
    file = client.get(file_url(download))
    assert file["Content-Type"] == "application/pdf"
    assert file["Content-Disposition"] == 'attachment; filename="testshire-dashboard.pdf"'
    text = pdf_text(file.content)
    assert "Partnership dashboard" in text and "Testshire Partnership" in text
    listed = client.get(reverse("download_list", args=[partnership.slug])).content.decode()
    assert "Partnership dashboard" in listed and f'href="{file_url(download)}"' in listed


def test_the_pdf_address_offers_the_form_instead_of_making_it(as_user, partnership):
    round_ = ReportingRound.objects.create(partnership=partnership, name="Q1 round", reporting_date="2008-07-01",
                                           period="2008/09 Q1", period_start="2008-04-01", period_end="2008-06-30")
    client = as_user("viewer")
    response = client.get(reverse("report", args=[partnership.slug, "thematic"]), {"format": "pdf",
                                                                                  "round": round_.pk})
    body = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "Make the PDF" in body and f'name="round" value="{round_.pk}"' in body
    assert "Thematic group performance report, Q1 round" in body
    assert not Download.objects.exists()
    # The form carries the round to the worker.
    text = pdf_text(made(client, partnership.slug, "thematic", "pdf", round=round_.pk))
    assert "Thematic group performance report" in text and "Q1 round" in text


def test_filters_reach_the_worker(as_user, partnership, indicators):
    client = as_user("officer")
    theme = Theme.objects.get(partnership=partnership, code="2")
    ask(client, partnership.slug, "spreadsheet", "csv", theme=theme.pk)
    download = Download.objects.get()
    assert download.params == {"theme": theme.pk}
    assert download.title == "Performance spreadsheet, filtered by theme: 2 Economic growth"
    run_worker()
    made_csv = client.get(file_url(download)).content
    direct = client.get(reverse("report", args=[partnership.slug, "spreadsheet"]), {"format": "csv",
                                                                                    "theme": theme.pk}).content
    assert made_csv == direct  # the same report as the page's own download, filters and all


@pytest.mark.parametrize("persona", ALL)
def test_who_may_ask_see_and_download(as_user, partnership, personas, persona):
    officer = as_user("officer")
    ask(officer, partnership.slug, "dashboard", "pdf")
    officers = Download.objects.get()
    run_worker()

    client = as_user(persona)
    response = ask(client, partnership.slug, "dashboard", "pdf")
    if persona == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    elif persona == "outsider":
        assert response.status_code == 404
    else:
        assert persona in MEMBERS  # everyone who may read the reports may ask for their files
        assert response.status_code == 302
        assert Download.objects.filter(requested_by=personas[persona]).exists()
    # The officer's own file: other officers see it; other members, the outsider get "not found".
    for url in (detail_url(officers), file_url(officers)):
        got = client.get(url).status_code
        if persona == "anonymous":
            assert got == 302
        elif persona in MANAGERS:
            assert got == 200
        else:
            assert got == 404
    listed = client.get(reverse("download_list", args=[partnership.slug]))
    if persona in MEMBERS:
        assert (detail_url(officers) in listed.content.decode()) == (persona in MANAGERS)


def test_another_partnerships_download_is_not_found(as_user, partnership, personas):
    elsewhere = Partnership.objects.get(slug="elsewhere")
    ask(as_user("outsider"), "elsewhere", "dashboard", "pdf")  # an officer of that partnership
    theirs = Download.objects.get(partnership=elsewhere)
    run_worker()
    client = as_user("superuser")  # sees every partnership, but only through its own address
    for name in ("download_detail", "download_file"):
        assert client.get(reverse(name, args=[partnership.slug, theirs.pk])).status_code == 404
        assert client.get(reverse(name, args=["elsewhere", theirs.pk])).status_code == 200
    assert as_user("officer").get(reverse("download_detail", args=["elsewhere", theirs.pk])).status_code == 404


def test_get_cannot_ask_and_bad_kinds_are_not_found(as_user, partnership):
    client = as_user("officer")
    url = reverse("report_download", args=[partnership.slug, "dashboard"])
    assert client.get(url, {"format": "pdf"}).status_code == 405
    assert ask(client, partnership.slug, "horoscope", "pdf").status_code == 404
    assert ask(client, partnership.slug, "dashboard", "docx").status_code == 404
    assert ask(client, partnership.slug, "dashboard", "pdf", round=999).status_code == 404
    assert not Download.objects.exists()


def test_asking_twice_joins_the_same_job_and_waiting_jobs_are_limited(as_user, partnership):
    client = as_user("viewer")
    first = ask(client, partnership.slug, "dashboard", "pdf")
    assert ask(client, partnership.slug, "dashboard", "pdf")["Location"] == first["Location"]
    assert Download.objects.count() == 1
    ask(client, partnership.slug, "exceptions", "pdf")
    ask(client, partnership.slug, "agreement", "pdf")
    refused = ask(client, partnership.slug, "spreadsheet", "pdf")
    assert refused["Location"] == reverse("download_list", args=[partnership.slug])
    assert Download.objects.count() == 3
    run_worker()
    assert set(Download.objects.values_list("status", flat=True)) == {"ready"}
    assert ask(client, partnership.slug, "spreadsheet", "pdf").status_code == 302
    assert Download.objects.count() == 4


def test_long_reports_make_their_spreadsheets_in_the_background(as_user, partnership, indicators, settings):
    client = as_user("viewer")
    url = reverse("report", args=[partnership.slug, "spreadsheet"])
    assert client.get(url, {"format": "xlsx"})["Content-Type"].startswith("application/vnd.openxmlformats")
    settings.REPORTS_DIRECT_MAX_ROWS = 1  # the seed indicators make a report longer than this
    page = client.get(url).content.decode()
    assert "format=xlsx" not in page and "Make the Excel (XLSX)" in page and "Make the CSV" in page
    response = client.get(url, {"format": "xlsx"})
    assert response["Content-Type"].startswith("text/html") and "rows, so its Excel (XLSX) is" in \
        response.content.decode()
    assert made(client, partnership.slug, "spreadsheet", "xlsx")[:2] == b"PK"


def test_a_full_export_is_made_in_the_background(as_user, partnership, indicators):
    from placeboard.imports.exporters import export

    client = as_user("provider")
    listed = client.get(reverse("download_list", args=[partnership.slug])).content.decode()
    assert "Make the CSV<span class=\"govuk-visually-hidden\"> of indicator catalogue" in listed
    response = client.post(reverse("export_download_request", args=[partnership.slug]),
                           {"kind": "indicators", "format": "csv"})
    download = Download.objects.get()
    assert response["Location"] == detail_url(download) and download.title == "Export of indicator catalogue"
    run_worker()
    file = client.get(file_url(download))
    assert file.content == export("indicators", partnership, "csv")[0]
    assert client.post(reverse("export_download_request", args=[partnership.slug]),
                       {"kind": "passwords", "format": "csv"}).status_code == 404


def test_a_report_that_cannot_be_made_says_why(as_user, partnership):
    round_ = ReportingRound.objects.create(partnership=partnership, name="Q1 round", reporting_date="2008-07-01",
                                           period="2008/09 Q1", period_start="2008-04-01", period_end="2008-06-30")
    client = as_user("officer")
    ask(client, partnership.slug, "thematic", "pdf", round=round_.pk)
    round_.delete()  # before the worker gets to it
    ask(client, partnership.slug, "thematic", "csv")  # no round at all
    run_worker()
    gone, no_round = Download.objects.order_by("pk")
    assert (gone.status, gone.error) == ("failed", "The reporting round this report was for has been deleted.")
    page = client.get(detail_url(gone)).content.decode()
    assert "The file could not be made" in page and gone.error in page and "http-equiv" not in page
    assert no_round.status == "failed" and "choose a round" in no_round.error


def test_an_unexpected_failure_is_logged_not_shown(as_user, partnership, monkeypatch, caplog):
    def broken(report, fmt, **kwargs):
        raise RuntimeError("secret internals at /srv/placeboard")

    monkeypatch.setattr("placeboard.reports.render.render", broken)
    client = as_user("viewer")
    ask(client, partnership.slug, "dashboard", "pdf")
    run_worker()
    download = Download.objects.get()
    assert (download.status, download.error) == ("failed", downloads.FAILED_UNEXPECTEDLY)
    page = client.get(detail_url(download)).content.decode()
    assert downloads.FAILED_UNEXPECTEDLY in page
    assert "secret internals" not in page and "Traceback" not in page
    assert "secret internals" in caplog.text  # the administrators' log has it


def test_expired_downloads_are_removed(as_user, partnership):
    client = as_user("viewer")
    ask(client, partnership.slug, "dashboard", "pdf")
    run_worker()
    old = Download.objects.get()
    Download.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert old.pk and client.get(file_url(old)).status_code == 404  # expired: not served even before removal
    listed = client.get(reverse("download_list", args=[partnership.slug])).content.decode()
    assert detail_url(old) not in listed
    # The worker removes expired files after each job...
    ask(client, partnership.slug, "exceptions", "pdf")
    run_worker()
    assert not Download.objects.filter(pk=old.pk).exists()
    # ...and so does the command, for a site whose worker is idle.
    newer = Download.objects.get()
    Download.objects.filter(pk=newer.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    call_command("prune_downloads", stdout=io.StringIO())
    assert not Download.objects.exists()


def test_a_download_whose_worker_died_is_failed(as_user, partnership):
    from django_tasks_db.models import DBTaskResult

    client = as_user("viewer")
    ask(client, partnership.slug, "dashboard", "pdf")
    download = Download.objects.get()
    # As if a worker had claimed the job, then been killed (for memory, say) while making it.
    DBTaskResult.objects.get(id=download.task_id).claim("machine-1-42-1")
    Download.objects.filter(pk=download.pk).update(status="running")
    assert downloads.worker_lost("another-worker") == 0
    assert downloads.worker_lost("machine-1-42-1") == 1
    download.refresh_from_db()
    assert (download.status, download.error) == ("failed", downloads.LOST)
    assert DBTaskResult.objects.get(id=download.task_id).status == "FAILED"
    # One nobody has heard of for hours (its worker's machine went away) shows as failed too.
    ask(client, partnership.slug, "exceptions", "pdf")
    stuck = Download.objects.get(kind="exceptions")
    Download.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - timedelta(hours=3))
    page = client.get(detail_url(stuck)).content.decode()
    assert downloads.STOPPED in page and "http-equiv" not in page
    assert downloads.prune() == (0, 1)


def test_the_downloads_list_makes_the_same_queries_however_many(as_user, partnership, personas):
    client = as_user("officer")

    def add(n):
        for i in range(n):
            user = make_user(f"asker{Download.objects.count()}")
            Download.objects.create(partnership=partnership, requested_by=user, kind="dashboard", format="pdf",
                                    title=f"Report {i}", status="ready", content=b"%PDF", size=4,
                                    file_name="x.pdf")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("download_list", args=[partnership.slug]))
        assert response.status_code == 200
        return len(ctx.captured_queries), response.content.decode().count("Report ")

    add(2)
    few, shown = count()
    assert shown == 2
    add(20)
    many, shown = count()
    assert (many, shown) == (few, 22)


def test_a_bad_tasks_backend_stops_start_up():
    env = {**os.environ, "TASKS_BACKEND": "celery", "DJANGO_SETTINGS_MODULE": "placeboard.test_settings"}
    done = subprocess.run([sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode != 0
    assert "TASKS_BACKEND must be database or immediate, not 'celery'." in done.stderr


def test_the_immediate_backend_makes_the_file_in_the_request(as_user, partnership, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    response = ask(as_user("viewer"), partnership.slug, "dashboard", "csv")
    download = Download.objects.get()
    assert response.status_code == 302 and download.status == "ready" and download.task_id


def test_a_job_refused_memory_fails_with_a_message(as_user, partnership, monkeypatch):
    def too_big(report, fmt, **kwargs):
        raise MemoryError

    monkeypatch.setattr("placeboard.reports.render.render", too_big)
    ask(as_user("viewer"), partnership.slug, "dashboard", "pdf")
    run_worker()
    download = Download.objects.get()
    assert (download.status, download.error) == ("failed", downloads.TOO_LARGE)


def test_a_c_library_refused_memory_under_a_limit_fails_as_too_large(as_user, partnership, monkeypatch):
    import resource

    def refused(report, fmt, **kwargs):
        raise SystemError("error return without exception set")  # how WeasyPrint's cffi calls fail

    monkeypatch.setattr("placeboard.reports.render.render", refused)
    client = as_user("viewer")
    ask(client, partnership.slug, "dashboard", "pdf")
    run_worker()  # no limit: an unexpected failure like any other
    assert Download.objects.get().error == downloads.FAILED_UNEXPECTEDLY
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    limit = 64 * 1024 ** 3 if hard == resource.RLIM_INFINITY else hard
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))  # a finite limit, as `placeboard worker` sets
    try:
        ask(client, partnership.slug, "exceptions", "pdf")
        run_worker()
    finally:
        resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))
    assert Download.objects.get(kind="exceptions").error == downloads.TOO_LARGE


def test_a_worker_process_is_refused_memory_past_its_limit():
    from placeboard.cli import _child_setup

    code = "import resource; print(resource.getrlimit(resource.RLIMIT_DATA)[0]); b = bytearray(150 * 1024 * 1024)"
    done = subprocess.run([sys.executable, "-c", code], preexec_fn=_child_setup(100), capture_output=True, text=True,
                          timeout=60)
    assert done.stdout.strip() == str(100 * 1024 * 1024)
    assert "MemoryError" in done.stderr
    unlimited = subprocess.run([sys.executable, "-c", code], preexec_fn=_child_setup(0), capture_output=True,
                               text=True, timeout=60)
    assert unlimited.returncode == 0
