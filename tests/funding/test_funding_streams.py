"""Managing funding streams on the web: permissions, audit, bad input and query counts."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placeboard.core.models import AuditEvent, Outcome, Theme
from placeboard.funding.models import FundingAmount, FundingStream


def form_data(theme, **overrides):
    data = {"name": "Safer Streets Fund", "theme": theme.pk, "arrangement": "pooled", "pooling": "automatic",
            "previously_pooled": "on", "heading": "", "position": "0", "note": "",
            "amounts-TOTAL_FORMS": "2", "amounts-INITIAL_FORMS": "0", "amounts-MIN_NUM_FORMS": "0",
            "amounts-MAX_NUM_FORMS": "1000",
            "amounts-0-year": "2007/08", "amounts-0-capital": "£134,760", "amounts-0-revenue": "364350.50",
            "amounts-0-note": "", "amounts-1-year": "", "amounts-1-capital": "", "amounts-1-revenue": "",
            "amounts-1-note": ""}
    data.update(overrides)
    return data


@pytest.fixture
def theme(partnership):
    return Theme.objects.get(partnership=partnership, code="1")


@pytest.mark.parametrize("persona, list_status, add_status", [
    ("officer", 200, 200), ("superuser", 200, 200), ("viewer", 200, 403), ("provider", 200, 403),
    ("theme_lead", 200, 403), ("outsider", 404, 404), ("anonymous", 302, 302),
])
def test_who_may_see_and_manage(as_user, partnership, persona, list_status, add_status):
    client = as_user(persona)
    assert client.get(reverse("funding_stream_list", args=[partnership.slug])).status_code == list_status
    assert client.get(reverse("funding_stream_create", args=[partnership.slug])).status_code == add_status


def test_officer_adds_changes_and_deletes_a_stream_with_audit(as_user, partnership, theme):
    client = as_user("officer")
    outcome = Outcome.objects.get(partnership=partnership, code="1.1.1")
    response = client.post(reverse("funding_stream_create", args=[partnership.slug]),
                           form_data(theme, outcomes=[outcome.pk]))
    assert response.status_code == 302
    stream = FundingStream.objects.get(name="Safer Streets Fund")
    amount = stream.amounts.get()
    assert (amount.year, amount.capital, amount.revenue) == ("2007/08", Decimal("134760"), Decimal("364350.50"))
    assert list(stream.outcomes.all()) == [outcome]
    assert AuditEvent.objects.filter(object_type="funding stream", action="create").count() == 1
    assert AuditEvent.objects.filter(object_type="funding amount", action="create").count() == 1

    edit = form_data(theme, **{"amounts-INITIAL_FORMS": "1", "amounts-0-id": str(amount.pk),
                               "amounts-0-stream": str(stream.pk), "amounts-0-revenue": "400000",
                               "amounts-1-year": "2008/09", "amounts-1-revenue": "1"})
    assert client.post(reverse("funding_stream_edit", args=[partnership.slug, stream.pk]), edit).status_code == 302
    assert sorted(stream.amounts.values_list("year", "revenue")) == [("2007/08", Decimal("400000")),
                                                                      ("2008/09", Decimal("1"))]
    update = AuditEvent.objects.get(object_type="funding amount", action="update")
    assert update.changes["revenue"] == ["364350.50", "400000.00"]

    page = client.get(reverse("funding_stream_delete", args=[partnership.slug, stream.pk]))
    assert "Delete funding stream" in page.content.decode()
    assert client.post(reverse("funding_stream_delete", args=[partnership.slug, stream.pk])).status_code == 302
    assert not FundingStream.objects.exists() and not FundingAmount.objects.exists()
    assert AuditEvent.objects.filter(object_type="funding stream", action="delete").count() == 1


@pytest.mark.parametrize("overrides, message", [
    ({"amounts-0-revenue": "-5"}, "Enter an amount of £0 or more."),
    ({"amounts-0-capital": "lots"}, "Enter an amount in pounds"),
    ({"amounts-0-year": "2007"}, "Enter a financial year"),
    ({"amounts-1-year": "2007/08", "amounts-1-revenue": "3"}, "Give each year once: 2007/08"),
    ({"pooling": ""}, "Say whether this pooled funding is pooled automatically"),
    ({"arrangement": "aligned"}, "Aligned funding is not pooled"),
    ({"name": ""}, "This field is required."),
])
def test_bad_input_is_explained_and_nothing_is_saved(as_user, partnership, theme, overrides, message):
    client = as_user("officer")
    response = client.post(reverse("funding_stream_create", args=[partnership.slug]), form_data(theme, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode(), response.content.decode()[response.content.decode().find("problem"):][:1500]
    assert not FundingStream.objects.exists() and not FundingAmount.objects.exists()
    assert not AuditEvent.objects.exists()


def test_officer_cannot_reach_another_partnerships_stream(as_user, partnership, theme):
    from placeboard.core.models import Partnership

    other = Partnership.objects.get(slug="elsewhere")
    other_theme = Theme.objects.create(partnership=other, code="X", name="X")
    stream = FundingStream.objects.create(partnership=other, theme=other_theme, name="Theirs", arrangement="aligned")
    client = as_user("officer")
    assert client.get(reverse("funding_stream_edit", args=[partnership.slug, stream.pk])).status_code == 404
    assert client.post(reverse("funding_stream_delete", args=[partnership.slug, stream.pk])).status_code == 404
    # A theme of another partnership is not a valid block.
    response = client.post(reverse("funding_stream_create", args=[partnership.slug]), form_data(other_theme))
    assert response.status_code == 400


def _add_streams(partnership, theme, outcome, n):
    start = FundingStream.objects.count()
    for i in range(start, start + n):
        stream = FundingStream.objects.create(partnership=partnership, theme=theme, name=f"Stream {i}",
                                              arrangement="pooled", pooling="other")
        stream.outcomes.add(outcome)
        FundingAmount.objects.create(stream=stream, year="2007/08", revenue=i)


def test_list_page_queries_do_not_grow_with_streams(as_user, partnership, theme):
    client = as_user("officer")
    outcome = Outcome.objects.get(partnership=partnership, code="1.1.1")
    url = reverse("funding_stream_list", args=[partnership.slug])
    counts = []
    for n in (2, 12):
        _add_streams(partnership, theme, outcome, n)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1]
    assert "Stream 13" in response.content.decode()
