"""Who is calling: a personal API token (Authorization: Bearer) or the browser's session.

Either way request.user becomes the person, so the API asks the same gatekeepers (core.access) as the
pages, and a token can never do more than its owner. A read-only token is refused every write."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja.security import HttpBearer, django_auth

from placeboard.api.models import ApiToken

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
LAST_USED_RESOLUTION = timedelta(minutes=5)  # a busy client does not write its token's row on every request


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = ApiToken.find(token)
        if found is None or not found.user.is_active:
            return None
        if request.method not in SAFE_METHODS and not found.can_write:
            raise PermissionDenied("This token is read only.")
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        request.api_token = found
        return found


# The session (with Django's CSRF check on writes) lets the signed-in browser use the API too.
AUTH = [TokenAuth(), django_auth]
