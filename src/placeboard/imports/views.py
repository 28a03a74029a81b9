"""Upload → preview listing every problem → confirm; and exports.

Performance officers import everything; a data provider imports actuals for the
indicators their organisation leads (checked row by row). Everyone with a role
in the partnership may export. Where figures need sign-off, an officer may ask for the actuals to be approved
as they are imported (UploadForm's approve, kept on the batch); anyone else's land submitted for approval.

The file is checked once, for its preview, and the result kept on the batch (services.check_batch), so
viewing the preview again never reads the file. Confirming checks it again and imports it once: a second
confirmation shows the batch page with the first one's outcome (services.import_batch).

A large file (more rows than settings.IMPORT_STREAM_ROWS) is checked and imported by a worker instead
(imports/jobs.py): uploading or confirming it queues the job and leads to the batch's page, which shows how far
the job has got, updating itself, and then its outcome."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from placeboard.core.access import get_partnership_for_user
from placeboard.core.models import Organisation
from placeboard.core.params import int_param
from placeboard.imports import exporters, importers, jobs, readers, services
from placeboard.imports.forms import UploadForm
from placeboard.imports.models import ImportBatch
from placeboard.imports.returns import return_xlsx
from placeboard.performance.models import ReportingRound

NOUNS = {"actuals": "actuals", "return": "actuals", "targets": "baselines and targets",
         "indicators": "indicators", "benchmarks": "comparator values"}


def _import_access(request, slug):
    access = get_partnership_for_user(request, slug)
    kinds = services.kinds_for(access)
    if not kinds:
        raise PermissionDenied("Only performance officers and data providers can import figures.")
    return access, kinds


@login_required
def import_start(request, slug):
    access = get_partnership_for_user(request, slug)
    kinds = services.kinds_for(access)
    form = None
    if kinds:
        # Bound on any POST: an empty one (nothing chosen) must get its errors, not a blank form again.
        posted = request.method == "POST"
        form = UploadForm(request.POST if posted else None, request.FILES if posted else None, kinds=kinds,
                          approve_refused=services.approve_refusal(access))
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            name, data = upload.name[:255], upload.read()
            large = jobs.is_large(readers.estimate_rows(name, data))
            with transaction.atomic():  # a large file's check is queued with its batch
                batch = ImportBatch.objects.create(
                    partnership=access.partnership, kind=form.cleaned_data["kind"], filename=name, content=data,
                    uploaded_by=request.user, approve=form.cleaned_data["approve"],
                    state=ImportBatch.State.CHECKING if large else ImportBatch.State.PREVIEWED)
                if large:
                    jobs.queue_check(batch)
            return redirect("import_preview", slug, batch.pk)
    elif request.method == "POST":
        raise PermissionDenied("Only performance officers and data providers can import figures.")
    batches = _openable(access, kinds, request.user).select_related("uploaded_by").defer("content", "preview")[:20]
    recent = [(batch, importers.KIND_NAMES.get(batch.kind, batch.kind)) for batch in batches]
    return render(request, "imports/import_start.html", {
        "access": access, "partnership": access.partnership, "form": form, "recent": recent,
        "can_approve": form is not None and "approve" in form.fields,
        # (kind, name, whether it is too large to make in a request: then the worker makes it)
        "exports": [(k, importers.KIND_NAMES[k],
                     exporters.row_count(k, access.partnership) > settings.REPORTS_DIRECT_MAX_ROWS)
                    for k in importers.EXPORT_KINDS],
        "formats": [("csv", "CSV"), ("xlsx", "XLSX")],
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
    """The batch's page: its preview, its outcome, or, while a worker has it, how far the job has got."""
    access, batch = _batch(request, slug, pk)
    polled = bool(request.headers.get("HX-Request"))
    if batch.is_pending:
        jobs.settle(batch)  # a job whose worker died: the batch is marked failed
    if batch.is_pending:
        return render(request, "imports/import_job.html", {
            "access": access, "partnership": access.partnership, "batch": batch,
            "kind_name": importers.KIND_NAMES[batch.kind], "progress": _progress_text(batch),
            "waiting": jobs.WAITING})
    if polled:
        # The job has finished: the whole page again, with its outcome (and its title and error summary).
        response = HttpResponse(status=200)
        response["HX-Refresh"] = "true"
        return response
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
    if batch.state == ImportBatch.State.FAILED and batch.preview is not None:
        return _queued_import(request, slug, batch)  # its job failed, saving nothing: try again
    if batch.state != ImportBatch.State.PREVIEWED:
        return _already(request, slug, batch)
    if jobs.is_large(_rows(batch)):
        return _queued_import(request, slug, batch)
    # Checked again under a lock on the batch: a confirmation that got there first has its outcome kept.
    plan, already = services.import_batch(batch, request.user, access=access)
    if already:
        return _already(request, slug, already)
    if not plan.ok:
        return redirect("import_preview", slug, batch.pk)
    messages.success(request, f"Imported {batch.filename}: {plan.summary()}.")
    return redirect("import_start", slug)


def _queued_import(request, slug, batch):
    """A large file: queued for a worker, once; its page shows the job's progress and then its outcome."""
    batch, queued = jobs.queue_import(batch, request.user)
    if not queued:
        return _already(request, slug, batch)
    return redirect("import_preview", slug, batch.pk)


def _already(request, slug, batch):
    """A confirmation of a batch already queued, imported or rejected: its page, with its outcome or its
    progress; nothing more done."""
    if batch.is_pending:
        messages.info(request, f"{batch.filename} is already being imported, so it was not queued again.")
    elif batch.state == ImportBatch.State.IMPORTED:
        messages.info(request, f"{batch.filename} was already imported, so nothing more was saved.")
    else:
        messages.info(request, f"{batch.filename} has problems, so nothing was saved.")
    return redirect("import_preview", slug, batch.pk)


def _rows(batch):
    """How many rows the file has: from its stored check, else estimated from the file."""
    if batch.preview is not None:
        return batch.preview["rows"]
    data = ImportBatch.objects.values_list("content", flat=True).get(pk=batch.pk)
    return readers.estimate_rows(batch.filename, bytes(data))


def _progress_text(batch):
    """How far the job has got, in words, or None before it has started."""
    progress = jobs.progress_of(batch)
    if progress is None:
        return None
    what, done, total = progress
    if what == "Read":
        return f"Read the file: {total:,} rows."
    noun = NOUNS[batch.kind] if what == "Saved" else "rows"
    return f"{what} {done:,} of {total:,} {noun}."


@login_required
def export_download(request, slug, kind, fmt):
    access = get_partnership_for_user(request, slug)
    if kind not in importers.EXPORT_KINDS or fmt not in ("csv", "xlsx"):
        raise Http404("No such export.")
    rows = exporters.row_count(kind, access.partnership)
    if rows > settings.REPORTS_DIRECT_MAX_ROWS:
        # Never written in a web request: the downloads page offers to make it in the background.
        messages.info(request, f"{importers.KIND_NAMES[kind]} has {rows:,} rows, so it is made in the "
                               "background: ask for it below and it will be listed here when it is ready.")
        return redirect("download_list", slug)
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
