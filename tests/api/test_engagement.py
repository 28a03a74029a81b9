"""The forward plan of engagement and the community issues through the API: the same gatekeepers as the pages
(every member reads them; issue_access says who may move an issue on), the same clash warnings as the plan's
pages, the same status mapping as Open311, and never the people who raised an issue."""

import datetime
import re
from datetime import UTC

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placeboard.core.models import Area, Group, Organisation, Partnership, Role
from placeboard.engagement import issue_rules
from placeboard.engagement.models import CommunityIssue, EngagementActivity, IssueCategory, IssueUpdate
from tests.api.conftest import issue as issue_token
from tests.conftest import make_user
from tests.engagement.conftest import make_activity
from tests.personas import ALL, MEMBERS
from tests.personas import api_expected as expected

pytestmark = pytest.mark.django_db
BASE = "/api/v1/partnerships/testshire"
AREA_MANAGER = "area_manager"
EVERYONE = [*ALL, AREA_MANAGER]
READERS = MEMBERS | {AREA_MANAGER}
WHEN = datetime.datetime(2009, 6, 1, 9, 0, tzinfo=UTC)
d = datetime.date



@pytest.fixture
def board(partnership):
    """The North area board, run by a community area manager; South lies beside North, outside the board."""
    north = Area.objects.get(partnership=partnership, name="North")
    Area.objects.create(partnership=partnership, name="South", area_type="community_area",
                        parent=Area.objects.get(partnership=partnership, name="Testshire"))
    group = Group.objects.create(partnership=partnership, name="North Area Board", kind="area_board", area=north)
    manager = make_user("manager")
    Role.objects.create(user=manager, partnership=partnership, kind="community_area_manager", group=group)
    return manager


@pytest.fixture
def headers(bearer, board):
    """As bearer, with the area manager too."""
    def make(name):
        if name == AREA_MANAGER:
            return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(board)[1]}"}
        return bearer(name)
    return make


@pytest.fixture
def categories(partnership):
    return (IssueCategory.objects.create(partnership=partnership, name="Roads and pavements"),
            IssueCategory.objects.create(partnership=partnership, name="Anti-social behaviour"))


def make_issue(partnership, category, title, *, area="North", holder="Testshire Council", status="new",
               confirmed=True, **extra):
    issue = CommunityIssue.objects.create(
        partnership=partnership, category=category, title=title, description=f"About {title}.",
        area=Area.objects.get(partnership=partnership, name=area), location="Station Road",
        reporter_name="Zebedee Quixotic", reporter_email="zebedee.q@example.net",
        organisation=Organisation.objects.get(partnership=partnership, name=holder) if holder else None,
        confirm_token=f"token-{title}", status=status, **extra)
    if confirmed:
        CommunityIssue.objects.filter(pk=issue.pk).update(confirmed_at=WHEN)
        issue.refresh_from_db()
    return issue


@pytest.fixture
def issues(partnership, categories, board):
    roads, asb = categories
    return {
        "pothole": make_issue(partnership, roads, "Pothole on Station Road"),
        "noisy": make_issue(partnership, asb, "Noisy party", area="South", holder="Testshire Police",
                            status="accepted"),
        "fixed": make_issue(partnership, roads, "Fixed kerb", area="South", status="resolved"),
        "unrouted": make_issue(partnership, roads, "Fly-tipping", holder=None),
    }


def get(client, url, hdrs, **params):
    response = client.get(url, params, **hdrs)
    assert response.status_code == 200, response.content
    return response.json()


def titles(answer):
    return [item["title"] for item in answer["items"]]


# Who may read what ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", EVERYONE)
@pytest.mark.parametrize("path", ["engagement-activities/", "issue-categories/", "community-issues/",
                                  "community-issues/{pk}/"])
def test_every_member_reads_and_no_one_else(client, headers, issues, persona, path):
    response = client.get(f"{BASE}/{path.format(pk=issues['noisy'].pk)}", **headers(persona))
    assert response.status_code == expected(persona, READERS)
    if response.status_code != 200:
        assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("persona", EVERYONE)
