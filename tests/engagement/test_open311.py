"""Open311 GeoReport v2 (engagement/open311.py): every endpoint in JSON and XML, filters, the same checks
as the public form, no personal data, the status mapping, and an independent client against a live server."""

import datetime
import re
import shlex
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import requests
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from georeport import GeoReport

from placeboard.core.models import Area, AuditEvent, Partnership
from placeboard.engagement import issue_rules, open311
from placeboard.engagement.models import CommunityIssue, IssueCategory, IssueUpdate
from tests.personas import ALL

BASE = "/open311/v2/"
J = {"jurisdiction_id": "testshire"}


def make_issue(partnership, category, title="Pothole on Station Road", *, status="new", confirmed=True,
               when=None, **extra):
    issue = CommunityIssue.objects.create(
        partnership=partnership, category=category, title=title, description=f"About {title}.",
        area=Area.objects.get(partnership=partnership, name="North"), location="Station Road",
        reporter_name="Zebedee Secretname", reporter_email="zebedee.secret@example.org",
        confirm_token=f"t-{title}-{status}", status=status, **extra)
    if confirmed:
        CommunityIssue.objects.filter(pk=issue.pk).update(confirmed_at=when or timezone.now())
        issue.refresh_from_db()
    return issue


def post_data(routing, **overrides):
    asb, roads = routing
    data = {**J, "service_code": str(roads.pk), "attribute[area]": str(Area.objects.get(name="North").pk),
            "attribute[title]": "Broken streetlight on Elm Road", "description": "Out for a week.",
            "first_name": "Ann", "last_name": "Resident", "email": "ann@example.org", "phone": "07700 900123",
            "address_string": "12 Elm Road"}
    data.update(overrides)
    return data


def xml(response):
    return ET.fromstring(response.content)


def confirm_link(outbox_message, host="http://testserver"):
    return re.search(re.escape(host) + r"(\S+)", outbox_message.body).group(1)


# Discovery, services and their definitions ---------------------------------------------------------------------


def test_discovery_in_json_and_xml(client, db):
    data = client.get(BASE + "discovery.json").json()
    endpoint = data["endpoints"][0]
    assert endpoint["specification"] == open311.SPEC and endpoint["url"] == "http://testserver/open311/v2/"
    assert endpoint["formats"] == ["application/json", "text/xml"]
    root = xml(client.get(BASE + "discovery.xml"))
    assert root.tag == "discovery"
    assert [f.text for f in root.find("endpoints/endpoint/formats")] == ["application/json", "text/xml"]


def test_services_are_the_partnerships_categories(client, partnership, routing):
    asb, roads = routing
    other = Partnership.objects.create(slug="elsewhere", name="Elsewhere", place="Elsewhere")
    IssueCategory.objects.create(partnership=other, name="Elsewhere's bins")
    data = client.get(BASE + "services.json", J).json()
    assert [s["service_name"] for s in data] == ["Anti-social behaviour", "Roads and pavements"]
    assert data[0] == {"service_code": str(asb.pk), "service_name": "Anti-social behaviour",
                       "description": "Anti-social behaviour", "metadata": True, "type": "realtime",
                       "keywords": "", "group": ""}
    response = client.get(BASE + "services.xml", J)
    assert response["Content-Type"].startswith("text/xml")
    services = xml(response).findall("service")
    assert [s.findtext("service_code") for s in services] == [str(asb.pk), str(roads.pk)]
    assert services[0].findtext("metadata") == "true"


def test_jurisdiction_is_required_only_while_there_are_several(client, partnership, routing):
    assert len(client.get(BASE + "services.json").json()) == 2  # one partnership: it may be left out
    Partnership.objects.create(slug="elsewhere", name="Elsewhere", place="Elsewhere")
    response = client.get(BASE + "services.json")
    assert response.status_code == 400
    assert response.json() == [{"code": 400, "description": "jurisdiction_id is required: give the "
                                                             "partnership's short name."}]
    response = client.get(BASE + "services.xml", {"jurisdiction_id": "nowhere"})
    assert response.status_code == 404 and xml(response).find("error/code").text == "404"


