"""Actions with their tasks, and reporting rounds' task updates: read as the action plan and round pages show
them, written through the task update page's own form and service (issue 19)."""

import json
import threading
import time
from datetime import date

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import QuerySet
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from placeboard.api import actions
from placeboard.core.models import AuditEvent, Group, Organisation, Outcome, Partnership, Theme
from placeboard.performance import versions
from placeboard.performance.models import Action, ReportingRound, Task, TaskUpdate
from placeboard.performance.periods import parse_period
from tests.api.conftest import issue
from tests.concurrency import at_once
from tests.personas import ALL, MANAGERS, MEMBERS
from tests.personas import api_expected as expected

pytestmark = pytest.mark.django_db
BASE = "/api/v1/partnerships/testshire"
# The action's owners (the Safer Communities Group's theme lead; the police lead outcome 1.1.1) and the
# performance officers update its tasks, as on the task update page.
EDITORS = MANAGERS | {"theme_lead", "provider"}



def new_round(partnership, name, label, *groups, reporting_date="2008-07-01"):
    round_ = ReportingRound(partnership=partnership, name=name, reporting_date=reporting_date)
    round_.set_period(parse_period(label))
    round_.save()
    round_.groups.add(*groups)
    return round_


@pytest.fixture
def plan(partnership):
    """Outcome 1.1.1 (the Safer Communities Group's, through theme 1; led by the police) has an action with two
    tasks; outcome 2.1 (nobody's group) has one with one task, so no round of the group asks for it."""
    police, council = Organisation.objects.get(name="Testshire Police"), Organisation.objects.get(
        name="Testshire Council")
    burglary = Action.objects.create(partnership=partnership, outcome=Outcome.objects.get(code="1.1.1"),
                                     ref="1.1.1.1", title="Target burglary hot spots", lead_organisation=police,
                                     contact="PC Jones")
    a = Task.objects.create(action=burglary, ref="a", title="Map the hot spots", target="20 streets mapped",
                            due=date(2009, 3, 31))
    b = Task.objects.create(action=burglary, ref="b", title="Patrol them", target="")
    jobs = Action.objects.create(partnership=partnership, outcome=Outcome.objects.get(code="2.1"), ref="2.1.1",
                                 title="Jobs fair", lead_organisation=council)
    fair = Task.objects.create(action=jobs, ref="a", title="Book the hall", target="By May", due=date(2009, 5, 1))
    round_ = new_round(partnership, "Q1 round", "2008/09 Q1", Group.objects.get(name="Safer Communities Group"))
    return {"burglary": burglary, "a": a, "b": b, "jobs": jobs, "fair": fair, "round": round_}


def updates_url(round_):
    return f"{BASE}/rounds/{round_.pk}/task-updates/"


def post(client, headers, round_, *rows):
    return client.post(updates_url(round_), json.dumps({"updates": list(rows)}), content_type="application/json",
                       **headers)


def as_json(value):
    return DjangoJSONEncoder().default(value)


def trail(update_ids):
    events = AuditEvent.objects.filter(object_type="task update", object_id__in=[str(pk) for pk in update_ids])
    return [(e.action, e.changes, e.user.username) for e in events.order_by("id")]


# -- reading ----------------------------------------------------------------------------------------------


def test_actions_with_their_tasks(client, bearer, plan):
    response = client.get(f"{BASE}/actions/", **bearer("viewer"))
    assert response.status_code == 200
    assert response.json() == {"items": [
        {"id": plan["burglary"].pk, "outcome_id": plan["burglary"].outcome_id, "ref": "1.1.1.1",
         "title": "Target burglary hot spots", "lead_organisation": "Testshire Police", "contact": "PC Jones",
         "tasks": [{"id": plan["a"].pk, "ref": "a", "title": "Map the hot spots", "target": "20 streets mapped",
                    "due": "2009-03-31"},
                   {"id": plan["b"].pk, "ref": "b", "title": "Patrol them", "target": "", "due": None}]},
        {"id": plan["jobs"].pk, "outcome_id": plan["jobs"].outcome_id, "ref": "2.1.1", "title": "Jobs fair",
         "lead_organisation": "Testshire Council", "contact": "",
         "tasks": [{"id": plan["fair"].pk, "ref": "a", "title": "Book the hall", "target": "By May",
                    "due": "2009-05-01"}]},
    ], "next": None}


