"""Open data (issue 19 §3, docs/api.md "Open data"): each package is a valid Frictionless Data Package, holds only
what the public pages show (never a reporter's details, a provisional or unpublished figure, a cancelled activity),
writes formulas inert, carries its partnership's licence, and runs a fixed number of queries whatever its rows."""

import csv
import datetime
import io
import json
import re
from pathlib import Path

import frictionless
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from placeboard.core.forms import PartnershipForm
from placeboard.core.models import Area, Organisation, Partnership
from placeboard.engagement.models import CommunityIssue, IssueCategory, RoutingRule
from placeboard.opendata import packages
from placeboard.performance.models import Indicator, Observation
from tests.engagement import test_issue_views as issue_flow  # a module, so pytest does not collect its tests twice
from tests.engagement.conftest import make_activity
from tests.performance.conftest import add_actual, build_indicators
from tests.personas import ALL

PACKAGES = {"performance": ["indicators", "figures"], "community-issues": ["issues"],
            "engagement-activities": ["activities"]}
DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def get(client, name, *args, status=200):
    response = client.get(reverse(name, args=args))
    assert response.status_code == status, (name, args, response.status_code)
    if status != 200:
        return response
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode()


def descriptor(client, slug, package):
    return json.loads(get(client, "public_open_data_package", slug, package))


def resource(client, slug, package, name):
    return get(client, "public_open_data_resource", slug, package, name)


def rows(client, slug, package, name):
    return list(csv.DictReader(io.StringIO(resource(client, slug, package, name))))


def files(client, slug):
    """Every package's datapackage.json and CSV files, one after another."""
    texts = []
    for package, names in PACKAGES.items():
        texts.append(get(client, "public_open_data_package", slug, package))
        texts += [resource(client, slug, package, name) for name in names]
    return "\n".join(texts)


def everything(client, slug):
    """Every open data address's text, the list page included."""
    return get(client, "public_open_data", slug) + files(client, slug)


def validate(client, slug, package, tmp_path):
    """Writes the package as a resident would download it and validates it with frictionless."""
    folder = tmp_path / package
    folder.mkdir()
    body = descriptor(client, slug, package)
    (folder / "datapackage.json").write_text(json.dumps(body), encoding="utf-8")
    for entry in body["resources"]:
        (folder / entry["path"]).write_text(resource(client, slug, package, entry["name"]), encoding="utf-8",
                                            newline="")
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])
    return body


@pytest.fixture
def data(partnership, client):
    """Public and private figures, a live and an unconfirmed issue, public and cancelled activities."""
    found = build_indicators(partnership)
    ni72, ni92 = found["ni72"], found["ni92"]
    Indicator.objects.filter(pk__in=[ni72.pk, ni92.pk]).update(public=True)  # treatment stays private
    north = Area.objects.get(name="North")
    add_actual(ni72, "AY 2009/10", "58.1", area=north, status="final", note="=HYPERLINK(\"http://evil.example\")",
               note_public=True)
    add_actual(ni72, "AY 2008/09", "71.3", area=north)  # provisional
    add_actual(ni92, "AY 2007/08", "33.3", status="final", approval=Observation.Approval.APPROVED)  # not published
    roads = IssueCategory.objects.create(partnership=partnership, name="Roads and pavements")
    council = Organisation.objects.get(name="Testshire Council")
    live = CommunityIssue.objects.create(
        partnership=partnership, title="@SUM(1+1) Pothole", description="Private words of Zebedee", area=north,
        category=roads, location="Station Road", reporter_name="Zebedee Quuxley",
        reporter_email="zebedee.quux@example.org", confirm_token="live", confirmed_at=timezone.now(),
        organisation=council)
    CommunityIssue.objects.create(
        partnership=partnership, title="Unconfirmed lamp", description="d", area=north, category=roads,
        reporter_name="Una Confirmed", reporter_email="una@example.org", confirm_token="unconfirmed",
        organisation=council)
    d = datetime.date
    survey = make_activity(partnership, "+Place Survey", d(2009, 5, 1), d(2009, 6, 30), areas=["Testshire", "North"],
                           topics=["1"], groups=["Older people"], status="open")
    make_activity(partnership, "Cancelled fair", d(2009, 6, 1), d(2009, 6, 2), status="cancelled")
    return {"ni72": ni72, "ni92": ni92, "treatment": found["treatment"], "issue": live, "survey": survey}


@pytest.fixture
def routing(data, partnership):
    """As the engagement tests' routing: anything to the council, so the public form can raise an issue."""
    roads = IssueCategory.objects.get(name="Roads and pavements")
    RoutingRule.objects.create(partnership=partnership, organisation=Organisation.objects.get(name="Testshire Council"))
    return IssueCategory.objects.create(partnership=partnership, name="Anti-social behaviour"), roads


