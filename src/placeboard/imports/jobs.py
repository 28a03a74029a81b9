"""Checking and importing a large file in a worker (imports/tasks.py, run by `placeboard worker`).

A file with more rows than settings.IMPORT_STREAM_ROWS is never checked or imported in a web request:
uploading it queues a check, confirming it queues the import, and the batch's page shows how far the job has
got and then its outcome. Smaller files are checked and imported in the request, as before (services.py).

The job and its batch are queued in one transaction, so a worker never sees a job whose batch is not stored.
Each queueing counts an attempt on the batch; a job starts only if the batch still waits for that attempt
(so a job run twice runs once) and records its outcome only if it still does (so a job given up for lost, whose
batch was then confirmed again, can never record over the later attempt).

Progress and the import's transaction: the import is one transaction (all or nothing), and what a transaction
writes is invisible to every other connection until it commits, so progress written on the import's own
connection would appear only at the end. It is written outside it instead:

- on PostgreSQL, on a second connection of the job's own, in autocommit, so each update is its own short
  transaction that the page sees at once. The import does not lock the batch's row until its last statement
  (the job claimed the batch before, in a transaction of its own), so the two connections never wait on each
  other.
- on SQLite only one connection may write at a time and the import holds that lock until it commits, so no
  connection can write progress while it runs: it goes to a small file beside the database instead (under
  DATA_DIR), which every process sees, as an SQLite site is one machine. (Not the cache: by default that is a
  table in the same database, locked the same way.)

Checking a file for its preview holds no transaction, so its progress is written on the batch directly.

If the worker dies part-way, the import's transaction is never committed, so nothing is saved. django-tasks-db
never takes up a job whose worker died (it stays "running" for ever); `placeboard worker` marks the job failed
as soon as its worker process dies (reports.downloads.worker_lost), and the batch's page, seeing the job failed
(or no outcome STALE_AFTER after it was queued: the whole machine gone), marks the batch failed. Nothing is
retried by itself (a file that killed one worker would kill the next); the page offers to import it again."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone

from placeboard.core import audit
from placeboard.core.access import Access
from placeboard.core.models import Role
from placeboard.imports import importers, services
from placeboard.imports.models import ImportBatch

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(hours=2)
PROGRESS_TTL = 24 * 3600  # seconds an SQLite site's progress file is kept (each is deleted when its job ends)
# What the person reads on the batch's page.
WAITING = "Waiting for a worker to start on it."
FAILED_UNEXPECTEDLY = ("Something went wrong in the worker; nothing was saved. It has been logged for the "
                       "administrators of this site. Try again later.")
LOST = "The worker stopped before it finished; nothing was saved."
STOPPED = "No worker finished this job; nothing was saved."
NOT_ALLOWED = "You can no longer import this kind of file into this partnership; nothing was saved."
CLEARED = {"progress_step": "", "progress_done": None, "progress_total": None}


class Superseded(Exception):
    """The batch no longer waits for this job's attempt: its import is rolled back."""


def threshold():
    return settings.IMPORT_STREAM_ROWS


def is_large(rows):
    return rows > threshold()


# -- queueing (in the web request) ------------------------------------------------------------------------


def queue_check(batch):
    """Queue the check of a newly uploaded large file (its batch is "checking"); call inside its transaction."""
    from placeboard.imports.tasks import check_file  # the tasks module imports this one

    _queue(batch, ImportBatch.State.CHECKING, lambda attempt: check_file.enqueue(batch.pk, attempt))


def queue_import(batch, user):
    """Queue the import of a checked batch, once: returns (batch, True) if queued, or (the batch as found,
    False) if it was not waiting to be imported (already queued, imported, rejected …), when nothing is done.

    The row is locked and its state checked inside the lock, as services.import_batch does, so confirmations
    sent at the same moment queue one job. A batch whose job failed may be queued again: nothing was saved."""
    from placeboard.imports.tasks import import_file  # the tasks module imports this one

    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().defer("content").get(pk=batch.pk)
        if not (locked.state == ImportBatch.State.PREVIEWED
                or (locked.state == ImportBatch.State.FAILED and locked.preview is not None)):
            return locked, False
        _queue(locked, ImportBatch.State.IMPORTING, lambda attempt: import_file.enqueue(locked.pk, attempt, user.pk))
    return locked, True


