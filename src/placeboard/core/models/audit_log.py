"""The audit log: who changed what and when."""

from django.conf import settings
from django.db import models

from placeboard.core.models.partnership import Partnership


class AuditEvent(models.Model):
    """Who changed what, and when. Written by placeboard.core.audit."""

    class Action(models.TextChoices):
        CREATE = "create", "Created"
        UPDATE = "update", "Changed"
        DELETE = "delete", "Deleted"

    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_events"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        # A partnership's latest changes (its home page, its audit log) without reading every other
        # partnership's: at scale the index on `at` alone walked 40,000 rows to find one partnership's five.
        indexes = [models.Index(fields=["partnership", "-at", "-id"], name="auditevent_recent")]

    def __str__(self):
        return f"{self.get_action_display()} {self.object_type} {self.object_repr}"
