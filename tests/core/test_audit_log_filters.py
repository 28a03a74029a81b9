"""The audit log through HTTP (issue 15.15): filters by person, kind of object, action and dates as GET parameters,
clear errors for bad input (never a 500), pages at a fixed number of queries, and only for managers."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from placeboard.core.models import AuditEvent, Organisation
from tests.personas import ALL, MANAGERS, expected


def log_url(partnership):
    return reverse("audit_log", args=[partnership.slug])


def add_events(partnership, n, user=None, start=None, action="update", object_type="organisation"):
    """n events an hour apart, the newest first at `start` (auto_now_add is overwritten afterwards)."""
    start = start or timezone.now()
    events = AuditEvent.objects.bulk_create(
        AuditEvent(partnership=partnership, user=user, action=action, object_type=object_type,
                   object_id=str(i), object_repr=f"{object_type.capitalize()} {i}") for i in range(n)
    )
    for i, event in enumerate(events):
        event.at = start - datetime.timedelta(hours=i)
    AuditEvent.objects.bulk_update(events, ["at"])
    return events


def shown(body):
    """The object names in the log's table, in order."""
    return re.findall(r"<strong>([^<]+)</strong>", body)


@pytest.fixture
def officer(as_user):
    return as_user("officer")


@pytest.mark.parametrize("persona", ALL)
def test_only_managers_see_the_log_filtered_or_not(as_user, partnership, persona):
    client = as_user(persona)
    for params in ({}, {"action": "create"}, {"date_from": "nonsense"}):
        assert client.get(log_url(partnership), params).status_code == expected(persona, MANAGERS)


def test_filters_by_person_kind_action_and_system(officer, partnership, personas):
    add_events(partnership, 2, user=personas["officer"], object_type="organisation")
    add_events(partnership, 3, user=personas["viewer"], object_type="theme", action="create")
    add_events(partnership, 1, user=None, object_type="area", action="delete")
    body = officer.get(log_url(partnership)).content.decode()
    assert len(shown(body)) == 6
    assert f'<option value="{personas["viewer"].pk}">viewer</option>' in body  # people in the log are offered
    assert '<option value="theme">Theme</option>' in body
    by_viewer = officer.get(log_url(partnership), {"person": personas["viewer"].pk}).content.decode()
    assert shown(by_viewer) == ["Theme 0", "Theme 1", "Theme 2"]
    assert shown(officer.get(log_url(partnership), {"person": "system"}).content.decode()) == ["Area 0"]
    assert len(shown(officer.get(log_url(partnership), {"object_type": "organisation"}).content.decode())) == 2
    assert shown(officer.get(log_url(partnership), {"action": "delete"}).content.decode()) == ["Area 0"]
    both = officer.get(log_url(partnership), {"object_type": "theme", "action": "update"}).content.decode()
    assert shown(both) == [] and "No changes match these filters." in both


def test_filters_by_date_range_in_local_days(officer, partnership):
    # 30 June 2026 23:30 in London is 22:30 UTC: it belongs to the 30th, not the 1st of July.
    late = timezone.make_aware(datetime.datetime(2026, 6, 30, 23, 30))
    add_events(partnership, 48, start=late)  # back to 29 June 00:30
    body = officer.get(log_url(partnership), {"date_from": "30/6/2026", "date_to": "30/6/2026"}).content.decode()
    assert len(shown(body)) == 24 and "There is a problem" not in body
    body = officer.get(log_url(partnership), {"date_from": "2026-07-01"}).content.decode()
    assert shown(body) == []
    assert len(shown(officer.get(log_url(partnership), {"date_to": "29 6 2026"}).content.decode())) == 24


