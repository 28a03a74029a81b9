"""Asking for a download, making it (in a worker: reports/tasks.py) and removing expired ones.

A download is made from what was asked for as plain data (the kind, format and the round's and filters'
primary keys), so the worker, which may be on another machine, builds it from the database as it then is."""

import gc
import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from placeboard.core import audit
from placeboard.core.models import Area, Group, Outcome, Theme
from placeboard.performance.models import ReportingRound
from placeboard.performance.reporting import Filters, ReportError, get_report_kind
from placeboard.reports import packs
from placeboard.reports.models import STALE_AFTER, BoardPack, Download
from placeboard.reports.render import FORMATS

logger = logging.getLogger(__name__)

EXPORT_PREFIX = "export-"
FILTERS = {"theme": Theme, "group": Group, "outcome": Outcome, "area": Area}
# What the person reads while the worker makes the file.
WAITING = "Waiting for a worker to start on it."
FAILED_UNEXPECTEDLY = ("Something went wrong while making this file. It has been logged for the "
                       "administrators of this site; try again later.")
STOPPED = "The worker making this file stopped before it finished. Ask for it again."
TOO_LARGE = "This file is too large to make. Narrow the report with the filters and try again."
LOST = ("The worker making this file stopped before it finished, perhaps because the file was too large. "
        "Ask for it again, or narrow the report with the filters first.")


def report_params(round_, filters):
    """The round and filters as the primary keys a download keeps."""
    params = {"round": round_.pk} if round_ is not None else {}
    params.update({name: getattr(filters, name).pk for name in FILTERS if getattr(filters, name) is not None})
    if filters.approved:
        params["approved"] = 1
    return params


def report_title(kind, partnership, round_, filters):
    parts = [get_report_kind(kind).title]
    if round_ is not None:
        parts.append(str(round_))
    described = filters.describe()
    if described:
        parts.append(described[0].lower() + described[1:])
    return ", ".join(parts)[:300]


def export_title(kind):
    from placeboard.imports.importers import KIND_NAMES  # the export kinds' names

    return f"Export of {KIND_NAMES[kind].lower()}"


def request(access, kind, fmt, params, title):
    """Record what was asked for, with its audit event, and queue the job, together: the worker cannot see
    the job before the download it makes is stored."""
    from placeboard.reports.tasks import make_download  # the task module imports this one

    with transaction.atomic():
        download = Download.objects.create(
            partnership=access.partnership, requested_by=access.user, kind=kind, format=fmt, params=params,
            title=title, progress=WAITING,
        )
        audit.record(access.user, "create", download, {
            "download": ["", str(download)], "filters": ["", _describe_params(params)]})
        result = make_download.enqueue(download.pk)
        # The immediate backend has already made it; the database backend gives the job's id to look up.
        Download.objects.filter(pk=download.pk).update(task_id=str(result.id))
    download.refresh_from_db(fields=["status", "progress", "task_id", "error", "size", "finished_at",
                                     "expires_at", "file_name"])
    return download


def _describe_params(params):
    return ", ".join(f"{name} {value}" for name, value in sorted(params.items()))


def _progress(download, text, **fields):
    Download.objects.filter(pk=download.pk).update(progress=text, **fields)


def make(download_id):
    """Make one download (in a worker). Says what went wrong in words on the download when it cannot."""
    download = Download.objects.without_file().select_related("partnership").filter(pk=download_id).first()
    if download is None or not download.is_pending:
        return  # removed, or already made by a job run twice
    _progress(download, "Gathering the figures.", status=Download.Status.RUNNING, started_at=timezone.now())
    try:
        data, content_type, file_name = _make_file(download)
    except ReportError as exc:
        _fail(download, str(exc))
        return
    except Exception as exc:
        logger.exception("Download %s (%s %s) failed", download.pk, download.kind, download.format)
        _fail(download, TOO_LARGE if _out_of_memory(exc) else FAILED_UNEXPECTEDLY)
        return
    now = timezone.now()
    with transaction.atomic():
        Download.objects.filter(pk=download.pk).update(
            status=Download.Status.READY, progress="", content=data, size=len(data), content_type=content_type,
            file_name=file_name, finished_at=now, expires_at=now + timedelta(hours=settings.DOWNLOADS_KEEP_HOURS),
        )
        if download.kind == packs.KIND:  # and into the meeting's papers, if the pack says so
            pack = _pack(download)
            if pack is not None:
                packs.attach(pack, download, data, download.requested_by)
    del data  # the worker lives on: nothing of one file is kept for the next
    gc.collect()


