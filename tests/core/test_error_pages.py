"""With DEBUG off (as in `placeboard demo` and production) every error is one of the product's own pages."""

import pytest
from django.test import Client
from django.urls import include, path, reverse


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("boom/", boom), path("", include("placeboard.urls"))]


@pytest.fixture(autouse=True)
def debug_off(settings):
    settings.DEBUG = False


def test_404_is_ours(client, db):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404 and "Page not found" in html and "govuk-footer" in html
    assert "Using the URLconf" not in html


def test_403_is_ours_with_the_reason(as_user, partnership):
    response = as_user("viewer").get(reverse("people", args=[partnership.slug]))
    html = response.content.decode()
    assert response.status_code == 403 and "You cannot do this" in html
    assert "Only the partnership&#x27;s performance officers can do this." in html


def test_400_is_ours_for_a_host_not_allowed(client, db, settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400 and "there is a problem with the request" in response.content.decode()


def test_a_failed_csrf_check_is_ours(db):
    response = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "a", "password": "b"})
    assert response.status_code == 403 and "your form could not be sent" in response.content.decode()


@pytest.mark.urls(__name__)
def test_500_is_ours(db):
    response = Client(raise_request_exception=False).get("/boom/")
    html = response.content.decode()
    assert response.status_code == 500 and "Sorry, there is a problem with the service" in html
    assert "a bug" not in html and "Traceback" not in html
