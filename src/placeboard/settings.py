"""Placeboard's one settings module, driven by environment variables.

Every variable is documented in docs/configuration.md. A malformed value stops
start-up with a message naming the variable, rather than being guessed at.
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent
# The checkout root when installed in editable mode; front-end assets are built
# into build/static there by `npm run build`.
SOURCE_ROOT = PACKAGE_DIR.parent.parent


def env_bool(name, default):
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no or on/off, not {raw!r}."
    )


def env_int(name, default, *, positive=False):
    """A whole number; with `positive`, 1 or more (a limit, a window or a size of 0 would switch it off)."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if positive and value < 1:
        raise ImproperlyConfigured(f"{name} must be a positive whole number, not {value}.")
    return value


def env_list(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

DATA_DIR = Path(os.environ.get("PLACEBOARD_DATA_DIR") or Path.cwd() / "placeboard-data")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. "
            "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on"
elif len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters long.")

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
for origin in CSRF_TRUSTED_ORIGINS:
    if not origin.startswith(("http://", "https://")):
        raise ImproperlyConfigured(
            f"CSRF_TRUSTED_ORIGINS entries must start with http:// or https://, not {origin!r}."
        )

SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

_database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'placeboard.sqlite3'}"
try:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
except Exception as exc:  # dj-database-url raises several kinds
    raise ImproperlyConfigured(f"DATABASE_URL could not be read: {exc}") from None
if DATABASES["default"]["ENGINE"] not in {
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
}:
    raise ImproperlyConfigured("DATABASE_URL must be an sqlite:// or postgres:// URL.")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA foreign_keys=ON; PRAGMA journal_mode=WAL;",
        "transaction_mode": "IMMEDIATE",
        # Writers queue rather than fail: a second confirmation of an import waits for the first (then finds
        # it done) instead of answering "database is locked" after SQLite's default 5 seconds.
        "timeout": 30,
    }
# A kept connection is checked before its first use in each request, so one the database dropped (a restart,
# a failover) is replaced instead of failing that request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = bool(DATABASES["default"]["CONN_MAX_AGE"])

# A read replica of the PostgreSQL database: reports read from it, everything else from the primary
# (core/db_router.py, docs/scaling.md).
_replica_url = os.environ.get("DATABASE_REPLICA_URL", "")
if _replica_url:
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs DATABASE_URL to be a postgres:// URL: "
                                   "SQLite has no replicas.")
    try:
        DATABASES["replica"] = dj_database_url.parse(_replica_url, conn_max_age=60)
    except Exception as exc:  # dj-database-url raises several kinds
        raise ImproperlyConfigured(f"DATABASE_REPLICA_URL could not be read: {exc}") from None
    if DATABASES["replica"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must be a postgres:// URL.")
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASE_ROUTERS = ["placeboard.core.db_router.ReplicaRouter"]

# Shared by every worker process on every machine, so rate limits (core.ratelimit) hold across them: the
# database's cache table (made by migrate), Redis when REDIS_URL is set, or files for a one-machine demo.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_BACKEND = (os.environ.get("CACHE_BACKEND") or ("redis" if REDIS_URL else "database")).strip().lower()
# Django's default of 300 entries would have the database and file caches throw away live rate-limit counts.
_CACHE_OPTIONS = {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 100_000, positive=True)}
if CACHE_BACKEND == "database":
    # The table's name is fixed: migration core 0004 creates it.
    CACHES = {"default": {"BACKEND": "placeboard.core.cache.DatabaseCache", "LOCATION": "placeboard_cache",
                          "OPTIONS": _CACHE_OPTIONS}}
elif CACHE_BACKEND == "redis":
    if not REDIS_URL:
        raise ImproperlyConfigured("CACHE_BACKEND=redis needs REDIS_URL, such as redis://127.0.0.1:6379/0.")
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
elif CACHE_BACKEND == "file":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": str(Path(os.environ.get("CACHE_DIR") or DATA_DIR / "cache")),
                          "OPTIONS": _CACHE_OPTIONS}}
