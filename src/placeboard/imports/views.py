"""Upload → preview listing every problem → confirm; and exports.

Performance officers import everything; a data provider imports actuals for the
indicators their organisation leads (checked row by row). Everyone with a role
in the partnership may export.

The file is checked once, for its preview, and the result kept on the batch (services.check_batch), so
viewing the preview again never reads the file. Confirming checks it again and imports it once: a second
confirmation shows the batch page with the first one's outcome (services.import_batch).

Confirming a large file (more rows than settings.IMPORT_STREAM_ROWS) streams a
page that shows the import's progress as it goes, without JavaScript."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from placeboard.core.access import get_partnership_for_user
from placeboard.core.models import Organisation
from placeboard.core.params import int_param
from placeboard.imports import exporters, importers, readers, services
from placeboard.imports.forms import UploadForm
from placeboard.imports.models import ImportBatch
from placeboard.imports.returns import return_xlsx
from placeboard.performance.models import ReportingRound

STREAM_ROWS = 5000  # default for settings.IMPORT_STREAM_ROWS
STREAMED_PROBLEMS = 100
NOUNS = {"actuals": "actuals", "return": "actuals", "targets": "baselines and targets",
         "indicators": "indicators", "benchmarks": "comparator values"}

logger = logging.getLogger(__name__)


def _kinds_for(access):
    if access.can_manage:
        return list(importers.KINDS)
    if access.organisation_ids:
        return ["actuals", "return"]
    return []


def _import_access(request, slug):
    access = get_partnership_for_user(request, slug)
    kinds = _kinds_for(access)
    if not kinds:
        raise PermissionDenied("Only performance officers and data providers can import figures.")
    return access, kinds


@login_required
def import_start(request, slug):
    access = get_partnership_for_user(request, slug)
    kinds = _kinds_for(access)
    form = None
    if kinds:
        # Bound on any POST: an empty one (nothing chosen) must get its errors, not a blank form again.
        posted = request.method == "POST"
        form = UploadForm(request.POST if posted else None, request.FILES if posted else None, kinds=kinds)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            batch = ImportBatch.objects.create(
                partnership=access.partnership, kind=form.cleaned_data["kind"], filename=upload.name[:255],
                content=upload.read(), uploaded_by=request.user)
            return redirect("import_preview", slug, batch.pk)
    elif request.method == "POST":
        raise PermissionDenied("Only performance officers and data providers can import figures.")
    batches = _openable(access, kinds, request.user).select_related("uploaded_by").defer("content", "preview")[:20]
    recent = [(batch, importers.KIND_NAMES.get(batch.kind, batch.kind)) for batch in batches]
    return render(request, "imports/import_start.html", {
        "access": access, "partnership": access.partnership, "form": form, "recent": recent,
        "exports": [(k, importers.KIND_NAMES[k]) for k in importers.EXPORT_KINDS],
        "rounds": ReportingRound.objects.filter(partnership=access.partnership) if kinds else [],
        "organisations": [o for o in Organisation.objects.filter(partnership=access.partnership)
                          if access.can_manage or o.pk in access.organisation_ids] if kinds else [],
    })


def _openable(access, kinds, user):
    """The batches _batch lets this person open, so that Recent imports lists no page they cannot open."""
    batches = ImportBatch.objects.filter(partnership=access.partnership, kind__in=kinds)
    return batches if access.can_manage else batches.filter(uploaded_by=user)


def _batch(request, slug, pk):
    access, kinds = _import_access(request, slug)
    # Not the file itself: only checking and importing it read it (services).
    batch = get_object_or_404(ImportBatch.objects.defer("content"), partnership=access.partnership, pk=pk)
    if batch.uploaded_by_id != request.user.pk and not access.can_manage:
        raise Http404("No such import.")
    if batch.kind not in kinds:
        raise PermissionDenied("You cannot import this kind of file.")
    return access, batch


@login_required
def import_preview(request, slug, pk):
    access, batch = _batch(request, slug, pk)
    preview = services.check_batch(batch, access=access)  # the stored check, after the first time
    return render(request, "imports/import_preview.html", {
        "access": access, "partnership": access.partnership, "batch": batch, "plan": preview,
        "kind_name": importers.KIND_NAMES[batch.kind], "shown": preview.shown if preview else [],
        "more": preview.more if preview else 0,
    })


@login_required
@require_POST
def import_confirm(request, slug, pk):
    access, batch = _batch(request, slug, pk)
    if batch.state != ImportBatch.State.PREVIEWED:
        return _already(request, slug, batch)
    if _rows(batch) > getattr(settings, "IMPORT_STREAM_ROWS", STREAM_ROWS):
        return _streamed_import(request, access, batch)
    # Checked again under a lock on the batch: a confirmation that got there first has its outcome kept.
    plan, already = services.import_batch(batch, request.user, access=access)
    if already:
        return _already(request, slug, already)
    if not plan.ok:
        return redirect("import_preview", slug, batch.pk)
    messages.success(request, f"Imported {batch.filename}: {plan.summary()}.")
    return redirect("import_start", slug)


def _already(request, slug, batch):
    """A confirmation of a batch already imported or rejected: its page, with its outcome; nothing more done."""
    if batch.state == ImportBatch.State.IMPORTED:
        messages.info(request, f"{batch.filename} was already imported, so nothing more was saved.")
    else:
        messages.info(request, f"{batch.filename} has problems, so nothing was saved.")
    return redirect("import_preview", slug, batch.pk)


def _rows(batch):
    """How many rows the file has: from its stored check, else estimated from the file."""
    if batch.preview is not None:
        return batch.preview["rows"]
    return readers.estimate_rows(batch.filename, bytes(batch.content))


def _progress_text(what, done, total, noun):
    if what == "Read":
        return f"Read the file: {total:,} rows"
    return f"{what} {done:,} of {total:,} {noun if what == 'Saved' else 'rows'}"


def _streamed_import(request, access, batch):
    """The import as a page sent bit by bit: a line per progress step, then the outcome.

    The page's head (layout, header, messages) is rendered now, so the session and messages are saved as
    usual; the import runs while the response is sent, in one transaction with the batch's new state and its
    audit event. If the browser goes away part-way the import still finishes (it just stops writing)."""
    partnership, user, noun = access.partnership, request.user, NOUNS[batch.kind]
    page = render_to_string("imports/import_progress.html", {
        "access": access, "partnership": partnership, "batch": batch,
        "kind_name": importers.KIND_NAMES[batch.kind]}, request=request)
    head, rest = page.split("<!--progress-->")
    middle, tail = rest.split("<!--outcome-->")

    def lines():
        yield head
        gone, outcome = False, {"partnership": partnership, "batch": batch}
        try:
            steps = services.import_batch_steps(batch, user, access=access)
            while True:
                try:
                    what, done, total = next(steps)
                except StopIteration as stop:
                    plan, already = stop.value
                    break
                if not gone:
                    try:
                        yield f"<li>{_progress_text(what, done, total, noun)}</li>\n"
                    except GeneratorExit:
                        gone = True  # the connection closed: finish the import without writing
            if already:
                outcome["already"] = already.state
            else:
                outcome.update(plan=plan, problems_shown=plan.problems[:STREAMED_PROBLEMS],
                               more_problems=len(plan.problems) - STREAMED_PROBLEMS)
        except Exception:
            logger.exception("Import %s of %s failed", batch.pk, partnership.slug)
            if gone:
                raise
            outcome = {"partnership": partnership, "batch": batch, "failed": True}
        if not gone:
            yield middle + render_to_string("imports/_import_outcome.html", outcome) + tail

    response = StreamingHttpResponse(lines(), content_type="text/html; charset=utf-8")
    # Not to be buffered by a proxy (nginx honours this header) or cached.
    response["X-Accel-Buffering"] = "no"
    response["Cache-Control"] = "no-store"
    return response


@login_required
def export_download(request, slug, kind, fmt):
    access = get_partnership_for_user(request, slug)
    if kind not in importers.EXPORT_KINDS or fmt not in ("csv", "xlsx"):
        raise Http404("No such export.")
    data, content_type, name = exporters.export(kind, access.partnership, fmt)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def return_template(request, slug):
    """The data-return XLSX for a round and an organisation (?round=…&organisation=…)."""
    access = get_partnership_for_user(request, slug)
    round_pk, org_pk = int_param(request.GET, "round"), int_param(request.GET, "organisation")
    if round_pk is None or org_pk is None:
        raise Http404("Choose a round and an organisation.")
    round_ = get_object_or_404(ReportingRound, partnership=access.partnership, pk=round_pk)
    organisation = get_object_or_404(Organisation, partnership=access.partnership, pk=org_pk)
    if not (access.can_manage or organisation.pk in access.organisation_ids):
        raise PermissionDenied("You can download the return of your own organisation only.")
    response = HttpResponse(return_xlsx(round_, organisation),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    name = f"return-{slugify(round_.name)}-{slugify(organisation.short_name or organisation.name)}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