@pytest.mark.parametrize("params, message", [
    ({"date_from": "31/2/2026"}, "From: Enter a real date, for example 27/3/2026"),
    ({"date_to": "yesterday"}, "To: Enter a real date"),
    ({"date_from": "1/1/0001"}, "Enter a date between 1900 and 2999"),
    ({"date_to": "31/12/9999"}, "Enter a date between 1900 and 2999"),
    ({"date_from": "2/3/2026", "date_to": "1/3/2026"}, "must be the same as or after"),
    ({"person": "99999999999999999999999"}, "Select a valid choice"),
    ({"object_type": "<script>"}, "Select a valid choice"),
    ({"action": "explode"}, "Select a valid choice"),
])
def test_bad_filters_are_explained_not_a_server_error(officer, partnership, params, message):
    add_events(partnership, 3)
    response = officer.get(log_url(partnership), params)
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body and message in body and "govuk-error-message" in body
    assert shown(body) == [] and "Correct the filters above" in body


@pytest.mark.parametrize("cursor", ["nonsense", "9" * 30 + "-1", "9" * 18 + "-1", "99999999999999999-5", "-1-1", "1-"])
def test_bad_page_cursors_start_again_at_the_newest(officer, partnership, cursor):
    add_events(partnership, 3)
    for name in ("before", "after"):
        response = officer.get(log_url(partnership), {name: cursor})
        assert response.status_code == 200
        assert shown(response.content.decode())[0] == "Organisation 0"


def follow(client, path, body, rel):
    """The page a pagination link leads to (the links are query strings relative to the log's address)."""
    found = re.search(rf'href="([^"]+)" rel="{rel}"', body)
    return None if found is None else client.get(path + found.group(1).replace("&amp;", "&")).content.decode()


def test_pages_forwards_and_back_keeping_the_filters(officer, partnership, personas):
    add_events(partnership, 120, user=personas["officer"])
    add_events(partnership, 30, user=None, object_type="theme")  # interleaved, filtered out
    params = {"person": personas["officer"].pk}
    path = log_url(partnership)
    first = officer.get(path, params).content.decode()
    second = follow(officer, path, first, "next")
    third = follow(officer, path, second, "next")
    assert shown(first) == [f"Organisation {i}" for i in range(50)]
    assert shown(second) == [f"Organisation {i}" for i in range(50, 100)]
    assert shown(third) == [f"Organisation {i}" for i in range(100, 120)]
    assert 'rel="next"' not in third and 'rel="prev"' not in first
    assert shown(follow(officer, path, third, "prev")) == shown(second)
    assert shown(follow(officer, path, second, "prev")) == shown(first)
    assert f"person={personas['officer'].pk}" in re.search(r'href="([^"]+)" rel="next"', first).group(1)


def count_queries(client, path, params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("params", [{}, {"action": "update", "date_from": "1/1/2000"}, {"person": "system"}])
def test_query_count_does_not_grow_with_the_log(officer, partnership, personas, params):
    path = log_url(partnership)
    counts = []
    for n in (30, 270):  # 30 entries, then 300
        add_events(partnership, n // 3, user=personas["officer"])
        add_events(partnership, n // 3, user=personas["viewer"], object_type="theme")
        add_events(partnership, n // 3, user=None)
        counts.append(count_queries(officer, path, params))
    assert counts[0] == counts[1], f"{counts[0]} queries with 30 entries, {counts[1]} with 300"
    # A page deep in the log costs the same.
    older = AuditEvent.objects.order_by("-at", "-id")[200]
    cursor = f"{(older.at - datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)) // datetime.timedelta(microseconds=1)}"
    assert count_queries(officer, path, {**params, "before": f"{cursor}-{older.pk}"}) == counts[0]


def test_a_real_change_appears_with_its_filters(officer, partnership, personas):
    officer.post(reverse("framework_create", args=[partnership.slug, "organisations"]),
                 {"name": "Testshire Fire", "short_name": "", "sector": "public"})
    assert Organisation.objects.filter(name="Testshire Fire").exists()
    body = officer.get(log_url(partnership), {"person": personas["officer"].pk, "action": "create",
                                              "object_type": "organisation"}).content.decode()
    assert shown(body) == ["Testshire Fire"]