def test_actions_of_one_outcome(client, bearer, plan):
    headers = bearer("other_provider")
    response = client.get(f"{BASE}/actions/", {"outcome": plan["jobs"].outcome_id}, **headers)
    assert [a["title"] for a in response.json()["items"]] == ["Jobs fair"]
    # Another partnership's outcome, or none at all, is refused rather than answered with an empty list.
    elsewhere = Partnership.objects.get(slug="elsewhere")
    theirs = Outcome.objects.create(partnership=elsewhere, code="9", title="Theirs", theme=Theme.objects.create(
        partnership=elsewhere, code="9", name="Theirs"))
    Action.objects.create(partnership=elsewhere, outcome=theirs, title="Their secret action")
    for outcome in (theirs.pk, 2 ** 63 - 1):
        response = client.get(f"{BASE}/actions/", {"outcome": outcome}, **headers)
        assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
        assert response.json()["errors"] == [
            {"loc": ["query", "outcome"], "msg": "No outcome with this id in this partnership."}]
    assert "Their secret action" not in client.get(f"{BASE}/actions/", **headers).content.decode()
    for outcome in (0, 2 ** 63, "one"):
        assert client.get(f"{BASE}/actions/", {"outcome": outcome}, **headers).status_code == 422


def test_actions_page_by_page_in_outcome_order(client, bearer, plan, partnership):
    first = Action.objects.create(partnership=partnership, outcome=Outcome.objects.get(code="1.1.1"), title="Later")
    headers, titles, url = bearer("viewer"), [], f"{BASE}/actions/?limit=1"
    while url:
        body = client.get(url, **headers).json()
        assert len(body["items"]) == 1
        titles.append(body["items"][0]["title"])
        url = body["next"]
    assert titles == ["Target burglary hot spots", first.title, "Jobs fair"]


def test_a_rounds_task_updates(client, bearer, plan, personas):
    round_, a, b = plan["round"], plan["a"], plan["b"]
    amber = TaskUpdate.objects.create(round=round_, task=b, position="Two of five streets", status="amber",
                                      planned_improvement="Extra patrols at weekends", deadline=date(2008, 10, 31),
                                      updated_by=personas["theme_lead"])
    green = TaskUpdate.objects.create(round=round_, task=a, position="Mapped", status="green",
                                      updated_by=personas["officer"])
    # Outcome 2.1 is no group's, so its task is not one the round asks about: the round's page leaves it out.
    TaskUpdate.objects.create(round=round_, task=plan["fair"], position="Hall booked", status="green")
    # Another round's updates are that round's.
    later = new_round(round_.partnership, "Q2 round", "2008/09 Q2", *round_.groups.all(),
                      reporting_date="2008-10-01")
    TaskUpdate.objects.create(round=later, task=a, position="Still mapped", status="green")
    response = client.get(updates_url(round_), **bearer("viewer"))
    assert response.status_code == 200
    assert response.json() == {"items": [
        {"id": green.pk, "task_id": a.pk, "position": "Mapped", "status": "green", "planned_improvement": "",
         "deadline": None, "updated_at": as_json(green.updated_at),
         "version": versions.version(green)},
        {"id": amber.pk, "task_id": b.pk, "position": "Two of five streets", "status": "amber",
         "planned_improvement": "Extra patrols at weekends", "deadline": "2008-10-31",
         "updated_at": as_json(amber.updated_at), "version": versions.version(amber)},
    ], "next": None}
    # Who wrote an update is not on the round's page, so not here either.
    assert "theme_lead" not in response.content.decode() and "updated_by" not in response.content.decode()


@pytest.mark.parametrize("persona", ALL)
def test_reads(client, bearer, plan, persona):
    for url in (f"{BASE}/actions/", updates_url(plan["round"])):
        response = client.get(url, **bearer(persona))
        assert response.status_code == expected(persona, MEMBERS), url
        if response.status_code != 200:
            assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("persona", ALL)