def test_another_partnerships_issue_and_an_unconfirmed_one_are_not_found(client, headers, issues, categories,
                                                                          partnership, persona):
    elsewhere = Partnership.objects.get(slug="elsewhere")
    theirs = CommunityIssue.objects.create(
        partnership=elsewhere, title="Theirs", description="d", area=Area.objects.create(
            partnership=elsewhere, name="There", area_type="community_area"),
        category=IssueCategory.objects.create(partnership=elsewhere, name="Roads"), reporter_name="R",
        reporter_email="r@example.org", confirm_token="theirs", confirmed_at=WHEN)
    waiting = make_issue(partnership, categories[0], "Waiting for its e-mail link", confirmed=False)
    for pk in (theirs.pk, waiting.pk):
        response = client.get(f"{BASE}/community-issues/{pk}/", **headers(persona))
        assert response.status_code == (401 if persona == "anonymous" else 404)
    if persona in READERS:
        listed = titles(get(client, f"{BASE}/community-issues/", headers(persona)))
        assert "Theirs" not in listed and "Waiting for its e-mail link" not in listed
        assert "Pothole on Station Road" in listed


# Which issues are "mine", and who may move each on: as the issue queue and the issue's staff page say ----------

MINE = {"provider": ["Noisy party"], "other_provider": ["Pothole on Station Road", "Fixed kerb"],
        AREA_MANAGER: ["Pothole on Station Road", "Fly-tipping"]}
HANDLERS = {"pothole": {"officer", "superuser", "other_provider", AREA_MANAGER},
            "noisy": {"officer", "superuser", "provider"},
            "fixed": {"officer", "superuser", "other_provider"},
            "unrouted": {"officer", "superuser", AREA_MANAGER}}


@pytest.mark.parametrize("persona", sorted(READERS))
def test_mine_and_who_may_move_an_issue_on_match_the_pages(client, headers, issues, personas, board, persona):
    hdrs = headers(persona)
    assert titles(get(client, f"{BASE}/community-issues/", hdrs)) == [
        "Pothole on Station Road", "Noisy party", "Fixed kerb", "Fly-tipping"]
    assert titles(get(client, f"{BASE}/community-issues/", hdrs, mine="true")) == MINE.get(persona, [])
    web = Client()
    web.force_login(board if persona == AREA_MANAGER else personas[persona])
    queue = web.get(reverse("issue_queue", args=["testshire"]), {"scope": "mine", "closed": "1"}).content.decode()
    for name, issue in issues.items():
        answer = get(client, f"{BASE}/community-issues/{issue.pk}/", hdrs)
        assert answer["can_handle"] is (persona in HANDLERS[name]), name
        page = web.get(reverse("issue_manage", args=["testshire", issue.pk])).content.decode()
        assert ("Move it on" in page) is answer["can_handle"], name
        if persona in MINE:  # everyone else's queue shows every issue
            assert (issue.title in queue) is (issue.title in MINE[persona]), name


def test_state_filter_and_the_status_mapping_are_open311s(client, headers, partnership, categories):
    roads = categories[0]
    original = make_issue(partnership, roads, "Original")
    for status in CommunityIssue.Status.values:
        if status != "new":
            make_issue(partnership, roads, f"Issue {status}", status=status,
                       duplicate_of=original if status == "closed_duplicate" else None)
    hdrs = headers("viewer")
    items = get(client, f"{BASE}/community-issues/", hdrs)["items"]
    got = {i["status"]: (i["state"], i["extended_status"]) for i in items}
    assert got == {
        "new": ("open", "open"), "accepted": ("open", "investigating"), "in_progress": ("open", "in_progress"),
        "referred": ("open", "internal_referral"), "resolved": ("closed", "fixed"),
        "closed_not_ours": ("closed", "not_councils_responsibility"), "closed_duplicate": ("closed", "duplicate")}
    for item in items:  # the same words as Open311 gives for the same issue
        request = client.get(f"/open311/v2/requests/{item['id']}.json", {"jurisdiction_id": "testshire"}).json()[0]
        assert (request["status"], request["extended_attributes"]["status"]) == (item["state"],
                                                                                 item["extended_status"])
        assert (item["state"] == "open") is (item["status"] in issue_rules.OPEN)
    open_ = [i["status"] for i in get(client, f"{BASE}/community-issues/", hdrs, state="open")["items"]]
    closed = [i["status"] for i in get(client, f"{BASE}/community-issues/", hdrs, state="closed")["items"]]
    assert sorted(open_) == sorted(issue_rules.OPEN)
    assert sorted(closed) == ["closed_duplicate", "closed_not_ours", "resolved"]


