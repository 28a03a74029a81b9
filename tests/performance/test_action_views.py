"""Action plans, reporting rounds, task updates and the thematic report through HTTP."""

import pytest
from django.urls import reverse

from placeboard.core.models import AuditEvent, Group, Outcome
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


def test_round_lists_indicators_and_their_actuals(as_user, partnership, plan):
    from placeboard.performance.models import Indicator, Observation
    from placeboard.performance.periods import parse_period

    _, _, round_ = plan
    ind = Indicator.objects.create(partnership=partnership, code="CRIME 1", title="Burglaries", value_type="count",
                                   polarity="lower", collection_interval="financial_quarter")
    ind.outcomes.add(Outcome.objects.get(code="1.1.1"))
    path = url("round_detail", partnership, round_.pk)
    body = as_user("officer").get(path).content.decode()
    assert "CRIME 1" in body and "Enter the actual" in body and "period=2008/09%20Q1" in body
    obs = Observation(indicator=ind, value=42, note="Down on last year")
    obs.set_period(parse_period("2008/09 Q1"))
    obs.save()
    body = as_user("viewer").get(path).content.decode()
    assert "42" in body and "Down on last year" in body


def test_reminders_by_email(as_user, partnership, plan, personas, mailoutbox):
    from placeboard.performance.models import Indicator

    _, tasks, round_ = plan
    TaskUpdate.objects.create(round=round_, task=tasks[0], position="Done", status="green")
    ind = Indicator.objects.create(partnership=partnership, code="CRIME 1", title="Burglaries", value_type="count",
                                   polarity="lower", collection_interval="financial_quarter",
                                   lead_organisation=personas["provider"].placeboard_roles.get().organisation)
    ind.outcomes.add(Outcome.objects.get(code="1.1.1"))
    path = url("round_remind", partnership, round_.pk)
    assert as_user("theme_lead").post(path).status_code == 403
    assert as_user("officer").get(path).status_code == 405
    response = as_user("officer").post(path)
    assert response.status_code == 302
    by_address = {m.to[0]: m for m in mailoutbox}
    assert set(by_address) == {"theme_lead@example.org", "provider@example.org"}
    assert "Task b" in by_address["theme_lead@example.org"].body
    assert "Task a" not in by_address["theme_lead@example.org"].body  # already updated
    assert "CRIME 1 Burglaries for 2008/09 Q1" in by_address["provider@example.org"].body
    event = AuditEvent.objects.get(object_type="reporting round")
    assert event.changes["reminders sent"][1] == "provider@example.org, theme_lead@example.org"


def test_reminders_share_one_mail_connection(as_user, partnership, plan, personas, mailoutbox, monkeypatch):
    from django.core.mail.backends import locmem

    from placeboard.performance.models import Indicator

    ind = Indicator.objects.create(partnership=partnership, code="CRIME 1", title="Burglaries", value_type="count",
                                   polarity="lower", collection_interval="financial_quarter",
                                   lead_organisation=personas["provider"].placeboard_roles.get().organisation)
    ind.outcomes.add(Outcome.objects.get(code="1.1.1"))
    connections = []
    real_init = locmem.EmailBackend.__init__
    monkeypatch.setattr(locmem.EmailBackend, "__init__",
                        lambda self, *a, **kw: connections.append(self) or real_init(self, *a, **kw))
    _, _, round_ = plan
    as_user("officer").post(url("round_remind", partnership, round_.pk))
    assert len(mailoutbox) == 2 and len(connections) == 1


def test_a_group_owns_what_lies_three_themes_down_for_tasks_indicators_and_reminders(partnership, personas, plan):
    """Rounds, reminders and report filters agree: theme 1 → 1.1 → 1.1.a is the Safer Communities Group's."""
    from placeboard.core.models import Organisation, Theme
    from placeboard.performance.models import Indicator
    from placeboard.performance.services import round_debts
    from placeboard.reports.builders import Filters, _round_tasks, indicator_queryset

    _, _, round_ = plan
    police = Organisation.objects.get(name="Testshire Police")
    deep = Theme.objects.create(partnership=partnership, code="1.1.a", name="Burglary",
                                parent=Theme.objects.get(code="1.1"))
    outcome = Outcome.objects.create(partnership=partnership, theme=deep, code="1.1.a.1", title="Safer homes",
                                     lead_organisation=police)
    action = Action.objects.create(partnership=partnership, outcome=outcome, title="Door locks")
    task = Task.objects.create(action=action, ref="a", title="Fit locks", target="By May")
    indicator = Indicator.objects.create(partnership=partnership, code="DEEP 1", title="Burglaries",
                                         value_type="count", polarity="lower", lead_organisation=police)
    indicator.outcomes.add(outcome)
    assert task in list(round_.tasks())
    debts = round_debts(round_)
    assert any("DEEP 1" in item for item in debts[personas["provider"]])  # the police lead the indicator
    assert any("Fit locks" in item for item in debts[personas["theme_lead"]])  # the group's lead owns the task
    top, safer = Theme.objects.get(code="1"), Group.objects.get(name="Safer Communities Group")
    assert indicator in indicator_queryset(partnership, Filters(theme=top))
    assert indicator in indicator_queryset(partnership, Filters(group=safer))
    assert task in [t for t, _ in _round_tasks(round_, Filters(theme=top))]