def test_another_partnerships_round_is_not_found(client, bearer, plan, persona):
    elsewhere = Partnership.objects.get(slug="elsewhere")
    theirs = new_round(elsewhere, "Their round", "2008/09 Q1")
    body = {"task": plan["a"].pk, "position": "Done", "status": "green"}
    for response in (client.get(updates_url(theirs), **bearer(persona)), post(client, bearer(persona), theirs, body)):
        assert response.status_code == (401 if persona == "anonymous" else 404)
    assert not TaskUpdate.objects.exists()


def size(client, headers, url):
    client.get(url, **headers)  # the token's first use records when it was used: not part of a page's cost
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return len(queries), response.json()["items"]


def test_lists_cost_the_same_at_any_size(client, bearer, plan, partnership):
    headers, round_ = bearer("theme_lead"), plan["round"]
    outcome = Outcome.objects.get(code="1.1.1")
    counts = {}
    for wanted in (2, 12):
        while Action.objects.count() < wanted:
            action = Action.objects.create(partnership=partnership, outcome=outcome, title="More",
                                           lead_organisation=Organisation.objects.first())
            for ref in "abc":
                task = Task.objects.create(action=action, ref=ref, title=f"Task {ref}")
                TaskUpdate.objects.create(round=round_, task=task, position="Going", status="green")
        actions_cost, actions = size(client, headers, f"{BASE}/actions/?limit=500")
        updates_cost, updates = size(client, headers, f"{updates_url(round_)}?limit=500")
        assert len(actions) == wanted and len(updates) == 3 * (wanted - 2)
        counts[wanted] = (actions_cost, updates_cost)
    assert counts[2] == counts[12]


# -- writing ----------------------------------------------------------------------------------------------


def test_many_updates_in_one_request(client, bearer, plan):
    round_, a, b = plan["round"], plan["a"], plan["b"]
    response = post(client, bearer("theme_lead"), round_,
                    {"task": b.pk, "position": "Two of five streets", "status": "amber",
                     "planned_improvement": "Extra patrols at weekends", "deadline": "2008-10-31"},
                    {"task": a.pk, "position": "Mapped", "status": "green"})
    assert response.status_code == 200, response.content
    stored = {u.task_id: u for u in TaskUpdate.objects.all()}
    assert response.json() == {"saved": 2, "ids": [stored[b.pk].pk, stored[a.pk].pk]}
    assert (stored[b.pk].status, stored[b.pk].planned_improvement, stored[b.pk].deadline) == (
        "amber", "Extra patrols at weekends", date(2008, 10, 31))
    assert stored[a.pk].updated_by.username == "theme_lead"
    assert [(e.action, e.user.username) for e in AuditEvent.objects.filter(object_type="task update")] == [
        ("create", "theme_lead"), ("create", "theme_lead")]
    # A change is an update of the stored row; sending the same again changes nothing, as on the page.
    assert post(client, bearer("officer"), round_, {"task": a.pk, "position": "Mapped and shared",
                                                    "status": "green"}).status_code == 200
    assert post(client, bearer("officer"), round_, {"task": a.pk, "position": "Mapped and shared",
                                                    "status": "green"}).json() == {"saved": 1, "ids": [stored[a.pk].pk]}
    assert TaskUpdate.objects.count() == 2
    assert trail([stored[a.pk].pk]) == [
        ("create", {"position": ["", "Mapped"], "status": ["", "Green – on track"]}, "theme_lead"),
        ("update", {"position": ["Mapped", "Mapped and shared"]}, "officer")]


