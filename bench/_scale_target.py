"""Where the scale benchmark may run: a PostgreSQL database or a server on this machine only."""

import os
from urllib.parse import urlsplit

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
PASSWORD = "scale-benchmark-password"  # every user the scale build makes signs in with this


def slug(n):
    """The n-th partnership's slug (from 1): scale-01, scale-02, … (three digits past 99)."""
    return f"scale-{n:02d}"


def usernames(partnership_slug):
    return {"officer": f"{partnership_slug}-officer", "provider": f"{partnership_slug}-provider"}


def database_url():
    """DATABASE_URL, refused unless it is PostgreSQL on this machine."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        raise SystemExit("Set DATABASE_URL to an empty PostgreSQL database on this machine, for example\n"
                         "  DATABASE_URL=postgres://postgres@127.0.0.1:5432/pb_scale")
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        raise SystemExit("The scale benchmark needs PostgreSQL (it loads with COPY): SQLite is not supported. "
                         "Use bench/reports.py and bench/imports.py for SQLite.")
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        raise SystemExit(f"DATABASE_URL must be a postgres:// URL, not {parts.scheme}://.")
    if (parts.hostname or "") not in LOCAL_HOSTS:
        raise SystemExit(f"Refusing {parts.hostname!r}: the scale benchmark only runs against a database on "
                         "127.0.0.1 or localhost.")
    return url


def database_name(url):
    return urlsplit(url).path.lstrip("/")
