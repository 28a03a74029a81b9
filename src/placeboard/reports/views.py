"""Reports on the web and as downloads. Fetches through the gatekeepers; the
builders and renderers hold the rest.

A PDF, and the XLSX and CSV of a report longer than REPORTS_DIRECT_MAX_ROWS rows, are never made in the web
worker: the page asks for a download (reports/downloads.py), which a `placeboard worker` makes."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from placeboard.core import fragments
from placeboard.core.access import get_partnership_for_user
from placeboard.core.models import Area, Group, Outcome, Theme
from placeboard.performance.models import ReportingRound
from placeboard.performance.reporting import Filters, ReportError, report_kinds
from placeboard.reports import downloads
from placeboard.reports.builders import BUILDERS, RoundNeeded, build
from placeboard.reports.models import Download
from placeboard.reports.render import FORMATS
from placeboard.reports.render import render as render_report

FORMAT_NAMES = {"pdf": "PDF", "xlsx": "Excel (XLSX)", "csv": "CSV"}
# The most downloads one person may have waiting or being made at once.
PENDING_LIMIT = 3


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
        if partnership.sign_off:  # figures as last approved (docs/approval.md)
            self.fields["approved"] = forms.ChoiceField(
                label="Figures", required=False, choices=[("", "All figures"), ("1", "Approved figures only")])
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
    fmt = request.GET.get("format", "html")
    form, data, filters = _checked(access, kind, fmt, FORMATS, "Reports", request.GET or None)
    if fmt == "pdf":
        # Not even built here: the worker builds it.
        return _request_page(request, access, kind, fmt, data.get("round"), filters)
    try:
        if fmt == "html":
            # The same for everyone who may see the partnership, so kept until its data changes (core/fragments.py).
            page = fragments.cached(access.partnership.pk, f"report-{kind}",
                                    _hidden(data.get("round"), filters),
                                    lambda: _web_report(build(kind, access.partnership, data.get("round"), filters)))
        else:
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
    background = background_formats(page["rows"] if fmt == "html" else report_rows(result))
    if fmt in background:
        return _request_page(request, access, kind, fmt, data.get("round"), filters, rows=report_rows(result))
    if fmt == "html":
        query = urlencode({k: v for k, v in request.GET.items() if k != "format"})
        return render(request, "reports/report.html", {
            "report": page, "body": mark_safe(page["body"]),  # rendered by _web_report
            "access": access, "partnership": access.partnership, "kind": kind,
            "filter_form": form if form.is_bound else ReportFilterForm(partnership=access.partnership),
            "query": query, "hidden": _hidden(data.get("round"), filters),
            "direct": [(f, name) for f, name in FORMAT_NAMES.items() if f not in background],
            "queued": [(f, name) for f, name in FORMAT_NAMES.items() if f in background],
        })
    response = HttpResponse(render_report(result, fmt), content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{slug}-{kind}.{fmt}"'
    return response


def _checked(access, kind, fmt, formats, what, params):
    """(filter form, its cleaned data, Filters) of a report request; 404 for an unknown report, format, round or
    filter: an address that names something not there is "not found", not a silently different report."""
    if kind not in BUILDERS:
        raise Http404(f"There is no report called {kind!r}.")
    if fmt not in formats:
        raise Http404(f"{what} come as {', '.join(formats)}, not {fmt!r}.")
    form = ReportFilterForm(params, partnership=access.partnership)
    if form.is_bound and not form.is_valid():
        raise Http404("; ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()))
    data = form.cleaned_data if form.is_bound else {}
    return form, data, filters_of(data)


def filters_of(data):
    """The Filters a report filter form's cleaned data asks for (web pages, downloads and the API)."""
    return Filters(**{name: data.get(name) for name in ("theme", "group", "outcome", "area")},
                   approved=data.get("approved") == "1")


def report_rows(result):
    return sum(len(section.rows) for section in result.sections)


def _web_report(result):
    """What the report's web page shows of it: its title, subtitle, number of rows and body, rendered."""
    return {"title": result.title, "subtitle": result.subtitle, "rows": report_rows(result),
            "body": render_to_string("reports/_tables.html", {"report": result})}


def background_formats(rows):
    """The formats made by a worker rather than in the request for a report of so many rows: the PDF always
    (WeasyPrint takes seconds and hundreds of megabytes), the XLSX and CSV when the report is long."""
    if rows > settings.REPORTS_DIRECT_MAX_ROWS:
        return {"pdf", "xlsx", "csv"}
    return {"pdf"}


