"""Public engagement pages and feeds: no sign-in, escaped text, parsed feeds, fixed query counts."""

import csv
import datetime
import io
import json
import xml.etree.ElementTree as ET

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placeboard.core.models import Area, Theme
from placeboard.engagement import public_views
from tests.engagement.conftest import make_activity


def url(name, partnership, *args):
    return reverse(name, args=[partnership.slug, *args])


@pytest.fixture(autouse=True)
def spring_2009(monkeypatch):
    """The test plan is set in summer 2009: look at it from 1 May 2009."""
    monkeypatch.setattr(public_views, "local_today", lambda: datetime.date(2009, 5, 1))


def test_an_activity_that_has_ended_is_no_longer_an_opportunity(client, partnership, plan, monkeypatch):
    monkeypatch.setattr(public_views, "local_today", lambda: datetime.date(2009, 6, 15))
    body = client.get(url("public_opportunities", partnership)).content.decode()
    coming, finished = body.split("Finished: results")
    assert "Place Survey" in coming and "Jobs fair" not in coming and "North safety meeting" not in coming
    assert "Jobs fair</a> (June 2009, ended: results to follow)" in finished
    feed = client.get(url("public_activities_atom", partnership)).content.decode()
    assert "Place Survey" in feed and "Jobs fair" not in feed


def test_public_page_lists_open_and_finished_activities(client, partnership, plan):
    survey, meeting, jobs = plan
    make_activity(partnership, "Dropped idea", datetime.date(2009, 6, 1), datetime.date(2009, 6, 1),
                  status="cancelled")
    make_activity(partnership, "Budget consultation", datetime.date(2009, 1, 1), datetime.date(2009, 1, 31),
                  status="reported", you_said_we_did="You said <b>parks</b>; we did parks.")
    body = client.get(url("public_opportunities", partnership)).content.decode()
    assert "Place Survey" in body and "Budget consultation" in body and "Dropped idea" not in body
    assert "Fill in the form posted to you." in body
    north = Area.objects.get(name="North").pk
    body = client.get(url("public_opportunities", partnership), {"area": north}).content.decode()
    assert "Jobs fair" in body and "Place Survey" not in body
    body = client.get(url("public_opportunities", partnership), {"topic": Theme.objects.get(code="2").pk}).content.decode()
    assert "Jobs fair" in body and "North safety meeting" not in body
    finished = [a for a in partnership.engagementactivity_set.all() if a.status == "reported"][0]
    detail = client.get(url("public_activity", partnership, finished.pk)).content.decode()
    assert "You said, we did" in detail and "&lt;b&gt;parks&lt;/b&gt;" in detail
    cancelled = partnership.engagementactivity_set.get(title="Dropped idea")
    assert client.get(url("public_activity", partnership, cancelled.pk)).status_code == 404
    assert client.get(reverse("public_opportunities", args=["nowhere"])).status_code == 404


def test_icalendar_feed_parses(client, partnership, plan):
    survey, meeting, _ = plan
    response = client.get(url("public_activities_ics", partnership))
    assert response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {"Place Survey", "North safety meeting", "Jobs fair"}
    one_day = events["North safety meeting"]
    assert one_day.decoded("dtstart") == datetime.date(2009, 6, 10)
    assert one_day.decoded("dtend") == datetime.date(2009, 6, 11)  # exclusive end of an all-day event
    assert str(one_day["location"]) == "North"
    assert str(events["Place Survey"]["uid"]).startswith(f"activity-{survey.pk}@")
    assert "Fill in the form posted to you." in str(events["Place Survey"]["description"])


def test_atom_feed(client, partnership, plan):
    response = client.get(url("public_activities_atom", partnership))
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = {e.find("a:title", ns).text for e in root.findall("a:entry", ns)}
    assert titles == {"Place Survey", "North safety meeting", "Jobs fair"}


def test_csv_and_json_downloads(client, partnership, plan):
    make_activity(partnership, "=HYPERLINK(\"http://evil\")", datetime.date(2009, 1, 1), datetime.date(2009, 1, 1))
    rows = list(csv.DictReader(io.StringIO(client.get(url("public_activities_download", partnership, "csv"))
                                           .content.decode())))
    by_title = {r["title"]: r for r in rows}
    assert by_title["Place Survey"]["start_date"] == "2009-05-01"
    assert by_title["Place Survey"]["areas"] == "Testshire"
    assert "'=HYPERLINK(\"http://evil\")" in by_title  # not run as a formula by spreadsheets
    data = json.loads(client.get(url("public_activities_download", partnership, "json")).content)
    assert {a["title"] for a in data["activities"]} >= {"Place Survey", "Jobs fair"}
    assert next(a for a in data["activities"] if a["title"] == "Jobs fair")["topics"] == ["2 Economic growth"]
    assert client.get(url("public_activities_download", partnership, "xml")).status_code == 404


def _add(partnership, n):
    for i in range(n):
        make_activity(partnership, f"Activity {i}", datetime.date(2009, 3, 1), datetime.date(2009, 3, 5),
                      areas=["North"], topics=["1"], groups=["Older people"])


PAGES = [("public_opportunities", ()), ("public_activities_ics", ()), ("public_activities_atom", ()),
         ("public_activities_download", ("csv",)), ("public_activities_download", ("json",))]


@pytest.mark.parametrize("name,args", PAGES)
def test_public_pages_run_a_fixed_number_of_queries(client, partnership, name, args):
    counts = []
    for n in (2, 12):
        _add(partnership, n if not counts else n - 2)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(name, partnership, *args)).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1], counts


def test_signed_in_plan_pages_run_a_fixed_number_of_queries(as_user, partnership):
    client = as_user("viewer")
    counts = []
    for n in (2, 10):
        _add(partnership, n)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url("plan_list", partnership))
            client.get(url("plan_calendar", partnership) + "?month=2009-03")
        counts.append(len(ctx))
    assert counts[0] == counts[1], counts