else:
    raise ImproperlyConfigured(f"CACHE_BACKEND must be database, redis or file, not {CACHE_BACKEND!r}.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "placeboard.core",
    "placeboard.performance",
    "placeboard.benchmarking",
    "placeboard.imports",
    "placeboard.engagement",
    "placeboard.funding",
    "placeboard.selfassessment",
    "placeboard.reports",
    "placeboard.api",
    "placeboard.opendata",
    "axes",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "placeboard.core.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so it can replace a refused sign-in's page with the lockout page (core.login_throttle).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "placeboard.urls"
WSGI_APPLICATION = "placeboard.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "placeboard.core.context_processors.placeboard",
            ],
        },
    }
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in throttle (django-axes, docs/configuration.md): failed sign-ins counted per username and address and
# per address; at a limit that address is refused for the cool-off, counted from its last failure.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, positive=True)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20, positive=True)
LOGIN_COOLOFF_MINUTES = env_int("LOGIN_COOLOFF_MINUTES", 15, positive=True)
AXES_HANDLER = "placeboard.core.login_throttle.LoginThrottle"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT  # LoginThrottle holds the address alone to LOGIN_ADDRESS_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
# Refused attempts while locked out are not counted, so the lockout page can say when it ends.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "placeboard.core.ratelimit.axes_client_ip"  # TRUSTED_PROXIES, as for rate limits
AXES_LOCKOUT_CALLABLE = "placeboard.core.login_throttle.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # no table of every successful sign-in and its address, kept for ever
AXES_VERBOSE = False  # no banner on standard output from every command (the demo prints its logins there)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or DATA_DIR / "static")
ASSETS_DIR = Path(os.environ.get("PLACEBOARD_ASSETS_DIR") or SOURCE_ROOT / "build" / "static")
# Our own scripts (static/placeboard/) beside the built ones; left empty without the build, since nothing
# works without it, and `placeboard demo` looks for that to say so.
STATICFILES_DIRS = [ASSETS_DIR, PACKAGE_DIR / "static"] if ASSETS_DIR.is_dir() else []
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from the finders, so `placeboard demo` needs no collectstatic.
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The largest file accepted (board papers, bid attachments, project photos); files are kept in the database.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 5 * 1024 * 1024, positive=True)

# Limits on what an imported XLSX (a zip archive) may expand to, checked from its zip directory before it is
# parsed, so a small file cannot hold a worker's memory (docs/imports.md, "The file").
IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES = env_int("IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES", 100 * 1024 * 1024, positive=True)
IMPORT_XLSX_MAX_MEMBER_BYTES = env_int("IMPORT_XLSX_MAX_MEMBER_BYTES", 100 * 1024 * 1024, positive=True)
IMPORT_XLSX_MAX_MEMBERS = env_int("IMPORT_XLSX_MAX_MEMBERS", 1000, positive=True)
IMPORT_XLSX_MAX_RATIO = env_int("IMPORT_XLSX_MAX_RATIO", 100, positive=True)

# Background jobs (docs/deployment.md, "Background jobs"): PDFs and large downloads are made by
# `placeboard worker` processes from a queue kept in the database, never in a web worker. "immediate" runs
# each job inside the request that asked for it (for a developer without a worker; never on a live site).
TASKS_BACKEND = (os.environ.get("TASKS_BACKEND") or "database").strip().lower()
_TASK_BACKENDS = {"database": "django_tasks_db.DatabaseBackend",
                  "immediate": "django_tasks.backends.immediate.ImmediateBackend"}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be database or immediate, not {TASKS_BACKEND!r}.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND]}}
# Jobs a `placeboard worker` process makes before a fresh one replaces it, giving back what a large report took.
WORKER_MAX_TASKS = env_int("WORKER_MAX_TASKS", 20, positive=True)
# The most memory (MB) a worker process may take while making one file; past it the job fails with a message.
WORKER_MEMORY_LIMIT_MB = env_int("WORKER_MEMORY_LIMIT_MB", 2048)
if WORKER_MEMORY_LIMIT_MB < 0 or 0 < WORKER_MEMORY_LIMIT_MB < 256:
    raise ImproperlyConfigured(
        f"WORKER_MEMORY_LIMIT_MB must be 0 (no limit) or 256 or more, not {WORKER_MEMORY_LIMIT_MB}.")
# How long a made download (a report's PDF, a large XLSX) is kept before the worker deletes it.
DOWNLOADS_KEEP_HOURS = env_int("DOWNLOADS_KEEP_HOURS", 24, positive=True)
# Reports with more rows than this make their XLSX and CSV in the background too (the PDF always is).
REPORTS_DIRECT_MAX_ROWS = env_int("REPORTS_DIRECT_MAX_ROWS", 2000, positive=True)
# How long (seconds) the indicator list and the web reports keep their rendered rows in the cache when nothing
# changes (core/fragments.py: any change replaces them at once); 0 builds them on every request.
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 600)
if FRAGMENT_CACHE_SECONDS < 0:
    raise ImproperlyConfigured(f"FRAGMENT_CACHE_SECONDS must be 0 (off) or more, not {FRAGMENT_CACHE_SECONDS}.")
