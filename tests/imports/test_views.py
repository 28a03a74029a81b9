"""Upload → preview → confirm through the web, exports, and who may do what."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from placeboard.core.models import AuditEvent
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


def test_a_large_export_is_made_in_the_background_never_in_the_request(as_user, indicators, settings):
    """Over REPORTS_DIRECT_MAX_ROWS rows an export is a background download: the import page offers to make
    it (a form, not a link) and the address of the file itself sends to the downloads page instead."""
    actuals = Observation.objects.filter(indicator__partnership__slug="testshire").count()
    settings.REPORTS_DIRECT_MAX_ROWS = actuals - 1
    client = as_user("viewer")
    response = client.get(reverse("export_download", args=["testshire", "actuals", "csv"]), follow=True)
    assert response.redirect_chain == [(reverse("download_list", args=["testshire"]), 302)]
    assert f"Actuals has {actuals:,} rows, so it is made in the background" in response.content.decode()
    page = client.get(reverse("import_start", args=["testshire"])).content.decode()
    request_url = reverse("export_download_request", args=["testshire"])
    assert page.count(f'action="{request_url}"') == 2  # actuals' CSV and XLSX; the small kinds stay links
    assert reverse("export_download", args=["testshire", "actuals", "csv"]) not in page
    assert reverse("export_download", args=["testshire", "targets", "csv"]) in page
    made = client.post(request_url, {"kind": "actuals", "format": "csv"})
    assert made.status_code == 302 and "/downloads/" in made["Location"]
    settings.REPORTS_DIRECT_MAX_ROWS = actuals  # not more than the limit: straight away, as before
    assert client.get(reverse("export_download", args=["testshire", "actuals", "csv"])).status_code == 200
