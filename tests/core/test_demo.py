"""The demo data comes from the seed papers and loads idempotently."""

import json
import os
import subprocess
import sys

import pytest

from placeboard.core.demo import ensure_demo_users, load_demo_data
from placeboard.core.demo_seed import PARTNERSHIPS
from placeboard.core.models import (
    Area,
    AreaPostcode,
    AreaSet,
    AuditEvent,
    Group,
    GroupMember,
    Organisation,
    Outcome,
    Partnership,
    Role,
    Theme,
)

MODELS = [Partnership, Organisation, Group, GroupMember, Theme, Outcome, Area, AreaPostcode, AreaSet, Role]


def counts():
    return {m.__name__: m.objects.count() for m in MODELS}


@pytest.mark.django_db
def test_loading_twice_changes_nothing(tmp_path):
    load_demo_data()
    ensure_demo_users(tmp_path / "logins.json")
    first = counts()
    events = AuditEvent.objects.count()
    logins = json.loads((tmp_path / "logins.json").read_text())
    load_demo_data()
    ensure_demo_users(tmp_path / "logins.json")
    assert counts() == first
    assert AuditEvent.objects.count() == events
    assert json.loads((tmp_path / "logins.json").read_text()) == logins
    assert first["Partnership"] >= 2


@pytest.mark.django_db
def test_demo_partnerships_are_the_seeds():
    load_demo_data()
    wiltshire = Partnership.objects.get(slug="wiltshire")
    assert Area.objects.get(partnership=wiltshire, gss_code="E06000054").name == "Wiltshire"
    assert Theme.objects.filter(partnership=wiltshire, parent=None).count() == 7
    assert Group.objects.filter(partnership=wiltshire, kind="area_board").count() == 18
    assert AreaSet.objects.get(partnership=wiltshire, name__icontains="priority").areas.exists()
    coventry = Partnership.objects.get(slug="coventry")
    assert Theme.objects.filter(partnership=coventry, parent=None).count() == 4
    assert Group.objects.filter(partnership=coventry, kind="theme_group").count() == 8
    assert Group.objects.filter(partnership=coventry, kind="operations_group").exists()
    gloucester = Partnership.objects.get(slug="gloucester")
    codes = set(Outcome.objects.filter(partnership=gloucester).values_list("code", flat=True))
    assert {"2.1", "2.2", "3.1"} <= codes
    # The cross-cutting matrix of seed 001: ambition 3's outcomes also serve ambitions loaded after them.
    contributes = Outcome.objects.get(partnership=wiltshire, code="3.2.1").contributes_to.all()
    assert [t.code for t in contributes] == ["3.3"]
    assert [t.code for t in Outcome.objects.get(partnership=wiltshire, code="3.1.4").contributes_to.all()] == ["4"]


@pytest.mark.django_db
def test_every_demo_person_gets_their_role(tmp_path):
    load_demo_data()
    rows = ensure_demo_users(tmp_path / "logins.json")
    assert {r[0] for r in rows} == {"admin", "officer", "provider", "themelead", "board", "coventry",
                                   "areamanager"}
    assert Role.objects.get(user__username="provider").organisation.name == "Wiltshire Council"
    assert Role.objects.get(user__username="areamanager").group.name == "Chippenham Area Board"


def test_seed_data_references_resolve():
    for p in PARTNERSHIPS:
        orgs = {o["name"] for o in p["organisations"]}
        areas = [a["name"] for a in p["areas"]]
        groups = {g["name"] for g in p["groups"]}
        for i, area in enumerate(p["areas"]):
            assert area["parent"] is None or area["parent"] in areas[:i], area
        for g in p["groups"]:
            assert g.get("parent") in groups | {None}
            assert g.get("area") in set(areas) | {None}
            for m in g.get("members", []):
                assert m.get("organisation") in orgs | {None}


def _choices(model, name):
    return {value for value, _ in model._meta.get_field(name).choices}


def _walk(themes):
    for t in themes:
        yield t
        yield from _walk(t.get("children", []))


def test_seed_data_fits_the_models():
    """Names and codes unique, choices the models know, group trees without cycles, cross-links that resolve."""
    import re
    from collections import Counter

    def unique(values):
        values = [v for v in values if v]
        return [v for v, n in Counter(values).items() if n > 1]

    assert len({p["slug"] for p in PARTNERSHIPS}) == len(PARTNERSHIPS)
    for p in PARTNERSHIPS:
        themes = list(_walk(p["themes"]))
        outcomes = [o for t in themes for o in t.get("outcomes", [])]
        for items, key in [(p["organisations"], "name"), (p["areas"], "name"), (p["areas"], "gss_code"),
                           (p["groups"], "name"), (p["area_sets"], "name"), (p["population_groups"], "name"),
                           (themes, "code"), (outcomes, "code")]:
            assert not unique(i[key] for i in items), (p["slug"], key)
        assert {o["sector"] for o in p["organisations"]} <= _choices(Organisation, "sector")
        assert {a["area_type"] for a in p["areas"]} <= _choices(Area, "area_type")
        assert all(re.fullmatch(r"[EWSNK]\d{8}", a["gss_code"]) for a in p["areas"] if a["gss_code"])
        assert {g["kind"] for g in p["groups"]} <= _choices(Group, "kind")
        assert {m.get("role", "member") for g in p["groups"] for m in g.get("members", [])} <= _choices(
            GroupMember, "role")
        assert all(g.get("area") for g in p["groups"] if g["kind"] == "area_board")
        parents = {g["name"]: g.get("parent") for g in p["groups"]}
        for name in parents:
            seen = set()
            while name is not None:
                assert name not in seen, f"{p['slug']}: a cycle through {name!r}"
                seen.add(name)
                name = parents[name]
        for model, items, keys in [(Theme, themes, ("code", "name")), (Outcome, outcomes, ("code", "title")),
                                   (Group, p["groups"], ("name",))]:
            for key in keys:
                assert all(0 < len(i[key]) <= model._meta.get_field(key).max_length for i in items), key
        codes = {t["code"] for t in themes}
        assert all(set(o.get("contributes_to") or []) <= codes for o in outcomes)


def test_placeboard_demo_command(tmp_path):
    """`placeboard demo --no-serve` migrates, loads, and prints the logins; a rerun duplicates nothing."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    command = [sys.executable, "-m", "placeboard.cli", "demo", "--data-dir", str(tmp_path), "--no-serve"]
    first = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    assert "officer" in first.stdout and "Performance officer" in first.stdout
    assert (tmp_path / "placeboard.sqlite3").exists()
    second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr
    assert second.stdout == first.stdout
