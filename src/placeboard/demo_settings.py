"""The settings `placeboard demo` runs with: the production settings, as a newcomer's laptop needs them.

DEBUG is off (the demo command sets DEBUG=0 before these load), so a mistake shows the product's own error
pages rather than Django's debug pages with the settings in them; WhiteNoise serves the static files from
the finders. E-mails are kept in an outbox under the data directory and shown on /outbox/ (core/outbox.py)
instead of being sent: that page is for the demo only, as anyone who can open it reads every e-mail."""

from placeboard.settings import *  # noqa: F403
from placeboard.settings import DATA_DIR

DEBUG = False

EMAIL_BACKEND = "placeboard.core.outbox.OutboxBackend"
EMAIL_OUTBOX_DIR = DATA_DIR / "outbox"

# The demo is served over plain HTTP on the newcomer's own machine: no HTTPS redirect, no HSTS (which would
# stick to 127.0.0.1 in their browser), and cookies that travel without TLS.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# Static files straight from the finders (the built front-end in build/static), so the demo needs no collectstatic.
WHITENOISE_USE_FINDERS = True
# Nothing is collected for the demo (WhiteNoise would warn that the directory is missing).
STATIC_ROOT = None
