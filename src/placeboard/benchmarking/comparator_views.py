"""Comparator groups: list, add, change, delete, and the values a group holds.

Groups are also created by importing benchmark values (docs/imports.md). Every
member of the partnership may look; only performance officers change groups
or delete values, each change audited in the same transaction."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from placeboard.benchmarking import services
from placeboard.benchmarking.benchmarking import is_ranked, partnership_names, rank_values
from placeboard.benchmarking.forms import ComparatorGroupForm
from placeboard.benchmarking.models import BenchmarkValue, ComparatorGroup
from placeboard.core import audit
from placeboard.core.access import get_manager_access, get_partnership_for_user
from placeboard.performance.models import Indicator

SECTIONS_PER_PAGE = 10  # indicator-periods per page of a group; each holds one value per authority


@login_required
def comparator_list(request, slug):
    access = get_partnership_for_user(request, slug)
    return render(request, "benchmarking/comparator_list.html", {
        "access": access, "partnership": access.partnership,
        "groups": ComparatorGroup.objects.filter(partnership=access.partnership).with_holdings(),
    })


def _save(request, form):
    """Saves the form and its audit event together; a name taken meanwhile becomes a field error."""
    try:
        return audit.save_form(form, request.user)
    except IntegrityError:
        form.add_error("name", "There is already a comparator group with this name. Choose another name.")
        return None


@login_required
def comparator_create(request, slug):
    access = get_manager_access(request, slug)
    form = ComparatorGroupForm(request.POST or None, partnership=access.partnership)
    if request.method == "POST" and form.is_valid():
        group = _save(request, form)
        if group:
            messages.success(request, f"Added comparator group {group}.")
            return redirect("comparator_detail", slug, group.pk)
    return render(request, "benchmarking/comparator_form.html", {
        "access": access, "partnership": access.partnership, "form": form, "group": None})


@login_required
def comparator_edit(request, slug, pk):
    access = get_manager_access(request, slug)
    group = get_object_or_404(ComparatorGroup, partnership=access.partnership, pk=pk)
    group_name = group.name  # as stored: a valid form copies its data onto the group
    form = ComparatorGroupForm(request.POST or None, instance=group, partnership=access.partnership)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form)
        if saved:
            messages.success(request, f"Saved comparator group {saved}." if form.has_changed() else "Nothing was changed.")
            return redirect("comparator_detail", slug, saved.pk)
    return render(request, "benchmarking/comparator_form.html", {
        "access": access, "partnership": access.partnership, "form": form,
        "group": group, "group_name": group_name})


@login_required
def comparator_delete(request, slug, pk):
    access = get_manager_access(request, slug)
    group = get_object_or_404(ComparatorGroup.objects.filter(partnership=access.partnership).with_holdings(), pk=pk)
    if request.method == "POST":
        name = group.name
        count = services.delete_group(request.user, group)
        messages.success(request, f"Deleted comparator group {name} and its {count} value{'s' if count != 1 else ''}.")
        return redirect("comparator_list", slug)
    return render(request, "benchmarking/comparator_confirm_delete.html", {
        "access": access, "partnership": access.partnership, "group": group})


@login_required
def comparator_detail(request, slug, pk):
    """Each indicator and period the group has values for, ten to a page, authorities best first.

    A fixed number of queries whatever the size of the group: the sections, the page's values, its
    indicators and the partnership's areas (to mark its own row)."""
    access = get_partnership_for_user(request, slug)
    group = get_object_or_404(ComparatorGroup.objects.filter(partnership=access.partnership).with_holdings(), pk=pk)
    sections_qs = (BenchmarkValue.objects.filter(group=group)
                   .values("indicator_id", "indicator__code", "period", "period_start")
                   .annotate(n=Count("id")).order_by("indicator__code", "-period_start", "period"))
    page = Paginator(sections_qs, SECTIONS_PER_PAGE).get_page(request.GET.get("page"))
    keys = [(s["indicator_id"], s["period"]) for s in page.object_list]
    sections = []
    if keys:
        where = Q()
        for indicator_id, period in keys:
            where |= Q(indicator_id=indicator_id, period=period)
        by_key = {}
        for value in BenchmarkValue.objects.filter(where, group=group):
            by_key.setdefault((value.indicator_id, value.period), []).append(value)
        indicators = Indicator.objects.in_bulk({k[0] for k in keys})
        codes, names = partnership_names(access.partnership)
        for key in keys:
            indicator, values = indicators[key[0]], by_key.get(key, [])
            authorities = [v for v in values if not v.is_national]
            sections.append({
                "indicator": indicator, "period": key[1],
                "ranked": is_ranked(indicator),
                "rows": rank_values(authorities, indicator.polarity, codes, names),
                "national": next((v for v in values if v.is_national), None),
                "count": len(values),
            })
    return render(request, "benchmarking/comparator_detail.html", {
        "access": access, "partnership": access.partnership, "group": group, "page": page, "sections": sections,
    })


@login_required
def comparator_values_delete(request, slug, pk, indicator_pk, period):
    """Removes one indicator-period's values from a group, e.g. a set imported against the wrong indicator."""
    access = get_manager_access(request, slug)
    group = get_object_or_404(ComparatorGroup, partnership=access.partnership, pk=pk)
    indicator = get_object_or_404(Indicator, partnership=access.partnership, pk=indicator_pk)
    if request.method == "POST":
        label = services.delete_values(request.user, group, indicator, period)
        messages.success(request, f"Deleted {label} from {group}.")
        return redirect("comparator_detail", slug, group.pk)
    count = BenchmarkValue.objects.filter(group=group, indicator=indicator, period=period).count()
    if not count:
        raise Http404("No such values.")
    return render(request, "benchmarking/comparator_values_delete.html", {
        "access": access, "partnership": access.partnership, "group": group, "indicator": indicator,
        "period": period, "count": count,
    })
