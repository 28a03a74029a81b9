"""Personal API tokens: only a SHA-256 hash of the secret is kept, so a leaked database opens nothing."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

PREFIX = "pbt_"  # so a token pasted somewhere it should not be is easy to recognise
MAX_LIFETIME = timedelta(days=365)


def hash_secret(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def live(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class ApiToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", "Read only"
        READ_WRITE = "read_write", "Read and write"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What it is for, for example \"Nightly upload from the "
                                                      "police data warehouse\".")
    # The first characters of the secret, shown in lists so a person can tell their tokens apart.
    key_prefix = models.CharField(max_length=16)
    key_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField(max_length=12, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"
        constraints = [models.CheckConstraint(condition=Q(expires_at__gt=F("created_at")),
                                              name="apitoken_expires_after_creation")]

    def __str__(self):
        return f"{self.name} ({self.key_prefix}…)"

    @classmethod
    def issue(cls, *, user, name, scope, expires_at):
        """A new token and its secret, which is returned here once and never stored."""
        secret = PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, scope=scope, expires_at=expires_at,
                                   key_prefix=secret[:len(PREFIX) + 6], key_hash=hash_secret(secret))
        return token, secret

    @classmethod
    def find(cls, secret):
        """The live token with this secret, or None. Looked up by its hash, so no secret is ever compared
        character by character (no timing to learn it from)."""
        return cls.objects.live().select_related("user").filter(key_hash=hash_secret(secret)).first()

    @property
    def can_write(self):
        return self.scope == self.Scope.READ_WRITE

    @property
    def state(self):
        if self.revoked_at:
            return "Revoked"
        if self.expires_at <= timezone.now():
            return "Expired"
        return "Active"
