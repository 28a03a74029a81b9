"""Mends from the review of core: writes safe when two people make them at once, ids beyond any id refused
where they are read, and settings that would silently switch a limit off refused at start-up."""

import os
import subprocess
import sys
import threading

import pytest
from django.db import connection

from placeboard.core import postcodes
from placeboard.core.audit_filters import parse_cursor
from placeboard.core.models import Area, AreaPostcode, AuditEvent
from placeboard.core.postcodes import replace_area_postcodes
from tests.concurrency import at_once

# -- two officers import an area's postcode list at the same moment ------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_imports_of_a_postcode_list_at_once_both_succeed(partnership, personas, monkeypatch):
    """Each on its own connection (PostgreSQL): the second waits for the first, then replaces its list."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's in-memory test database cannot be written from several connections at once; "
                    "Placeboard's SQLite transactions are BEGIN IMMEDIATE, which serialises them")
    north = Area.objects.get(partnership=partnership, name="North")
    replace_area_postcodes(north, ["SN15 1ER"], personas["officer"])
    real_record = postcodes.audit.record

    def slow_record(*args, **kwargs):
        # Hold the transaction open long enough for the other import to reach the same rows.
        threading.Event().wait(0.5)
        return real_record(*args, **kwargs)

    monkeypatch.setattr(postcodes.audit, "record", slow_record)
    lists = (["SN15 1ER", "SN15 1EF"], ["SN15 1ER", "SN15 1HL", "SN14 0AE"])

    def import_list(codes):
        return lambda: replace_area_postcodes(Area.objects.get(pk=north.pk), codes, personas["officer"])

    outcomes = [o if not isinstance(o, Exception) else repr(o) for o in at_once([import_list(c) for c in lists])]
    assert sorted(outcomes, key=str) in ([(1, 2), (2, 3)], [(1, 3), (3, 2)]), outcomes
    stored = sorted(AreaPostcode.objects.filter(area=north).values_list("postcode", flat=True))
    assert stored in (sorted(lists[0]), sorted(lists[1]))
    assert AuditEvent.objects.filter(object_type="area", changes__has_key="postcodes").count() == 3


# -- the audit log's page cursor ---------------------------------------------------------------------------


@pytest.mark.parametrize("cursor", ["1-9999999999999999999", "1-9223372036854775808", "1-0"])
def test_a_cursor_whose_id_no_row_can_have_is_ignored(cursor):
    assert parse_cursor(cursor) is None


def test_a_cursor_with_the_largest_id_is_read():
    assert parse_cursor("1-9223372036854775807")[1] == 2**63 - 1


def test_the_audit_log_ignores_a_cursor_beyond_any_id(as_user, partnership):
    """On SQLite the driver could not bind the id: a server error before. (The time is in 2096, after every event.)"""
    AuditEvent.objects.create(partnership=partnership, action="update", object_type="organisation",
                              object_id="1", object_repr="Organisation 1")
    client = as_user("officer")
    for name in ("before", "after"):
        response = client.get(f"/p/{partnership.slug}/audit/", {name: "4000000000000000-9999999999999999999"})
        assert response.status_code == 200
        assert "Organisation 1" in response.content.decode()


# -- settings that would switch a limit off --------------------------------------------------------------------


def load_settings(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}}
    clean.update(DEBUG="1", **env)
    return subprocess.run([sys.executable, "-c", "import placeboard.settings"], env=clean,
                          capture_output=True, text=True)


@pytest.mark.parametrize("name", ["ENGAGEMENT_ISSUE_RATE_LIMIT", "ENGAGEMENT_ISSUE_RATE_WINDOW", "PB_RATE_LIMIT",
                                  "PB_RATE_WINDOW", "UPLOAD_MAX_BYTES", "PB_ROUND_UPLOAD_MAX_BYTES",
                                  "CACHE_MAX_ENTRIES"])
@pytest.mark.parametrize("value", ["0", "-5"])
def test_a_limit_of_nothing_stops_start_up(name, value):
    """A window of 0 seconds kept no count at all (Django's cache expires it at once): the limit was off."""
    result = load_settings(**{name: value})
    assert result.returncode != 0
    assert f"{name} must be a positive whole number, not {value}." in result.stderr


def test_the_mixing_batch_keeps_its_own_message():
    result = load_settings(PB_MIX_BATCH="1")
    assert result.returncode != 0 and "PB_MIX_BATCH must be 2 or more, not 1: a batch of one mixes nothing." \
        in result.stderr


# -- placeboard report --round with a number no round can have ------------------------------------------------


@pytest.mark.parametrize("given", ["99999999999999999999", "9223372036854775808", "\u00b2"])
def test_report_round_that_no_id_can_be_is_looked_up_by_name(partnership, tmp_path, capsys, given):
    """Was OverflowError (SQLite) or ValueError ('²' is a digit to str.isdigit) instead of the usual message."""
    from placeboard import cli

    status = cli.main(["report", "thematic", "--partnership", partnership.slug, "--round", given,
                       "--format", "csv", "-o", str(tmp_path / "out.csv")])
    assert status == 2
    assert f"No reporting round {given!r} in {partnership.name}" in capsys.readouterr().err
