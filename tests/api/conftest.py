"""The API's fixtures: the performance tests' indicators, and personal tokens for the personas."""

from datetime import timedelta

import pytest
from django.utils import timezone

from placeboard.api.models import ApiToken
from placeboard.performance.stored import refresh_assessments
from tests.performance.conftest import build_indicators


@pytest.fixture
def indicators(partnership):
    built = build_indicators(partnership)
    refresh_assessments([i.pk for i in built.values()])
    return built


def issue(user, scope="read_write", days=30):
    return ApiToken.issue(user=user, name=f"{user.username}'s script", scope=scope,
                          expires_at=timezone.now() + timedelta(days=days))


@pytest.fixture
def bearer(personas):
    """Headers for the test client carrying a fresh read-and-write token of the named persona (none for
    anonymous)."""

    def headers(name, scope="read_write"):
        if name == "anonymous":
            return {}
        return {"HTTP_AUTHORIZATION": f"Bearer {issue(personas[name], scope)[1]}"}

    return headers
