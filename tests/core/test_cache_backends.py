"""Rate limits (core.ratelimit) on the shared cache backends a site can choose (settings.CACHE_BACKEND).

The database cache runs on whichever database the suite runs on (SQLite, then PostgreSQL in CI).
Redis runs when a server answers at PLACEBOARD_TEST_REDIS_URL (default redis://127.0.0.1:6379/15);
without one these tests are skipped, unless PLACEBOARD_REQUIRE_REDIS=1 (as .ci/run sets) makes that
a failure. Redis keys get a prefix of their own, so the tests never clear a server others use.
"""

import os
import subprocess
import sys
import threading
import uuid

import pytest
import redis
from django.core.cache import cache
from django.db import connection, connections
from django.test import override_settings
from django.utils.dateparse import parse_datetime
from django.utils.timezone import is_naive, make_aware, now

from placeboard.core.ratelimit import cache_key, count, over_limit
from tests.core.test_settings import load_settings

REDIS_URL = os.environ.get("PLACEBOARD_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
DATABASE_CACHE = {"BACKEND": "placeboard.core.cache.DatabaseCache", "LOCATION": "placeboard_cache"}


def redis_cache():
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        reason = f"No Redis server answers at {REDIS_URL} ({exc}); start one with `redis-server --daemonize yes`."
        if os.environ.get("PLACEBOARD_REQUIRE_REDIS") == "1":
            pytest.fail(f"PLACEBOARD_REQUIRE_REDIS=1, but: {reason}")
        pytest.skip(reason)
    return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"pbtest-{uuid.uuid4().hex}"}


@pytest.fixture(params=["database", "redis"])
def backend(request, transactional_db):
    """The default cache switched to one shared backend for the test; yields its name.

    Transactional, so the concurrency test's threads see each other's writes."""
    config = DATABASE_CACHE if request.param == "database" else redis_cache()
    with override_settings(CACHES={"default": config}):
        if request.param == "database":
            cache.clear()  # the table is not emptied between transactional tests
        yield request.param
        if request.param == "database":
            cache.clear()


def test_counts_up_to_the_limit_for_each_key(backend):
    for _ in range(2):
        assert not over_limit("test", ["a@example.org", "192.0.2.1"], 2)
        count("test", ["a@example.org", "192.0.2.1"], 3600)
    assert over_limit("test", ["a@example.org", "192.0.2.9"], 2)
    assert over_limit("test", ["b@example.org", "192.0.2.1"], 2)
    assert not over_limit("test", ["b@example.org", "192.0.2.9"], 2)
    assert not over_limit("other", ["a@example.org"], 2)


def test_a_count_keeps_its_window(backend):
    """Counting again must not give the entry the default timeout (300 s) instead of the window."""
    for _ in range(3):
        count("test", ["a"], 3600)
    key = cache.make_and_validate_key(cache_key("test", "a"))
    if backend == "redis":
        ttl = cache._cache.get_client(key).ttl(key)
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT expires FROM placeboard_cache WHERE cache_key = %s", [key])
            expires = cursor.fetchone()[0]
        expires = parse_datetime(expires) if isinstance(expires, str) else expires  # SQLite gives text
        expires = make_aware(expires) if is_naive(expires) else expires
        ttl = (expires - now()).total_seconds()
    assert 3500 < ttl <= 3600


def test_a_missing_counter_cannot_be_incremented(backend):
    with pytest.raises(ValueError):
        cache.incr("pb-rate:test:never-added")


def count_at_once(workers):
    """Count one action from `workers` threads released together, as busy workers would."""
    start = threading.Barrier(workers)
    errors = []

    def work():
        try:
            start.wait()
            count("test", ["192.0.2.1"], 3600)
        except Exception as exc:  # reported below rather than lost in the thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors


def test_counts_made_at_the_same_moment_all_land(backend):
    if backend == "database" and connection.vendor == "sqlite":
        pytest.skip("The test database is SQLite in memory, which has no concurrent writers to race.")
    count_at_once(12)
    assert cache.get(cache_key("test", "192.0.2.1")) == 12


@pytest.mark.django_db
def test_migrate_makes_the_cache_table():
    """The test database was made by `migrate`, as a site's is: the default cache's table must be there."""
    assert "placeboard_cache" in connection.introspection.table_names()
    with override_settings(CACHES={"default": DATABASE_CACHE}):
        count("test", ["a"], 3600)
        assert over_limit("test", ["a"], 1)


@pytest.mark.parametrize("env, message", [
    ({"CACHE_BACKEND": "memcached"}, "CACHE_BACKEND must be database, redis or file"),
    ({"CACHE_BACKEND": "redis"}, "CACHE_BACKEND=redis needs REDIS_URL"),
    ({"CACHE_MAX_ENTRIES": "many"}, "CACHE_MAX_ENTRIES must be a whole number"),
])
def test_bad_cache_settings_stop_start_up(env, message):
    result = load_settings(DEBUG="1", **env)
    assert result.returncode != 0 and message in result.stderr


@pytest.mark.parametrize("env, backend", [
    ({}, "placeboard.core.cache.DatabaseCache"),  # LOCATION placeboard_cache, the migration's table
    ({"REDIS_URL": "redis://cache.example.org:6379/0"}, "django.core.cache.backends.redis.RedisCache"),
    ({"CACHE_BACKEND": "File"}, "django.core.cache.backends.filebased.FileBasedCache"),
])
def test_the_cache_backend_follows_the_environment(env, backend):
    code = "import placeboard.settings as s; print(s.CACHES['default']['BACKEND'])"
    clean = {k: v for k, v in os.environ.items() if k not in {"CACHE_BACKEND", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    result = subprocess.run([sys.executable, "-c", code], env={**clean, "DEBUG": "1", **env},
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == backend