# What the answers hold ------------------------------------------------------------------------------------------


def test_an_issue_with_its_timeline(client, headers, issues, personas, board):
    pothole = issues["pothole"]
    IssueUpdate.objects.create(issue=pothole, new_status="new", organisation=pothole.organisation)
    staff = Client()
    staff.force_login(personas["other_provider"])
    police = Organisation.objects.get(name="Testshire Police")
    response = staff.post(reverse("issue_manage", args=["testshire", pothole.pk]),
                          {"status": "referred", "organisation": police.pk, "message": "The police look after it."})
    assert response.status_code == 302
    first, second = IssueUpdate.objects.filter(issue=pothole)
    IssueUpdate.objects.filter(pk=first.pk).update(at=WHEN)
    IssueUpdate.objects.filter(pk=second.pk).update(at=WHEN + datetime.timedelta(days=2))
    CommunityIssue.objects.filter(pk=pothole.pk).update(status_changed_at=WHEN + datetime.timedelta(days=2))
    council = Organisation.objects.get(name="Testshire Council")
    expected_issue = {
        "id": pothole.pk, "title": "Pothole on Station Road", "description": "About Pothole on Station Road.",
        "area_id": pothole.area_id, "area": "North", "category_id": pothole.category_id,
        "category": "Roads and pavements", "location": "Station Road", "status": "referred", "state": "open",
        "extended_status": "internal_referral", "held_by_id": police.pk, "held_by": "Testshire Police",
        "duplicate_of_id": None, "outcome_id": None, "action_id": None, "raised_at": "2009-06-01T09:00:00Z",
        "status_changed_at": "2009-06-03T09:00:00Z", "due": "2009-06-29", "overdue": True,
        "updates": [
            {"at": "2009-06-01T09:00:00Z", "status": "new", "held_by_id": council.pk, "held_by": "Testshire Council",
             "message": ""},
            {"at": "2009-06-03T09:00:00Z", "status": "referred", "held_by_id": police.pk,
             "held_by": "Testshire Police", "message": "The police look after it."}],
    }
    assert get(client, f"{BASE}/community-issues/{pothole.pk}/", headers("viewer")) == {
        **expected_issue, "can_handle": False}
    assert get(client, f"{BASE}/community-issues/", headers("viewer"))["items"][0] == expected_issue
    # Closed: no longer due, nor overdue.
    fixed = get(client, f"{BASE}/community-issues/{issues['fixed'].pk}/", headers("viewer"))
    assert (fixed["due"], fixed["overdue"], fixed["state"], fixed["updates"]) == (None, False, "closed", [])


def test_issue_categories(client, headers, categories):
    assert get(client, f"{BASE}/issue-categories/", headers("theme_lead")) == {"items": [
        {"id": categories[1].pk, "name": "Anti-social behaviour"},
        {"id": categories[0].pk, "name": "Roads and pavements"}], "next": None}


@pytest.fixture
def plan(partnership):
    """The Place Survey and the North safety meeting clash (the same day, North inside Testshire, theme 1); the
    jobs fair is about something else; the cancelled walk would clash, but cancelled activities never do."""
    survey = make_activity(partnership, "Place Survey", d(2009, 5, 1), d(2009, 6, 30), areas=["Testshire"],
                           topics=["1"], groups=["Older people"], how_to_take_part="Fill in the form posted to you.",
                           description="What people think of the place.")
    meeting = make_activity(partnership, "North safety meeting", d(2009, 6, 10), d(2009, 6, 10),
                            organiser="Testshire Police", areas=["North"], topics=["1"], method="public_meeting",
                            status="open")
    jobs = make_activity(partnership, "Jobs fair", d(2009, 6, 1), d(2009, 6, 2), areas=["North"], topics=["2"],
                         method="event", status="reported", results="Forty came.", you_said_we_did="More fairs.")
    walk = make_activity(partnership, "Safety walk", d(2009, 6, 10), d(2009, 6, 10), areas=["North"],
                         topics=["1"], status="cancelled")
    return survey, meeting, jobs, walk


