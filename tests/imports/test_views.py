"""Upload → preview → confirm through the web, exports, and who may do what."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_finished
from django.db import close_old_connections
from django.test import RequestFactory
from django.urls import reverse

from placeboard.core.models import AuditEvent
from placeboard.imports import views
from placeboard.imports.models import ImportBatch
from placeboard.performance.models import Observation
from tests.imports.conftest import data_file
from tests.personas import ALL, expected


def upload(client, name, kind="actuals"):
    filename, data = data_file(name)
    return client.post(reverse("import_start", args=["testshire"]),
                       {"kind": kind, "file": SimpleUploadedFile(filename, data)})


@pytest.mark.parametrize("persona", ALL)
def test_import_page_gatekeeper(as_user, indicators, persona):
    response = as_user(persona).get(reverse("import_start", args=["testshire"]))
    # Every member may export; the upload form is for officers and data providers.
    assert response.status_code == expected(persona, {"officer", "superuser", "provider", "other_provider",
                                                       "viewer", "theme_lead"})
    if response.status_code == 200:
        has_form = b'type="file"' in response.content
        assert has_form == (persona in {"officer", "superuser", "provider", "other_provider"})


@pytest.mark.parametrize("persona", ["viewer", "theme_lead"])
def test_readers_cannot_upload(as_user, indicators, persona):
    assert upload(as_user(persona), "actuals_good.csv").status_code == 403
    assert not ImportBatch.objects.exists()


def test_upload_preview_confirm(as_user, indicators):
    client = as_user("officer")
    response = upload(client, "actuals_good.xlsx")
    batch = ImportBatch.objects.get()
    assert response.url == reverse("import_preview", args=["testshire", batch.pk])
    assert Observation.objects.filter(period="2006/07 Q2").count() == 0
    preview = client.get(response.url)
    text = preview.content.decode()
    assert "4 new</strong>" in text and "CYP 36 2006/07 Q2: 71" in text and "Nothing has been saved yet" in text
    done = client.post(reverse("import_confirm", args=["testshire", batch.pk]))
    assert done.status_code == 302
    assert Observation.objects.get(period="2006/07 Q2").updated_by.username == "officer"
    batch.refresh_from_db()
    assert batch.state == "imported" and batch.summary == "5 rows: 4 new, 0 changed, 1 unchanged"
    assert AuditEvent.objects.filter(object_type="import").count() == 1
    # Confirming twice does nothing more.
    client.post(reverse("import_confirm", args=["testshire", batch.pk]))
    assert Observation.objects.count() == 10
    page = client.get(reverse("import_start", args=["testshire"])).content.decode()
    assert "Imported actuals_good.xlsx: 5 rows: 4 new" in page


def test_preview_lists_every_problem_and_confirm_saves_nothing(as_user, indicators):
    client = as_user("officer")
    upload(client, "bad_value.csv")
    batch = ImportBatch.objects.get()
    text = client.get(reverse("import_preview", args=["testshire", batch.pk])).content.decode()
    assert "has 2 problems; nothing was saved" in text
    assert "&#x27;seventy&#x27; is not a number." in text and "cannot be above 100.0%" in text
    assert "Import " not in text.split("</h1>")[1].split("<footer")[0] or "<button" not in text.split("</h1>")[1]
    count = Observation.objects.count()
    client.post(reverse("import_confirm", args=["testshire", batch.pk]))
    assert Observation.objects.count() == count


def test_provider_preview_flags_other_organisations_indicators(as_user, indicators):
    client = as_user("provider")
    upload(client, "actuals_good.csv")
    batch = ImportBatch.objects.get()
    text = client.get(reverse("import_preview", args=["testshire", batch.pk])).content.decode()
    assert "NI 072 is led by another organisation" in text
    # Another provider cannot open it.
    assert as_user("other_provider").get(reverse("import_preview", args=["testshire", batch.pk])).status_code == 404


def test_provider_cannot_import_targets(as_user, indicators):
    response = upload(as_user("provider"), "targets_good.csv", kind="targets")
    assert response.status_code == 200 and not ImportBatch.objects.exists()
    assert "Select a valid choice" in response.content.decode()


def test_export_download(as_user, indicators):
    response = as_user("viewer").get(reverse("export_download", args=["testshire", "actuals", "csv"]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="testshire-actuals.csv"'
    assert response.content.decode("utf-8-sig").splitlines()[0] == \
        "indicator,period,area,population_group,value,status,note,expected"
    xlsx = as_user("viewer").get(reverse("export_download", args=["testshire", "targets", "xlsx"]))
    assert xlsx.content[:2] == b"PK"
    assert as_user("viewer").get(reverse("export_download", args=["testshire", "secrets", "csv"])).status_code == 404
    assert as_user("outsider").get(reverse("export_download", args=["testshire", "actuals", "csv"])).status_code == 404


# -- large imports: the confirmation streams a page with the progress -------------------------------------


@pytest.fixture
def streamed(settings, monkeypatch):
    """Every file counts as large, and progress comes every 2 rows (the real ones: 5,000 and 5,000)."""
    from placeboard.imports import importers

    settings.IMPORT_STREAM_ROWS = 1
    monkeypatch.setattr(importers, "PROGRESS_EVERY", 2)


def confirm(client, batch):
    return client.post(reverse("import_confirm", args=["testshire", batch.pk]))


def test_large_import_streams_progress_then_the_outcome(as_user, indicators, streamed):
    client = as_user("officer")
    upload(client, "actuals_good.csv")
    batch = ImportBatch.objects.get()
    before = Observation.objects.count()
    response = confirm(client, batch)
    assert response.status_code == 200 and response.streaming
    assert response["X-Accel-Buffering"] == "no"
    assert Observation.objects.count() == before  # the import runs as the page is sent, not before
    chunks = [chunk.decode() for chunk in response.streaming_content]
    text = "".join(chunks)
    assert chunks[0].startswith("<!DOCTYPE html>") and "Signed in as" in chunks[0]
    assert "Importing actuals_good.csv" in chunks[0] and "Checked" not in chunks[0]
    assert "<li>Read the file: 5 rows</li>" in text and "<li>Checked 2 of 5 rows</li>" in text and "<li>Checked 4 of 5 rows</li>" in text
    assert "<li>Saved 2 of 4 actuals</li>" in text and "<li>Saved 4 of 4 actuals</li>" in text
    assert text.index("Checked 4 of 5") < text.index("Saved 2 of 4") < text.index("Import complete")
    assert "Imported actuals_good.csv: 5 rows: 4 new, 0 changed, 1 unchanged" in text
    assert text.rstrip().endswith("</html>")
    assert Observation.objects.count() == before + 4
    assert Observation.objects.get(period="2006/07 Q2").updated_by.username == "officer"
    batch.refresh_from_db()
    assert batch.state == "imported" and batch.summary == "5 rows: 4 new, 0 changed, 1 unchanged"
    assert AuditEvent.objects.filter(object_type="import").count() == 1
    event = AuditEvent.objects.get(object_type="actual", action="create")  # one for every new actual
    assert event.object_repr == "actuals_good.csv: 4 new actuals" and event.user.username == "officer"
    # Confirming again imports nothing more and says why.
    assert confirm(client, batch).status_code == 302 and Observation.objects.count() == before + 4
    assert "was already imported" in client.get(reverse("import_start", args=["testshire"])).content.decode()


def test_two_confirmations_at_once_import_once(as_user, indicators, streamed):
    client = as_user("officer")
    upload(client, "actuals_good.csv")
    batch = ImportBatch.objects.get()
    first, second = confirm(client, batch), confirm(client, batch)  # both sent before either has run
    assert "Import complete" in "".join(c.decode() for c in first.streaming_content)
    text = "".join(c.decode() for c in second.streaming_content)
    assert "actuals_good.csv was already imported" in text and "Checked" not in text
    assert AuditEvent.objects.filter(object_type="import").count() == 1


def test_small_import_still_redirects(as_user, indicators, settings):
    settings.IMPORT_STREAM_ROWS = 5  # the file has 5 rows: not more than the threshold
    client = as_user("officer")
    upload(client, "actuals_good.csv")
    response = confirm(client, ImportBatch.objects.get())
    assert response.status_code == 302 and not response.streaming


def test_large_import_with_problems_streams_them_and_saves_nothing(as_user, indicators, streamed):
    client = as_user("officer")
    upload(client, "bad_value.csv")  # confirmed straight away, without looking at the preview
    batch = ImportBatch.objects.get()
    before = (Observation.objects.count(), AuditEvent.objects.count())
    text = "".join(c.decode() for c in confirm(client, batch).streaming_content)
    assert "bad_value.csv has 2 problems; nothing was saved" in text
    assert "&#x27;seventy&#x27; is not a number." in text and "cannot be above 100.0%" in text
    assert reverse("import_preview", args=["testshire", batch.pk]) in text
    assert "Import complete" not in text and "Saved" not in text
    assert (Observation.objects.count(), AuditEvent.objects.count()) == before
    batch.refresh_from_db()
    assert batch.state == "rejected"


def test_large_import_finishes_when_the_browser_goes_away(as_user, personas, indicators, streamed):
    upload(as_user("officer"), "actuals_good.csv")
    batch = ImportBatch.objects.get()
    before = Observation.objects.count()
    # Straight to the view, as the server sees it (the test client wraps streamed responses).
    request = RequestFactory().post(reverse("import_confirm", args=["testshire", batch.pk]))
    request.user = personas["officer"]
    response = views.import_confirm(request, "testshire", batch.pk)
    chunks = iter(response)
    next(chunks), next(chunks)  # the page's head and the first progress line
    # Writing to a closed connection fails, so the server closes the response. (Without the end of
    # request's closing of the database connection, which would end the test's transaction.)
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    assert Observation.objects.count() == before + 4
    batch.refresh_from_db()
    assert batch.state == "imported"


def test_large_import_that_fails_part_way_saves_nothing(as_user, indicators, streamed, monkeypatch):
    from placeboard.imports import importers

    real = importers._apply_actuals

    def broken(plan, user, partnership):
        yield from real(plan, user, partnership)  # every figure written, then a failure
        raise RuntimeError("the database went away")

    monkeypatch.setattr(importers, "_apply_actuals", broken)
    client = as_user("officer")
    upload(client, "actuals_good.csv")
    batch = ImportBatch.objects.get()
    before = (Observation.objects.count(), AuditEvent.objects.count())
    text = "".join(c.decode() for c in confirm(client, batch).streaming_content)
    assert "<li>Saved 4 of 4 actuals</li>" in text and "The import failed; nothing was saved" in text
    assert (Observation.objects.count(), AuditEvent.objects.count()) == before
    batch.refresh_from_db()
    assert batch.state == "previewed"


@pytest.mark.parametrize("persona", ALL)
def test_large_import_confirm_gatekeeper(as_user, indicators, streamed, persona):
    upload(as_user("officer"), "actuals_good.csv")
    batch = ImportBatch.objects.get()
    response = confirm(as_user(persona), batch)
    # Only the person who uploaded it, or a performance officer; data providers do not see others' files.
    if persona in {"provider", "other_provider"}:
        assert response.status_code == 404
    else:
        assert response.status_code == expected(persona, {"officer", "superuser"})
    if response.status_code == 200:
        "".join(c.decode() for c in response.streaming_content)
    batch.refresh_from_db()
    assert batch.state == ("imported" if response.status_code == 200 else "previewed")
