"""The joint forward plan of engagement: list, calendar, activities and clash settings.

Protected objects come only through the gatekeepers in placeboard.core.access."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from placeboard.core import audit
from placeboard.core.access import get_manager_access, get_object_for_user, get_partnership_for_user
from placeboard.core.models import Area, Organisation, PopulationGroup, Theme
from placeboard.core.params import int_param
from placeboard.engagement import clash as rules
from placeboard.engagement import planning, services
from placeboard.engagement.forms import ActivityForm, ClashSettingsForm
from placeboard.engagement.models import ClashSettings, EngagementActivity


def can_plan(access):
    """Officers plan for any partner; a data provider plans for their own organisation."""
    return access.can_manage or bool(access.organisation_ids)


def activities_for(partnership):
    return (EngagementActivity.objects.filter(partnership=partnership)
            .select_related("organiser", "partnership")
            .prefetch_related("topics", "areas", "population_groups"))


def filter_activities(queryset, params, partnership):
    """Applies the list filters; returns (queryset, the chosen filters, the choices)."""
    chosen = {name: int_param(params, name) for name in ("area", "topic", "group", "organiser")}
    chosen["status"] = params.get("status") if params.get("status") in EngagementActivity.Status.values else ""
    if chosen["area"]:
        queryset = queryset.filter(areas=chosen["area"])
    if chosen["topic"]:
        queryset = queryset.filter(topics=chosen["topic"])
    if chosen["group"]:
        queryset = queryset.filter(population_groups=chosen["group"])
    if chosen["organiser"]:
        queryset = queryset.filter(organiser=chosen["organiser"])
    if chosen["status"]:
        queryset = queryset.filter(status=chosen["status"])
    choices = {
        "areas": Area.objects.filter(partnership=partnership),
        "topics": Theme.objects.filter(partnership=partnership),
        "groups": PopulationGroup.objects.filter(partnership=partnership),
        "organisers": Organisation.objects.filter(partnership=partnership),
        "statuses": EngagementActivity.Status.choices,
    }
    return queryset.distinct(), chosen, choices


@login_required
def plan_list(request, slug):
    access = get_partnership_for_user(request, slug)
    partnership = access.partnership
    queryset, chosen, choices = filter_activities(activities_for(partnership), request.GET, partnership)
    clashes = planning.Plan(partnership).all_clashes()
    only_clashes = request.GET.get("clashes") == "1"
    activities = [a for a in queryset if not only_clashes or a.pk in clashes]
    for activity in activities:
        activity.clash_count = len(clashes.get(activity.pk, ()))
    return render(request, "engagement/plan_list.html", {
        "access": access, "partnership": partnership, "activities": activities, "chosen": chosen,
        "choices": choices, "only_clashes": only_clashes, "can_plan": can_plan(access),
        "clash_total": sum(len(v) for v in clashes.values()) // 2,
    })


def _month(params, activities):
    """The month to show: ?month=YYYY-MM, else the month of the next activity, else this month."""
    value = params.get("month", "")
    try:
        year, month = (int(part) for part in value.split("-"))
        if 1 < year < 9999:  # the calendar links to the month before and after
            return date(year, month, 1)
    except (TypeError, ValueError, OverflowError):
        pass
    today = date.today()
    upcoming = [a.start_date for a in activities if a.end_date >= today]
    if upcoming:
        first = max(min(upcoming), today)
        return first.replace(day=1)
    if activities:
        return activities[-1].start_date.replace(day=1)
    return today.replace(day=1)


@login_required
def plan_calendar(request, slug):
    access = get_partnership_for_user(request, slug)
    partnership = access.partnership
    # The calendar shows titles only, so none of activities_for's prefetches.
    all_activities = list(EngagementActivity.objects.filter(partnership=partnership)
                          .exclude(status=EngagementActivity.Status.CANCELLED))
    first = _month(request.GET, all_activities)
    weeks = rules.month_weeks(first.year, first.month)
    clashes = planning.Plan(partnership).all_clashes()
    for activity in all_activities:
        activity.clash_count = len(clashes.get(activity.pk, ()))
    grid = [[(day, [a for a in all_activities if a.start_date <= day <= a.end_date]) for day in week]
            for week in weeks]
    previous = (first - timedelta(days=1)).replace(day=1)
    following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return render(request, "engagement/plan_calendar.html", {
        "access": access, "partnership": partnership, "month": first, "grid": grid,
        "previous": previous, "following": following, "can_plan": can_plan(access),
    })


@login_required
def activity_detail(request, slug, pk):
    access, activity = get_object_for_user(request, slug, activities_for_any(), pk)
    clashes = []
    if activity.can_clash:
        plan = planning.Plan(access.partnership)
        mine = next((a for a in plan.activities if a.key == activity.pk), None)
        if mine is not None:
            clashes = planning.describe(plan.clashes_for(mine), access.partnership)
    return render(request, "engagement/activity_detail.html", {
        "access": access, "partnership": access.partnership, "activity": activity, "clashes": clashes,
        "can_change": access.can_change(activity),
    })


def activities_for_any():
    return (EngagementActivity.objects.select_related("organiser", "partnership", "created_by")
            .prefetch_related("topics", "areas", "population_groups"))


def _planning_access(request, slug):
    """The user's access to the partnership, if they may add activities to its plan."""
    access = get_partnership_for_user(request, slug)
    if not can_plan(access):
        raise PermissionDenied("Only performance officers and partners' data providers add to the plan.")
    return access