def test_the_forward_plan_with_its_clashes(client, headers, plan, partnership):
    survey, meeting, jobs, walk = plan
    items = get(client, f"{BASE}/engagement-activities/", headers("viewer"))["items"]
    assert [i["title"] for i in items] == ["Place Survey", "Jobs fair", "North safety meeting", "Safety walk"]
    first = items[0]
    county, north = (Area.objects.get(name=name).pk for name in ("Testshire", "North"))
    theme = survey.topics.get().pk
    older = survey.population_groups.get().pk
    assert first == {
        "id": survey.pk, "title": "Place Survey", "method": "survey", "status": "planned",
        "organiser_id": survey.organiser_id, "organiser": "Testshire Council",
        "description": "What people think of the place.", "start_date": "2009-05-01", "end_date": "2009-06-30",
        "area_ids": [county], "topic_ids": [theme], "population_group_ids": [older],
        "how_to_take_part": "Fill in the form posted to you.", "results": "", "you_said_we_did": "",
        "created_at": first["created_at"], "updated_at": first["updated_at"],
        "clashes": [{"activity_id": meeting.pk, "overlap_start": "2009-06-10", "overlap_end": "2009-06-10",
                     "days": 1, "whole_place": False, "area_ids": sorted([county, north]), "topic_ids": [theme],
                     "population_group_ids": []}],
    }
    assert first["created_at"].startswith(survey.created_at.strftime("%Y-%m-%dT%H:%M"))
    assert items[2]["clashes"][0]["activity_id"] == survey.pk
    assert (items[1]["results"], items[1]["you_said_we_did"], items[1]["clashes"]) == ("Forty came.",
                                                                                      "More fairs.", [])
    assert items[3]["status"] == "cancelled" and items[3]["clashes"] == []
    # The plan's page warns of the same pair.
    web = Client()
    web.force_login(Role.objects.get(kind="viewer").user)
    page = web.get(reverse("plan_list", args=["testshire"])).content.decode()
    assert "1 pair of activities clashes" in page and page.count("Clashes with 1") == 2


def test_the_plan_between_two_days(client, headers, plan):
    hdrs = headers("provider")

    def between(**params):
        return [i["title"] for i in get(client, f"{BASE}/engagement-activities/", hdrs, **params)["items"]]

    assert between(**{"from": "2009-06-03"}) == ["Place Survey", "North safety meeting", "Safety walk"]
    assert between(to="2009-05-31") == ["Place Survey"]
    assert between(**{"from": "2009-06-02", "to": "2009-06-09"}) == ["Place Survey", "Jobs fair"]
    assert between(**{"from": "2009-06-10", "to": "2009-06-10"}) == ["Place Survey", "North safety meeting",
                                                                     "Safety walk"]
    assert between(**{"from": "2009-07-01"}) == []
    # Clashes are the plan's, whatever the window: the survey still clashes with the meeting outside it.
    narrow = get(client, f"{BASE}/engagement-activities/", hdrs, to="2009-05-31")["items"]
    assert [c["activity_id"] for c in narrow[0]["clashes"]] == [plan[1].pk]


def test_pages_follow_each_other(client, headers, plan):
    hdrs = headers("viewer")
    seen, url = [], f"{BASE}/engagement-activities/?limit=1"
    while url:
        answer = get(client, url, hdrs)
        assert len(answer["items"]) == 1
        seen += titles(answer)
        url = answer["next"]
    assert seen == ["Place Survey", "Jobs fair", "North safety meeting", "Safety walk"]


# Secrets --------------------------------------------------------------------------------------------------------


