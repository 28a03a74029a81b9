"""Action plans and reporting rounds' task updates (issue 19), through the same gatekeepers, form and service as
the action plan, round and task update pages.

An action's tasks come inside it: they have no page of their own (the action plan shows them under their action,
and they go when it goes), one prefetch keeps a page of actions at a fixed number of queries, and a client finds
the task ids it updates in a round in the same answer.

A task update sent here is checked by the web's own form (performance.forms.TaskUpdateForm: Amber and Red need
a planned improvement) and saved by the web's own service (performance.services.save_task_update: the row lock,
the version check and the audit record), so an update sent here is stored exactly as one typed into the page."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Prefetch
from ninja import Query, Router, Schema
from pydantic import Field

from placeboard.api.common import ERRORS, MAX_ID, Id, PageParams, Problem, Slug, page
from placeboard.api.problems import problem
from placeboard.api.schemas import page_of
from placeboard.core.access import get_object_for_user, get_partnership_for_user
from placeboard.core.models import Outcome
from placeboard.performance import services, versions
from placeboard.performance.forms import TaskUpdateForm
from placeboard.performance.models import Action, ReportingRound, Task, TaskUpdate

router = Router()

MAX_ROWS = 1000
# The same words as the task update page (performance.action_views.task_update) refuses with.
NOT_YOURS = "only the action's owners and performance officers update its tasks."
CLOSED = "This round is closed: its updates are part of the record."


class ActionTaskOut(Schema):
    id: int
    ref: str
    title: str
    target: str
    due: date | None


class ActionOut(Schema):
    id: int
    outcome_id: int
    ref: str
    title: str
    lead_organisation: str | None
    contact: str
    tasks: list[ActionTaskOut]


ActionPage = page_of(ActionOut)


class ActionFilters(Schema):
    outcome: int | None = Field(None, ge=1, le=MAX_ID, description="Only this outcome's actions (its id).")


def _action_out(action):
    return {
        "id": action.pk, "outcome_id": action.outcome_id, "ref": action.ref, "title": action.title,
        "lead_organisation": action.lead_organisation.name if action.lead_organisation else None,
        "contact": action.contact,
        "tasks": [{"id": t.pk, "ref": t.ref, "title": t.title, "target": t.target, "due": t.due}
                  for t in action.tasks.all()],
    }


@router.get("/partnerships/{slug}/actions/", response={200: ActionPage, **ERRORS}, tags=["actions"])
def actions(request, slug: Slug, params: Query[PageParams], filters: Query[ActionFilters]):
    """Every action of the partnership's outcomes, by outcome code, each with its tasks (target or milestone and
    due date), as the outcomes' action plans show them to every member."""
    access = get_partnership_for_user(request, slug)
    queryset = Action.objects.filter(partnership=access.partnership)
    if filters.outcome is not None:
        if not Outcome.objects.filter(partnership=access.partnership, pk=filters.outcome).exists():
            # As the indicator list's filters: a program is told, so it does not take an empty list for an answer.
            return problem(422, "The request is not valid.", errors=[
                {"loc": ["query", "outcome"], "msg": "No outcome with this id in this partnership."}])
        queryset = queryset.filter(outcome_id=filters.outcome)
    queryset = (queryset.select_related("lead_organisation").annotate(outcome_code=F("outcome__code"))
                .prefetch_related(Prefetch("tasks", queryset=Task.objects.order_by("ref", "pk"))))
    return page(request, queryset, _action_out, "outcome_code", params)


class TaskUpdateOut(Schema):
    id: int
    task_id: int
    position: str
    status: TaskUpdate.Status
    planned_improvement: str
    deadline: date | None
    updated_at: datetime
    version: str = Field(description="Send it back as based_on to have a change refused if someone has changed "
                                     "the update since.")


TaskUpdatePage = page_of(TaskUpdateOut)


def _round(request, slug, pk):
    return get_object_for_user(request, slug, ReportingRound.objects.all(), pk)


@router.get("/partnerships/{slug}/rounds/{pk}/task-updates/", response={200: TaskUpdatePage, **ERRORS},
            tags=["rounds"])
def task_updates(request, slug: Slug, pk: Id, params: Query[PageParams]):
    """The round's task updates, by task id, as the round's page shows them to every member: those of the tasks
    the round's groups report on. Who wrote each is not shown, as the page does not show it."""
    _, round_ = _round(request, slug, pk)
    queryset = TaskUpdate.objects.filter(round=round_, task__in=round_.tasks().order_by().values("pk"))
    return page(request, queryset, lambda u: {
        "id": u.pk, "task_id": u.task_id, "position": u.position, "status": u.status,
        "planned_improvement": u.planned_improvement, "deadline": u.deadline, "updated_at": u.updated_at,
        "version": versions.version(u)}, "task_id", params)


