"""The demo's outbox: e-mails kept as files under the data directory instead of being sent.

Only `placeboard demo` uses it (placeboard.demo_settings), so a newcomer can read the e-mails the demo
sends, such as the link that confirms a community issue or a voting link, on the outbox page
(core.outbox_views). Anyone who can open that page reads every e-mail, voting links included, so a real
site sends through SMTP and has no outbox: the page is found only while this backend is the one in use."""

import email
import email.policy
import secrets
import time
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

BACKEND = "placeboard.core.outbox.OutboxBackend"


def is_active():
    return settings.EMAIL_BACKEND == BACKEND


def folder():
    return Path(settings.EMAIL_OUTBOX_DIR)


class OutboxBackend(BaseEmailBackend):
    """One .eml file per message, named so that the names sort oldest first."""

    def send_messages(self, email_messages):
        kept = 0
        for message in email_messages:
            if not message.recipients():
                continue
            try:
                _keep(message.message().as_bytes(linesep="\n"))
            except OSError:
                if not self.fail_silently:
                    raise
                continue
            kept += 1
        return kept


def _keep(data):
    where = folder()
    where.mkdir(parents=True, exist_ok=True)
    name = f"{time.time_ns():020d}-{secrets.token_hex(4)}.eml"
    # Written aside and renamed, so the page (in another worker process) never reads half a message.
    partial = where / f".{name}.partial"
    partial.write_bytes(data)
    partial.replace(where / name)


@dataclass
class KeptEmail:
    sent: datetime | None
    sender: str
    to: str
    subject: str
    body: str


def kept_emails(limit):
    """The newest `limit` e-mails, newest first, and how many there are in all."""
    where = folder()
    names = sorted(where.glob("*.eml"), reverse=True) if where.is_dir() else []
    return [_read(path) for path in names[:limit]], len(names)


def _read(path):
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    part = message.get_body(preferencelist=("plain",))
    try:
        sent = parsedate_to_datetime(message["Date"])
    except (TypeError, ValueError):
        sent = None
    return KeptEmail(sent=sent, sender=str(message["From"] or ""), to=str(message["To"] or ""),
                     subject=str(message["Subject"] or ""), body=part.get_content() if part else "")
