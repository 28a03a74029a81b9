"""A home page per role (issue 15.14): each person lands on the partnership home page on what they came for,
their own work first, then the partnership's performance."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from placeboard.core.models import Area, Group, Organisation, Outcome, Role
from placeboard.engagement.models import CommunityIssue, IssueCategory, Meeting
from placeboard.funding.models import BudgetRound
from placeboard.performance.models import Action, Indicator, ReportingRound, Task, TaskUpdate
from placeboard.performance.periods import parse_period
from tests.funding.pb_helpers import set_phase
from tests.performance.conftest import add_actual, add_target

HEADINGS = {
    "figures": "Figures to report for",
    "tasks": "Task updates for",
    "board": "You run",
    "budgets": "Open budget rounds",
    "performance": "Latest performance by",
}


def home(client, partnership):
    response = client.get(reverse("partnership_home", args=[partnership.slug]))
    assert response.status_code == 200
    return response.content.decode()


def url(name, partnership, *args):
    return reverse(name, args=[partnership.slug, *args])


def make_round(partnership, name, period, *, due=None, closed=False, groups=()):
    round_ = ReportingRound(partnership=partnership, name=name, reporting_date=parse_period(period).end,
                            due=due, closed_at=timezone.now() if closed else None)
    round_.set_period(parse_period(period))
    round_.save()
    round_.groups.add(*groups)
    return round_


def police_indicator(partnership, code, title="Burglaries"):
    indicator = Indicator.objects.create(partnership=partnership, code=code, title=title, value_type="count",
                                         polarity="lower", collection_interval="financial_quarter",
                                         lead_organisation=Organisation.objects.get(name="Testshire Police"))
    indicator.outcomes.add(Outcome.objects.get(code="1.1.1"))
    return indicator


@pytest.fixture
def figures(partnership):
    """The police owe 2008/09 Q2 (an open round, deadline passed) and KSI 1 has owed Q1 since a closed round."""
    burglary = police_indicator(partnership, "BUR 1")
    add_actual(burglary, "2008/09 Q1", "120")
    add_target(burglary, "2008/09 Q2", "110")
    robbery = police_indicator(partnership, "ROB 1", "Robberies")
    add_actual(robbery, "2008/09 Q1", "30")
    add_actual(robbery, "2008/09 Q2", "28")
    injuries = police_indicator(partnership, "KSI 1", "People killed or seriously injured on the roads")
    add_target(injuries, "2008/09 Q1", "12")
    make_round(partnership, "Figures Q1", "2008/09 Q1", closed=True)
    make_round(partnership, "Figures Q2", "2008/09 Q2", due=timezone.localdate() - timedelta(days=3))
    return burglary, robbery, injuries


def test_a_data_provider_lands_on_the_figures_due_and_overdue(as_user, partnership, figures):
    burglary, robbery, injuries = figures
    body = home(as_user("provider"), partnership)
    assert "Figures to report for Testshire Police" in body
    due = body[body.index("Due for 2008/09 Q2"):body.index("</section>", body.index("Due for 2008/09 Q2"))]
    # Only those still to give, each with the status What I have to report shows: BUR 1 has a target for the
    # period, so it is overdue once the round's deadline has passed; KSI 1 has none, so its row is "No data".
    assert "BUR 1" in due and "KSI 1" in due and "ROB 1" not in due
    assert "2 figures still to give; 1 of 3 given." in due
    assert due.count("Overdue") == 1 and due.index("Overdue") < due.index("KSI 1")
    earlier = body[body.index("Overdue from earlier periods"):body.index("Due for 2008/09 Q2")]
    assert "KSI 1" in earlier and "BUR 1" not in earlier
    assert f'href="{url("my_returns", partnership)}?period=2008/09%20Q1"' in earlier
    assert f'href="{url("my_returns", partnership)}" role="button"' in body
    # The council's provider sees theirs, not the police's.
    other = home(as_user("other_provider"), partnership)
    assert "Figures to report for Testshire Council" in other and "BUR 1" not in other


def test_a_provider_with_everything_given_is_told_so(as_user, partnership, figures):
    burglary, _, injuries = figures
    add_actual(burglary, "2008/09 Q2", "105")
    add_actual(injuries, "2008/09 Q2", "9")
    add_actual(injuries, "2008/09 Q1", "11")
    body = home(as_user("provider"), partnership)
    assert "Every figure for 2008/09 Q2 has been given." in body
    assert "Overdue from earlier periods" not in body


@pytest.fixture
def tasks(partnership):
    """Two tasks under outcome 1.1.1 (owned through theme 1 by the Safer Communities Group) in an open round,
    one already updated, and a closed round that owes nothing any more."""
    safer = Group.objects.get(name="Safer Communities Group")
    action = Action.objects.create(partnership=partnership, outcome=Outcome.objects.get(code="1.1.1"),
                                   title="Target burglary hot spots")
    given, owed = (Task.objects.create(action=action, ref=r, title=f"Task {r}", target="By March") for r in "ab")
    round_ = make_round(partnership, "Q1 round", "2008/09 Q1", due=timezone.localdate() - timedelta(days=1),
                        groups=[safer])
    TaskUpdate.objects.create(round=round_, task=given, position="Done", status="green")
    closed = make_round(partnership, "Q4 round", "2007/08 Q4", closed=True, groups=[safer])
    return round_, closed, given, owed


def test_a_theme_lead_lands_on_the_task_updates_their_group_owes(as_user, partnership, tasks):
    round_, closed, given, owed = tasks
    body = home(as_user("theme_lead"), partnership)
    assert "Task updates for Safer Communities Group" in body
    assert f'href="{url("task_update", partnership, round_.pk, owed.pk)}">Give the update on b) Task b</a>' in body
    assert url("task_update", partnership, round_.pk, given.pk) not in body  # given already
    assert "Q4 round" not in body  # closed
    yesterday = f"{timezone.localdate() - timedelta(days=1):%-d %B %Y}"
    assert f"1 update to give: it was due by {yesterday}." in body and "Overdue" in body
    TaskUpdate.objects.create(round=round_, task=owed, position="Started", status="green")
    assert "Your group owes no task updates in the open reporting rounds." in home(as_user("theme_lead"),
                                                                                   partnership)


@pytest.fixture
def manager(partnership, personas):
    """The viewer also runs the North Area Board."""
    north = Area.objects.get(name="North")
    board = Group.objects.create(partnership=partnership, name="North Area Board", kind="area_board", area=north)
    Role.objects.create(user=personas["viewer"], partnership=partnership, kind=Role.Kind.COMMUNITY_AREA_MANAGER,
                        group=board)
    return board


def add_issue(partnership, title, area, *, age_days=1, status="new"):
    category = IssueCategory.objects.get_or_create(partnership=partnership, name="Roads")[0]
    return CommunityIssue.objects.create(
        partnership=partnership, title=title, description="d", area=area, category=category, reporter_name="A",
        reporter_email="a@example.org", confirm_token=f"t{CommunityIssue.objects.count()}-{title}", status=status,
        confirmed_at=timezone.now() - timedelta(days=age_days), organisation=Organisation.objects.first())


def add_budget_round(partnership, board, name, phase):
    round_ = BudgetRound(partnership=partnership, board=board, name=name, total_budget=Decimal(1000), max_projects=2)
    set_phase(round_, phase)
    if phase in ("results", "delivery"):
        round_.results_published_at = timezone.now()
        round_.save()
    return round_


def test_an_area_manager_lands_on_their_board(as_user, partnership, manager):
    north, county = Area.objects.get(name="North"), Area.objects.get(name="Testshire")
    now = timezone.now()
    soon = Meeting.objects.create(partnership=partnership, board=manager, venue="North Library",
                                  starts_at=now + timedelta(days=7))
    Meeting.objects.create(partnership=partnership, board=manager, venue="Later Hall", starts_at=now + timedelta(days=40))
    Meeting.objects.create(partnership=partnership, board=manager, venue="Past Hall", starts_at=now - timedelta(days=7))
    old = add_issue(partnership, "Broken bench", north, age_days=40)
    new = add_issue(partnership, "Pothole", north, status="accepted")
    add_issue(partnership, "Fixed lamp", north, status="resolved", age_days=60)
    add_issue(partnership, "County-wide flooding", county)  # above the board's area: not theirs
    voting = add_budget_round(partnership, manager, "You Decide 2009", "voting")
    add_budget_round(partnership, manager, "You Decide 2008", "delivery")
    body = home(as_user("viewer"), partnership)
    assert f'You run <a class="govuk-link" href="{url("board_detail", partnership, manager.pk)}">North Area Board</a>' in body
    assert f'href="{url("meeting_detail", partnership, soon.pk)}"' in body and "North Library" in body
    assert "Later Hall" not in body and "Past Hall" not in body
    assert "2 open issues in the board's area, 1 overdue" in body
    old_at = body.index(f'href="{url("issue_manage", partnership, old.pk)}"')
    assert body.index("Overdue", old_at) < body.index(f'href="{url("issue_manage", partnership, new.pk)}"')
    assert "Fixed lamp" not in body and "County-wide flooding" not in body
    assert url("board_issues", partnership, manager.pk) in body
    assert f'href="{url("budget_round_detail", partnership, voting.pk)}"' in body and "Voting" in body
    assert "You Decide 2008" not in body  # its results are published
    assert url("budget_round_list", partnership) in body


def test_an_area_manager_without_meetings_issues_or_rounds_is_told_so(as_user, partnership, manager):
    body = home(as_user("viewer"), partnership)
    assert "None scheduled." in body and url("meeting_create", partnership, manager.pk) in body
    assert "No open issues in the board's area." in body
    assert "None of your boards has a budget round open." in body


@pytest.mark.parametrize("persona", ["viewer", "officer", "superuser"])
def test_board_members_and_officers_land_on_the_partnerships_performance(as_user, partnership, persona):
    body = home(as_user(persona), partnership)
    assert 'id="rag-by-theme"' in body
    for part in ("figures", "tasks", "board", "budgets"):
        assert HEADINGS[part] not in body


def test_several_roles_see_each_part_their_own_work_first(as_user, partnership, personas, figures, tasks, manager):
    viewer = personas["viewer"]  # a board member who also runs North, provides for the police and leads Safer
    Role.objects.create(user=viewer, partnership=partnership, kind=Role.Kind.DATA_PROVIDER,
                        organisation=Organisation.objects.get(name="Testshire Police"))
    Role.objects.create(user=viewer, partnership=partnership, kind=Role.Kind.THEME_LEAD,
                        group=Group.objects.get(name="Safer Communities Group"))
    body = home(as_user("viewer"), partnership)
    at = [body.index(HEADINGS[part]) for part in ("figures", "tasks", "board", "budgets", "performance")]
    assert at == sorted(at)


def grow(partnership, board, n):
    """n more of everything the role sections list: indicators with figures, owed tasks, issues, meetings and
    budget rounds."""
    tag = Indicator.objects.count()
    north = Area.objects.get(name="North")
    action = Action.objects.create(partnership=partnership, outcome=Outcome.objects.get(code="1.1.1"),
                                   title=f"Action {tag}")
    for i in range(n):
        indicator = police_indicator(partnership, f"G{tag}-{i}")
        add_actual(indicator, "2008/09 Q1", str(i))
        add_target(indicator, "2008/09 Q2", "10")
        Task.objects.create(action=action, ref=str(i), title=f"Task {tag}-{i}", target="Soon")
        add_issue(partnership, f"Issue {tag}-{i}", north, age_days=i * 5)
        Meeting.objects.create(partnership=partnership, board=board, venue=f"Hall {tag}-{i}",
                               starts_at=timezone.now() + timedelta(days=i + 1))
        add_budget_round(partnership, board, f"Round {tag}-{i}", "bids")


def test_the_home_page_runs_a_fixed_number_of_queries(as_user, partnership, personas, figures, tasks, manager):
    viewer = personas["viewer"]
    Role.objects.create(user=viewer, partnership=partnership, kind=Role.Kind.DATA_PROVIDER,
                        organisation=Organisation.objects.get(name="Testshire Police"))
    Role.objects.create(user=viewer, partnership=partnership, kind=Role.Kind.THEME_LEAD,
                        group=Group.objects.get(name="Safer Communities Group"))
    client = as_user("viewer")
    counts = []
    for n in (2, 12):
        grow(partnership, manager, n)
        cache.clear()  # the cost of building the page (grow writes no audit events, which would do this)
        with CaptureQueriesContext(connection) as ctx:
            body = home(client, partnership)
        counts.append(len(ctx.captured_queries))
    assert "15 updates to give" in body and "14 open issues" in body  # every row shows at the larger size
    assert counts[0] == counts[1], counts


@pytest.fixture
def demo(db, tmp_path):
    from django.contrib.auth import get_user_model

    from placeboard.core.demo import ensure_demo_users
    from placeboard.demo import load_all

    load_all()
    ensure_demo_users(tmp_path / "logins.json")
    return {user.username: user for user in get_user_model().objects.all()}


def demo_home(client, user, slug):
    from placeboard.core.models import Partnership

    client.force_login(user)
    return home(client, Partnership.objects.get(slug=slug))


def test_each_demo_role_lands_on_what_they_came_for(client, demo):
    """The demo's logins, as `placeboard demo` prints them."""
    body = demo_home(client, demo["provider"], "wiltshire")
    assert "Figures to report for Wiltshire Council" in body and "figures still to give" in body
    assert body.index("Figures to report") < body.index('id="rag-by-theme"')
    body = demo_home(client, demo["themelead"], "gloucester")
    assert "Task updates for Stronger Communities Group" in body
    update = TaskUpdate.objects.filter(round__partnership__slug="gloucester", round__closed_at=None).first()
    update.delete()  # so the demo round owes one
    body = demo_home(client, demo["themelead"], "gloucester")
    assert reverse("task_update", args=["gloucester", update.round_id, update.task_id]) in body
    body = demo_home(client, demo["areamanager"], "wiltshire")
    assert "Chippenham Area Board</a></h2>" in body and "Next meeting" in body and "Open budget rounds" in body
    assert "Chippenham You Decide" in body
    assert "govuk-tag--red\">Overdue</strong>" in body  # the street light, raised in August and still new
    for name, slug in (("board", "wiltshire"), ("officer", "wiltshire"), ("coventry", "coventry"),
                       ("admin", "wirral")):
        body = demo_home(client, demo[name], slug)
        assert 'id="rag-by-theme"' in body and "Figures to report" not in body and "You run" not in body
