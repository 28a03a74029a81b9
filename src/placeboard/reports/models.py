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


class BoardPack(PartnershipOwned):
    """The papers a board or group meets over, as one PDF: a cover, contents, then chosen reports and free text
    (reports/packs.py). Kept, so the same pack can be made again for the next round."""

    title = models.CharField(max_length=200, help_text="For example: Partnership board performance pack.")
    meeting_of = models.ForeignKey("core.Group", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="for a meeting of",
                                   help_text="The partnership board, operations group, theme group or area board.")
    meeting_date = models.DateField("meeting date", null=True, blank=True)
    round = models.ForeignKey("performance.ReportingRound", on_delete=models.PROTECT, related_name="+",
                              verbose_name="reporting round",
                              help_text="The round every report of the pack is a snapshot of, unless one says otherwise.")
    agenda_item = models.ForeignKey(
        "engagement.AgendaItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="add to the papers of",
        help_text="An agenda item of an area board meeting in Placeboard: the made pack is attached to it. "
                  "Area board papers are published on the partnership's public pages.")
    # The paper the pack last attached, replaced when it is made again for the same agenda item.
    paper = models.ForeignKey("engagement.Paper", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                   editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("pack_detail", args=[self.partnership.slug, self.pk])

    def meeting_words(self):
        """"Partnership board, 14 January 2010", as much of it as is known."""
        parts = [str(self.meeting_of) if self.meeting_of_id else "",
                 f"{self.meeting_date:%-d %B %Y}" if self.meeting_date else ""]
        return ", ".join(part for part in parts if part)


class PackSection(models.Model):
    """One part of a board pack: a report with its round and filters, or free text (a chair's introduction)."""

    TEXT = "text"

    pack = models.ForeignKey(BoardPack, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField()
    # A report kind (reports.builders.BUILDERS), or "text". The round and filters are protected: deleting one a
    # pack uses is refused (and says so), rather than the pack silently showing something wider.
    kind = models.CharField(max_length=40)
    heading = models.CharField(max_length=200, blank=True,
                               help_text="Leave blank to use the report's own title.")
    body = models.TextField(blank=True, max_length=20_000)
    round = models.ForeignKey("performance.ReportingRound", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", help_text="Leave blank to use the pack's round.")
    theme = models.ForeignKey("core.Theme", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey("core.Group", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    outcome = models.ForeignKey("core.Outcome", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey("core.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["pack", "position", "id"]
        verbose_name = "board pack section"
        constraints = [
            models.CheckConstraint(condition=~models.Q(kind="text") | ~models.Q(body=""), name="packsection_text_has_body"),
        ]

    def __str__(self):
        return self.heading or self.kind_title()

    @property
    def is_text(self):
        return self.kind == self.TEXT

    def kind_title(self):
        if self.is_text:
            return "Text"
        from placeboard.performance.reporting import ReportError, get_report_kind

        try:
            return get_report_kind(self.kind).title
        except ReportError:
            return self.kind

    def filters(self):
        from placeboard.performance.reporting import Filters

        return Filters(theme=self.theme, group=self.group, outcome=self.outcome, area=self.area)
