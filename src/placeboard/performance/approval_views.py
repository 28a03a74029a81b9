"""Signing off figures (docs/approval.md): the page where a reviewer approves or returns submitted figures, a
performance officer publishes approved ones or unlocks them, and switches sign-off on or off. The rules are in
performance/approval.py, the writes in performance/services.py."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from placeboard.core.access import get_manager_access, get_partnership_for_user
from placeboard.core.models import Organisation
from placeboard.performance import approval, services
from placeboard.performance.models import Indicator, Observation

FILTERS = ("state", "period", "organisation")
SHOWN = 500  # figures on one page; the filters narrow a longer list
ACTIONS = {  # state shown: [(step, button)], the steps a reviewer may take on it (officers only: publish, unlock)
    approval.SUBMITTED: [("approve", "Approve"), ("return", "Return")],
    approval.APPROVED: [("publish", "Publish"), ("unlock", "Unlock")],
    approval.PUBLISHED: [("unlock", "Unlock")],
    approval.RETURNED: [],
}
OFFICERS_ONLY = {"publish", "unlock"}


class ApprovalFilterForm(forms.Form):
    state = forms.ChoiceField(choices=[(s, approval.LABELS[s]) for s in approval.STATES], required=False)
    period = forms.ChoiceField(choices=(), required=False)
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), required=False,
                                          empty_label="All organisations")

    def __init__(self, *args, periods, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [("", "All periods"), *[(p, p) for p in periods]]
        self.fields["organisation"].queryset = Organisation.objects.filter(partnership=partnership)
        for field in self.fields.values():
            field.widget.attrs["class"] = "govuk-select"


def _reviewable(access):
    """The partnership's figures this person may act on: all for a performance officer, else those of the
    indicators they are lead officer of. 403 for anyone else."""
    figures = Observation.objects.filter(indicator__partnership=access.partnership)
    if access.can_manage:
        return figures
    mine = Indicator.objects.filter(partnership=access.partnership, lead_officer=access.user)
    if not mine.exists():
        raise PermissionDenied("Only performance officers and indicators' lead officers sign off figures.")
    return figures.filter(indicator__lead_officer=access.user)


@login_required
def approval_list(request, slug):
    access = get_partnership_for_user(request, slug)
    partnership = access.partnership
    figures = _reviewable(access)
    state = request.GET.get("state") or approval.SUBMITTED
    if state not in approval.STATES:
        state = approval.SUBMITTED  # the form says the choice was not valid
    periods = list(figures.filter(approval=state).order_by("-period_end", "period").values_list("period", flat=True)
                   .distinct())
    form = ApprovalFilterForm(request.GET or None, periods=periods, partnership=partnership)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    chosen = figures.filter(approval=state)
    if data.get("period"):
        chosen = chosen.filter(period=data["period"])
    if data.get("organisation"):
        chosen = chosen.filter(indicator__lead_organisation=data["organisation"])
    counts = list(chosen.values("indicator__lead_organisation__name").annotate(n=Count("pk"))
                  .order_by("indicator__lead_organisation__name"))
    rows = list(chosen.select_related("indicator__partnership", "indicator__lead_organisation", "area", "population_group",
                                      "updated_by").order_by("indicator__code", "period_end", "area__name", "pk")[:SHOWN + 1])
    all_counts = dict(figures.order_by().values_list("approval").annotate(n=Count("pk")))
    actions = [(name, label) for name, label in ACTIONS[state] if access.can_manage or name not in OFFICERS_ONLY]
    return render(request, "performance/approval.html", {
        "access": access, "partnership": partnership, "form": form, "state": state,
        "state_label": approval.LABELS[state], "rows": rows[:SHOWN], "more": len(rows) > SHOWN, "shown": SHOWN,
        "counts": counts, "actions": actions, "query": urlencode({k: request.GET[k] for k in FILTERS if request.GET.get(k)}),
        "states": [(s, approval.LABELS[s], all_counts.get(s, 0)) for s in approval.STATES],
    })


@login_required
@require_POST
def approval_step(request, slug):
    """Take one step on the chosen figures, all or none; a return tells their providers by e-mail."""
    access = get_partnership_for_user(request, slug)
    name, reason = request.POST.get("step", ""), request.POST.get("reason", "")
    if name not in approval.STEPS:
        raise PermissionDenied("Choose approve, return, publish or unlock.")
    if name in OFFICERS_ONLY and not access.can_manage:
        raise PermissionDenied("Only performance officers publish or unlock figures.")
    ids = [int(pk) for pk in request.POST.getlist("figure") if pk.isdigit()]
    chosen = list(_reviewable(access).filter(pk__in=ids).select_related(
        "indicator__partnership", "indicator__lead_organisation", "area", "population_group"))
    kept = QueryDict(request.POST.get("query", ""))  # the list as it was filtered, and only its own filters
    back = f"{reverse('approval_list', args=[slug])}?{urlencode({k: kept[k] for k in FILTERS if kept.get(k)})}"
    if not chosen:
        messages.error(request, "Choose at least one figure.")
        return redirect(back)
    try:
        with transaction.atomic():
            services.take_step(observations=chosen, name=name, user=request.user, reason=reason)
            if name == "return":
                transaction.on_commit(lambda: services.notify_returned(chosen, request.user, reason.strip()))
    except approval.ApprovalError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    count = len(chosen)
    messages.success(request, f"{approval.STEP_NAMES[name].capitalize()} {count} figure{'s' if count != 1 else ''}."
                     + (" Their providers have been told why by e-mail." if name == "return" else ""))
    return redirect(back)


@login_required
@require_POST
def sign_off_setting(request, slug):
    access = get_manager_access(request, slug)
    on = request.POST.get("sign_off") == "on"
    released = services.set_sign_off(access.partnership, on, request.user)
    if on:
        messages.success(request, "Figures now need sign-off: new and changed figures are submitted for approval.")
    else:
        messages.success(request, "Figures no longer need sign-off: they are published as they are saved."
                         + (f" {released} figure{'s' if released != 1 else ''} awaiting sign-off "
                            f"{'were' if released != 1 else 'was'} published." if released else ""))
    return redirect("approval_list", slug)
