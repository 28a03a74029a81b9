"""Uploaded files waiting for confirmation, then kept as the record of an import.

A large file is checked and imported by a worker (imports/jobs.py): its batch says how far the job has got."""

from django.conf import settings
from django.db import models

# Benchmark files are imported and exported here (importers/comparators.py, exporters.py), so the models they
# write are named here too; they belong to the benchmarking app.
from placeboard.benchmarking.models import BenchmarkValue, ComparatorGroup, is_national  # noqa: F401
from placeboard.core.models import PartnershipOwned
from placeboard.imports.previews import Preview


class ImportBatch(PartnershipOwned):
    """One uploaded file: kept between the preview and the confirmation, then as a record of the import."""

    class State(models.TextChoices):
        CHECKING = "checking", "Being checked"  # a large file waiting for, or with, a worker to check it
        PREVIEWED = "previewed", "Previewed"
        IMPORTING = "importing", "Being imported"  # confirmed; a worker imports it
        IMPORTED = "imported", "Imported"
        REJECTED = "rejected", "Had problems"
        FAILED = "failed", "Failed"  # the worker's job failed or stopped; nothing was saved

    kind = models.CharField(max_length=20)
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    state = models.CharField(max_length=12, choices=State.choices, default=State.PREVIEWED)
    summary = models.CharField(max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # What checking the file found (previews.Preview.as_json()): stored the first time, so the preview page
    # never reads the file again; replaced by the check made when it is confirmed.
    preview = models.JSONField(null=True, blank=True, editable=False)
    # An officer's choice, on uploading actuals, to approve them as they are imported where figures need
    # sign-off (docs/imports.md): carried to the check and the import, however late a worker makes them.
    approve = models.BooleanField(default=False, db_default=False, editable=False)
    # The background job (imports/jobs.py). Each queueing counts an attempt, so a job from an earlier attempt
    # (run twice, or given up for lost) can never record its outcome over a later one's.
    attempt = models.PositiveIntegerField(default=0, editable=False)
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    queued_at = models.DateTimeField(null=True, editable=False)
    started_at = models.DateTimeField(null=True, editable=False)
    # How far the job has got: ("Checked", 10000, 25000). Written in short transactions of their own.
    progress_step = models.CharField(max_length=20, blank=True, editable=False)
    progress_done = models.PositiveIntegerField(null=True, editable=False)
    progress_total = models.PositiveIntegerField(null=True, editable=False)
    # For the person: what went wrong with the job, in words (the traceback goes to the worker's log).
    error = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = "import"

    def __str__(self):
        return f"{self.filename} ({self.kind})"

    @property
    def is_pending(self):
        """Waiting for a worker, or with one."""
        return self.state in (self.State.CHECKING, self.State.IMPORTING)

    @property
    def checked(self):
        """The stored result of checking the file (a previews.Preview), or None if it has not been checked."""
        return Preview.from_json(self.preview) if self.preview is not None else None
