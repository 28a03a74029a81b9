"""A kept database connection that the server dropped is replaced, not used for a failing request.

PostgreSQL only (SQLite connections are not kept). The server ends the test's own backend with
pg_terminate_backend, from a second connection: for that connection it is the same as a restart,
and it touches nobody else's on a shared server.

The request goes through Django's real WSGI handler rather than the test client, which turns off the
request_started signal that checks kept connections (django.db.close_old_connections)."""

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory

from placeboard.core.models import Partnership

pytestmark = pytest.mark.django_db(transaction=True)


def backend_pid():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def terminate(pid):
    """End a server backend from a separate connection, as a database restart would."""
    other = connection.get_new_connection(connection.get_connection_params())
    try:
        other.autocommit = True
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()


def wsgi_get(path):
    environ = RequestFactory().get(path).environ
    status = []
    body = b"".join(WSGIHandler()(environ, lambda s, headers, exc_info=None: status.append(s)))
    return status[0], body.decode()


def test_the_first_request_after_a_restart_succeeds():
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL: SQLite connections are not kept between requests.")
    assert connection.settings_dict["CONN_MAX_AGE"] > 0
    assert connection.settings_dict["CONN_HEALTH_CHECKS"]
    Partnership.objects.create(slug="testshire", name="Testshire Partnership", place="Testshire")
    old = backend_pid()  # the connection the next request would be given
    terminate(old)

    status, body = wsgi_get("/public/")  # lists partnerships, so it must reach the database

    assert status.startswith("200"), status
    assert "Testshire Partnership" in body
    assert backend_pid() != old
