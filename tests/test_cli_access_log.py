"""`placeboard serve`'s access log: voting-link tokens never reach it."""

import datetime

import pytest
from gunicorn.app.base import BaseApplication
from gunicorn.config import Config

from placeboard import cli
from placeboard.cli import RedactingLogger, redact

TOKEN = "Zx9-secret_T0ken"


class FakeResponse:
    status = "200 OK"
    sent = 512
    headers = [("Content-Type", "text/html")]


class FakeRequest:
    headers = [("HOST", "placeboard.example.org")]


def environ(uri, referer="-"):
    path, _, query = uri.partition("?")
    return {"REQUEST_METHOD": "GET", "RAW_URI": uri, "PATH_INFO": path, "QUERY_STRING": query,
            "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1", "HTTP_REFERER": referer,
            "HTTP_USER_AGENT": "Mozilla/5.0"}


@pytest.fixture
def access_line(tmp_path):
    """The line `placeboard serve`'s logger writes for a request, with every field in the format."""
    log_file = tmp_path / "access.log"
    cfg = Config()
    cfg.set("accesslog", str(log_file))
    cfg.set("access_log_format", '%(h)s "%(r)s" %(s)s "%(f)s" %(U)s %(q)s %({raw_uri}e)s %({referer}i)s')
    logger = RedactingLogger(cfg)

    def line(uri, referer="-"):
        request = FakeRequest()
        request.headers = [*FakeRequest.headers, ("REFERER", referer)]
        logger.access(FakeResponse(), request, environ(uri, referer), datetime.timedelta(milliseconds=12))
        return log_file.read_text().splitlines()[-1]

    yield line
    for handler in list(logger.access_log.handlers):
        if getattr(handler, "_gunicorn", False):
            logger.access_log.removeHandler(handler)
            handler.close()


def test_the_voting_link_token_is_redacted(access_line):
    line = access_line(f"/public/testshire/budgets/7/vote/{TOKEN}/")
    assert TOKEN not in line
    assert '"GET /public/testshire/budgets/7/vote/[redacted]/ HTTP/1.1" 200' in line
    assert line.count("/public/testshire/budgets/7/vote/[redacted]/") == 3  # %(r)s, %(U)s and the environ field


def test_the_page_after_the_link_does_not_leak_it_through_the_referer(access_line):
    line = access_line("/public/testshire/budgets/7/ballot/",
                       referer=f"https://placeboard.example.org/public/testshire/budgets/7/vote/{TOKEN}")
    assert TOKEN not in line
    assert '"https://placeboard.example.org/public/testshire/budgets/7/vote/[redacted]"' in line


def test_token_and_code_query_values_are_redacted(access_line):
    line = access_line(f"/public/testshire/budgets/7/?code=123456&page=2&TOKEN={TOKEN}")
    assert TOKEN not in line and "123456" not in line
    assert "?code=[redacted]&page=2&TOKEN=[redacted]" in line
    assert " code=[redacted]&page=2&TOKEN=[redacted] " in line  # the bare query string


def test_other_requests_are_logged_unchanged(access_line):
    line = access_line("/public/testshire/issues/?status=open&area=3")
    assert '"GET /public/testshire/issues/?status=open&area=3 HTTP/1.1" 200' in line
    assert "[redacted]" not in line


@pytest.mark.parametrize("text, expected", [
    ("/public/a-b/budgets/12/vote/abc", "/public/a-b/budgets/12/vote/[redacted]"),
    ("/public/a/budgets/1/vote/abc/?x=1", "/public/a/budgets/1/vote/[redacted]/?x=1"),
    ("/public/a/budgets/1/votes/", "/public/a/budgets/1/votes/"),
    ("/search/?q=code&barcode=5", "/search/?q=code&barcode=5"),
    ("token=abc", "token=[redacted]"),
])
def test_redact(text, expected):
    assert redact(text) == expected


def test_serve_uses_the_redacting_logger(monkeypatch):
    seen = {}
    monkeypatch.setattr(BaseApplication, "run", lambda self: seen.update(cfg=self.cfg))
    cli._gunicorn("127.0.0.1:0", 1)
    assert seen["cfg"].logger_class is RedactingLogger
    assert seen["cfg"].accesslog == "-"


def test_error_log_lines_lose_the_token_too():
    """Django logs the path of a 404 or 500; the settings' filter on every handler redacts it."""
    import logging

    from django.conf import settings

    from placeboard.core.redact import RedactSecrets

    assert "redact" in settings.LOGGING["handlers"]["console"]["filters"]
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Not Found: %s",
                               (f"/public/testshire/budgets/7/vote/{TOKEN}/",), None)
    assert RedactSecrets().filter(record)
    assert record.getMessage() == "Not Found: /public/testshire/budgets/7/vote/[redacted]/"
    ballot = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Bad Request: %s",
                               ("/public/testshire/budgets/7/vote/ballot/",), None)
    RedactSecrets().filter(ballot)
    assert ballot.getMessage() == "Bad Request: /public/testshire/budgets/7/vote/ballot/"  # carries nothing
