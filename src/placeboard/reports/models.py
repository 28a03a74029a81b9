"""A download someone asked for: a report's PDF (or a large XLSX or CSV, or a full export) made in the
background by `placeboard worker` (reports/tasks.py) and kept for DOWNLOADS_KEEP_HOURS.

The made file is kept in the database, not on disk: web and worker processes may run on different machines
with no shared disk, and every one of them reaches the database (and it is backed up with everything else)."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from placeboard.core.models import PartnershipOwned

# A job still queued or running this long after it was asked for has lost its worker (stopped, or killed
# for memory): it is shown as failed rather than left turning for ever.
STALE_AFTER = timedelta(hours=2)


class DownloadQuerySet(models.QuerySet):
    def without_file(self):
        """Everything but the made file's bytes, for lists and status pages."""
        return self.defer("content")

    def visible_to(self, access):
        """A performance officer sees the partnership's downloads; everyone else their own."""
        mine = self.filter(partnership=access.partnership)
        return mine if access.can_manage else mine.filter(requested_by=access.user)

    def expired(self, now=None):
        return self.filter(expires_at__lte=now or timezone.now())


class Download(PartnershipOwned):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting"
        RUNNING = "running", "Being made"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # A report kind (reports.builders.BUILDERS) or "export-" and an export kind (imports.importers.EXPORT_KINDS).
    kind = models.CharField(max_length=40)
    format = models.CharField(max_length=10)
    # What to make it from: the round's and filters' primary keys ({"round": 3, "theme": 12}).
    params = models.JSONField(default=dict, blank=True)
    title = models.CharField(max_length=300, help_text="What it is, in words, for the lists.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.CharField(max_length=200, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    content = models.BinaryField(null=True, editable=False)
    size = models.PositiveBigIntegerField(null=True)
    # For the person: what went wrong in words, never a traceback (that goes to the worker's log).
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True)
    finished_at = models.DateTimeField(null=True)
    expires_at = models.DateTimeField()

    objects = DownloadQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["partnership", "-created_at"], name="download_list_idx"),
            models.Index(fields=["expires_at"], name="download_expiry_idx"),
            models.Index(fields=["status", "created_at"], name="download_queue_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=["queued", "running", "ready", "failed"]),
                                   name="download_status_valid"),
        ]

    def __str__(self):
        return f"{self.title} ({self.format.upper()})"

    def save(self, *args, **kwargs):
        if self.expires_at is None:
            self.expires_at = timezone.now() + timedelta(hours=settings.DOWNLOADS_KEEP_HOURS)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("download_detail", args=[self.partnership.slug, self.pk])

    @property
    def is_pending(self):
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def is_stale(self):
        """Asked for long ago and never finished: its worker has gone."""
        return self.is_pending and self.created_at < timezone.now() - STALE_AFTER

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    @property
    def is_ready(self):
        return self.status == self.Status.READY and not self.is_expired