def test_one_bad_row_saves_nothing_and_names_each_problem(client, bearer, plan):
    round_, a, b = plan["round"], plan["a"], plan["b"]
    response = post(client, bearer("officer"), round_,
                    {"task": a.pk, "position": "Mapped", "status": "green"},
                    {"task": b.pk, "position": "Behind", "status": "red", "planned_improvement": "  "},
                    {"task": b.pk, "position": "", "status": "amber", "planned_improvement": "More patrols"},
                    {"task": plan["fair"].pk, "position": "Booked", "status": "green"},
                    {"task": 2 ** 63 - 1, "position": "Nothing", "status": "green"},
                    {"task": a.pk, "position": "Mapped\x00", "status": "green"},
                    {"task": a.pk, "position": "Mapped again", "status": "green"})
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "Nothing was saved: 6 problems in the rows."
    assert response.json()["errors"] == [
        # The task update form's own wording.
        {"row": 1, "field": "planned_improvement",
         "msg": "Say what will be done: Amber and Red need a planned improvement or action."},
        {"row": 2, "field": "position", "msg": "This field is required."},
        {"row": 3, "field": "task", "msg": "No task with this id reports in this round."},
        {"row": 4, "field": "task", "msg": "No task with this id reports in this round."},
        {"row": 5, "field": "position", "msg": "Null characters are not allowed."},
        {"row": 6, "field": "task", "msg": "The same task as row 0: send each task once."},
    ]
    assert not TaskUpdate.objects.exists() and not AuditEvent.objects.filter(object_type="task update").exists()


@pytest.mark.parametrize("persona", ALL)
def test_write(client, bearer, as_user, plan, persona):
    """Whoever may open the task's update page may send its update, and nobody else."""
    round_, a = plan["round"], plan["a"]
    web = as_user(persona).get(reverse("task_update", args=["testshire", round_.pk, a.pk])).status_code
    client.logout()
    response = post(client, bearer(persona), round_, {"task": a.pk, "position": "Mapped", "status": "green"})
    assert response.status_code == expected(persona, EDITORS)
    assert {302: 401}.get(web, web) == response.status_code
    assert TaskUpdate.objects.filter(task=a).exists() == (response.status_code == 200)
    if response.status_code == 403:
        assert response.json()["detail"] == "Row 0: only the action's owners and performance officers update " \
                                            "its tasks."


def test_an_actions_lead_organisation_updates_its_tasks(client, bearer, plan, partnership):
    """The council leads neither outcome 1.1.1 nor its group, but an action of it that the council leads is
    theirs to update (Action.editable_by), and one row of someone else's refuses the whole request."""
    council = Organisation.objects.get(name="Testshire Council")
    theirs = Action.objects.create(partnership=partnership, outcome=Outcome.objects.get(code="1.1.1"),
                                   title="Jobs for ex-offenders", lead_organisation=council)
    task = Task.objects.create(action=theirs, title="Find ten placements")
    row = {"task": task.pk, "position": "Four found", "status": "green"}
    response = post(client, bearer("other_provider"), plan["round"], row,
                    {"task": plan["a"].pk, "position": "Mapped", "status": "green"})
    assert response.status_code == 403
    assert response.json()["detail"].startswith("Row 1: only the action's owners")
    assert not TaskUpdate.objects.exists()
    assert post(client, bearer("other_provider"), plan["round"], row).status_code == 200


def test_a_read_only_token_cannot_write(client, bearer, plan):
    response = post(client, bearer("officer", scope="read"), plan["round"],
                    {"task": plan["a"].pk, "position": "Mapped", "status": "green"})
    assert response.status_code == 403 and response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "This token is read only."
    assert not TaskUpdate.objects.exists()
    assert client.get(updates_url(plan["round"]), **bearer("officer", scope="read")).status_code == 200


def test_a_closed_round_is_refused_as_on_the_page(client, bearer, as_user, plan):
    round_ = plan["round"]
    round_.closed_at = timezone.now()
    round_.save()
    response = post(client, bearer("theme_lead"), round_, {"task": plan["a"].pk, "position": "Late",
                                                           "status": "green"})
    assert response.status_code == 403
    assert response.json()["detail"] == "This round is closed: its updates are part of the record."
    assert as_user("theme_lead").get(reverse("task_update", args=["testshire", round_.pk, plan["a"].pk])) \
        .status_code == 403
    assert not TaskUpdate.objects.exists()
    # Its updates can still be read.
    assert client.get(updates_url(round_), **bearer("viewer")).status_code == 200


