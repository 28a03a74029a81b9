"""Uploaded files waiting for confirmation, then kept as the record of an import."""

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
        PREVIEWED = "previewed", "Previewed"
        IMPORTED = "imported", "Imported"
        REJECTED = "rejected", "Had problems"

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

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = "import"

    def __str__(self):
        return f"{self.filename} ({self.kind})"

    @property
    def checked(self):
        """The stored result of checking the file (a previews.Preview), or None if it has not been checked."""
        return Preview.from_json(self.preview) if self.preview is not None else None
