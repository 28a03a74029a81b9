"""A live site without a mail server logs its e-mails through the redacting filter, never whole to stdout."""

import logging
import subprocess
import sys

from django.core import mail
from django.test import override_settings

from placeboard.core.redact import RedactSecrets

LINK = "https://place.example/public/wiltshire/budgets/3/vote/s3cr3t-t0ken/"


def test_the_live_settings_choose_the_log_when_there_is_no_mail_server(tmp_path):
    code = "from django.conf import settings as s; print(s.EMAIL_BACKEND)"
    env = {"PATH": "/usr/bin:/bin", "PLACEBOARD_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "placeboard.settings",
           "SECRET_KEY": "x" * 50, "DEBUG": "0", "ALLOWED_HOSTS": "place.example"}
    live = subprocess.run([sys.executable, "-c", "import django; django.setup(); " + code], env=env,
                          capture_output=True, text=True)
    assert live.stdout.strip() == "placeboard.core.mail.LogBackend", live.stderr
    debug = subprocess.run([sys.executable, "-c", "import django; django.setup(); " + code],
                           env={**env, "DEBUG": "1"}, capture_output=True, text=True)
    assert debug.stdout.strip() == "django.core.mail.backends.console.EmailBackend", debug.stderr


@override_settings(EMAIL_BACKEND="placeboard.core.mail.LogBackend")
def test_a_voting_link_reaches_the_log_without_its_token(caplog, capsys):
    caplog.handler.addFilter(RedactSecrets())
    with caplog.at_level(logging.WARNING, logger="placeboard.mail"):
        sent = mail.send_mail("Your voting link", f"Vote here: {LINK}", "placeboard@place.example", ["v@example.org"])
    assert sent == 1
    assert "s3cr3t-t0ken" not in caplog.text and "/vote/[redacted]" in caplog.text and "v@example.org" in caplog.text
    assert "s3cr3t-t0ken" not in capsys.readouterr().out
