"""Asking for a download and having the worker make it, as a person and `placeboard worker` would."""

from unittest import mock

from django.core.management import call_command
from django.urls import reverse


def run_worker():
    """The database backend's own worker loop, in this process: every waiting job, then it stops.

    Its check for stale connections is left out, as Django's test client leaves out the one after each request:
    inside the test's transaction it would close the connection (and the transaction with it)."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None):
        call_command("db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0)


def ask(client, slug, kind, fmt, **params):
    """POST the report page's "Make the …" form; returns the response (a redirect to the download's page)."""
    return client.post(reverse("report_download", args=[slug, kind]), {**params, "format": fmt})


def made(client, slug, kind, fmt, **params):
    """The file a report's download form gets, once the worker has made it."""
    from placeboard.reports.models import Download

    response = ask(client, slug, kind, fmt, **params)
    assert response.status_code == 302, response.content[:300]
    run_worker()
    download = Download.objects.without_file().latest("created_at")
    assert download.status == "ready", download.error
    file = client.get(reverse("download_file", args=[slug, download.pk]))
    assert file.status_code == 200
    return file.content