def test_no_one_learns_who_raised_an_issue(client, headers, categories, personas, board, partnership):
    """A resident through the web form, another through Open311 with a phone number, a member as themselves;
    each moved on by a named member of staff. None of their names, e-mail addresses or phone numbers (nor the
    confirmation links) appears in any answer, to anyone, though the staff page shows the reporter's name."""
    roads, asb = categories
    north = Area.objects.get(name="North")
    web = Client()
    response = web.post(reverse("public_issue_new", args=["testshire"]), {
        "title": "Broken bench", "description": "Snapped in two.", "area": north.pk, "category": roads.pk,
        "location": "The green", "reporter_name": "Zebedee Quixotic", "reporter_email": "zebedee.q@example.net",
        "website": ""})
    assert "Check your email" in response.content.decode()
    response = web.post("/open311/v2/requests.json", {
        "jurisdiction_id": "testshire", "service_code": str(asb.pk), "attribute[area]": str(north.pk),
        "attribute[title]": "Graffiti on the underpass", "description": "Fresh this morning.",
        "first_name": "Philippa", "last_name": "Phonenumber", "email": "philippa.p@example.net",
        "phone": "07700 900777"})
    assert response.status_code == 200, response.content
    for message in mail.outbox:
        assert web.get(re.search(r"http://testserver(\S+)", message.body).group(1)).status_code == 302
    viewer = personas["viewer"]
    viewer.first_name, viewer.last_name = "Valentina", "Viewerton"
    viewer.save()
    web.force_login(viewer)
    response = web.post(reverse("public_issue_new", args=["testshire"]), {
        "title": "Blocked drain", "description": "Floods when it rains.", "area": north.pk, "category": roads.pk,
        "location": "", "reporter_name": "Valentina Viewerton", "reporter_email": "valentina.v@example.net",
        "website": ""})
    assert response.status_code == 302
    handler = personas["officer"]
    handler.first_name, handler.last_name = "Hortense", "Handlebury"
    handler.save()
    web.force_login(handler)
    live = CommunityIssue.objects.filter(confirmed_at__isnull=False)
    assert live.count() == 3
    for issue in live:
        assert web.post(reverse("issue_manage", args=["testshire", issue.pk]),
                        {"status": "accepted", "message": "On our list."}).status_code == 302
    page = web.get(reverse("issue_manage", args=["testshire", live.get(title="Broken bench").pk])).content.decode()
    assert "Zebedee Quixotic" in page and "Hortense Handlebury" in page  # the staff page shows both

    secrets = ["Zebedee", "Quixotic", "zebedee.q", "Philippa", "Phonenumber", "philippa.p", "07700", "900777",
               "Valentina", "Viewerton", "valentina.v", "Hortense", "Handlebury",
               *CommunityIssue.objects.values_list("confirm_token", flat=True)]
    # Each with whether it holds the updates (so the test would see them if the names were there).
    paths = [("community-issues/", {}, True), ("community-issues/", {"mine": "true"}, False),
             ("community-issues/", {"state": "open"}, True), ("community-issues/", {"state": "closed"}, False),
             ("issue-categories/", {}, False), ("engagement-activities/", {}, False),
             *[(f"community-issues/{pk}/", {}, True) for pk in live.values_list("pk", flat=True)]]
    for persona in sorted(READERS):
        for path, params, holds_updates in paths:
            body = client.get(f"{BASE}/{path}", params, **headers(persona)).content.decode()
            assert "On our list." in body or not holds_updates
            assert not [s for s in secrets if s in body], (persona, path, params)
    mine = client.get(f"{BASE}/community-issues/", {"mine": "true"}, **headers(AREA_MANAGER)).content.decode()
    assert mine.count("On our list.") == 3 and not [s for s in secrets if s in mine]


# Queries --------------------------------------------------------------------------------------------------------


def count(client, hdrs, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, **hdrs).status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_the_plan(client, headers, partnership):
    hdrs = headers("viewer")
    counts = []
    for n in (2, 12):
        while (i := EngagementActivity.objects.count()) < n:
            make_activity(partnership, f"Activity {i}", d(2009, 6, 1 + i), d(2009, 6, 20),
                          areas=["North"] if i % 2 else ["Testshire"], topics=["1"], groups=["Older people"])
        answer = get(client, f"{BASE}/engagement-activities/", hdrs)
        assert len(answer["items"]) == n and all(a["clashes"] for a in answer["items"])
        counts.append(count(client, hdrs, f"{BASE}/engagement-activities/"))
    assert counts[0] == counts[1]


