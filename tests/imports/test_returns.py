"""The per-round data return: download pre-filled, fill in offline, upload."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from placeboard.core.models import Group, Organisation
from placeboard.imports.models import ImportBatch
from placeboard.performance.models import Observation, ReportingRound
from placeboard.performance.periods import parse_period


@pytest.fixture
def round_(partnership, indicators):
    r = ReportingRound(partnership=partnership, name="Q1 2006/07 report", reporting_date="2006-06-30")
    r.set_period(parse_period("2006/07 Q1"))
    r.save()
    r.groups.add(Group.objects.get(name="Safer Communities Group"))
    return r


def download(client, round_, org_name):
    org = Organisation.objects.get(name=org_name)
    return client.get(reverse("return_template", args=["testshire"]),
                      {"round": round_.pk, "organisation": org.pk})


def test_template_lists_the_organisations_indicators_prefilled(as_user, round_):
    response = download(as_user("provider"), round_, "Testshire Police")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["indicator", "period", "area", "population_group", "value", "status", "note", "expected",
                       "title"]
    assert [r[:2] for r in rows[1:]] == [["CYP 36", "2006/07 Q1"], ["CYP 41", "2006/07 Q1"]]
    assert rows[1][4] == 58 and rows[2][4] == 26.8  # figures already given are filled in


def test_provider_cannot_download_another_organisations_return(as_user, round_):
    assert download(as_user("provider"), round_, "Testshire Council").status_code == 403
    assert download(as_user("viewer"), round_, "Testshire Police").status_code == 403
    assert download(as_user("officer"), round_, "Testshire Council").status_code == 200


def test_filled_in_return_records_figures_and_skips_blank_rows(as_user, round_):
    client = as_user("provider")
    workbook = load_workbook(io.BytesIO(download(client, round_, "Testshire Police").content))
    sheet = workbook.worksheets[0]
    sheet["E2"] = 61  # CYP 36 corrected
    sheet["F2"] = "final"
    sheet["E3"] = None  # CYP 41 left blank
    out = io.BytesIO()
    workbook.save(out)
    client.post(reverse("import_start", args=["testshire"]),
                {"kind": "return", "file": SimpleUploadedFile("police-return.xlsx", out.getvalue())})
    batch = ImportBatch.objects.get()
    preview = client.get(reverse("import_preview", args=["testshire", batch.pk])).content.decode()
    assert "1 changed" in preview
    client.post(reverse("import_confirm", args=["testshire", batch.pk]))
    batch.refresh_from_db()
    assert batch.summary == "2 rows: 0 new, 1 changed, 0 unchanged, 1 left blank"
    cyp36 = Observation.objects.get(indicator__code="CYP 36", period="2006/07 Q1", area=None)
    assert (cyp36.value, cyp36.status, cyp36.updated_by.username) == (61, "final", "provider")
    assert Observation.objects.get(indicator__code="CYP 41", period="2006/07 Q1").value == Decimal("26.8")


def test_import_page_offers_the_template(as_user, round_):
    text = as_user("officer").get(reverse("import_start", args=["testshire"])).content.decode()
    assert "Data-return templates" in text and "Q1 2006/07 report" in text
