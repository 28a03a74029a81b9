"""Reports on the web and as downloads. Fetches through the gatekeepers; the
builders and renderers hold the rest."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode

from placeboard.core.access import get_partnership_for_user
from placeboard.core.models import Area, Group, Outcome, Theme
from placeboard.performance.models import ReportingRound
from placeboard.performance.reporting import Filters, ReportError, report_kinds
from placeboard.reports.builders import BUILDERS, RoundNeeded, build
from placeboard.reports.render import FORMATS
from placeboard.reports.render import render as render_report


class ReportFilterForm(forms.Form):
    round = forms.ModelChoiceField(queryset=None, required=False, empty_label="Latest figures (no round)")
    theme = forms.ModelChoiceField(queryset=None, required=False, empty_label="All")
    group = forms.ModelChoiceField(queryset=None, required=False, empty_label="All")
    outcome = forms.ModelChoiceField(queryset=None, required=False, empty_label="All")
    area = forms.ModelChoiceField(queryset=None, required=False, empty_label="Whole place")

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = ReportingRound.objects.filter(partnership=partnership)
        self.fields["theme"].queryset = Theme.objects.filter(partnership=partnership)
        self.fields["group"].queryset = Group.objects.filter(partnership=partnership)
        self.fields["outcome"].queryset = Outcome.objects.filter(partnership=partnership)
        self.fields["area"].queryset = Area.objects.filter(partnership=partnership)
        for field in self.fields.values():
            field.widget.attrs["class"] = "govuk-select"


def _kinds():
    return [(kind.slug, kind.title) for kind in report_kinds()]


@login_required
def report_index(request, slug):
    access = get_partnership_for_user(request, slug)
    rounds = list(ReportingRound.objects.filter(partnership=access.partnership)[:1])
    return render(request, "reports/index.html", {
        "access": access, "partnership": access.partnership, "kinds": _kinds(), "rounds": rounds,
    })


@login_required
def report(request, slug, kind):
    access = get_partnership_for_user(request, slug)
    if kind not in BUILDERS:
        raise Http404(f"There is no report called {kind!r}.")
    fmt = request.GET.get("format", "html")
    if fmt not in FORMATS:
        raise Http404(f"Reports come as {', '.join(FORMATS)}, not {fmt!r}.")
    form = ReportFilterForm(request.GET or None, partnership=access.partnership)
    if form.is_bound and not form.is_valid():
        # An unknown round or filter in the address is "not found", not a silently different report.
        raise Http404("; ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()))
    data = form.cleaned_data if form.is_bound else {}
    filters = Filters(**{name: data.get(name) for name in ("theme", "group", "outcome", "area")})
    try:
        result = build(kind, access.partnership, data.get("round"), filters)
    except ReportError as exc:
        if fmt != "html":
            raise Http404(str(exc)) from None
        if isinstance(exc, RoundNeeded) and not ReportingRound.objects.filter(partnership=access.partnership).exists():
            # Nothing to choose yet: say so, and how to open a round, rather than "choose a round".
            return render(request, "reports/no_rounds.html", {
                "access": access, "partnership": access.partnership,
                "title": dict(_kinds()).get(kind, "This report"),
            })
        return render(request, "reports/index.html", {
            "access": access, "partnership": access.partnership, "kinds": _kinds(),
            "rounds": list(ReportingRound.objects.filter(partnership=access.partnership)[:1]), "error": str(exc),
        }, status=400)
    if fmt == "html":
        query = urlencode({k: v for k, v in request.GET.items() if k != "format"})
        return render(request, "reports/report.html", {
            "report": result, "access": access, "partnership": access.partnership, "kind": kind,
            "filter_form": form if form.is_bound else ReportFilterForm(partnership=access.partnership),
            "query": query,
        })
    response = HttpResponse(render_report(result, fmt), content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{slug}-{kind}.{fmt}"'
    return response
