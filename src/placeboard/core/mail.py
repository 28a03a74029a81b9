"""E-mail for a site with no mail server: written to the log, where voting links lose their tokens.

Django's console backend writes straight to standard output, past the logging filter (core/redact.py), so a
production site without EMAIL_HOST would have printed every voting link whole into its server log."""

import logging

from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger("placeboard.mail")


class LogBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        for message in email_messages:
            logger.warning("E-mail not sent (no EMAIL_HOST is set) to %s: %s\n%s",
                           ", ".join(message.recipients()), message.subject, message.body)
        return len(email_messages)
