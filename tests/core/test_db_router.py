"""Reports read from the read replica, everything else from the primary (core/db_router.py, docs/scaling.md).

The tests at the end need a replica: run them on PostgreSQL with DATABASE_REPLICA_URL set to the same
database as DATABASE_URL (the test settings make "replica" a second connection to the test database).
Without one they are skipped, unless PLACEBOARD_REQUIRE_REPLICA=1 (as .ci/run sets) makes that a failure.
"""

import json
import os
import subprocess
import sys
import threading

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placeboard.core import db_router
from placeboard.core.db_router import REPLICA, ReplicaRouter, read_alias, reading_from_replica
from placeboard.performance.models import Observation
from placeboard.performance.periods import parse_period
from placeboard.reports.builders import build
from placeboard.reports.render import render
from tests.performance.conftest import indicators  # noqa: F401  (the seed indicators fixture)

HAS_REPLICA = REPLICA in settings.DATABASES
PG = "postgres://u:p@db.example.org:5432/placeboard"


def load_settings(**env):
    """Import placeboard.settings in a fresh interpreter with exactly this environment."""
    clean = {k: v for k, v in os.environ.items() if k not in {
        "DEBUG", "SECRET_KEY", "DATABASE_URL", "DATABASE_REPLICA_URL", "DJANGO_SETTINGS_MODULE",
    }}
    clean.update(DEBUG="1", **env)
    code = (
        "import placeboard.settings as s, json;"
        "print(json.dumps({'aliases': sorted(s.DATABASES), 'replica': s.DATABASES.get('replica'),"
        "'routers': getattr(s, 'DATABASE_ROUTERS', [])}, default=str))"
    )
    return subprocess.run([sys.executable, "-c", code], env=clean, capture_output=True, text=True)


# Settings

def test_no_replica_and_no_router_by_default():
    result = load_settings(DATABASE_URL=PG)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"aliases": ["default"], "replica": None, "routers": []}


def test_replica_url_adds_the_replica_and_the_router():
    result = load_settings(DATABASE_URL=PG, DATABASE_REPLICA_URL="postgres://r:q@replica.example.org:5433/placeboard")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["aliases"] == ["default", "replica"]
    assert out["routers"] == ["placeboard.core.db_router.ReplicaRouter"]
    replica = out["replica"]
    assert (replica["ENGINE"], replica["HOST"], replica["PORT"], replica["USER"], replica["NAME"]) == \
        ("django.db.backends.postgresql", "replica.example.org", 5433, "r", "placeboard")
    assert replica["CONN_HEALTH_CHECKS"] is True


@pytest.mark.parametrize("env, message", [
    ({"DATABASE_URL": PG, "DATABASE_REPLICA_URL": "nonsense"}, "DATABASE_REPLICA_URL could not be read"),
    ({"DATABASE_URL": PG, "DATABASE_REPLICA_URL": "mysql://u@h/db"}, "DATABASE_REPLICA_URL must be a postgres:// URL"),
    ({"DATABASE_URL": PG, "DATABASE_REPLICA_URL": "sqlite:////tmp/x.sqlite3"},
     "DATABASE_REPLICA_URL must be a postgres:// URL"),
    ({"DATABASE_REPLICA_URL": PG}, "DATABASE_REPLICA_URL needs DATABASE_URL to be a postgres:// URL"),
    ({"DATABASE_URL": "sqlite:////tmp/x.sqlite3", "DATABASE_REPLICA_URL": PG},
     "DATABASE_REPLICA_URL needs DATABASE_URL to be a postgres:// URL"),
])
def test_bad_replica_settings_stop_start_up(env, message):
    result = load_settings(**env)
    assert result.returncode != 0
    assert message in result.stderr


# The router's decisions (no database needed)

class Model:
    class _meta:  # noqa: N801  (a model's _meta, as far as the router looks)
        app_label = "performance"


class CacheEntry:
    class _meta:  # noqa: N801
        app_label = "django_cache"


@pytest.fixture
def with_replica(monkeypatch):
    monkeypatch.setattr(db_router, "replica_configured", lambda: True)


def test_reads_go_to_the_replica_only_inside_the_block(with_replica):
    router = ReplicaRouter()
    assert router.db_for_read(Model) == "default"
    with reading_from_replica():
        assert router.db_for_read(Model) == "replica"
        with reading_from_replica():
            assert router.db_for_read(Model) == "replica"
        assert router.db_for_read(Model) == "replica"  # an inner block leaves the outer one as it was
    assert router.db_for_read(Model) == "default"


def test_block_ends_even_when_the_report_fails(with_replica):
    with pytest.raises(ZeroDivisionError), reading_from_replica():
        1 / 0
    assert read_alias(Model) is None


