"""Overdue decisions and community issues are marked "Overdue" (a GOV.UK tag, with the due date) on the area
board's pages and on the partner's issue pages, all by the one rule on the models."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from placeboard.core.models import Area, Group, Organisation, Role
from placeboard.engagement.models import AgendaItem, CommunityIssue, Decision, IssueCategory, Meeting
from tests.conftest import make_user

TAG = re.compile(r'govuk-tag--red">Overdue</strong>')


def url(name, partnership, *args):
    return reverse(name, args=[partnership.slug, *args])


def days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


def raised(partnership, title, days, status="new", organisation="Testshire Police"):
    """A live issue in North, confirmed at midday `days` days ago."""
    confirmed = timezone.make_aware(datetime.datetime.combine(days_ago(days), datetime.time(12)))
    category, _ = IssueCategory.objects.get_or_create(partnership=partnership, name="Roads and pavements")
    return CommunityIssue.objects.create(
        partnership=partnership, title=title, description="x", area=Area.objects.get(name="North"),
        category=category, reporter_name="Ann", reporter_email="ann@example.org", confirm_token=title,
        confirmed_at=confirmed, status=status, organisation=Organisation.objects.get(name=organisation))


@pytest.fixture
def board(partnership):
    return Group.objects.create(partnership=partnership, name="North Area Board", kind="area_board",
                                area=Area.objects.get(name="North"))


@pytest.fixture
def work(partnership, board):
    """Issues and decisions either side of their due dates: only the first of each kind is overdue."""
    issues = {
        "overdue": raised(partnership, "Broken bench", 29),
        "due today": raised(partnership, "Loose paving", 28),
        "young": raised(partnership, "Graffiti on the bridge", 3),
        "closed": raised(partnership, "Blocked drain", 60, status="resolved"),
    }
    meeting = Meeting.objects.create(partnership=partnership, board=board, venue="North Library",
                                     starts_at=timezone.now() - datetime.timedelta(days=40))
    item = AgendaItem.objects.create(meeting=meeting, number=1, title="Parking", purpose="decision")
    police = Organisation.objects.get(name="Testshire Police")

    def decision(text, due, status="open"):
        return Decision.objects.create(meeting=meeting, item=item, text=text, responsible="Inspector Lee",
                                       organisation=police, due=due, status=status)

    decisions = {
        "overdue": decision("Patrol the car park", days_ago(1)),
        "due today": decision("Report on patrols", timezone.localdate()),
        "done": decision("Meet the traders", days_ago(10), status="done"),
        "no date": decision("Keep the board informed", None),
    }
    return issues, decisions, meeting


def test_the_rule_lives_on_the_models(work):
    issues, decisions, _ = work
    assert {k for k, i in issues.items() if i.is_overdue} == {"overdue"}
    assert issues["overdue"].due == days_ago(1)
    assert set(CommunityIssue.objects.filter(CommunityIssue.overdue_q())) == {issues["overdue"]}
    assert {k for k, d in decisions.items() if d.is_overdue} == {"overdue"}


def test_the_area_boards_page_marks_overdue_decisions_and_lists_overdue_issues(as_user, partnership, board, work):
    body = as_user("viewer").get(url("board_detail", partnership, board.pk)).content.decode()
    assert len(TAG.findall(body)) == 2  # one decision, one issue
    decisions, issues = body.split("Overdue community issues")
    assert re.search(r"Patrol the car park: Inspector Lee, by [^<]+<strong class=\"govuk-tag govuk-tag--red\">Overdue",
                     decisions)
    assert "Broken bench" in issues and f"due by {days_ago(1):%-d %B %Y}" in issues
    assert "Loose paving" not in issues and "Graffiti" not in issues and "Blocked drain" not in issues


def test_the_area_boards_issue_list_and_meeting_mark_what_is_overdue(as_user, partnership, board, work):
    client = as_user("viewer")
    rows = client.get(url("board_issues", partnership, board.pk)).content.decode().split("<tr")
    overdue = [row for row in rows if TAG.search(row)]
    assert len(overdue) == 1 and "Broken bench" in overdue[0] and f"Due by {days_ago(1):%-d %B %Y}" in overdue[0]
    meeting = client.get(url("meeting_detail", partnership, work[2].pk)).content.decode()
    assert len(TAG.findall(meeting)) == 1
    # The public pages say when things are due but do not mark them.
    assert not TAG.search(client.get(reverse("public_meeting", args=[partnership.slug, work[2].pk])).content.decode())
    assert not TAG.search(client.get(reverse("public_issues", args=[partnership.slug])).content.decode())


def test_the_partners_issue_pages_mark_overdue_issues_and_decisions(as_user, partnership, work):
    issues, _, _ = work
    client = as_user("provider")  # a data provider for Testshire Police, which holds the issues
    queue = client.get(url("issue_queue", partnership)).content.decode()
    issue_rows, board_decisions = queue.split("Area board decisions your organisation is responsible for")
    assert len(TAG.findall(issue_rows)) == 1 and "Patrol the car park" in board_decisions
    assert len(TAG.findall(board_decisions)) == 1
    assert "Meet the traders" not in board_decisions  # done
    page = client.get(url("issue_manage", partnership, issues["overdue"].pk)).content.decode()
    assert TAG.search(page) and f"{days_ago(1):%-d %B %Y}" in page
    page = client.get(url("issue_manage", partnership, issues["young"].pk)).content.decode()
    assert "Due by" in page and not TAG.search(page)
    assert "Due by" not in client.get(url("issue_manage", partnership, issues["closed"].pk)).content.decode()


def test_a_community_area_managers_queue_marks_the_boards_overdue_issues(client, partnership, board, work):
    manager = make_user("manager")
    Role.objects.create(user=manager, partnership=partnership, kind="community_area_manager", group=board)
    client.force_login(manager)
    queue = client.get(url("issue_queue", partnership)).content.decode()
    assert "Broken bench" in queue and len(TAG.findall(queue)) == 1
    assert "Area board decisions your organisation" not in queue  # no organisation of their own