def test_each_package_is_a_valid_frictionless_data_package(client, partnership, data, tmp_path):
    for package, names in PACKAGES.items():
        body = validate(client, partnership.slug, package, tmp_path)
        assert body["name"] == f"testshire-{package}"
        assert [r["name"] for r in body["resources"]] == names
        assert all(r["path"] == f"{r['name']}.csv" for r in body["resources"])
        assert body["licenses"] == [{"name": "OGL-UK-3.0", "title": "Open Government Licence v3.0",
                                     "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"}]
    figures = descriptor(client, partnership.slug, "performance")["resources"][1]["schema"]
    assert figures["foreignKeys"] == [{"fields": ["indicator"], "reference": {"resource": "indicators",
                                                                              "fields": ["code"]}}]
    types = {f["name"]: f["type"] for f in figures["fields"]}
    assert types["value"] == "number" and types["period_start"] == "date" and types["target"] == "number"


def test_frictionless_catches_a_broken_package(client, partnership, data, tmp_path):
    """The validation above can fail: a figure of an indicator missing from the indicators file is refused."""
    folder = tmp_path / "broken"
    folder.mkdir()
    body = descriptor(client, partnership.slug, "performance")
    (folder / "datapackage.json").write_text(json.dumps(body), encoding="utf-8")
    indicators = resource(client, partnership.slug, "performance", "indicators").splitlines(keepends=True)
    (folder / "indicators.csv").write_text("".join(indicators[:1] + indicators[2:]), encoding="utf-8", newline="")
    (folder / "figures.csv").write_text(resource(client, partnership.slug, "performance", "figures"),
                                        encoding="utf-8", newline="")
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert not report.valid and "foreign-key" in {kind for (kind,) in report.flatten(["type"])}


def test_performance_holds_published_figures_only(client, partnership, data):
    slug = partnership.slug
    assert [r["code"] for r in rows(client, slug, "performance", "indicators")] == ["NI 072", "NI 092"]
    figures = rows(client, slug, "performance", "figures")
    assert [(f["indicator"], f["period"], f["geography"], f["area"], f["value"], f["target"], f["status"])
            for f in figures] == [("NI 072", "AY 2009/10", "whole_place", "Testshire", "57.4", "57.2", "Green"),
                                  ("NI 072", "AY 2009/10", "area", "North", "58.1", "", "")]
    text = everything(client, slug)
    for hidden in ("57.0", ",57,", "71.3", "29.6", "31.4", "33.3", "CYP 36", data["treatment"].title):
        assert hidden not in text, hidden
    assert figures[0]["period_start"] == "2009-09-01" and figures[0]["period_end"] == "2010-08-31"
    # Each row's address is its public page.
    for package, name in (("performance", "indicators"), ("community-issues", "issues"),
                          ("engagement-activities", "activities")):
        for row in rows(client, slug, package, name):
            assert client.get(row["url"].removeprefix("http://testserver")).status_code == 200, row["url"]


def test_no_personal_data_anywhere(client, partnership, routing, data):
    """A resident's name, e-mail address and description, raised through the public form, never come out."""
    issue_flow.raise_and_confirm(client, partnership, routing, reporter_name="Xanthippe Marlowe-Quist",
                                 reporter_email="xanthippe.mq@example.org", title="Broken bench",
                                 description="Call me on 07700 900123 at Flat 2")
    text = everything(client, partnership.slug)
    assert "Broken bench" in text and "Pothole" in text
    for personal in ("Xanthippe", "Marlowe-Quist", "xanthippe.mq@example.org", "07700 900123", "Flat 2",
                     "Zebedee", "zebedee.quux", "@example.org", "Una Confirmed", "Unconfirmed lamp"):
        assert personal not in text, personal
    issues = rows(client, partnership.slug, "community-issues", "issues")
    assert set(issues[0]) == {"id", "title", "category", "area", "area_code", "location", "status", "status_code",
                              "held_by", "raised", "status_changed", "url"}


def test_cancelled_activities_are_left_out(client, partnership, data):
    activities = rows(client, partnership.slug, "engagement-activities", "activities")
    assert [a["title"] for a in activities] == ["'+Place Survey"]
    assert activities[0]["areas"] == "North; Testshire" and activities[0]["population_groups"] == "Older people"
    assert activities[0]["start_date"] == "2009-05-01"
    assert "Cancelled fair" not in everything(client, partnership.slug)


def test_formulas_are_written_inert(client, partnership, data):
    slug = partnership.slug
    figures = rows(client, slug, "performance", "figures")
    assert figures[1]["commentary"] == "'=HYPERLINK(\"http://evil.example\")"
    assert rows(client, slug, "community-issues", "issues")[0]["title"] == "'@SUM(1+1) Pothole"
    assert rows(client, slug, "engagement-activities", "activities")[0]["title"] == "'+Place Survey"
    for text in (resource(client, slug, p, n) for p, names in PACKAGES.items() for n in names):
        for row in csv.reader(io.StringIO(text)):
            assert not any(re.match(r"[=+@\t\r]", cell) for cell in row), row
            assert not any(cell.startswith("-") and not re.fullmatch(r"-[\d.]+", cell) for cell in row), row