def test_without_a_replica_the_block_reads_the_primary(monkeypatch):
    monkeypatch.setattr(db_router, "replica_configured", lambda: False)
    with reading_from_replica():
        assert read_alias(Model) is None


def test_writes_always_go_to_the_primary(with_replica):
    router = ReplicaRouter()
    assert router.db_for_write(Model) == "default"
    with reading_from_replica():
        assert router.db_for_write(Model) == "default"


def test_cache_reads_stay_on_the_primary(with_replica):
    """Rate-limit counts must be exact, not a lagging copy."""
    with reading_from_replica():
        assert read_alias(CacheEntry) is None
        assert read_alias(Model) == "replica"


def test_other_threads_keep_reading_the_primary(with_replica):
    """gunicorn's threads share a process: one thread's report must not move another's reads."""
    seen = {}
    started, release = threading.Event(), threading.Event()

    def neighbour():
        started.set()
        release.wait(5)
        seen["neighbour"] = read_alias(Model)

    thread = threading.Thread(target=neighbour)
    thread.start()
    started.wait(5)
    with reading_from_replica():
        release.set()
        thread.join(5)
        seen["reporter"] = read_alias(Model)
    assert seen == {"neighbour": None, "reporter": "replica"}


def test_reads_inside_a_transaction_stay_on_the_primary(with_replica, monkeypatch):
    """A transaction's own writes are not on the replica yet (nor ever, if it rolls back)."""
    monkeypatch.setattr(connections["default"], "in_atomic_block", True)
    with reading_from_replica():
        assert read_alias(Model) is None


def test_migrations_only_on_the_primary_and_relations_across_both():
    router = ReplicaRouter()
    assert router.allow_migrate("default", "performance") is True
    assert router.allow_migrate("replica", "performance") is False

    class Obj:
        def __init__(self, db):
            self._state = type("State", (), {"db": db})()

    assert router.allow_relation(Obj("default"), Obj("replica")) is True
    assert router.allow_relation(Obj("replica"), Obj("replica")) is True
    assert router.allow_relation(Obj("default"), Obj("elsewhere")) is None


# With a real replica: a second connection to the same PostgreSQL database

@pytest.fixture
def replica():
    if not HAS_REPLICA:
        reason = "No replica: set DATABASE_REPLICA_URL (and a PostgreSQL DATABASE_URL) to run this."
        if os.environ.get("PLACEBOARD_REQUIRE_REPLICA") == "1":
            pytest.fail(f"PLACEBOARD_REQUIRE_REPLICA=1, but: {reason}")
        pytest.skip(reason)
    assert settings.DATABASE_ROUTERS == ["placeboard.core.db_router.ReplicaRouter"]
    return connections[REPLICA]


# Committed rows (a transactional test), so the replica's connection sees them as a real replica would.
real = pytest.mark.django_db(transaction=True, databases=["default", REPLICA] if HAS_REPLICA else ["default"])


def tables(queries):
    return " ".join(q["sql"] for q in queries)


@real
def test_report_page_reads_from_the_replica(replica, as_user, indicators):  # noqa: F811
    client = as_user("officer")
    with CaptureQueriesContext(replica) as on_replica, CaptureQueriesContext(connections["default"]) as on_primary:
        response = client.get(reverse("report", args=["testshire", "spreadsheet"]), {"format": "csv"})
    assert response.status_code == 200
    assert "NI 072" in response.content.decode()
    assert '"performance_observation"' in tables(on_replica.captured_queries)
    # The page's own reads (session, user, partnership, access) stay on the primary; the report's do not.
    assert on_primary.captured_queries
    assert '"performance_observation"' not in tables(on_primary.captured_queries)


@real
def test_writes_stay_on_the_primary_and_are_then_read_from_the_replica(replica, partnership, indicators):  # noqa: F811
    ni72 = indicators["ni72"]
    with CaptureQueriesContext(replica) as on_replica, CaptureQueriesContext(connections["default"]) as on_primary:
        with reading_from_replica():
            actual = Observation(indicator=ni72, value="61.3", status="final")
            actual.set_period(parse_period("AY 2010/11"))
            actual.save()
    assert "INSERT" in tables(on_primary.captured_queries)
    assert not on_replica.captured_queries
    with CaptureQueriesContext(replica) as on_replica:
        csv = render(build("spreadsheet", partnership), "csv").decode()
    assert "61.3" in csv
    assert on_replica.captured_queries


@real
def test_a_report_inside_a_transaction_reads_its_writes_from_the_primary(replica, partnership, indicators):  # noqa: F811
    with CaptureQueriesContext(replica) as on_replica, transaction.atomic():
        actual = Observation(indicator=indicators["ni72"], value="77.7", status="final")
        actual.set_period(parse_period("AY 2011/12"))
        actual.save()
        csv = render(build("spreadsheet", partnership), "csv").decode()
    assert "77.7" in csv
    assert not on_replica.captured_queries
