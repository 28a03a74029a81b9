"""The community issue system through HTTP: raise, confirm, route, move on, notify; spam and bad input."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placeboard.core.models import Area, AuditEvent, Group, Organisation, Outcome, Role
from placeboard.engagement.models import CommunityIssue, IssueUpdate, RoutingRule
from tests.conftest import make_user
from tests.personas import ALL, MANAGERS, MEMBERS, expected


def url(name, partnership, *args):
    return reverse(name, args=[partnership.slug, *args])


def issue_data(routing, **overrides):
    asb, roads = routing
    data = {"title": "Pothole on Station Road", "description": "A deep hole by the bus stop.",
            "area": Area.objects.get(name="North").pk, "category": roads.pk, "location": "Station Road",
            "reporter_name": "Ann Resident", "reporter_email": "ann@example.org", "website": ""}
    data.update(overrides)
    return data


def raise_and_confirm(client, partnership, routing, **overrides):
    response = client.post(url("public_issue_new", partnership), issue_data(routing, **overrides))
    assert "Check your email" in response.content.decode()
    link = re.search(r"http://testserver(\S+)", mail.outbox[-1].body).group(1)
    return client.get(link)


def test_resident_raises_an_issue_and_follows_it_to_resolution(client, as_user, partnership, routing, personas):
    response = client.post(url("public_issue_new", partnership), issue_data(routing))
    assert "Check your email" in response.content.decode()
    issue = CommunityIssue.objects.get()
    assert issue.confirmed_at is None and issue.organisation.name == "Testshire Council"
    # Not live before confirmation.
    assert client.get(url("public_issue", partnership, issue.pk)).status_code == 404
    assert "Pothole" not in client.get(url("public_issues", partnership)).content.decode()
    assert mail.outbox[0].to == ["ann@example.org"] and "Confirm your issue" in mail.outbox[0].subject
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    assert "your issue is confirmed" in response.content.decode()
    issue.refresh_from_db()
    assert issue.confirmed_at is not None
    client.get(link)  # a second click changes nothing
    assert IssueUpdate.objects.count() == 1
    body = client.get(url("public_issues", partnership)).content.decode()
    assert "Pothole on Station Road" in body and "Testshire Council" in body
    assert "ann@example.org" not in client.get(url("public_issue", partnership, issue.pk)).content.decode()

    staff = as_user("other_provider")  # the council's data provider
    path = url("issue_manage", partnership, issue.pk)
    assert staff.post(path, {"status": "accepted", "message": "We will inspect it this week."}).status_code == 302
    assert staff.post(path, {"status": "resolved", "message": ""}).status_code == 200  # needs a message
    outcome = Outcome.objects.get(code="2.1")
    assert staff.post(path, {"status": "resolved", "message": "Filled on 3 June.",
                             "outcome": outcome.pk}).status_code == 302
    issue.refresh_from_db()
    assert issue.status == "resolved" and issue.outcome == outcome
    assert [m.subject for m in mail.outbox[1:]] == [f"Your issue #{issue.pk}: Accepted",
                                                   f"Your issue #{issue.pk}: Resolved"]
    assert "Filled on 3 June." in mail.outbox[-1].body
    body = client.get(url("public_issue", partnership, issue.pk)).content.decode()
    assert "We will inspect it this week." in body and "Filled on 3 June." in body and "Resolved" in body
    events = AuditEvent.objects.filter(object_type="community issue", user=personas["other_provider"])
    assert events.count() == 2 and events.first().changes["status"] == ["Accepted", "Resolved"]


def test_referral_moves_the_issue_to_another_partner(client, as_user, partnership, routing):
    raise_and_confirm(client, partnership, routing)
    issue = CommunityIssue.objects.get()
    staff = as_user("other_provider")
    path = url("issue_manage", partnership, issue.pk)
    body = staff.post(path, {"status": "referred"}).content.decode()
    assert "Choose the partner to refer the issue to." in body
    police = Organisation.objects.get(name="Testshire Police")
    assert staff.post(path, {"status": "referred", "organisation": police.pk,
                             "message": "Speeding is for the police."}).status_code == 302
    issue.refresh_from_db()
    assert issue.organisation == police
    # The council no longer holds it; the police do.
    assert staff.post(path, {"status": "accepted"}).status_code == 403
    assert as_user("provider").post(path, {"status": "accepted"}).status_code == 302


def test_duplicates_are_suggested_before_submitting(client, partnership, routing):
    raise_and_confirm(client, partnership, routing)
    first = CommunityIssue.objects.get()
    data = issue_data(routing, title="Large pothole on Station Road", reporter_email="bob@example.org")
    body = client.post(url("public_issue_new", partnership), data).content.decode()
    assert "Already raised?" in body and f"#{first.pk} Pothole on Station Road" in body
    assert CommunityIssue.objects.count() == 1
    body = client.post(url("public_issue_new", partnership), {**data, "not_a_duplicate": "on"}).content.decode()
    assert "Check your email" in body and CommunityIssue.objects.count() == 2
    # Another category is not a duplicate.
    other = issue_data(routing, title="Pothole on Station Road", category=routing[0].pk, reporter_email="c@example.org")
    assert "Check your email" in client.post(url("public_issue_new", partnership), other).content.decode()


def test_closing_as_duplicate_names_the_original(client, as_user, partnership, routing):
    raise_and_confirm(client, partnership, routing)
    raise_and_confirm(client, partnership, routing, title="Hole in Station Road", reporter_email="b@example.org",
                      not_a_duplicate="on")
    first, second = CommunityIssue.objects.order_by("pk")
    staff = as_user("officer")
    path = url("issue_manage", partnership, second.pk)
    assert "Choose the issue this one repeats." in staff.post(path, {"status": "closed_duplicate"}).content.decode()
    assert staff.post(path, {"status": "closed_duplicate", "duplicate_of": first.pk}).status_code == 302
    second.refresh_from_db()
    assert second.duplicate_of == first and second.status == "closed_duplicate"
    assert f"see <a class=\"govuk-link\" href=\"{url('public_issue', partnership, first.pk)}\">" in \
        client.get(url("public_issue", partnership, second.pk)).content.decode()
    # Not allowed from closed to resolved directly.
    assert staff.post(path, {"status": "resolved", "message": "x"}).status_code == 200


def test_honeypot_saves_nothing(client, partnership, routing):
    body = client.post(url("public_issue_new", partnership), issue_data(routing, website="http://spam")).content.decode()
    assert "Check your email" in body
    assert not CommunityIssue.objects.exists() and not mail.outbox


def test_rate_limit_per_email_and_address(client, partnership, routing):
    for i in range(3):
        data = issue_data(routing, title=f"Issue number {i} about bins", description="x")
        assert "Check your email" in client.post(url("public_issue_new", partnership), data).content.decode()
    body = client.post(url("public_issue_new", partnership),
                       issue_data(routing, title="Yet another thing")).content.decode()
    assert "Please wait an hour before raising another." in body
    # Another address from the same computer is limited too.
    body = client.post(url("public_issue_new", partnership),
                       issue_data(routing, title="Different", reporter_email="x@example.org")).content.decode()
    assert "Please wait an hour" in body
    assert CommunityIssue.objects.count() == 3


def test_bad_input(client, partnership, routing):
    body = client.post(url("public_issue_new", partnership), {"reporter_email": "not-an-email"}).content.decode()
    for message in ("Enter a short summary of the issue.", "Describe the issue.", "Choose the area the issue is in.",
                    "Choose what the issue is about.", "Enter your name.", "Enter an email address like"):
        assert message in body
    body = client.post(url("public_issue_new", partnership), issue_data(routing, area=999999)).content.decode()
    assert "Choose an area from the list." in body
    assert not CommunityIssue.objects.exists()


def test_script_is_shown_as_text(client, partnership, routing):
    raise_and_confirm(client, partnership, routing, title="<script>alert(1)</script>",
                      description="<img src=x onerror=alert(2)>")
    issue = CommunityIssue.objects.get()
    body = client.get(url("public_issue", partnership, issue.pk)).content.decode()
    assert "<script>alert(1)" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<img src=x" not in body


def test_unrouted_issue_waits_for_officers(client, as_user, partnership, routing):
    RoutingRule.objects.filter(category__isnull=True).delete()
    raise_and_confirm(client, partnership, routing)
    assert CommunityIssue.objects.get().organisation is None
    assert "1 open issue matched no routing rule." in as_user("officer").get(url("issue_queue", partnership)).content.decode()


def test_member_raises_an_issue_without_confirmation(as_user, partnership, routing, personas):
    client = as_user("viewer")
    data = issue_data(routing, reporter_email="viewer@example.org", category=routing[0].pk)
    response = client.post(url("public_issue_new", partnership), data)
    assert response.status_code == 302
    issue = CommunityIssue.objects.get()
    assert issue.confirmed_at is not None and issue.raised_by == personas["viewer"]
    assert issue.organisation.name == "Testshire Police" and not mail.outbox


@pytest.mark.parametrize("persona", ALL)
def test_gatekeepers(client, as_user, partnership, routing, persona):
    raise_and_confirm(client, partnership, routing)
    issue = CommunityIssue.objects.get()
    board = Group.objects.create(partnership=partnership, name="North Area Board", kind="area_board",
                                 area=Area.objects.get(name="North"))
    client = as_user(persona)
    assert client.get(url("issue_queue", partnership)).status_code == expected(persona, MEMBERS)
    assert client.get(url("issue_manage", partnership, issue.pk)).status_code == expected(persona, MEMBERS)
    assert client.get(url("board_issues", partnership, board.pk)).status_code == expected(persona, MEMBERS)
    assert client.get(url("issue_routing", partnership)).status_code == expected(persona, MANAGERS)
    status = client.post(url("issue_manage", partnership, issue.pk), {"status": "accepted"}).status_code
    assert status == {"officer": 302, "superuser": 302, "other_provider": 302, "anonymous": 302,
                      "outsider": 404}.get(persona, 403)


def test_community_area_manager_handles_the_boards_issues(client, partnership, routing):
    raise_and_confirm(client, partnership, routing)
    issue = CommunityIssue.objects.get()
    board = Group.objects.create(partnership=partnership, name="North Area Board", kind="area_board",
                                 area=Area.objects.get(name="North"))
    manager = make_user("manager")
    Role.objects.create(user=manager, partnership=partnership, kind="community_area_manager", group=board)
    client.force_login(manager)
    body = client.get(url("board_issues", partnership, board.pk)).content.decode()
    assert "Pothole on Station Road" in body and "Testshire Council: 1" in body
    assert "Pothole" in client.get(url("issue_queue", partnership)).content.decode()
    assert client.post(url("issue_manage", partnership, issue.pk), {"status": "in_progress"}).status_code == 302


def test_a_board_over_a_wider_area_sees_the_issues_inside_it_and_no_others(client, partnership, routing):
    raise_and_confirm(client, partnership, routing)  # in North, which lies inside Testshire
    issue = CommunityIssue.objects.get()
    county = Area.objects.get(name="Testshire")
    south = Area.objects.create(partnership=partnership, name="South", area_type="community_area", parent=county)
    wide = Group.objects.create(partnership=partnership, name="County Board", kind="area_board", area=county)
    other = Group.objects.create(partnership=partnership, name="South Area Board", kind="area_board", area=south)
    for board, allowed in ((wide, True), (other, False)):
        manager = make_user(f"manager-{board.pk}")
        Role.objects.create(user=manager, partnership=partnership, kind="community_area_manager", group=board)
        client.force_login(manager)
        body = client.get(url("board_issues", partnership, board.pk)).content.decode()
        assert ("Pothole on Station Road" in body) is allowed
        response = client.post(url("issue_manage", partnership, issue.pk), {"status": "accepted"})
        assert response.status_code == (302 if allowed else 403)
    issue.refresh_from_db()
    assert issue.status == "accepted"


def test_officer_sets_categories_and_rules(as_user, partnership, routing, personas):
    client = as_user("officer")
    path = url("issue_routing", partnership)
    assert client.post(path, {"add_category": "1", "name": "Street lighting"}).status_code == 302
    body = client.post(path, {"add_category": "1", "name": "street lighting"}).content.decode()
    assert "There is already a category with this name." in body
    body = client.post(path, {"add_rule": "1"}).content.decode()
    assert "Choose the partner the issues go to." in body
    body = client.post(path, {"add_rule": "1", "organisation": Organisation.objects.first().pk}).content.decode()
    assert "There is already a rule for this area and category" in body
    north = Area.objects.get(name="North")
    assert client.post(path, {"add_rule": "1", "area": north.pk, "organisation":
                              Organisation.objects.get(name="Testshire Police").pk}).status_code == 302
    rule = RoutingRule.objects.get(area=north)
    assert client.post(url("issue_routing_delete", partnership, rule.pk)).status_code == 302
    assert AuditEvent.objects.filter(object_type="routing rule", action="delete").exists()


def test_public_issue_list_runs_a_fixed_number_of_queries(client, partnership, routing):
    from django.utils import timezone

    asb, roads = routing
    north = Area.objects.get(name="North")

    def add(n):
        for i in range(n):
            CommunityIssue.objects.create(partnership=partnership, title=f"Issue {i}", description="d", area=north,
                                          category=roads, reporter_name="A", reporter_email="a@example.org",
                                          confirm_token=f"t{CommunityIssue.objects.count()}",
                                          confirmed_at=timezone.now(),
                                          organisation=Organisation.objects.first())
    counts = []
    for n in (2, 10):
        add(n)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url("public_issues", partnership))
            client.get(url("public_issues_download", partnership, "csv"))
            client.get(url("public_issues_download", partnership, "json"))
        counts.append(len(ctx))
    assert counts[0] == counts[1]


def test_issue_downloads_leave_out_reporters(client, partnership, routing):
    import csv
    import io
    import json

    raise_and_confirm(client, partnership, routing)
    rows = list(csv.DictReader(io.StringIO(client.get(url("public_issues_download", partnership, "csv"))
                                           .content.decode())))
    assert rows[0]["title"] == "Pothole on Station Road" and rows[0]["held_by"] == "Testshire Council"
    data = client.get(url("public_issues_download", partnership, "json")).content.decode()
    assert "ann@example.org" not in data and "Ann Resident" not in data
    assert json.loads(data)["issues"][0]["status"] == "New"
    assert client.get(url("public_issues_download", partnership, "xml")).status_code == 404


def test_rate_limit_follows_the_settings(client, partnership, routing, settings):
    settings.ENGAGEMENT_ISSUE_RATE_LIMIT, settings.ENGAGEMENT_ISSUE_RATE_WINDOW = 1, 1800
    data = issue_data(routing, title="Bins not collected on Elm Road", description="x")
    assert "Check your email" in client.post(url("public_issue_new", partnership), data).content.decode()
    body = client.post(url("public_issue_new", partnership), issue_data(routing, title="Another")).content.decode()
    assert "in the last 30 minutes. Please wait 30 minutes before raising another." in body
    assert CommunityIssue.objects.count() == 1


def test_rate_limit_counts_residents_behind_a_trusted_proxy_apart(client, partnership, routing, settings):
    settings.ENGAGEMENT_ISSUE_RATE_LIMIT = 1
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    data = issue_data(routing, title="Bins not collected on Elm Road")
    assert "Check your email" in client.post(url("public_issue_new", partnership), data,
                                             HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy).content.decode()
    other = issue_data(routing, title="Streetlight out", reporter_email="bob@example.org")
    assert "Check your email" in client.post(url("public_issue_new", partnership), other,
                                             HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy).content.decode()
    # The first resident again, even with another e-mail address and a forged header.
    again = issue_data(routing, title="Fly-tipping", reporter_email="ann2@example.org")
    body = client.post(url("public_issue_new", partnership), again,
                       HTTP_X_FORWARDED_FOR="203.0.113.5, 198.51.100.1", **proxy).content.decode()
    assert "Please wait an hour before raising another." in body
    assert CommunityIssue.objects.count() == 2
