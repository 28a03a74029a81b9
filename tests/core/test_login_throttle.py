"""The sign-in throttle (core.login_throttle, django-axes): repeated failures lock sign-in for a while."""

import re
from datetime import datetime, timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from placeboard.core.login_throttle import when
from placeboard.core.models import AuditEvent
from tests.conftest import make_user
from tests.core.test_settings import load_settings

PASSWORD = "correct horse battery"  # tests.conftest.make_user's
HERE, ELSEWHERE = "192.0.2.10", "198.51.100.20"

pytestmark = pytest.mark.django_db


@pytest.fixture
def ann():
    return make_user("ann")


@pytest.fixture
def bob():
    return make_user("bob")


def sign_in(client, username, password, address=HERE, **extra):
    client.logout()
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def signed_in(response):
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def fail(client, times, username="ann", address=HERE, **extra):
    for _ in range(times):
        sign_in(client, username, "wrong password", address, **extra)


def time_passes(minutes):
    """The failures were made this many minutes earlier than they were."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))


def test_the_right_password_is_refused_after_thirty_wrong_ones(client, ann):
    fail(client, 30)
    response = sign_in(client, "ann", PASSWORD)
    assert response.status_code == 429 and not signed_in(response)
    page = response.content.decode()
    assert "You cannot sign in at the moment" in page
    assert "You can try again at" in page and "(in 15 minutes)" in page
    assert "even with the right password" in page


def test_a_few_mistakes_are_forgiven(client, ann):
    fail(client, 4)
    assert signed_in(sign_in(client, "ann", PASSWORD))


def test_the_fifth_failure_shows_the_lockout_page(client, ann):
    fail(client, 4)
    response = sign_in(client, "ann", "wrong password")
    assert response.status_code == 429
    assert "You can try again at" in response.content.decode()


def test_the_same_account_from_another_address_and_another_account_from_here_still_work(client, ann, bob):
    fail(client, 30)
    assert signed_in(sign_in(client, "ann", PASSWORD, ELSEWHERE))
    assert signed_in(sign_in(client, "bob", PASSWORD, HERE))


def test_many_usernames_from_one_address_lock_that_address(client, ann, bob):
    for name in ["a", "b", "c", "d", "e"]:
        fail(client, 4, username=name)  # never 5 for one username: the address's own limit (20) applies
    assert sign_in(client, "bob", PASSWORD, HERE).status_code == 429
    assert signed_in(sign_in(client, "ann", PASSWORD, ELSEWHERE))


def test_sign_in_opens_again_after_the_cool_off(client, ann):
    fail(client, 30)
    time_passes(14)
    assert sign_in(client, "ann", PASSWORD).status_code == 429
    time_passes(2)
    assert signed_in(sign_in(client, "ann", PASSWORD))


def test_attempts_while_locked_out_do_not_lengthen_it(client, ann):
    fail(client, 5)
    time_passes(10)
    fail(client, 20)  # refused without being counted
    time_passes(6)
    assert signed_in(sign_in(client, "ann", PASSWORD))


def test_a_lockout_is_audited_once(client, ann):
    fail(client, 30)
    event = AuditEvent.objects.get(object_type="sign-in lockout")
    assert (event.action, event.user, event.partnership) == ("create", None, None)
    assert event.object_id == str(ann.pk)
    assert event.object_repr == f"ann from {HERE}"
    assert event.changes["address"] == ["", HERE] and event.changes["username"] == ["", "ann"]
    assert re.fullmatch(r"\d{1,2}:\d\d[ap]m on \d{1,2} [A-Z][a-z]+ \d{4}", event.changes["locked until"][1])


def test_a_lockout_of_an_unknown_username_is_audited_too(client):
    fail(client, 5, username="nobody")
    event = AuditEvent.objects.get(object_type="sign-in lockout")
    assert (event.object_id, event.object_repr) == ("", f"nobody from {HERE}")


def test_residents_behind_a_trusted_proxy_are_locked_out_separately(client, ann, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    fail(client, 5, address="127.0.0.1", HTTP_X_FORWARDED_FOR=HERE)
    assert sign_in(client, "ann", PASSWORD, "127.0.0.1", HTTP_X_FORWARDED_FOR=HERE).status_code == 429
    assert signed_in(sign_in(client, "ann", PASSWORD, "127.0.0.1", HTTP_X_FORWARDED_FOR=ELSEWHERE))
    assert AuditEvent.objects.get(object_type="sign-in lockout").object_repr == f"ann from {HERE}"


def test_a_forged_forwarded_for_header_does_not_escape_the_lockout(client, ann):
    for n in range(5):  # no trusted proxies: the header is the client's own words
        sign_in(client, "ann", "wrong password", HERE, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert sign_in(client, "ann", PASSWORD, HERE, HTTP_X_FORWARDED_FOR="203.0.113.99").status_code == 429


def test_the_limits_come_from_settings(client, ann, settings):
    settings.AXES_FAILURE_LIMIT = 2
    fail(client, 2)
    assert sign_in(client, "ann", PASSWORD).status_code == 429


def test_the_sign_in_page_itself_is_still_shown(client, ann):
    fail(client, 5)
    assert client.get(reverse("login"), REMOTE_ADDR=HERE).status_code == 200


@pytest.mark.parametrize("name", ["LOGIN_FAILURE_LIMIT", "LOGIN_ADDRESS_FAILURE_LIMIT", "LOGIN_COOLOFF_MINUTES"])
def test_bad_throttle_settings_stop_start_up(name):
    result = load_settings(DEBUG="1", **{name: "0"})
    assert result.returncode != 0 and f"{name} must be a positive whole number" in result.stderr
    result = load_settings(DEBUG="1", **{name: "lots"})
    assert result.returncode != 0 and f"{name} must be a whole number" in result.stderr


def test_times_are_written_as_gov_uk_writes_them():
    today = timezone.localtime()
    assert when(today.replace(hour=12, minute=0)) == "12:00pm"
    assert when(today.replace(hour=0, minute=5)) == "12:05am"
    assert when(today.replace(hour=15, minute=52), dated=True) == f"3:52pm on {today.day} {today:%B %Y}"
    other_day = timezone.make_aware(datetime(2031, 3, 4, 9, 7))
    assert when(other_day) == "9:07am on 4 March 2031"