def _hidden(round_, filters):
    """The round and filters as hidden form fields, so a download is made of the report on the page."""
    return sorted(downloads.report_params(round_, filters).items())


def _request_page(request, access, kind, fmt, round_, filters, rows=None):
    """The page that offers to make a download (a GET of ?format=pdf, and of a large report's XLSX or CSV)."""
    return render(request, "reports/request.html", {
        "access": access, "partnership": access.partnership, "kind": kind, "format": fmt,
        "format_name": FORMAT_NAMES[fmt], "title": downloads.report_title(kind, access.partnership, round_, filters),
        "hidden": _hidden(round_, filters), "rows": rows,
    })


@login_required
@require_POST
def report_download(request, slug, kind):
    """Ask for a report's download: recorded, queued, then its page, which shows how it is going."""
    access = get_partnership_for_user(request, slug)
    fmt = request.POST.get("format", "")
    _, data, filters = _checked(access, kind, fmt, FORMAT_NAMES, "Downloads", request.POST)
    round_ = data.get("round")
    return ask_for_download(request, access, kind, fmt, downloads.report_params(round_, filters),
                downloads.report_title(kind, access.partnership, round_, filters))


@login_required
@require_POST
def export_download_request(request, slug):
    """Ask for a full export of the partnership's actuals, targets, indicators or benchmarks."""
    from placeboard.imports.importers import EXPORT_KINDS  # the kinds the import page exports

    access = get_partnership_for_user(request, slug)
    kind, fmt = request.POST.get("kind", ""), request.POST.get("format", "")
    if kind not in EXPORT_KINDS or fmt not in ("csv", "xlsx"):
        raise Http404("No such export.")
    return ask_for_download(request, access, downloads.EXPORT_PREFIX + kind, fmt, {}, downloads.export_title(kind))


def ask_for_download(request, access, kind, fmt, params, title):
    mine = Download.objects.without_file().filter(partnership=access.partnership, requested_by=access.user,
                                                  status__in=[Download.Status.QUEUED, Download.Status.RUNNING])
    # A second click (or a reload of the form) joins the same job rather than making the file twice.
    same = next((d for d in mine if (d.kind, d.format, d.params) == (kind, fmt, params) and not d.is_stale), None)
    if same is not None:
        return redirect("download_detail", access.partnership.slug, same.pk)
    if sum(not d.is_stale for d in mine) >= PENDING_LIMIT:
        messages.info(request, f"You already have {PENDING_LIMIT} files being made. Wait for one to finish, "
                               "then ask again.")
        return redirect("download_list", access.partnership.slug)
    download = downloads.request(access, kind, fmt, params, title)
    return redirect("download_detail", access.partnership.slug, download.pk)


def _download_for(request, slug, pk):
    """A download the person may see: their own, or any of the partnership's for a performance officer.
    Anyone else's, or another partnership's, is "not found"."""
    access = get_partnership_for_user(request, slug)
    return access, get_object_or_404(Download.objects.without_file().visible_to(access), pk=pk)


@login_required
def download_detail(request, slug, pk):
    access, download = _download_for(request, slug, pk)
    refresh = download.is_pending and not download.is_stale
    return render(request, "reports/download.html", {
        "access": access, "partnership": access.partnership, "download": download,
        "stale": download.is_stale, "refresh": refresh,
        "ahead": downloads.queue_position(download), "stopped": downloads.STOPPED,
    }, status=286 if request.headers.get("HX-Request") and not refresh else 200)  # 286: htmx stops asking


@login_required
def download_file(request, slug, pk):
    access, download = _download_for(request, slug, pk)
    if not download.is_ready:
        raise Http404("This file is not ready, or has been deleted.")
    return file_response(download)


def file_response(download):
    """A made download's file, read only now (the lists and pages defer it), never kept by a cache."""
    content = Download.objects.filter(pk=download.pk).values_list("content", flat=True).get()
    response = HttpResponse(bytes(content), content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.file_name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def download_list(request, slug):
    from placeboard.imports.importers import EXPORT_KINDS, KIND_NAMES  # the kinds the import page exports

    access = get_partnership_for_user(request, slug)
    recent = list(Download.objects.without_file().visible_to(access).filter(expires_at__gt=timezone.now())
                  .select_related("requested_by")[:100])
    return render(request, "reports/downloads.html", {
        "access": access, "partnership": access.partnership, "downloads": recent,
        "keep_hours": settings.DOWNLOADS_KEEP_HOURS,
        "exports": [(kind, KIND_NAMES[kind]) for kind in EXPORT_KINDS],
    })