def _queue(batch, state, enqueue):
    with transaction.atomic():
        attempt = batch.attempt + 1
        fields = {"state": state, "attempt": attempt, "queued_at": timezone.now(), "started_at": None,
                  "error": "", "task_id": "", **CLEARED}
        ImportBatch.objects.filter(pk=batch.pk).update(**fields)
        for name, value in fields.items():
            setattr(batch, name, value)
        result = enqueue(attempt)
        # The immediate backend (a developer's) has already run it: keep what it recorded.
        ImportBatch.objects.filter(pk=batch.pk, attempt=attempt).update(task_id=str(result.id))
    batch.refresh_from_db(fields=["state", "summary", "preview", "error", "task_id", "started_at", *CLEARED])


# -- running (in the worker) ------------------------------------------------------------------------------


def run_check(batch_id, attempt):
    """Check an uploaded file for its preview, recording the result on its batch (as services.check_batch)."""
    batch = _begin(batch_id, attempt, ImportBatch.State.CHECKING)
    if batch is None:
        return
    access = _access(batch, batch.uploaded_by)
    if access is None:
        _fail(batch, attempt, NOT_ALLOWED)
        return

    def progress(step, done, total):
        _pending(batch, attempt).update(progress_step=step, progress_done=done, progress_total=total)

    try:
        plan = importers.check(batch.kind, access.partnership, batch.filename, bytes(batch.content),
                               access=access, progress=progress, approve=batch.approve)
    except Exception:
        logger.exception("Checking import %s of %s failed", batch.pk, batch.partnership.slug)
        _fail(batch, attempt, FAILED_UNEXPECTEDLY)
        return
    except BaseException:  # the worker was told to stop at once
        _fail(batch, attempt, LOST)
        raise
    fields = {"state": ImportBatch.State.PREVIEWED, **CLEARED, **services.checked_fields(plan)}
    _pending(batch, attempt).update(**fields)


def run_import(batch_id, attempt, user_id):
    """Import a confirmed file: check it again and write it, all or nothing, with the outcome and its audit
    event in the same transaction (as services.import_batch)."""
    batch = _begin(batch_id, attempt, ImportBatch.State.IMPORTING)
    if batch is None:
        return
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    access = _access(batch, user)
    if access is None:
        _fail(batch, attempt, NOT_ALLOWED)
        return
    progress = Progress(batch, attempt)
    try:
        with transaction.atomic():
            plan = importers.import_file(batch.kind, access.partnership, batch.filename, bytes(batch.content),
                                         user, access=access, progress=progress, approve=batch.approve)
            # Only if the batch still waits for this attempt; otherwise everything above is rolled back.
            if not _pending(batch, attempt).update(**CLEARED, **services.outcome_fields(plan)):
                raise Superseded
            if plan.ok:
                audit.record(user, "create", batch, services.batch_changes(plan))
    except Superseded:
        logger.warning("Import %s: attempt %s was given up before it finished; nothing saved", batch.pk, attempt)
    except Exception:
        logger.exception("Import %s of %s failed", batch.pk, batch.partnership.slug)
        _fail(batch, attempt, FAILED_UNEXPECTEDLY)
    except BaseException:  # the worker was told to stop at once: the transaction is already rolled back
        _fail(batch, attempt, LOST)
        raise
    finally:
        progress.close()


def _pending(batch, attempt):
    """The batch, for an update, only while it still waits for this attempt of its job."""
    return ImportBatch.objects.filter(pk=batch.pk, attempt=attempt,
                                      state__in=[ImportBatch.State.CHECKING, ImportBatch.State.IMPORTING])


def _begin(batch_id, attempt, state):
    """Claim the batch for this job, in a transaction of its own; None if it no longer waits for it."""
    claimed = ImportBatch.objects.filter(pk=batch_id, attempt=attempt, state=state, started_at__isnull=True).update(
        started_at=timezone.now())
    if not claimed:
        return None  # run twice, or given up on
    return ImportBatch.objects.select_related("partnership", "uploaded_by").get(pk=batch_id)


def _access(batch, user):
    """The person's access as it is now, or None if they may no longer import this kind of file here."""
    if user is None or not user.is_active:
        return None
    roles = list(Role.objects.filter(user=user, partnership=batch.partnership).select_related("organisation", "group"))
    access = Access(partnership=batch.partnership, user=user, roles=roles)
    if (not roles and not user.is_superuser) or batch.kind not in services.kinds_for(access):
        return None
    return access


def _fail(batch, attempt, message):
    try:
        _pending(batch, attempt).update(state=ImportBatch.State.FAILED, error=message, **CLEARED)
    except Exception:  # the database itself has gone: the page gives the job up when its job is seen failed
        logger.exception("Could not mark import %s failed", batch.pk)


