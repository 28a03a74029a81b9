"""Action plans, reporting rounds and task updates.

Protected objects come only through the gatekeepers in placeboard.core.access."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from placeboard.core import audit
from placeboard.core.access import get_manager_access, get_object_for_user, get_partnership_for_user
from placeboard.core.models import Outcome, owned_by_groups
from placeboard.core.panels import round_page
from placeboard.performance import versions
from placeboard.performance.forms import ActionForm, RoundForm, TaskForm, TaskUpdateForm
from placeboard.performance.models import Action, Indicator, ReportingRound, Task, TaskUpdate
from placeboard.performance.services import close_round, save_task_update, send_round_reminders


@login_required
def action_plan(request, slug, outcome_pk):
    access, outcome = get_object_for_user(request, slug, Outcome.objects.select_related("theme"), outcome_pk)
    actions = (
        Action.objects.filter(outcome=outcome)
        .select_related("lead_organisation")
        .prefetch_related(Prefetch("tasks", queryset=Task.objects.prefetch_related(
            Prefetch("updates", queryset=TaskUpdate.objects.select_related("round").order_by("-round__reporting_date"))
        )))
    )
    return render(request, "performance/action_plan.html", {
        "access": access, "partnership": access.partnership, "outcome": outcome, "actions": actions,
        "can_change": access.can_change(outcome),
    })


@login_required
def action_create(request, slug, outcome_pk):
    access, outcome = get_object_for_user(request, slug, Outcome.objects, outcome_pk, change=True)
    form = ActionForm(request.POST or None, partnership=access.partnership)
    form.instance.outcome = outcome
    if request.method == "POST" and form.is_valid():
        action = audit.save_form(form, request.user, partnership=access.partnership)
        messages.success(request, f"Added the action {action}.")
        return redirect("action_plan", slug, outcome.pk)
    return render(request, "performance/action_form.html", {
        "access": access, "partnership": access.partnership, "outcome": outcome, "form": form, "action": None,
    })


@login_required
def action_detail(request, slug, pk):
    access, action = get_object_for_user(request, slug, Action.objects.select_related("outcome"), pk)
    return redirect(reverse("action_plan", args=[slug, action.outcome_id]) + f"#action-{action.pk}")


@login_required
def action_edit(request, slug, pk):
    access, action = get_object_for_user(request, slug, Action.objects.select_related("outcome__theme"), pk,
                                         change=True)
    form = ActionForm(request.POST or None, instance=action, partnership=access.partnership)
    if request.method == "POST" and form.is_valid():
        audit.save_form(form, request.user, partnership=access.partnership)
        messages.success(request, f"Saved the action {action}.")
        return redirect("action_plan", slug, action.outcome_id)
    return render(request, "performance/action_form.html", {
        "access": access, "partnership": access.partnership, "outcome": action.outcome, "form": form,
        "action": action,
    })


@login_required
def task_form(request, slug, action_pk, pk=None):
    access, action = get_object_for_user(request, slug, Action.objects.select_related("outcome__theme"),
                                         action_pk, change=True)
    task = get_object_or_404(Task, action=action, pk=pk) if pk else None
    form = TaskForm(request.POST or None, instance=task)
    form.instance.action = action
    if request.method == "POST" and form.is_valid():
        task = audit.save_form(form, request.user, partnership=access.partnership)
        messages.success(request, f"Saved the task {task}.")
        return redirect("action_plan", slug, action.outcome_id)
    return render(request, "performance/task_form.html", {
        "access": access, "partnership": access.partnership, "action": action, "form": form, "task": task,
    })


@login_required
@require_POST
def task_delete(request, slug, action_pk, pk):
    access, action = get_object_for_user(request, slug, Action.objects.select_related("outcome__theme"),
                                         action_pk, change=True)
    task = get_object_or_404(Task, action=action, pk=pk)
    audit.delete(task, request.user, partnership=access.partnership)
    messages.success(request, f"Deleted the task {task}.")
    return redirect("action_plan", slug, action.outcome_id)


@login_required
def round_list(request, slug):
    access, _ = _partnership(request, slug)
    rounds = ReportingRound.objects.filter(partnership=access.partnership).prefetch_related("groups")
    return render(request, "performance/round_list.html", {
        "access": access, "partnership": access.partnership, "rounds": rounds,
    })


def _partnership(request, slug):
    access = get_partnership_for_user(request, slug)
    return access, access.partnership


@login_required
def round_create(request, slug):
    access = get_manager_access(request, slug)
    form = RoundForm(request.POST or None, partnership=access.partnership)
    if request.method == "POST" and form.is_valid():
        round_ = audit.save_form(form, request.user, partnership=access.partnership)
        messages.success(request, f"Opened the reporting round {round_}.")
        return redirect(round_.get_absolute_url())
    return render(request, "performance/round_form.html", {
        "access": access, "partnership": access.partnership, "form": form,
    })


def _round_rows(round_):
    """[(outcome, [(action, [(task, update or None)])], Counter of statuses)] in report order."""
    tasks = list(round_.tasks())
    updates = {u.task_id: u for u in TaskUpdate.objects.filter(round=round_, task__in=tasks)
               .select_related("updated_by")}
    outcomes = {}
    for task in tasks:
        action = task.action
        entry = outcomes.setdefault(action.outcome_id, {"outcome": action.outcome, "actions": {}})
        entry["actions"].setdefault(action.pk, (action, []))[1].append((task, updates.get(task.pk)))
    rows = []
    for entry in outcomes.values():
        counts = Counter(u.status for _, tasks_ in entry["actions"].values() for _, u in tasks_ if u)
        counts["total"] = sum(counts.values())
        rows.append((entry["outcome"], list(entry["actions"].values()), counts))
    return rows


@login_required
def round_detail(request, slug, pk):
    access, round_ = get_object_for_user(request, slug, ReportingRound.objects.prefetch_related("groups"), pk)
    rows = _round_rows(round_)
    owed = [(task, outcome) for outcome, actions, _ in rows for _, tasks in actions for task, u in tasks if u is None]
    mine = [(task, outcome) for task, outcome in owed if access.can_change(task.action)]
    # Each indicator of the reporting groups' outcomes gets its actual for the round's period.
    group_ids = [g.pk for g in round_.groups.all()]
    indicators = list(
        Indicator.objects.filter(partnership=access.partnership)
        .filter(owned_by_groups(group_ids, "outcomes__"))
        .distinct().with_assessment_data()
    )
    figures = [(i, next((o for o in i.headline_observations if o.period == round_.period), None),
                i.reportable_by(access)) for i in indicators]
    return render(request, "performance/round_detail.html", {
        "access": access, "partnership": access.partnership, "round": round_, "rows": rows,
        "owed": owed, "mine": mine, "figures": figures,
        "sections": round_page.sections(round_, access.partnership),  # what higher apps track in the round
    })


@login_required
def task_update(request, slug, pk, task_pk):
    access, round_ = get_object_for_user(request, slug, ReportingRound.objects.all(), pk)
    task = get_object_or_404(round_.tasks(), pk=task_pk)
    if not access.can_change(task.action):
        raise PermissionDenied("Only the action's owners and performance officers update its tasks.")
    if round_.is_closed:
        raise PermissionDenied("This round is closed: its updates are part of the record.")
    update = TaskUpdate.objects.filter(round=round_, task=task).select_related("updated_by").first()
    form = TaskUpdateForm(request.POST or None, instance=update)
    form.instance.round, form.instance.task = round_, task
    based_on = versions.based_on(request.POST)
    conflict = None
    if request.method == "POST" and form.is_valid():
        if versions.keeps_theirs(request.POST):
            messages.success(request, f"Kept the update already saved for {task}; yours was not saved.")
            return redirect(round_.get_absolute_url())
        try:
            save_task_update(form, request.user, partnership=access.partnership, based_on=based_on)
        except versions.StaleEdit as stale:
            conflict = _update_conflict(request.POST, stale.current[0], form.cleaned_data)
        else:
            messages.success(request, f"Saved the update for {task}.")
            return redirect(round_.get_absolute_url())
    return render(request, "performance/task_update_form.html", {
        "access": access, "partnership": access.partnership, "round": round_, "task": task, "form": form,
        "conflict": conflict,
        "version": based_on if request.method == "POST" and based_on is not None else versions.version(update),
    })


def _update_conflict(post, current, data):
    """Their stored update and yours, in words, for a save refused as stale."""
    def words(status, position):
        return f"{dict(TaskUpdate.Status.choices)[status]}: {position}"
    return versions.conflict(post, current, "update", words(current.status, current.position),
                             words(data["status"], data["position"]))


@login_required
@require_POST
def round_remind(request, slug, pk):
    """E-mail everyone who still owes an update or an actual in the round, one message each."""
    access = get_manager_access(request, slug)
    round_ = get_object_or_404(ReportingRound.objects.prefetch_related("groups"), partnership=access.partnership, pk=pk)
    sent = send_round_reminders(round_, request.user)
    if sent:
        messages.success(request, f"Sent reminders to {len(sent)} {'person' if len(sent) == 1 else 'people'}: "
                                  f"{', '.join(sorted(sent))}.")
    else:
        messages.success(request, "Nobody owes anything in this round, or nobody with an e-mail address does.")
    return redirect(round_.get_absolute_url())


@login_required
@require_POST
def round_close(request, slug, pk):
    access = get_manager_access(request, slug)
    round_ = get_object_or_404(ReportingRound, partnership=access.partnership, pk=pk)
    if round_.is_closed:
        messages.success(request, f"{round_} was already closed.")
    else:
        close_round(round_, request.user)
        messages.success(request, f"Closed {round_}: its reports now show the figures as they stand today.")
    return redirect(round_.get_absolute_url())
