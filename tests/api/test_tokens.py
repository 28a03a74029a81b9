"""Personal API tokens: only a hash kept, expiry, revoking, read-only, and the pages that make them."""

import hashlib
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from placeboard.api.models import ApiToken
from placeboard.core.models import AuditEvent
from tests.api.conftest import issue

pytestmark = pytest.mark.django_db
URL = "/api/v1/partnerships/testshire/"


def get(client, secret):
    return client.get(URL, HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_only_the_hash_is_stored(personas):
    token, secret = issue(personas["viewer"])
    token.refresh_from_db()
    stored = [str(v) for v in ApiToken.objects.filter(pk=token.pk).values_list(flat=False).get()]
    assert secret not in stored and secret[4:] not in " ".join(stored)
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith(token.key_prefix)


def test_token_opens_and_records_its_use(client, personas):
    token, secret = issue(personas["viewer"])
    assert get(client, secret).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_wrong_expired_and_revoked_tokens_are_refused(client, personas):
    token, secret = issue(personas["viewer"])
    assert get(client, secret + "x").status_code == 401
    ApiToken.objects.filter(pk=token.pk).update(created_at=timezone.now() - timedelta(days=2),
                                                expires_at=timezone.now() - timedelta(seconds=1))
    response = get(client, secret)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() + timedelta(days=1),
                                                revoked_at=timezone.now())
    assert get(client, secret).status_code == 401


def test_inactive_owner_is_refused(client, personas):
    _, secret = issue(personas["viewer"])
    personas["viewer"].is_active = False
    personas["viewer"].save()
    assert get(client, secret).status_code == 401


def test_read_only_token_cannot_write(client, personas, indicators):
    _, secret = issue(personas["officer"], scope="read")
    body = {"actuals": [{"indicator": indicators["treatment"].pk, "period": "2006/07 Q2", "value": "71"}]}
    response = client.post("/api/v1/partnerships/testshire/actuals/", json.dumps(body),
                           content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 403
    assert response.json()["detail"] == "This token is read only."
    assert get(client, secret).status_code == 200


def test_session_writes_need_the_csrf_token(personas, indicators):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(personas["officer"])
    assert browser.get(URL).status_code == 200
    body = {"actuals": [{"indicator": indicators["treatment"].pk, "period": "2006/07 Q2", "value": "71"}]}
    response = browser.post("/api/v1/partnerships/testshire/actuals/", json.dumps(body),
                            content_type="application/json")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


def test_pages_create_show_once_and_revoke(as_user, personas):
    client = as_user("provider")
    assert client.get("/account/api-tokens/").status_code == 200
    response = client.post("/account/api-tokens/", {"name": "Warehouse upload", "scope": "read_write",
                                                    "lifetime": "365"})
    assert response.status_code == 200
    secret = response.context["secret"]
    token = ApiToken.objects.get(user=personas["provider"])
    assert secret in response.content.decode()
    assert secret not in client.get("/account/api-tokens/").content.decode()  # shown once
    assert timedelta(days=364) < token.expires_at - timezone.now() <= timedelta(days=365)
    created = AuditEvent.objects.get(object_type="API token", action="create")
    assert created.partnership is None and created.user == personas["provider"]
    assert created.changes["name"] == ["", "Warehouse upload"]
    assert get(client, secret).status_code == 200

    assert client.post(f"/account/api-tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(object_type="API token", action="update").count() == 1
    client.logout()
    assert get(client, secret).status_code == 401


def test_pages_refuse_other_peoples_tokens_and_long_lives(as_user, personas):
    theirs, _ = issue(personas["viewer"])
    client = as_user("provider")
    assert client.post(f"/account/api-tokens/{theirs.pk}/revoke/").status_code == 404
    response = client.post("/account/api-tokens/", {"name": "Forever", "scope": "read", "lifetime": "3650"})
    assert response.status_code == 200 and response.context["form"].errors["lifetime"]
    assert not ApiToken.objects.filter(user=personas["provider"]).exists()


def test_pages_need_sign_in(client):
    assert client.get("/account/api-tokens/").status_code == 302
