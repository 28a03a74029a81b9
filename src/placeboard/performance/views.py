"""Indicator pages, targets, data entry ("what I have to report") and judgements.

Protected objects come only through the gatekeepers in placeboard.core.access."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from placeboard.core import audit
from placeboard.core.access import get_manager_access, get_object_for_user, get_partnership_for_user
from placeboard.core.models import within_theme
from placeboard.performance import assessment as rules
from placeboard.performance import services
from placeboard.performance.charts import trend_svg
from placeboard.performance.evaluation import latest_row, period_rows
from placeboard.performance.figures import plain
from placeboard.performance.forms import (
    IndicatorFilterForm,
    IndicatorForm,
    JudgementForm,
    ObservationForm,
    ProfilePointForm,
    TargetForm,
)
from placeboard.performance.models import Indicator, Judgement, Observation, Target, ValueChange
from placeboard.performance.panels import indicator_panels
from placeboard.performance.periods import PeriodError, parse_period


@login_required
def indicator_list(request, slug):
    access = get_partnership_for_user(request, slug)
    partnership = access.partnership
    form = IndicatorFilterForm(request.GET or None, partnership=partnership)
    qs = Indicator.objects.filter(partnership=partnership)
    filters = form.cleaned_data if form.is_valid() else {}
    if filters.get("q"):
        qs = qs.filter(Q(code__icontains=filters["q"]) | Q(title__icontains=filters["q"]))
    if filters.get("theme"):
        theme = filters["theme"]
        qs = qs.filter(within_theme(theme, "outcomes__theme"))
    if filters.get("outcome"):
        qs = qs.filter(outcomes=filters["outcome"])
    if filters.get("group"):
        group = filters["group"]
        qs = qs.filter(Q(outcomes__group=group) | Q(outcomes__theme__group=group))
    if filters.get("tag"):
        qs = qs.filter(tags=filters["tag"])
    indicators = list(qs.distinct().with_assessment_data())
    rows = [(indicator, latest_row(indicator)) for indicator in indicators]
    if filters.get("status"):
        wanted = rules.Status(filters["status"])
        rows = [(i, r) for i, r in rows if (r.status if r else rules.Status.NO_DATA) == wanted]
    counts = Counter((r.status if r else rules.Status.NO_DATA) for _, r in rows)
    return render(request, "performance/indicator_list.html", {
        "access": access, "partnership": partnership, "form": form, "rows": rows,
        "counts": [(status, counts.get(status, 0)) for status in rules.Status],
        "filtered": bool(filters and any(filters.values())),
    })


@login_required
def indicator_detail(request, slug, pk):
    access, indicator = get_object_for_user(
        request, slug, Indicator.objects.with_assessment_data(), pk
    )
    rows = period_rows(indicator)
    history = ValueChange.objects.filter(indicator=indicator).select_related("changed_by")[:50]
    breakdown = (
        Observation.objects.filter(indicator=indicator)
        .filter(Q(area__isnull=False) | Q(population_group__isnull=False))
        .select_related("area", "population_group", "entered_by")
    )
    actual_points = [(r.period.label, r.observation.value if r.observation else None) for r in rows]
    target_points = [(r.period.label, r.target.value if r.target and r.target.period == r.period.label else None)
                     for r in rows]
    chart = trend_svg(f"{indicator.code}: actuals and targets", actual_points, target_points,
                      indicator.format_number)
    return render(request, "performance/indicator_detail.html", {
        "access": access, "partnership": access.partnership, "indicator": indicator, "rows": rows,
        "latest": next((r for r in reversed(rows) if r.observation is not None), None),
        "history": history, "breakdown": breakdown, "chart": chart,
        "can_report": indicator.reportable_by(access),
        "definition": rules.VARIANCE_DEFINITION,
        **indicator_panels(indicator),
    })


def _indicator_form_view(request, slug, pk=None):
    access = get_manager_access(request, slug)
    indicator = get_object_or_404(Indicator, partnership=access.partnership, pk=pk) if pk else None
    form = IndicatorForm(request.POST or None, instance=indicator, partnership=access.partnership)
    if request.method == "POST" and form.is_valid():
        saved = audit.save_form(form, request.user)
        messages.success(request, f"Saved indicator {saved.code}.")
        return redirect(saved.get_absolute_url())
    return render(request, "performance/indicator_form.html", {
        "access": access, "partnership": access.partnership, "form": form, "indicator": indicator,
    })


@login_required
def indicator_create(request, slug):
    return _indicator_form_view(request, slug)


@login_required
def indicator_edit(request, slug, pk):
    return _indicator_form_view(request, slug, pk)


@login_required
def indicator_delete(request, slug, pk):
    access = get_manager_access(request, slug)
    indicator = get_object_or_404(Indicator, partnership=access.partnership, pk=pk)
    if request.method == "POST":
        audit.delete(indicator, request.user)
        messages.success(request, f"Deleted indicator {indicator.code} and its figures.")
        return redirect("indicator_list", slug)
    return render(request, "performance/indicator_confirm_delete.html", {
        "access": access, "partnership": access.partnership, "indicator": indicator,
    })


@login_required
def indicator_targets(request, slug, pk):
    access = get_manager_access(request, slug)
    indicator = get_object_or_404(Indicator.objects.select_related("partnership"), partnership=access.partnership, pk=pk)
    posted_profile = request.method == "POST" and request.POST.get("form") == "profile"
    form = TargetForm(request.POST if request.method == "POST" and not posted_profile else None, indicator=indicator)
    profile_form = ProfilePointForm(request.POST if posted_profile else None, indicator=indicator, prefix="profile")
    if posted_profile and profile_form.is_valid():
        services.set_profile_point(target=profile_form.annual_target, period=profile_form.period,
                                   value=profile_form.cleaned_data["value"], user=request.user)
        messages.success(request, f"Saved the profile for {profile_form.period.label}.")
        return redirect("indicator_targets", slug, pk)
    if request.method == "POST" and not posted_profile and form.is_valid():
        data = form.cleaned_data
        services.set_target(indicator=indicator, kind=data["kind"], period=form.period, user=request.user,
                            value=data["value"], text=data["text"], to_be_set=data["to_be_set"], note=data["note"])
        messages.success(request, f"Saved the {data['kind']} for {form.period.label}.")
        return redirect("indicator_targets", slug, pk)
    targets = Target.objects.filter(indicator=indicator).order_by("kind", "period_start").prefetch_related(
        "profile_points")
    return render(request, "performance/indicator_targets.html", {
        "access": access, "partnership": access.partnership, "indicator": indicator, "form": form,
        "profile_form": profile_form, "targets": targets,
    })


@login_required
@require_POST
def target_delete(request, slug, pk, target_pk):
    access = get_manager_access(request, slug)
    target = get_object_or_404(Target, indicator__partnership=access.partnership, indicator_id=pk, pk=target_pk)
    services.delete_target(target=target, user=request.user)
    messages.success(request, f"Removed the {target.get_kind_display().lower()} for {target.period}.")
    return redirect("indicator_targets", slug, pk)


@login_required
def observation_entry(request, slug, pk):
    """Enter one actual, optionally for an area or population group."""
    access, indicator = get_object_for_user(request, slug, Indicator.objects.select_related("partnership"), pk)
    if not indicator.reportable_by(access):
        raise PermissionDenied("Only the lead organisation's data providers and performance officers enter actuals.")
    initial = {"period": request.GET.get("period", "")}
    form = ObservationForm(request.POST or None, indicator=indicator, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        observation, changed = services.record_observation(
            indicator=indicator, period=form.period, user=request.user, area=data["area"],
            population_group=data["population_group"], value=data["value"], status=data["status"],
            note=data["note"], expected=data["expected"],
        )
        messages.success(request, f"Saved the actual for {observation}." if changed else "Nothing was changed.")
        return redirect(indicator.get_absolute_url())
    return render(request, "performance/observation_form.html", {
        "access": access, "partnership": access.partnership, "indicator": indicator, "form": form,
    })


@login_required
def my_returns(request, slug):
    """What I have to report: every indicator I enter figures for, for one period."""
    access = get_partnership_for_user(request, slug)
    partnership = access.partnership
    qs = Indicator.objects.filter(partnership=partnership)
    if not access.can_manage:
        qs = qs.filter(lead_organisation__in=access.organisation_ids)
    indicators = list(qs.with_assessment_data())
    label = request.GET.get("period") or request.POST.get("period") or ""
    period, period_error = None, None
    if label:
        try:
            period = parse_period(label)
        except PeriodError as exc:
            period_error = str(exc)
    entries = []
    if period is not None:
        due = []
        for indicator in indicators:
            try:
                indicator.parse_period_for_actuals(period.label)
            except PeriodError:
                continue  # not collected for periods of this kind
            due.append(indicator)
        existing = {(o.indicator_id): o for i in due for o in i.headline_observations if o.period == period.label}
        for indicator in due:
            obs = existing.get(indicator.pk)
            initial = {"value": plain(obs.value) if obs else "",
                       "status": obs.status if obs else "provisional", "note": obs.note if obs else "",
                       "expected": obs.expected if obs else ""}
            form = ObservationForm(request.POST or None, indicator=indicator, fixed_period=period,
                                   prefix=f"i{indicator.pk}", initial=initial)
            entries.append((indicator, obs, form))
        if request.method == "POST":
            touched = [(i, o, f) for i, o, f in entries if f.has_anything() or o is not None]
            if all(f.is_valid() for _, _, f in touched):
                changed = services.record_observations(
                    period=period, user=request.user,
                    figures=[(indicator, form.cleaned_data) for indicator, _, form in touched])
                messages.success(request, f"Saved {changed} figure{'s' if changed != 1 else ''} for {period.label}.")
                return redirect(f"{request.path}?period={period.label}")
    errors = [(i, f) for i, _, f in entries if f.is_bound and f.errors]
    # Periods to offer: the latest ones this person's indicators have figures or targets for.
    recent = sorted(
        {(o.period_start, o.period_end, o.period) for i in indicators for o in i.headline_observations}
        | {(t.period_start, t.period_end, t.period) for i in indicators for t in i.targets.all()},
        reverse=True,
    )
    suggestions = [label for _, _, label in recent[:8]]
    return render(request, "performance/my_returns.html", {
        "access": access, "partnership": partnership, "period_label": label, "period": period,
        "period_error": period_error, "entries": entries, "errors": errors, "suggestions": suggestions,
        "outstanding": sum(1 for _, o, _ in entries if o is None or o.value is None),
    })


@login_required
def judgement(request, slug, pk, period):
    access = get_manager_access(request, slug)
    indicator = get_object_or_404(Indicator.objects.with_assessment_data(), partnership=access.partnership, pk=pk)
    try:
        period_obj = parse_period(period)
    except PeriodError as exc:
        raise Http404(str(exc)) from None
    row = next((r for r in period_rows(indicator) if r.period.label == period_obj.label), None)
    existing = Judgement.objects.filter(indicator=indicator, period=period_obj.label).first()
    form = JudgementForm(request.POST or None, initial={"status": existing.status, "reason": existing.reason} if existing else None)
    if request.method == "POST":
        if request.POST.get("withdraw") and existing:
            services.withdraw_judgement(judgement=existing, user=request.user)
            messages.success(request, f"Withdrew the judgement for {period_obj.label}.")
            return redirect(indicator.get_absolute_url())
        if form.is_valid():
            services.record_judgement(indicator=indicator, period=period_obj, status=form.cleaned_data["status"],
                                      reason=form.cleaned_data["reason"], user=request.user)
            messages.success(request, f"Recorded the judgement for {period_obj.label}.")
            return redirect(indicator.get_absolute_url())
    return render(request, "performance/judgement_form.html", {
        "access": access, "partnership": access.partnership, "indicator": indicator, "period": period_obj,
        "row": row, "form": form, "existing": existing,
    })
