"""Indicator pages, targets, data entry ("what I have to report") and judgements.

Protected objects come only through the gatekeepers in placeboard.core.access."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from placeboard.core import audit, fragments
from placeboard.core.access import get_manager_access, get_object_for_user, get_partnership_for_user
from placeboard.performance import assessment as rules
from placeboard.performance import returns, services, versions
from placeboard.performance.charts import trend_svg
from placeboard.performance.evaluation import headline, latest_row, period_rows
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
from placeboard.performance.reporting import Filters


@login_required
def indicator_list(request, slug):
    access = get_partnership_for_user(request, slug)
    partnership = access.partnership
    form = IndicatorFilterForm(request.GET or None, partnership=partnership)
    filters = form.cleaned_data if form.is_valid() else {}
    filtered = bool(filters and any(filters.values()))

    def table():
        return render_to_string("performance/_indicator_table.html", {
            "partnership": partnership, "filtered": filtered, **_indicator_rows(partnership, filters)})

    # The same for everyone who may see the partnership, so kept until its data changes (core/fragments.py).
    params = [(name, str(getattr(value, "pk", value))) for name, value in filters.items() if value]
    return render(request, "performance/indicator_list.html", {
        "access": access, "partnership": partnership, "form": form, "filtered": filtered,
        "table": mark_safe(fragments.cached(partnership.pk, "indicator-list", params, table)),  # rendered by table()
    })


def _indicator_rows(partnership, filters):
    qs = Indicator.objects.filter(partnership=partnership)
    if filters.get("q"):
        qs = qs.filter(Q(code__icontains=filters["q"]) | Q(title__icontains=filters["q"]))
    # Theme, group and outcome narrow as in the reports: a group owns what lies under the themes it owns.
    qs = Filters(theme=filters.get("theme"), group=filters.get("group"), outcome=filters.get("outcome")).narrow(
        qs, "outcomes")
    if filters.get("tag"):
        qs = qs.filter(tags=filters["tag"])
    indicators = list(qs.distinct().with_headlines(framework=False).prefetch_related("tags"))  # no outcomes shown
    rows = [(indicator, latest_row(indicator)) for indicator in indicators]
    if filters.get("status"):
        wanted = rules.Status(filters["status"])
        rows = [(i, r) for i, r in rows if (r.status if r else rules.Status.NO_DATA) == wanted]
    counts = Counter((r.status if r else rules.Status.NO_DATA) for _, r in rows)
    return {"rows": rows, "counts": [(status, counts.get(status, 0)) for status in rules.Status]}


@login_required
def indicator_detail(request, slug, pk):
    access, indicator = get_object_for_user(
        request, slug, Indicator.objects.with_assessment_data(people=True), pk
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
        "latest": headline(rows),
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
    shown = _target_shown(indicator, request.GET) if request.method == "GET" else None
    form = TargetForm(request.POST if request.method == "POST" and not posted_profile else None, indicator=indicator,
                      initial=_target_initial(shown, request.GET))
    profile_form = ProfilePointForm(request.POST if posted_profile else None, indicator=indicator, prefix="profile")
    if posted_profile and profile_form.is_valid():
        services.set_profile_point(target=profile_form.annual_target, period=profile_form.period,
                                   value=profile_form.cleaned_data["value"], user=request.user)
        messages.success(request, f"Saved the profile for {profile_form.period.label}.")
        return redirect("indicator_targets", slug, pk)
    conflict = None
    if request.method == "POST" and not posted_profile and form.is_valid():
        data = form.cleaned_data
        if versions.keeps_theirs(request.POST):
            messages.success(request, f"Kept the {data['kind']} already saved for {form.period.label}; yours was not saved.")
            return redirect("indicator_targets", slug, pk)
        try:
            services.set_target(indicator=indicator, kind=data["kind"], period=form.period, user=request.user,
                                value=data["value"], text=data["text"], to_be_set=data["to_be_set"],
                                note=data["note"], based_on=versions.based_on(request.POST))
        except versions.StaleEdit as stale:
            yours = Target(indicator=indicator, value=data["value"], text=data["text"], to_be_set=data["to_be_set"],
                           note=data["note"])
            conflict = versions.conflict(request.POST, stale.current[0], data["kind"], stale.current[0].display(),
                                         yours.display())
        else:
            messages.success(request, f"Saved the {data['kind']} for {form.period.label}.")
            return redirect("indicator_targets", slug, pk)
    targets = Target.objects.filter(indicator=indicator).order_by("kind", "period_start").prefetch_related(
        "profile_points")
    return render(request, "performance/indicator_targets.html", {
        "access": access, "partnership": access.partnership, "indicator": indicator, "form": form,
        "profile_form": profile_form, "targets": targets, "conflict": conflict,
        "version": request.POST.get("based_on", versions.NEW) if request.method == "POST" else versions.version(shown),
    })


def _target_shown(indicator, params):
    """The target a "Change" link opens (?kind=&period=), or None for a blank form."""
    try:
        period = parse_period(params.get("period", ""))
    except PeriodError:
        return None
    return Target.objects.filter(indicator=indicator, kind=params.get("kind", Target.Kind.TARGET),
                                 period=period.label).first()


def _target_initial(target, params):
    if target is None:
        return None
    return {"kind": target.kind, "period": target.period, "value": plain(target.value) if target.value is not None
            else "", "text": target.text, "to_be_set": target.to_be_set, "note": target.note}


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
    form = ObservationForm(request.POST or None, indicator=indicator, initial=initial, can_publish=access.can_manage)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if versions.keeps_theirs(request.POST):
            messages.success(request, f"Kept the actual already saved for {form.period.label}; yours was not saved.")
            return redirect(indicator.get_absolute_url())
        try:
            observation, changed = services.record_observation(
                indicator=indicator, period=form.period, user=request.user, area=data["area"],
                population_group=data["population_group"], value=data["value"], status=data["status"],
                note=data["note"], expected=data["expected"], based_on=versions.based_on(request.POST),
                note_public=data.get("note_public"),  # None (kept) unless an officer's form carries the checkbox
            )
        except services.FigureLocked as locked:
            form.add_error(None, str(locked))
        except versions.StaleEdit as stale:
            current = stale.current[0]
            conflict = versions.conflict(
                request.POST, current, "figure",
                returns.actual_words(indicator, current.value, current.status, current.note, current.expected),
                returns.actual_words(indicator, data["value"], data["status"], data["note"], data["expected"]))
        else:
            messages.success(request, f"Saved the actual for {observation}." if changed else "Nothing was changed.")
            return redirect(indicator.get_absolute_url())
    return render(request, "performance/observation_form.html", {
        "access": access, "partnership": access.partnership, "indicator": indicator, "form": form,
        "conflict": conflict, "version": _actual_version(request, indicator),
    })


def _actual_version(request, indicator):
    """The version of the headline actual the form opens on (?period=), as its hidden field sends it."""
    if request.method == "POST":
        return request.POST.get("based_on", versions.NEW)
    try:
        label = parse_period(request.GET.get("period", "")).label
    except PeriodError:
        return versions.NEW
    return versions.version(Observation.objects.filter(indicator=indicator, period=label, area=None,
                                                       population_group=None).first())


@login_required
def my_returns(request, slug):
    """What I have to report: every indicator I enter figures for, for one period (by default the one due),
    a page at a time; the counts cover them all."""
    access = get_partnership_for_user(request, slug)
    partnership = access.partnership
    qs = Indicator.objects.filter(partnership=partnership).order_by("code", "pk")
    if not access.can_manage:
        qs = qs.filter(lead_organisation__in=access.organisation_ids)
    # Which indicators are due, and their counts, are the same for everyone who reports these indicators:
    # kept until the partnership's data changes (core/fragments.py). The page's rows are always read afresh.
    scope = [("organisations", "all" if access.can_manage else ",".join(map(str, sorted(access.organisation_ids))))]
    ids, period_due, suggestions = fragments.cached(partnership.pk, "my-returns", scope,
                                                    lambda: returns.overview(partnership, qs))
    label = request.GET.get("period") or request.POST.get("period") or ""
    period, period_error = None, None
    try:
        period = parse_period(label) if label else period_due
    except PeriodError as exc:
        period_error = str(exc)
    due, outstanding, counts = [], 0, []
    if period is not None:
        due, outstanding, counts = fragments.cached(partnership.pk, "my-returns-period",
                                                    [*scope, ("period", period.label)],
                                                    lambda: returns.counted(qs, period))
    post = request.POST if request.method == "POST" else None
    page = returns.page_of(due, (post or request.GET).get("page"))
    # A POST saves the rows it carries (the page as the person saw it), else the page's.
    shown = (post is not None and returns.posted_rows(due, post)) or page.object_list
    entries = (returns.entries_for(returns.for_period(qs.filter(pk__in=shown), period), period, post,
                                   sign_off=partnership.sign_off)
               if period is not None else [])
    if post is not None and period is not None:
        touched = [e for e in entries if e.form.has_anything() or e.observation is not None]
        if all(e.form.is_valid() for e in touched):
            changed = returns.save(touched, period, request.user, post)
            if changed is not None:
                messages.success(request, f"Saved {changed} figure{pluralize(changed)} for {period.label}."
                                 if changed else f"Nothing was changed for {period.label}.")
                return redirect(f"{request.path}?{returns.page_query(period, page.number).urlencode()}")
    return render(request, "performance/my_returns.html", {
        "access": access, "partnership": partnership, "period_label": period.label if period else label,
        "period": period, "period_error": period_error, "entries": entries, "due": len(due), "page": page,
        "page_query": returns.page_query(period) if period is not None else None,
        "errors": [e for e in entries if e.form.is_bound and e.form.errors],
        "conflicts": [e for e in entries if e.conflict], "suggestions": suggestions,
        "outstanding": outstanding, "counts": counts,
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
    existing = Judgement.objects.filter(indicator=indicator, period=period_obj.label).select_related("made_by").first()
    form = JudgementForm(request.POST or None, initial={"status": existing.status, "reason": existing.reason} if existing else None)
    conflict, based_on = None, versions.based_on(request.POST)
    if request.method == "POST":
        try:
            response = _judgement_post(request, indicator, period_obj, form, existing, based_on)
            if response is not None:
                return response
        except versions.StaleEdit as stale:
            current = stale.current[0]
            yours = ("Withdraw the judgement" if request.POST.get("withdraw") else
                     f"{rules.Status(form.cleaned_data['status']).label}: {form.cleaned_data['reason']}")
            conflict = versions.conflict(request.POST, current, "judgement",
                                         f"{current.get_status_display()}: {current.reason}", yours)
    return render(request, "performance/judgement_form.html", {
        "access": access, "partnership": access.partnership, "indicator": indicator, "period": period_obj,
        "row": row, "form": form, "existing": existing, "conflict": conflict,
        "version": based_on if request.method == "POST" and based_on is not None else versions.version(existing),
    })


def _judgement_post(request, indicator, period, form, existing, based_on):
    """Withdraw or record the judgement and redirect, or None to show the form again (StaleEdit: a conflict)."""
    if request.POST.get("withdraw") and existing:
        if versions.keeps_theirs(request.POST):
            return redirect(indicator.get_absolute_url())
        services.withdraw_judgement(judgement=existing, user=request.user, based_on=based_on)
        messages.success(request, f"Withdrew the judgement for {period.label}.")
        return redirect(indicator.get_absolute_url())
    if not form.is_valid():
        return None
    if versions.keeps_theirs(request.POST):
        messages.success(request, f"Kept the judgement already recorded for {period.label}; yours was not saved.")
        return redirect(indicator.get_absolute_url())
    services.record_judgement(indicator=indicator, period=period, status=form.cleaned_data["status"],
                              reason=form.cleaned_data["reason"], user=request.user, based_on=based_on)
    messages.success(request, f"Recorded the judgement for {period.label}.")
    return redirect(indicator.get_absolute_url())