def test_a_stale_version_refuses_the_whole_request(client, bearer, plan):
    round_, a, b = plan["round"], plan["a"], plan["b"]
    headers = bearer("theme_lead")
    assert post(client, headers, round_, {"task": a.pk, "position": "Started", "status": "green",
                                          "based_on": "new"}).status_code == 200
    read = client.get(updates_url(round_), **headers).json()["items"][0]
    # Someone changes it meanwhile.
    assert post(client, bearer("officer"), round_, {"task": a.pk, "position": "Done early", "status": "green",
                                                    "based_on": read["version"]}).status_code == 200
    now = TaskUpdate.objects.get(task=a)
    response = post(client, headers, round_,
                    {"task": b.pk, "position": "Patrolling", "status": "green", "based_on": "new"},
                    {"task": a.pk, "position": "Half done", "status": "green", "based_on": read["version"]})
    assert response.status_code == 409 and response["Content-Type"] == "application/problem+json"
    message = (f"someone else saved an update for task {a.pk} since the version you sent; it is now version "
               f"{versions.version(now)}. Read it, then send yours based on it.")
    assert response.json()["detail"] == f"Nothing was saved: row 1: {message}"
    assert response.json()["errors"] == [{"row": 1, "field": None, "msg": message}]
    assert TaskUpdate.objects.get(task=a).position == "Done early" and not TaskUpdate.objects.filter(task=b).exists()
    # Based on what is stored now, it is saved; a row that says it started from nothing is refused when there is one.
    assert post(client, headers, round_, {"task": a.pk, "position": "Half done", "status": "green",
                                          "based_on": versions.version(now)}).status_code == 200
    assert post(client, headers, round_, {"task": a.pk, "position": "Mine", "status": "green",
                                          "based_on": "new"}).status_code == 409


def test_an_update_someone_saved_at_the_same_moment_is_a_conflict(client, bearer, plan, personas, monkeypatch):
    """The request's read and the service's first look find no update, as when the other request's insert has
    not yet committed; its insert then meets the unique constraint and the service says so: a 409, not a 500
    nor a second update."""
    round_, a = plan["round"], plan["a"]
    theirs = TaskUpdate.objects.create(round=round_, task=a, position="Theirs", status="green")
    monkeypatch.setattr(actions, "_stored_updates", lambda round_, tasks: {})
    original, looks = QuerySet.first, []

    def first(self):
        if self.model is TaskUpdate:
            looks.append(self)
            if len(looks) == 1:
                return None
        return original(self)

    monkeypatch.setattr(QuerySet, "first", first)
    response = post(client, bearer("theme_lead"), round_, {"task": a.pk, "position": "Mine", "status": "green"})
    monkeypatch.undo()
    assert len(looks) == 2
    assert response.status_code == 409
    assert response.json()["errors"][0]["msg"].startswith(
        f"someone else saved an update for task {a.pk} at the same moment; it is now version "
        f"{versions.version(theirs)}.")
    assert list(TaskUpdate.objects.values_list("position", flat=True)) == ["Theirs"]


def test_api_and_web_leave_the_same_audit(client, bearer, as_user, plan):
    round_, a, b = plan["round"], plan["a"], plan["b"]
    web = as_user("theme_lead")
    path = reverse("task_update", args=["testshire", round_.pk, a.pk])
    assert web.post(path, {"position": "Started", "status": "green", "planned_improvement": "",
                           "deadline": ""}).status_code == 302
    assert web.post(path, {"position": "Slipping", "status": "amber", "planned_improvement": "Extra patrols",
                           "deadline": "2008-10-31"}).status_code == 302
    web.logout()
    headers = bearer("theme_lead")
    assert post(client, headers, round_, {"task": b.pk, "position": "Started", "status": "green"}).status_code == 200
    assert post(client, headers, round_, {"task": b.pk, "position": "Slipping", "status": "amber",
                                          "planned_improvement": "Extra patrols",
                                          "deadline": "2008-10-31"}).status_code == 200
    on_web, on_api = TaskUpdate.objects.get(task=a), TaskUpdate.objects.get(task=b)
    web_trail, api_trail = trail([on_web.pk]), trail([on_api.pk])
    assert len(web_trail) == 2 and web_trail[1][1]["status"] == ["Green – on track", "Amber – needs attention"]
    assert web_trail == api_trail
    assert on_api.updated_by.username == on_web.updated_by.username == "theme_lead"


