"""The settings module reads the environment and refuses bad values loudly."""

import os
import subprocess
import sys

import pytest


def load_settings(**env):
    """Import placeboard.settings in a fresh interpreter with exactly this environment."""
    clean = {k: v for k, v in os.environ.items() if k not in {
        "DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "EMAIL_PORT", "EMAIL_HOST",
        "CSRF_TRUSTED_ORIGINS", "LOG_LEVEL", "DJANGO_SETTINGS_MODULE", "ENGAGEMENT_ISSUE_RATE_LIMIT",
    }}
    clean.update(env)
    code = (
        "import placeboard.settings as s, json;"
        "print(json.dumps({'debug': s.DEBUG, 'engine': s.DATABASES['default']['ENGINE'],"
        "'name': str(s.DATABASES['default']['NAME']), 'hosts': s.ALLOWED_HOSTS,"
        "'email': s.EMAIL_BACKEND, 'port': s.EMAIL_PORT}))"
    )
    return subprocess.run([sys.executable, "-c", code], env=clean, capture_output=True, text=True)


GOOD_KEY = "k" * 40


def test_defaults_to_sqlite_in_the_data_directory(tmp_path):
    result = load_settings(DEBUG="1", PLACEBOARD_DATA_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert '"engine": "django.db.backends.sqlite3"' in result.stdout
    assert str(tmp_path / "placeboard.sqlite3") in result.stdout


def test_postgres_from_database_url():
    result = load_settings(SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="example.org",
                           DATABASE_URL="postgres://u:p@db.example.org:5432/placeboard")
    assert result.returncode == 0, result.stderr
    assert '"engine": "django.db.backends.postgresql"' in result.stdout
    assert '"hosts": ["example.org"]' in result.stdout


def test_smtp_when_email_host_set():
    result = load_settings(DEBUG="1", EMAIL_HOST="smtp.example.org", EMAIL_PORT="25")
    assert result.returncode == 0, result.stderr
    assert "smtp.EmailBackend" in result.stdout and '"port": 25' in result.stdout


@pytest.mark.parametrize(
    "env, message",
    [
        ({"DEBUG": "maybe"}, "DEBUG must be one of"),
        ({"DEBUG": "0"}, "SECRET_KEY must be set when DEBUG is off"),
        ({"DEBUG": "0", "SECRET_KEY": "short"}, "SECRET_KEY must be at least 32 characters"),
        ({"DEBUG": "1", "EMAIL_PORT": "twenty-five"}, "EMAIL_PORT must be a whole number"),
        ({"DEBUG": "1", "DATABASE_URL": "mysql://x@y/z"}, "DATABASE_URL must be an sqlite:// or postgres:// URL"),
        ({"DEBUG": "1", "DATABASE_URL": "nonsense"}, "DATABASE_URL could not be read"),
        ({"DEBUG": "1", "CSRF_TRUSTED_ORIGINS": "example.org"}, "CSRF_TRUSTED_ORIGINS entries must start with"),
        ({"DEBUG": "1", "LOG_LEVEL": "LOUD"}, "LOG_LEVEL must be"),
        ({"DEBUG": "1", "ENGAGEMENT_ISSUE_RATE_LIMIT": "few"}, "ENGAGEMENT_ISSUE_RATE_LIMIT must be a whole number"),
        ({"DEBUG": "1", "IMPORT_STREAM_ROWS": "0"}, "IMPORT_STREAM_ROWS must be"),
    ],
)
def test_bad_values_stop_start_up_naming_the_variable(env, message):
    result = load_settings(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_cache_is_shared_by_worker_processes(tmp_path):
    """The issue rate limit counts in the cache: one process's count must be seen by the next."""
    def run(code):
        env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "CACHE_DIR"}}
        # The file cache is now the demo's choice (issue 14.10); tests/core/test_cache_backends.py covers the default.
        env.update(DEBUG="1", PLACEBOARD_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="placeboard.settings",
                   CACHE_BACKEND="file")
        setup = "import django; django.setup(); from django.core.cache import cache;"
        return subprocess.run([sys.executable, "-c", setup + code], env=env, capture_output=True, text=True)

    first = run("cache.add('pb-issue-rate:ip:192.0.2.1', 1, 3600); cache.incr('pb-issue-rate:ip:192.0.2.1')")
    assert first.returncode == 0, first.stderr
    second = run("print(cache.get('pb-issue-rate:ip:192.0.2.1'))")
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == "2"
    assert (tmp_path / "cache").is_dir()