class TaskUpdateIn(Schema):
    task: int = Field(ge=1, le=MAX_ID, description="The task's id: one the round's groups report on.")
    position: str = Field(max_length=10000, description="Where the task stands.")
    status: TaskUpdate.Status
    planned_improvement: str = Field("", max_length=10000, description="Required for Amber and Red: what will be "
                                                                       "done, by whom.")
    deadline: date | None = Field(None, description="The deadline for the improvement.")
    based_on: str | None = Field(None, max_length=100, pattern=r"^[^\x00]*$",
                                 description="The version of the update you started from (from the list), or "
                                             "\"new\" when there was none: a change made since is then refused "
                                             "(409) rather than overwritten. Without it the last save wins, as "
                                             "for a form posted without a version.")


class TaskUpdatesIn(Schema):
    updates: list[TaskUpdateIn] = Field(min_length=1, max_length=MAX_ROWS)


class TaskUpdatesSavedOut(Schema):
    saved: int
    ids: list[int] = Field(description="The task updates' ids, in the order sent.")


def _stored_updates(round_, tasks):
    """The updates the form starts from, as the page's form does; the service looks again under a row lock."""
    return {u.task_id: u for u in TaskUpdate.objects.filter(round=round_, task__in=tasks)}


def _form(row, task, round_, current):
    form = TaskUpdateForm({"position": row.position, "status": row.status.value,
                           "planned_improvement": row.planned_improvement,
                           "deadline": row.deadline.isoformat() if row.deadline else ""}, instance=current)
    form.instance.round, form.instance.task = round_, task
    return form


@router.post("/partnerships/{slug}/rounds/{pk}/task-updates/",
             response={200: TaskUpdatesSavedOut, 409: Problem, **ERRORS}, tags=["rounds"])
def post_task_updates(request, slug: Slug, pk: Id, payload: TaskUpdatesIn):
    """Record one or many task updates in an open round, all or nothing, each as the web's task update form
    would (the same checks, the same audit). Needs a read-and-write token of someone who may update the tasks:
    the action's owners and performance officers. Problems name each row by its index (from 0); nothing is saved
    unless every row is good."""
    access, round_ = _round(request, slug, pk)
    if round_.is_closed:
        raise PermissionDenied(CLOSED)
    rows = payload.updates
    wanted = {row.task for row in rows}
    tasks = round_.tasks().in_bulk(wanted)
    current = _stored_updates(round_, tasks)
    problems, forms, seen = [], [], {}
    for index, row in enumerate(rows):
        task = tasks.get(row.task)
        if task is None:
            problems.append({"row": index, "field": "task", "msg": "No task with this id reports in this round."})
            continue
        if not access.can_change(task.action):
            raise PermissionDenied(f"Row {index}: {NOT_YOURS}")
        form = _form(row, task, round_, current.get(task.pk))
        if not form.is_valid():
            problems.extend({"row": index, "field": field if field != "__all__" else None, "msg": str(message)}
                            for field, messages in form.errors.items() for message in messages)
            continue
        if task.pk in seen:
            problems.append({"row": index, "field": "task",
                             "msg": f"The same task as row {seen[task.pk]}: send each task once."})
            continue
        seen[task.pk] = index
        forms.append((index, form))
    if problems:
        return problem(422, f"Nothing was saved: {len(problems)} problem{'s' if len(problems) != 1 else ''} "
                            "in the rows.", errors=problems)
    saved = {}
    try:
        with transaction.atomic():
            # In task order, so two requests naming the same tasks take their locks in the same order and one
            # waits for the other instead of both deadlocking.
            for index, form in sorted(forms, key=lambda item: item[1].instance.task_id):
                try:
                    update = services.save_task_update(form, request.user, partnership=access.partnership,
                                                       based_on=rows[index].based_on)
                except versions.StaleEdit as stale:
                    raise _RowStale(index, stale.current[0], rows[index].based_on) from None
                saved[index] = update.pk
    except _RowStale as refused:
        return problem(409, f"Nothing was saved: row {refused.index}: {refused}",
                       errors=[{"row": refused.index, "field": None, "msg": str(refused)}])
    return {"saved": len(saved), "ids": [saved[index] for index, _ in forms]}


class _RowStale(Exception):
    """The service's StaleEdit for one row: the stored update changed since the version sent, or someone else
    saved the task's first update at the same moment."""

    def __init__(self, index, current, based_on):
        self.index = index
        what = "since the version you sent" if based_on is not None else "at the same moment"
        super().__init__(f"someone else saved an update for task {current.task_id} {what}; it is now version "
                         f"{versions.version(current)}. Read it, then send yours based on it.")
