"""Recent imports lists only the batches the person may open: no link on the page leads to an error."""

import re

import pytest
from django.urls import reverse

from placeboard.core.models import Partnership
from placeboard.imports.models import ImportBatch
from tests.personas import MEMBERS


@pytest.fixture
def batches(personas):
    p = Partnership.objects.get(slug="testshire")
    return {
        "officer's catalogue": ImportBatch.objects.create(partnership=p, kind="indicators", filename="officer.csv",
                                                     content=b"", uploaded_by=personas["officer"]),
        "provider's figures": ImportBatch.objects.create(partnership=p, kind="actuals", filename="provider.csv",
                                                         content=b"", uploaded_by=personas["provider"]),
    }


@pytest.mark.parametrize("persona", sorted(MEMBERS))
def test_every_listed_import_opens(as_user, batches, persona):
    client = as_user(persona)
    page = client.get(reverse("import_start", args=["testshire"])).content.decode()
    links = re.findall(r'href="(/p/testshire/imports/\d+/[^"]*)"', page)
    assert all(client.get(link).status_code == 200 for link in links), links
    listed = {b.filename for b in batches.values() if b.filename in page}
    expected = {"officer": {"officer.csv", "provider.csv"}, "superuser": {"officer.csv", "provider.csv"},
                "provider": {"provider.csv"}}
    assert listed == expected.get(persona, set())


def test_the_upload_form_is_a_govuk_form_and_says_what_is_missing(as_user, partnership):
    client = as_user("officer")
    page = client.get(reverse("import_start", args=[partnership.slug])).content.decode()
    assert 'class="govuk-radios__input"' in page
    refused = client.post(reverse("import_start", args=[partnership.slug]), {}).content.decode()
    assert "Choose what the file holds." in refused and "Choose a .csv or .xlsx file to upload." in refused
    assert "This field is required." not in refused