def test_service_definition_lists_the_areas(client, partnership, routing):
    asb, roads = routing
    data = client.get(BASE + f"services/{roads.pk}.json", J).json()
    assert data["service_code"] == str(roads.pk)
    area, title = data["attributes"]
    assert area["code"] == "area" and area["required"] and area["datatype"] == "singlevaluelist"
    assert [v["name"] for v in area["values"]] == ["North", "Testshire"]
    assert title["code"] == "title" and not title["required"]
    root = xml(client.get(BASE + f"services/{roads.pk}.xml", J))
    assert root.tag == "service_definition"
    assert [v.findtext("name") for v in root.findall("attributes/attribute/values/value")] == ["North", "Testshire"]
    other = Partnership.objects.create(slug="elsewhere", name="Elsewhere", place="Elsewhere")
    theirs = IssueCategory.objects.create(partnership=other, name="Bins")
    for code in [theirs.pk, 999999, "abc", "9" * 40]:
        assert client.get(BASE + f"services/{code}.json", J).status_code == 404


def test_bad_format_and_method(client, partnership, routing):
    assert client.get(BASE + "services.csv", J).status_code == 404
    response = client.put(BASE + "services.json")
    assert response.status_code == 405 and response["Allow"] == "GET"
    assert client.delete(BASE + "requests.xml").status_code == 405


# Posting a request: the public form's checks and confirmation ----------------------------------------------------


def test_post_needs_confirmation_and_then_gives_the_id(client, partnership, routing):
    response = client.post(BASE + "requests.json", post_data(routing))
    assert response.status_code == 200, response.content
    [answer] = response.json()
    assert set(answer) == {"token", "service_notice"}
    issue = CommunityIssue.objects.get()
    assert issue.confirmed_at is None and issue.title == "Broken streetlight on Elm Road"
    assert issue.location == "12 Elm Road" and issue.reporter_name == "Ann Resident"
    assert issue.organisation.name == "Testshire Council"  # routed as the form's issues are
    assert AuditEvent.objects.filter(action="create").count() == 1
    # Neither the token nor the listing reveals or publishes it before confirmation.
    assert answer["token"] != issue.confirm_token
    token_url = BASE + f"tokens/{answer['token']}.json"
    assert client.get(token_url, J).status_code == 404
    assert client.get(BASE + "requests.json", J).json() == []
    assert client.get(BASE + f"requests/{issue.pk}.json", J).status_code == 404
    assert mail.outbox[0].to == ["ann@example.org"]
    client.get(confirm_link(mail.outbox[0]))
    assert client.get(token_url, J).json() == [{"service_request_id": str(issue.pk), "token": answer["token"]}]
    [request] = client.get(BASE + f"requests/{issue.pk}.json", J).json()
    assert request["status"] == "open" and request["service_code"] == str(routing[1].pk)
    assert client.get(BASE + "tokens/forged.json", J).status_code == 404


def test_post_in_xml_and_title_from_the_description(client, partnership, routing):
    data = post_data(routing, description="Bins not collected\nSince Monday.", **{"attribute[title]": ""})
    del data["address_string"]
    response = client.post(BASE + "requests.xml", {**data, "lat": "51.5", "long": "-0.12"})
    assert response.status_code == 200
    assert xml(response).find("request/token").text
    issue = CommunityIssue.objects.get()
    assert issue.title == "Bins not collected" and issue.location == "51.5, -0.12"


def test_post_refuses_bad_input_field_by_field(client, partnership, routing):
    data = post_data(routing, email="not-an-address", first_name="", last_name="", **{"attribute[area]": "999"})
    response = client.post(BASE + "requests.json", data)
    assert response.status_code == 400
    descriptions = [e["description"] for e in response.json()]
    assert "email: Enter an email address like name@example.org." in descriptions
    assert "first_name: Enter your name." in descriptions
    assert "attribute[area]: Choose an area from the list." in descriptions
    assert all(e["code"] == 400 for e in response.json())
    response = client.post(BASE + "requests.xml", post_data(routing, description="x" * 6000))
    assert response.status_code == 400 and "too long" in xml(response).findtext("error/description")
    assert client.post(BASE + "requests.json", post_data(routing, service_code="12abc")).status_code == 404
    assert CommunityIssue.objects.count() == 0 and not mail.outbox