def test_queries_do_not_grow_with_the_issues(client, headers, partnership, categories):
    lists = [(AREA_MANAGER, f"{BASE}/community-issues/?mine=true"), ("provider", f"{BASE}/community-issues/"),
             ("officer", f"{BASE}/community-issues/?state=open"), ("viewer", f"{BASE}/issue-categories/")]
    counts = []
    for n in (2, 12):
        while CommunityIssue.objects.count() < n:
            k = CommunityIssue.objects.count()
            issue = make_issue(partnership, categories[k % 2], f"Issue {k}",
                               holder=["Testshire Council", "Testshire Police", None][k % 3])
            for status in ("new", "accepted"):
                IssueUpdate.objects.create(issue=issue, new_status=status, organisation=issue.organisation,
                                           message=f"{status} {k}")
            IssueCategory.objects.create(partnership=partnership, name=f"Category {k}")
        assert len(get(client, f"{BASE}/community-issues/", headers("viewer"))["items"]) == n
        assert len(get(client, f"{BASE}/community-issues/", headers(AREA_MANAGER), mine="true")["items"]) == n
        counts.append([count(client, headers(persona), url) for persona, url in lists])
    assert counts[0] == counts[1]


def test_one_issues_queries_do_not_grow_with_its_updates(client, headers, issues):
    pothole = issues["pothole"]
    counts = []
    for n in (1, 10):
        while pothole.updates.count() < n:
            IssueUpdate.objects.create(issue=pothole, new_status="new", organisation=pothole.organisation)
        for persona in ("viewer", AREA_MANAGER):
            assert len(get(client, f"{BASE}/community-issues/{pothole.pk}/", headers(persona))["updates"]) == n
        counts.append([count(client, headers(persona), f"{BASE}/community-issues/{pothole.pk}/")
                       for persona in ("viewer", AREA_MANAGER, "provider")])
    assert counts[0] == counts[1]


# Bad input ------------------------------------------------------------------------------------------------------

BIGGEST = 2 ** 63 - 1


@pytest.mark.parametrize("path, params, status", [
    ("engagement-activities/", {"from": "2009-02-30"}, 422),
    ("engagement-activities/", {"to": "10000-01-01"}, 422),
    ("engagement-activities/", {"to": "2009-01-01\x00"}, 422),
    ("engagement-activities/", {"from": "2009-07-01", "to": "2009-06-30"}, 422),
    ("engagement-activities/", {"from": "0001-01-01", "to": "9999-12-31"}, 200),
    ("engagement-activities/", {"limit": "0"}, 422),
    ("engagement-activities/", {"limit": "501"}, 422),
    ("engagement-activities/", {"cursor": "not-a-cursor"}, 400),
    ("engagement-activities/", {"cursor": "WyJub3QgYSBkYXkiLDFd"}, 400),  # ["not a day",1]
    ("engagement-activities/", {"cursor": "WzEsMV0"}, 400),  # [1,1]: a number for a day
    ("community-issues/", {"state": "lost"}, 422),
    ("community-issues/", {"state": "open\x00"}, 422),
    ("community-issues/", {"mine": "perhaps"}, 422),
    ("community-issues/", {"cursor": "WyJ4IiwxXQ"}, 400),  # ["x",1]: text for an id
    ("community-issues/", {"limit": "-1"}, 422),
    ("issue-categories/", {"cursor": "WzEsMV0"}, 200),  # [1,1]: a name compared with a number still orders
    ("issue-categories/", {"limit": "x"}, 422),
    ("community-issues/0/", {}, 422),
    (f"community-issues/{BIGGEST + 1}/", {}, 422),
    (f"community-issues/{BIGGEST}/", {}, 404),
])
def test_bad_input_is_a_problem_never_a_failure(client, headers, issues, plan, path, params, status):
    response = client.get(f"{BASE}/{path}", params, **headers("officer"))
    assert response.status_code == status, response.content
    if status != 200:
        assert response["Content-Type"] == "application/problem+json"


def test_a_bad_slug(client, headers, issues):
    for path in ("engagement-activities/", "community-issues/", f"community-issues/{issues['noisy'].pk}/",
                 "issue-categories/"):
        assert client.get(f"/api/v1/partnerships/no-such-place/{path}", **headers("superuser")).status_code == 404
        response = client.get(f"/api/v1/partnerships/bad%00slug/{path}", **headers("superuser"))
        assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