class Progress:
    """Writes (step, done, total) where the batch's page reads it while the import's transaction is open."""

    def __init__(self, batch, attempt):
        self.batch, self.attempt = batch, attempt
        self.side = None
        self.mode = self.choose_mode()

    @staticmethod
    def choose_mode():
        if connection.in_atomic_block:
            # Already inside a transaction (the immediate backend runs a job in the request that queued it, and
            # tests run in one): no one else could see the batch's new state in any case, and a second
            # connection would wait for this one's lock on the row.
            return "row"
        return "file" if on_sqlite() else "connection"

    def __call__(self, step, done, total):
        try:
            if self.mode == "row":
                _pending(self.batch, self.attempt).update(progress_step=step, progress_done=done,
                                                          progress_total=total)
            elif self.mode == "file":
                _progress_file().set(_progress_key(self.batch.pk, self.attempt), (step, done, total), PROGRESS_TTL)
            else:
                self._write_on_side(step, done, total)
        except Exception:  # progress is a courtesy: it never stops an import
            logger.warning("Could not write the progress of import %s", self.batch.pk, exc_info=True)

    def _write_on_side(self, step, done, total):
        if self.side is None:
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)
            with self.side.cursor() as cursor:
                # Never wait long on a lock: the page can do without one update.
                cursor.execute("SET lock_timeout = '2s'")
        table, quote = ImportBatch._meta.db_table, self.side.ops.quote_name
        with self.side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {quote(table)} SET progress_step = %s, progress_done = %s, progress_total = %s "
                f"WHERE id = %s AND attempt = %s AND state = %s",
                [step, done, total, self.batch.pk, self.attempt, ImportBatch.State.IMPORTING])

    def close(self):
        if self.side is not None:
            self.side.close()
        if self.mode == "file":
            try:
                _progress_file().delete(_progress_key(self.batch.pk, self.attempt))
            except OSError:
                pass


def on_sqlite():
    return connection.vendor == "sqlite"


def _progress_file():
    from django.core.cache.backends.filebased import FileBasedCache

    return FileBasedCache(str(settings.DATA_DIR / "import-progress"), {"TIMEOUT": PROGRESS_TTL})


def _progress_key(batch_pk, attempt):
    return f"import-{batch_pk}-{attempt}"


# -- the page ---------------------------------------------------------------------------------------------


def progress_of(batch):
    """How far the batch's job has got: (step, done, total), or None before the first step."""
    if batch.state == ImportBatch.State.IMPORTING and on_sqlite():
        found = _progress_file().get(_progress_key(batch.pk, batch.attempt))
        if found:
            return tuple(found)
    if batch.progress_step:
        return batch.progress_step, batch.progress_done, batch.progress_total
    return None


def settle(batch, now=None):
    """Mark a pending batch failed if its job failed or stopped without recording an outcome (its worker died);
    returns whether it did. One query for the job's result while the batch is pending, none otherwise."""
    if not batch.is_pending:
        return False
    now = now or timezone.now()
    message = None
    if batch.queued_at is not None and batch.queued_at < now - STALE_AFTER:
        message = STOPPED
    elif batch.task_id and _job_ended(batch):
        message = LOST
    if message is None:
        return False
    if _pending(batch, batch.attempt).update(state=ImportBatch.State.FAILED, error=message, **CLEARED):
        batch.state, batch.error = ImportBatch.State.FAILED, message
        for name, value in CLEARED.items():
            setattr(batch, name, value)
        return True
    batch.refresh_from_db(fields=["state", "summary", "preview", "error", *CLEARED])  # it finished meanwhile
    return False


def _job_ended(batch):
    """Whether the batch's job has ended (failed, or finished without recording an outcome)."""
    from django_tasks import TaskResultStatus, default_task_backend
    from django_tasks.exceptions import TaskException

    try:
        status = default_task_backend.get_result(batch.task_id).status
    except (TaskException, NotImplementedError):
        return False  # the immediate backend keeps no results, and old ones are deleted: the age above applies
    if status not in (TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL):
        return False
    # A job that succeeded has recorded its outcome: read the batch again, as the outcome may have come
    # between loading it and asking.
    if status == TaskResultStatus.SUCCESSFUL:
        return ImportBatch.objects.filter(pk=batch.pk, attempt=batch.attempt, state=batch.state).exists()
    return True