def test_a_body_beyond_the_upload_limit_is_an_open311_error(client, partnership, routing, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = client.post(BASE + "requests.xml", post_data(routing, description="x" * 20_000))
    assert response.status_code == 413 and "larger than 9 KB" in xml(response).findtext("error/description")
    assert CommunityIssue.objects.count() == 0


def test_post_honeypot_saves_nothing(client, partnership, routing):
    response = client.post(BASE + "requests.json", post_data(routing, website="http://spam.example"))
    assert response.status_code == 200 and "token" in response.json()[0]
    assert CommunityIssue.objects.count() == 0 and not mail.outbox
    assert client.get(BASE + f"tokens/{response.json()[0]['token']}.json", J).status_code == 404


def test_post_is_rate_limited_with_the_web_form(client, partnership, routing, settings):
    settings.ENGAGEMENT_ISSUE_RATE_LIMIT, settings.ENGAGEMENT_ISSUE_RATE_WINDOW = 1, 1800
    # One issue through the web form, then the API is refused: the same counter.
    client.post(reverse("public_issue_new", args=["testshire"]), {
        "title": "Graffiti", "description": "On the bridge.", "area": Area.objects.get(name="North").pk,
        "category": routing[0].pk, "reporter_name": "Ann", "reporter_email": "ann@example.org", "website": ""})
    assert CommunityIssue.objects.count() == 1
    response = client.post(BASE + "requests.json", post_data(routing, email="someone.else@example.org"))
    assert response.status_code == 429
    assert "Please wait 30 minutes" in response.json()[0]["description"]
    assert client.post(BASE + "requests.xml", post_data(routing)).status_code == 429
    assert CommunityIssue.objects.count() == 1


def test_post_is_anonymous_even_with_a_members_session(as_user, partnership, routing):
    client = as_user("officer")  # the web form would publish an officer's issue at once
    assert client.post(BASE + "requests.json", post_data(routing)).status_code == 200
    issue = CommunityIssue.objects.get()
    assert issue.confirmed_at is None and issue.raised_by is None


# Reading requests ----------------------------------------------------------------------------------------------


def test_requests_filters(client, partnership, routing):
    asb, roads = routing
    old = make_issue(partnership, roads, "Old pothole", when=timezone.now() - datetime.timedelta(days=200))
    fixed = make_issue(partnership, roads, "Fixed pothole", status="resolved")
    noisy = make_issue(partnership, asb, "Noisy party", status="accepted")
    make_issue(partnership, asb, "Unconfirmed", confirmed=False)

    def ids(fmt="json", **params):
        response = client.get(BASE + f"requests.{fmt}", {**J, **params})
        assert response.status_code == 200, response.content
        if fmt == "xml":
            return [r.findtext("service_request_id") for r in xml(response).findall("request")]
        return [r["service_request_id"] for r in response.json()]

    assert ids() == ids("xml") == [str(noisy.pk), str(fixed.pk)]  # the last 90 days, newest first
    assert ids(service_code=str(asb.pk)) == [str(noisy.pk)]
    assert ids(status="closed") == ids("xml", status="closed") == [str(fixed.pk)]
    assert ids(status="open") == [str(noisy.pk)]
    assert ids(status="investigating,fixed") == [str(noisy.pk), str(fixed.pk)]
    assert ids(start_date=(timezone.now() - datetime.timedelta(days=220)).strftime("%Y-%m-%dT%H:%M:%SZ"),
               end_date=(timezone.now() - datetime.timedelta(days=150)).strftime("%Y-%m-%dT%H:%M:%SZ")) \
        == [str(old.pk)]
    # Ids override the other filters (old is outside the 90 days, the unconfirmed one is never shown).
    unconfirmed = CommunityIssue.objects.get(title="Unconfirmed")
    assert ids(service_request_id=f"{old.pk},{noisy.pk},{unconfirmed.pk}", status="closed") \
        == [str(noisy.pk), str(old.pk)]
    for bad in [{"status": "lost"}, {"start_date": "yesterday"}, {"service_request_id": "1,x"},
                {"service_request_id": ",".join(["1"] * 101)}, {"service_code": "roads"},
                {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"}]:
        response = client.get(BASE + "requests.json", {**J, **bad})
        assert response.status_code == 400, bad
        assert set(response.json()[0]) == {"code", "description"}


def test_one_request_in_json_and_xml(client, partnership, routing):
    asb, roads = routing
    issue = make_issue(partnership, roads, status="in_progress")
    IssueUpdate.objects.create(issue=issue, new_status="in_progress", message="Crew booked for Tuesday.")
    [data] = client.get(BASE + f"requests/{issue.pk}.json", J).json()
    assert data["status"] == "open" and data["status_notes"] == "Crew booked for Tuesday."
    assert data["extended_attributes"] == {"title": "Pothole on Station Road", "status": "in_progress",
                                           "area": "North"}
    assert data["address"] == "Station Road" and data["service_name"] == "Roads and pavements"
    assert data["requested_datetime"].endswith("Z") and data["expected_datetime"]
    request = xml(client.get(BASE + f"requests/{issue.pk}.xml", J)).find("request")
    assert request.findtext("status") == "open"
    assert request.findtext("extended_attributes/status") == "in_progress"
    other = Partnership.objects.create(slug="elsewhere", name="Elsewhere", place="Elsewhere")
    assert client.get(BASE + f"requests/{issue.pk}.json", {"jurisdiction_id": other.slug}).status_code == 404
    for bad in ["0", "abc", "9" * 30]:
        assert client.get(BASE + f"requests/{bad}.json", J).status_code == 404


def test_xml_survives_characters_xml_cannot_hold(client, partnership, routing):
    issue = make_issue(partnership, routing[1], "Bell \x07 rings <loudly> & \x0b often")
    request = xml(client.get(BASE + f"requests/{issue.pk}.xml", J)).find("request")
    assert request.findtext("extended_attributes/title") == "Bell \ufffd rings <loudly> & \ufffd often"


def test_status_mapping_covers_every_status(client, partnership, routing):
    assert set(open311.STATUSES) == set(CommunityIssue.Status.values)
    assert {s for s, (simple, _) in open311.STATUSES.items() if simple == "open"} == issue_rules.OPEN
    original = make_issue(partnership, routing[0], "Original")
    expected = {"new": ("open", "open"), "accepted": ("open", "investigating"),
                "in_progress": ("open", "in_progress"), "referred": ("open", "internal_referral"),
                "resolved": ("closed", "fixed"), "closed_not_ours": ("closed", "not_councils_responsibility"),
                "closed_duplicate": ("closed", "duplicate")}
    for status in expected:
        if status != "new":
            make_issue(partnership, routing[1], f"Issue {status}", status=status,
                       duplicate_of=original if status == "closed_duplicate" else None)
    got = {CommunityIssue.objects.get(pk=r["service_request_id"]).status:
           (r["status"], r["extended_attributes"]["status"])
           for r in client.get(BASE + "requests.json", J).json()}
    assert got == expected


def test_no_personal_data_anywhere(client, partnership, routing):
    """The reporter's name, e-mail and phone never appear, whatever is asked for."""
    client.post(BASE + "requests.json", post_data(routing, first_name="Zebedee", last_name="Secretname",
                                                  email="zebedee.secret@example.org", phone="07700 900999"))
    client.get(confirm_link(mail.outbox[0]))
    issue = CommunityIssue.objects.get()
    make_issue(partnership, routing[0], "Another")
    secrets = ["Zebedee", "Secretname", "zebedee", "07700", issue.confirm_token]
    for fmt in ["json", "xml"]:
        for path, params in [("requests", {}), (f"requests/{issue.pk}", {}),
                             ("requests", {"service_request_id": str(issue.pk)}), ("requests", {"status": "open"}),
                             ("requests", {"reporter_email": "x", "fields": "reporter_name", "extensions": "true"}),
                             ("services", {}), (f"services/{routing[1].pk}", {}), ("discovery", {})]:
            body = client.get(BASE + f"{path}.{fmt}", {**J, **params}).content.decode()
            assert not any(s in body for s in secrets), (path, fmt, params)


def test_public_whoever_asks(as_user, partnership, routing):
    """The API shows the same to every persona, signed in or not, and needs no session."""
    issue = make_issue(partnership, routing[1])
    bodies = set()
    for persona in ALL:
        client = as_user(persona)
        for path in ["requests.json", f"requests/{issue.pk}.xml", "services.json"]:
            response = client.get(BASE + path, J)
            assert response.status_code == 200
            bodies.add((path, response.content))
    assert len(bodies) == 3


def test_queries_do_not_grow_with_rows(client, partnership, routing):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(BASE + "requests.json", J).status_code == 200
            assert client.get(BASE + "services.xml", J).status_code == 200
            assert client.get(BASE + f"services/{routing[0].pk}.json", J).status_code == 200
        return len(queries)

    make_issue(partnership, routing[0], "One")
    few = count()
    for n in range(12):
        issue = make_issue(partnership, routing[n % 2], f"Issue {n}", status="accepted")
        IssueUpdate.objects.create(issue=issue, new_status="accepted", message=f"Update {n}")
        IssueCategory.objects.create(partnership=partnership, name=f"Category {n}")
        Area.objects.create(partnership=partnership, name=f"Ward {n}", area_type="ward")
    assert count() == few


# The documentation's examples and an independent client ---------------------------------------------------------


def _doc_commands():
    text = (Path(__file__).parents[2] / "docs" / "api.md").read_text()
    section = text.split("\n## Open311\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", section, re.S)
    lines = "\n".join(blocks).replace("\\\n", " ").splitlines()
    return [shlex.split(line) for line in lines if line.startswith("curl ")]


def test_documented_curl_examples_work(client, partnership, routing):
    variables = {"$BASE": "http://testserver/open311/v2", "$SERVICE_CODE": str(routing[1].pk),
                 "$AREA": str(Area.objects.get(name="North").pk)}
    commands = _doc_commands()
    assert len(commands) == 7
    for words in commands:
        words = [re.sub(r"\$[A-Z_]+", lambda m: variables[m.group(0)], w) for w in words]
        url = next(w for w in words if w.startswith("http://testserver")).removeprefix("http://testserver")
        data = [words[i + 1] for i, w in enumerate(words) if w in ("-d", "--data-urlencode")]
        if "-X" in words or data:
            response = client.post(url, dict(pair.split("=", 1) for pair in data))
            variables["$TOKEN"] = response.json()[0]["token"]
            client.get(confirm_link(mail.outbox[-1]))
            variables["$SERVICE_REQUEST_ID"] = str(CommunityIssue.objects.get().pk)
        else:
            response = client.get(url)
        assert response.status_code == 200, (words, response.content)
    assert CommunityIssue.objects.get().title == "Broken streetlight on Elm Road"


@pytest.mark.django_db(transaction=True)
def test_an_independent_client_against_the_running_server(live_server, partnership, routing):
    """georeport (PyPI) reads services and requests in both formats; it cannot post, so requests posts."""
    asb, roads = routing
    make_issue(partnership, asb, "Noisy party", status="accepted")
    root = live_server.url + "/open311/v2"
    for fmt in ["json", "xml"]:
        geo = GeoReport(root, jurisdiction="testshire", output_format=fmt)
        services = geo.get_service_list()
        assert [s["service_name"] for s in services] == ["Anti-social behaviour", "Roads and pavements"]
        definition = geo.get_service_definition(str(roads.pk))
        assert definition["service_code"] == str(roads.pk)
        found = geo.get_service_requests(status="open")
        found = found if isinstance(found, list) else [found]  # xmltodict gives a lone element as a dict
        assert [r["extended_attributes"]["title"] for r in found] == ["Noisy party"]

    response = requests.post(root + "/requests.json", data=post_data(routing), timeout=10)
    assert response.status_code == 200, response.text
    token = response.json()[0]["token"]
    requests.get(live_server.url + confirm_link(mail.outbox[-1], live_server.url), timeout=10)
    geo = GeoReport(root, jurisdiction="testshire")
    [answer] = requests.get(root + f"/tokens/{token}.json", params=J, timeout=10).json()
    posted = geo.get_service_request(answer["service_request_id"])
    assert posted["extended_attributes"]["title"] == "Broken streetlight on Elm Road"
    assert posted["status"] == "open" and "Ann" not in str(posted)
    assert len(geo.get_service_requests(service_request_id=answer["service_request_id"])) == 1
    xml_one = GeoReport(root, jurisdiction="testshire", output_format="xml").get_service_request(
        answer["service_request_id"])
    assert xml_one["service_code"] == str(roads.pk)