def _out_of_memory(exc):
    """Whether the job failed for want of memory under the worker's limit (`placeboard worker --memory-limit`):
    Python says MemoryError; WeasyPrint's C libraries, refused memory, surface as SystemError."""
    if isinstance(exc, MemoryError):
        return True
    import resource

    return isinstance(exc, SystemError) and resource.getrlimit(resource.RLIMIT_DATA)[0] != resource.RLIM_INFINITY


def _fail(download, message):
    Download.objects.filter(pk=download.pk).update(
        status=Download.Status.FAILED, progress="", error=message, finished_at=timezone.now())


def _pack(download):
    return (BoardPack.objects.select_related("partnership", "round", "meeting_of", "paper")
            .filter(partnership=download.partnership, pk=download.params.get("pack")).first())


def _make_file(download):
    partnership = download.partnership
    if download.kind == packs.KIND:
        pack = _pack(download)
        if pack is None:
            raise ReportError("This board pack has been deleted.")
        data = packs.make_pdf(pack, lambda text: _progress(download, text))
        return data, FORMATS["pdf"], f"{partnership.slug}-board-pack-{pack.pk}.pdf"
    if download.kind.startswith(EXPORT_PREFIX):
        from placeboard.imports.exporters import export  # only for exports

        _progress(download, "Writing the export.")
        return export(download.kind.removeprefix(EXPORT_PREFIX), partnership, download.format)
    from placeboard.reports.builders import build
    from placeboard.reports.render import render

    round_, filters = _round_and_filters(download)
    report = build(download.kind, partnership, round_, filters)
    _progress(download, {"pdf": "Drawing the PDF's pages.", "xlsx": "Writing the workbook."}.get(
        download.format, "Writing the file."))
    data = render(report, download.format)
    del report
    return data, FORMATS[download.format], f"{partnership.slug}-{download.kind}.{download.format}"


def _round_and_filters(download):
    """The round and filters from their keys, refusing any that has since been deleted."""
    params, partnership = download.params, download.partnership
    round_ = None
    if params.get("round") is not None:
        round_ = ReportingRound.objects.filter(partnership=partnership, pk=params["round"]).first()
        if round_ is None:
            raise ReportError("The reporting round this report was for has been deleted.")
    chosen = {}
    for name, model in FILTERS.items():
        if params.get(name) is None:
            continue
        chosen[name] = model.objects.filter(partnership=partnership, pk=params[name]).first()
        if chosen[name] is None:
            raise ReportError(f"The {name} this report was filtered by has been deleted.")
    return round_, Filters(**chosen, approved=bool(params.get("approved")))


def prune(now=None):
    """Delete expired downloads and finished jobs' records, and mark jobs whose worker has gone as failed.

    Returns (downloads deleted, stale downloads failed)."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    deleted, _ = Download.objects.expired(now).delete()
    stale = Download.objects.filter(status__in=[Download.Status.QUEUED, Download.Status.RUNNING],
                                    created_at__lt=now - STALE_AFTER).update(
        status=Download.Status.FAILED, progress="", error=STOPPED, finished_at=now)
    DBTaskResult.objects.finished().filter(finished_at__lte=now - timedelta(hours=settings.DOWNLOADS_KEEP_HOURS)).delete()
    return deleted, stale


def worker_lost(worker_id):
    """The worker process `worker_id` died in the middle of a job: fail its job and the download it was making.

    Returns how many downloads were marked failed."""
    from django_tasks_db.models import DBTaskResult

    lost = [result for result in DBTaskResult.objects.running() if result.worker_ids[-1:] == [worker_id]]
    for result in lost:
        result.set_failed(RuntimeError(f"worker {worker_id} stopped while running this job"))
    return Download.objects.filter(task_id__in=[str(result.id) for result in lost],
                                   status__in=[Download.Status.QUEUED, Download.Status.RUNNING]).update(
        status=Download.Status.FAILED, progress="", error=LOST, finished_at=timezone.now())


def queue_position(download):
    """How many downloads (of every partnership) are waiting ahead of this one."""
    if download.status != Download.Status.QUEUED:
        return 0
    return Download.objects.filter(status=Download.Status.QUEUED, created_at__lt=download.created_at).count()
