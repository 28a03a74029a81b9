"""Secrets taken out of log lines: a voting link's token is as good as the ballot it opens.

Used by `placeboard serve`'s access log (cli.RedactingLogger) and by the logging filter below, which the
settings put on every log handler (Django logs the path of a 404 or 500, e.g. "Not Found: /public/…")."""

import logging
import re

# The token segment of a voting link; the ballot and code pages carry none and stay readable.
_VOTE_TOKEN = re.compile(r"(/public/[^/?#\s]+/budgets/[^/?#\s]+/vote/)(?!(?:ballot|code)(?:/|$|[?#\s\"]))"
                         r"[^/?#\s\"]+")
_SECRET_QUERY = re.compile(r"((?:^|[?&;])(?:token|code)=)[^&;#\s\"]*", re.IGNORECASE)


def redact(text):
    """`text` with voting-link tokens and token=/code= query values replaced by [redacted]."""
    return _SECRET_QUERY.sub(r"\1[redacted]", _VOTE_TOKEN.sub(r"\1[redacted]", text))


class RedactSecrets(logging.Filter):
    """Rewrites each record's message with the secrets redacted (the arguments are folded in first)."""

    def filter(self, record):
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True