def _activity_form(request, access, activity=None):
    form = ActivityForm(request.POST or None, instance=activity, access=access)
    clashes = []
    if request.method == "POST" and form.is_valid():
        clashes = planning.form_clashes(form, access.partnership, activity.pk if activity else None)
        if not clashes or form.cleaned_data.get("confirm_clash"):
            saved = services.save_activity(request.user, form)
            note = f" It clashes with {len(clashes)} other activit{'y' if len(clashes) == 1 else 'ies'}." \
                if clashes else ""
            messages.success(request, f"Saved {saved}.{note}")
            return redirect(saved.get_absolute_url())
        form.show_confirm = True
    return render(request, "engagement/activity_form.html", {
        "access": access, "partnership": access.partnership, "form": form, "activity": activity,
        "clashes": clashes,
    })


@login_required
def activity_create(request, slug):
    return _activity_form(request, _planning_access(request, slug))


@login_required
def activity_edit(request, slug, pk):
    access, activity = get_object_for_user(request, slug, EngagementActivity.objects.all(), pk, change=True)
    return _activity_form(request, access, activity)


def _clash_check(request, access, activity=None):
    """The clash warning for the form as it stands, for htmx to show while the activity is entered.

    Never saves. Only the fields the rules read need be valid; otherwise, or
    with no clash, the panel is empty. The warning after submitting stays the
    check that counts (and the only one without JavaScript)."""
    form = ActivityForm(request.POST, instance=activity, access=access)
    form.is_valid()  # fills cleaned_data and errors; other fields may still be blank
    clashes = planning.form_clashes(form, access.partnership, activity.pk if activity else None)
    return render(request, "engagement/_clash_warning.html", {
        "partnership": access.partnership, "form": form, "clashes": clashes, "live": True,
    })


@login_required
@require_POST
def activity_create_clashes(request, slug):
    return _clash_check(request, _planning_access(request, slug))


@login_required
@require_POST
def activity_edit_clashes(request, slug, pk):
    access, activity = get_object_for_user(request, slug, EngagementActivity.objects.all(), pk, change=True)
    return _clash_check(request, access, activity)


@login_required
@require_POST
def activity_delete(request, slug, pk):
    access, activity = get_object_for_user(request, slug, EngagementActivity.objects.all(), pk, change=True)
    audit.delete(activity, request.user)
    messages.success(request, f"Deleted {activity} from the plan.")
    return redirect("plan_list", slug)


@login_required
def clash_rules(request, slug):
    """Explains the clash rules with this partnership's thresholds; officers change them here."""
    access = get_partnership_for_user(request, slug)
    settings = ClashSettings.for_partnership(access.partnership)
    form = None
    if access.can_manage:
        form = ClashSettingsForm(request.POST or None, instance=settings)
        if request.method == "POST" and form.is_valid():
            audit.save_form(form, request.user)
            messages.success(request, "Saved the clash thresholds.")
            return redirect("clash_rules", slug)
    elif request.method == "POST":
        get_manager_access(request, slug)  # raises 403
    return render(request, "engagement/clash_rules.html", {
        "access": access, "partnership": access.partnership, "settings": settings, "form": form,
    })