# Uploaded files with more rows than this are checked and imported by the background worker (imports.jobs).
IMPORT_STREAM_ROWS = env_int("IMPORT_STREAM_ROWS", 5000, positive=True)

# The community issue system's spam limit: issues per window (seconds) from one e-mail address or IP address.
ENGAGEMENT_ISSUE_RATE_LIMIT = env_int("ENGAGEMENT_ISSUE_RATE_LIMIT", 3, positive=True)
ENGAGEMENT_ISSUE_RATE_WINDOW = env_int("ENGAGEMENT_ISSUE_RATE_WINDOW", 3600, positive=True)

# Reverse proxies whose X-Forwarded-For is believed, so rate limits count residents rather than the proxy
# (core.ratelimit.client_ip). Empty: REMOTE_ADDR is the client, and the header is ignored.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy)
    except ValueError:
        raise ImproperlyConfigured(
            "TRUSTED_PROXIES must be comma-separated IP addresses or networks such as 127.0.0.1 or 10.0.0.0/8, "
            f"not {_proxy!r}."
        ) from None

# Participatory budgeting (docs/funding.md). Cast ballots wait in a holding table and are mixed into the ballot
# box in shuffled batches of at least this many (and always when voting closes).
PB_MIX_BATCH = env_int("PB_MIX_BATCH", 10)
if PB_MIX_BATCH < 2:
    raise ImproperlyConfigured(f"PB_MIX_BATCH must be 2 or more, not {PB_MIX_BATCH}: a batch of one mixes nothing.")
# Mail providers that ignore dots in the part before the @, so j.smith@ and jsmith@ are one voter.
PB_EMAIL_DOTLESS_DOMAINS = [d.lower() for d in env_list("PB_EMAIL_DOTLESS_DOMAINS", ["gmail.com", "googlemail.com"])]
# Voting-link requests and bids without an account: how many per window (seconds) from one address.
PB_RATE_LIMIT = env_int("PB_RATE_LIMIT", 3, positive=True)
PB_RATE_WINDOW = env_int("PB_RATE_WINDOW", 3600, positive=True)
# The most all of a round's bid files may take together.
PB_ROUND_UPLOAD_MAX_BYTES = env_int("PB_ROUND_UPLOAD_MAX_BYTES", 100 * 1024 * 1024, positive=True)

EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "placeboard@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# With no mail server, a developer (DEBUG on) reads e-mails whole on the console; a live site writes them to
# its log through the filter that takes voting links' tokens out (core/mail.py).
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend" if DEBUG
    else "placeboard.core.mail.LogBackend"
)

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HTTPS only in production (docs/deployment.md, "HTTPS"). Behind a proxy that terminates TLS, either set
# BEHIND_HTTPS_PROXY so Django sees the request was HTTPS, or SECURE_SSL_REDIRECT=0 if the proxy redirects.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if SECURE_HSTS_SECONDS < 0:
    raise ImproperlyConfigured(f"SECURE_HSTS_SECONDS must be 0 (off) or more, not {SECURE_HSTS_SECONDS}.")
SECURE_REFERRER_POLICY = "same-origin"
# No inline script or style anywhere: our scripts are files under static/placeboard/, our styles classes in
# frontend/placeboard.scss. PDFs are drawn by WeasyPrint on the server, so reports/print.html may keep its style block.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Browser features no page uses (core/headers.py).
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone", "payment", "usb",
))

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(f"LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not {LOG_LEVEL!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Voting links' tokens never reach a log line (core/redact.py).
    "filters": {"redact": {"()": "placeboard.core.redact.RedactSecrets"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # WeasyPrint narrates every step of every PDF at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# SQLite cannot enforce engagement.RoutingRule's "nulls not distinct" uniqueness;
# the routing rule form checks it there, and PostgreSQL 15+ enforces it.
# security.W021 asks for SECURE_HSTS_PRELOAD: joining the browsers' preload list is the site owner's decision,
# slow to undo and only possible for a whole domain, so it is left to them (docs/deployment.md, "HTTPS").
SILENCED_SYSTEM_CHECKS = ["models.W047", "security.W021"]
