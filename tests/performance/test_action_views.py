"""Action plans, reporting rounds, task updates and the thematic report through HTTP."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placeboard.core.models import AuditEvent, Group, Outcome
from placeboard.demo import load_all
from placeboard.performance.models import Action, ReportingRound, Task, TaskUpdate
from tests.personas import ALL, MANAGERS, MEMBERS, expected


def url(name, partnership, *args):
    return reverse(name, args=[partnership.slug, *args])


@pytest.fixture
def plan(partnership):
    """An action with two tasks under outcome 1.1.1, owned through theme 1 by the Safer Communities Group."""
    outcome = Outcome.objects.get(code="1.1.1")
    action = Action.objects.create(partnership=partnership, outcome=outcome, title="Target burglary hot spots")
    tasks = [Task.objects.create(action=action, ref=r, title=f"Task {r}", target="By March") for r in "ab"]
    round_ = ReportingRound(partnership=partnership, name="Q1 round", reporting_date="2008-07-01")
    from placeboard.performance.periods import parse_period

    round_.set_period(parse_period("2008/09 Q1"))
    round_.save()
    round_.groups.add(Group.objects.get(name="Safer Communities Group"))
    return action, tasks, round_


@pytest.mark.parametrize("persona", ALL)
def test_gatekeepers(as_user, partnership, plan, persona):
    action, tasks, round_ = plan
    client = as_user(persona)
    editors = MANAGERS | {"theme_lead", "provider"}  # the owning group's lead; the police lead the outcome
    assert client.get(url("action_plan", partnership, action.outcome_id)).status_code == expected(persona, MEMBERS)
    assert client.get(url("round_detail", partnership, round_.pk)).status_code == expected(persona, MEMBERS)
    assert client.get(url("thematic_report", partnership, round_.pk)).status_code == expected(persona, MEMBERS)
    assert client.get(url("action_create", partnership, action.outcome_id)).status_code == expected(persona, editors)
    assert client.get(url("task_create", partnership, action.pk)).status_code == expected(persona, editors)
    assert client.get(url("task_update", partnership, round_.pk, tasks[0].pk)).status_code == expected(persona, editors)
    assert client.get(url("round_create", partnership)).status_code == expected(persona, MANAGERS)


def test_theme_lead_builds_the_action_plan(as_user, partnership, plan, personas):
    action, _, _ = plan
    client = as_user("theme_lead")
    response = client.post(url("action_create", partnership, action.outcome_id), {"title": ""})
    assert "This field is required." in response.content.decode()
    response = client.post(url("action_create", partnership, action.outcome_id),
                           {"ref": "1.1.1.2", "title": "Cocoon watch in repeat-victim streets", "contact": "PC Jones"})
    assert response.status_code == 302
    new = Action.objects.get(ref="1.1.1.2")
    response = client.post(url("task_create", partnership, new.pk),
                           {"ref": "a", "title": "Recruit street champions", "target": "20 streets", "due": "2009-03-31"})
    assert response.status_code == 302
    assert Task.objects.get(action=new).due.isoformat() == "2009-03-31"
    response = client.post(url("task_create", partnership, new.pk), {"title": "x", "due": "31/31/2009"})
    assert "Enter a valid date." in response.content.decode()
    body = client.get(url("action_plan", partnership, action.outcome_id)).content.decode()
    assert "Cocoon watch in repeat-victim streets" in body and "Recruit street champions" in body
    assert AuditEvent.objects.filter(object_type="task", user=personas["theme_lead"]).exists()


def test_task_updates_need_a_planned_improvement_for_amber_and_red(as_user, partnership, plan):
    _, tasks, round_ = plan
    client = as_user("theme_lead")
    path = url("task_update", partnership, round_.pk, tasks[0].pk)
    response = client.post(path, {"position": "Behind", "status": "red", "planned_improvement": ""})
    body = response.content.decode()
    assert "Amber and Red need a planned improvement or action" in body and 'href="#id_planned_improvement"' in body
    assert not TaskUpdate.objects.exists()
    assert client.post(path, {"position": "On track", "status": "green"}).status_code == 302
    response = client.post(path, {"position": "Slipping", "status": "amber", "planned_improvement": "Extra patrols",
                                  "deadline": "2008-10-31"})
    assert response.status_code == 302
    update = TaskUpdate.objects.get()
    assert (update.status, update.planned_improvement) == ("amber", "Extra patrols")
    assert AuditEvent.objects.filter(object_type="task update", action="update").exists()


def test_round_shows_who_has_not_reported(as_user, partnership, plan):
    _, tasks, round_ = plan
    TaskUpdate.objects.create(round=round_, task=tasks[0], position="Done", status="green")
    body = as_user("officer").get(url("round_detail", partnership, round_.pk)).content.decode()
    assert "1 task without an update in this round" in body
    body = as_user("theme_lead").get(url("round_detail", partnership, round_.pk)).content.decode()
    assert "You still owe 1 update" in body and "Task b" in body
    body = as_user("viewer").get(url("round_detail", partnership, round_.pk)).content.decode()
    assert "You still owe" not in body and "Not yet reported" not in body


@pytest.mark.parametrize("data, field, message", [
    ({"period_label": "2008/13"}, "period_label", "is not a period"),
    ({"due": "2008-06-01"}, "due", "Updates cannot be due before the reporting date."),
    ({"name": "Q1 round"}, None, "already exists"),
])
def test_opening_a_round_bad_input(as_user, partnership, plan, data, field, message):
    base = {"name": "Q2 round", "period_label": "2008/09 Q2", "reporting_date": "2008-07-01", "due": "2008-07-15"}
    response = as_user("officer").post(url("round_create", partnership), {**base, **data})
    body = response.content.decode()
    assert message in body
    assert ReportingRound.objects.count() == 1


def test_opening_a_round(as_user, partnership, plan):
    group = Group.objects.get(name="Safer Communities Group")
    response = as_user("officer").post(url("round_create", partnership), {
        "name": "Q2 round", "period_label": "Q2 2008/09", "reporting_date": "2008-10-01", "groups": [group.pk]})
    assert response.status_code == 302
    new = ReportingRound.objects.get(name="Q2 round")
    assert new.period == "2008/09 Q2" and list(new.groups.all()) == [group]


def summary_counts(body):
    """{outcome code: (green, amber, red, total)} read from the thematic report's summaries."""
    found = {}
    for section in body.split('<section class="govuk-!-margin-bottom-9 pb-report-outcome">')[1:]:
        code = re.search(r"Outcome: (\S+)", section).group(1)
        cells = re.findall(r'govuk-table__cell--numeric">(\d*)</td>', section.split("</table>")[0])
        found[code] = tuple(int(c) if c else 0 for c in cells)
    return found


@pytest.mark.django_db
def test_demo_reproduces_seed_004_summary_counts(client):
    load_all()
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "x"))
    round_ = ReportingRound.objects.get(partnership__slug="gloucester")
    body = client.get(reverse("thematic_report", args=["gloucester", round_.pk])).content.decode()
    assert summary_counts(body) == {"2.1": (1, 2, 1, 4), "2.2": (2, 2, 2, 6), "3.1": (0, 0, 1, 1)}
    assert "4th September 2008" in body
    assert "Invite GARAS to next meeting" in body


def test_thematic_report_query_count_does_not_grow(as_user, partnership, plan):
    action, tasks, round_ = plan
    client = as_user("viewer")
    path = url("thematic_report", partnership, round_.pk)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    for i in range(60):
        task = Task.objects.create(action=action, ref=f"x{i}", title=f"More {i}")
        TaskUpdate.objects.create(round=round_, task=task, position="p", status="red", planned_improvement="i")
    assert count() == small