def test_the_licence_is_set_per_partnership(client, partnership, data):
    other = Partnership.objects.create(slug="otherton", name="Otherton Partnership", place="Otherton",
                                       open_data_licence="CC0-1.0")
    assert Partnership.objects.get(pk=partnership.pk).open_data_licence == "OGL-UK-3.0"  # the default
    for package in PACKAGES:
        assert descriptor(client, "otherton", package)["licenses"][0]["name"] == "CC0-1.0"
        assert descriptor(client, "testshire", package)["licenses"][0]["name"] == "OGL-UK-3.0"
    page = get(client, "public_open_data", "otherton")
    assert 'href="https://creativecommons.org/publicdomain/zero/1.0/" rel="license"' in page
    for name in ("public_partnership", "public_performance"):
        assert "Creative Commons CC0 1.0 (public domain)" in get(client, name, "otherton")
        html = get(client, name, "testshire")
        assert "Open Government Licence v3.0" in html and reverse("public_open_data", args=["testshire"]) in html
    # Another partnership's package holds none of this one's rows.
    assert rows(client, "otherton", "performance", "figures") == []
    assert "Pothole" not in get(client, "public_open_data_resource", other.slug, "community-issues", "issues")
    assert "open_data_licence" in PartnershipForm().fields


@pytest.mark.parametrize("persona", ALL)
def test_everyone_gets_the_same_public_files(as_user, partnership, data, persona):
    """Open data is public: signing in, as anyone, neither adds to it nor takes from it."""
    anonymous = files(as_user("anonymous"), partnership.slug)
    assert files(as_user(persona), partnership.slug) == anonymous
    assert "Pothole" in anonymous and "zebedee" not in anonymous.lower()


def test_unknown_addresses_are_not_found(client, partnership, data):
    get(client, "public_open_data", "nowhere", status=404)
    get(client, "public_open_data_package", "nowhere", "performance", status=404)
    get(client, "public_open_data_package", "testshire", "secrets", status=404)
    get(client, "public_open_data_resource", "nowhere", "performance", "figures", status=404)
    get(client, "public_open_data_resource", "testshire", "secrets", "figures", status=404)
    get(client, "public_open_data_resource", "testshire", "performance", "issues", status=404)  # another package's
    get(client, "public_open_data_resource", "testshire", "community-issues", "reporters", status=404)


def test_queries_do_not_grow_with_rows(client, partnership, data):
    north = Area.objects.get(name="North")
    category = IssueCategory.objects.get(name="Roads and pavements")

    def add(n, start):
        for i in range(start, start + n):
            indicator = Indicator.objects.create(partnership=partnership, code=f"X {i:03}", title=f"X {i}",
                                                 value_type="count", polarity="higher", decimal_places=0,
                                                 collection_interval="financial_year", public=True)
            for year in (2007, 2008):
                add_actual(indicator, f"{year}/{(year + 1) % 100:02}", str(i), status="final")
                add_actual(indicator, f"{year}/{(year + 1) % 100:02}", str(i), area=north, status="final")
            CommunityIssue.objects.create(partnership=partnership, title=f"Issue {i}", description="d", area=north,
                                          category=category, reporter_name="A", reporter_email="a@example.org",
                                          confirm_token=f"t{i}", confirmed_at=timezone.now())
            make_activity(partnership, f"Activity {i}", datetime.date(2009, 1, 1), datetime.date(2009, 1, 2),
                          areas=["North"], topics=["1"])

    counts = []
    for n, start in ((2, 0), (12, 2)):
        add(n, start)
        with CaptureQueriesContext(connection) as ctx:
            text = everything(client, partnership.slug)
        assert f"X {start + n - 1:03}" in text and f"Activity {start + n - 1}" in text
        counts.append(len(ctx))
    assert counts[0] == counts[1], counts


def test_rows_stop_at_the_bound(client, partnership, data, monkeypatch):
    monkeypatch.setattr(packages, "MAX_ROWS", 1)
    assert len(rows(client, partnership.slug, "performance", "figures")) == 1


def _open_data_section():
    text = DOCS.read_text(encoding="utf-8")
    start = text.index("## Open data")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else len(text)]


def test_the_curl_examples_in_the_docs_work(client, partnership, data):
    """Each curl in docs/api.md's "Open data" section, run against the test server as it is written."""
    commands = [line for block in re.findall(r"```bash\n(.*?)```", _open_data_section(), re.S)
                for line in block.splitlines() if line.startswith("curl ")]
    assert len(commands) == 7
    for command in commands:
        address = re.search(r"https://placeboard\.example(/\S*)", command).group(1)
        response = client.get(address)
        assert response.status_code == 200, command
        if address.endswith(".csv"):
            assert response["Content-Type"] == "text/csv; charset=utf-8"
            assert b"".join(response.streaming_content).count(b"\r\n") >= 2  # a header and rows
        elif address.endswith(".json"):
            assert response.json()["resources"]