@pytest.mark.parametrize("body", [
    '{"updates": []}', "not json", '{"updates": [{"task": 1, "position": "x"}]}',
    '{"updates": [{"task": 1, "position": "x", "status": "purple"}]}',
    '{"updates": [{"task": 0, "position": "x", "status": "green"}]}',
    '{"updates": [{"task": 9223372036854775808, "position": "x", "status": "green"}]}',
    '{"updates": [{"task": 1, "position": "x", "status": "green", "deadline": "10000-01-01"}]}',
    '{"updates": [{"task": 1, "position": "x", "status": "green", "deadline": "2008-02-30"}]}',
    '{"updates": [{"task": 1, "position": "x", "status": "green", "based_on": "new\\u0000"}]}',
    '{"updates": [{"task": 1, "position": 12, "status": "green"}]}',
])
def test_malformed_bodies_are_problems(client, bearer, plan, body):
    response = client.post(updates_url(plan["round"]), body, content_type="application/json", **bearer("officer"))
    assert response.status_code in (400, 422)
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("path, status", [
    ("/rounds/9223372036854775807/task-updates/", 404), ("/rounds/9223372036854775808/task-updates/", 422),
    ("/rounds/0/task-updates/", 422), ("/actions/?limit=0", 422), ("/actions/?limit=501", 422),
    ("/actions/?cursor=bm9wZQ", 400), ("/rounds/{round}/task-updates/?cursor=WyJhIiwxXQ", 400),
])
def test_odd_reads_are_problems(client, bearer, plan, path, status):
    response = client.get(BASE + path.format(round=plan["round"].pk), **bearer("officer"))
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"


# -- two requests at once (PostgreSQL: SQLite lets one writer in at a time) -----------------------------------


def _post_as(token, round_, *rows, after=None):
    def job():
        if after is not None:
            assert after.wait(20)
        response = Client().post(updates_url(round_), json.dumps({"updates": list(rows)}),
                                 content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
        return response.status_code, response.json()
    return job


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_two_requests_at_once_leave_one_update_per_task(plan, personas):
    round_, a, b = plan["round"], plan["a"], plan["b"]
    lead, officer = issue(personas["theme_lead"])[1], issue(personas["officer"])[1]
    mine = {"task": a.pk, "position": "Mine", "status": "green"}, {"task": b.pk, "position": "Mine", "status": "green"}
    yours = [{**row, "position": "Yours"} for row in reversed(mine)]
    for _ in range(3):
        outcomes = at_once([_post_as(lead, round_, *mine), _post_as(officer, round_, *yours)])
        assert all(not isinstance(o, Exception) for o in outcomes), outcomes
        statuses = sorted(status for status, _ in outcomes)
        assert statuses in ([200, 200], [200, 409]), outcomes
        assert TaskUpdate.objects.filter(round=round_).count() == 2
        # All or nothing: both tasks carry one request's words.
        assert len(set(TaskUpdate.objects.values_list("position", flat=True))) == 1
        TaskUpdate.objects.all().delete()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_requests_waiting_on_an_uncommitted_first_update_get_a_clean_conflict(plan, personas):
    """Someone's first update of a task is inserted but not yet committed: two requests for the same task find no
    row, wait on the unique constraint, and once it commits are each told of the conflict (409)."""
    round_, a = plan["round"], plan["a"]
    tokens = [issue(personas[name])[1] for name in ("theme_lead", "officer")]
    row = {"task": a.pk, "position": "Mine", "status": "green"}
    inserted = threading.Event()

    def first_writer():
        with transaction.atomic():
            TaskUpdate.objects.create(round=round_, task=a, position="First", status="green")
            inserted.set()
            deadline = time.monotonic() + 20
            with connection.cursor() as cursor:  # until both requests wait on this insert
                while time.monotonic() < deadline:
                    cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                   "AND wait_event_type = 'Lock'")
                    if cursor.fetchone()[0] >= 2:
                        break
                    time.sleep(0.02)
        return "committed"

    outcomes = at_once([first_writer, *[_post_as(token, round_, row, after=inserted) for token in tokens]])
    assert "committed" in outcomes
    statuses = [o[0] for o in outcomes if o != "committed"]
    assert statuses == [409, 409], outcomes
    assert list(TaskUpdate.objects.values_list("position", flat=True)) == ["First"]
