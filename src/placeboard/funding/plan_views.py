"""Community plans: every community area's plan, and the share that are current. Through the gatekeepers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from placeboard.core.access import get_partnership_for_user
from placeboard.core.models import Area
from placeboard.funding import services
from placeboard.funding.forms import CommunityPlanForm, PriorityFormSet
from placeboard.funding.models import CommunityPlan
from placeboard.funding.plans import coverage


def _editable_area_ids(access):
    """Areas whose plan this person may record: all for officers, their boards' areas for area managers."""
    if access.can_manage:
        return None
    return access.managed_board_area_ids


@login_required
def plan_list(request, slug):
    access = get_partnership_for_user(request, slug)
    areas = list(Area.objects.filter(partnership=access.partnership, area_type="community_area").order_by("name"))
    plans = {p.area_id: p for p in CommunityPlan.objects.filter(partnership=access.partnership)
             .prefetch_related("priorities__theme")}
    day = services.today()
    editable = _editable_area_ids(access)
    rows = [(area, plans.get(area.pk), plans[area.pk].is_current(day) if area.pk in plans else False,
             editable is None or area.pk in editable) for area in areas]
    return render(request, "funding/plan_list.html", {
        "access": access, "partnership": access.partnership, "rows": rows,
        "coverage": coverage([a.pk for a in areas], plans.values(), day)})


@login_required
def plan_edit(request, slug, area_pk):
    access = get_partnership_for_user(request, slug)
    area = get_object_or_404(Area, partnership=access.partnership, pk=area_pk, area_type="community_area")
    editable = _editable_area_ids(access)
    if editable is not None and area.pk not in editable:
        raise PermissionDenied("Only a performance officer or the area's community area manager can do this.")
    plan = CommunityPlan.objects.filter(partnership=access.partnership, area=area).first()
    form = CommunityPlanForm(request.POST or None, instance=plan, partnership=access.partnership, area=area)
    formset = PriorityFormSet(request.POST or None, instance=plan or CommunityPlan(partnership=access.partnership),
                              prefix="priorities", form_kwargs={"partnership": access.partnership})
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        services.save_plan(request.user, form, formset)
        messages.success(request, f"Saved the community plan for {area.name}.")
        return redirect("community_plan_list", slug)
    return render(request, "funding/plan_form.html", {
        "access": access, "partnership": access.partnership, "area": area, "form": form, "formset": formset},
        status=400 if request.method == "POST" else 200)
