"""Loads the demo partnerships (built from the seed papers) and demo logins.

Loading is idempotent: objects are matched by their natural keys (slug, name,
code), so running it again updates in place and never duplicates."""

import json
import secrets

from django.contrib.auth import get_user_model
from django.db import transaction

from placeboard.core import audit
from placeboard.core.demo_seed import PARTNERSHIPS
from placeboard.core.models import (
    Area,
    AreaPostcode,
    AreaSet,
    Group,
    GroupMember,
    Organisation,
    Outcome,
    Partnership,
    PopulationGroup,
    Role,
    Theme,
)


def _upsert(model, lookup, defaults):
    obj, created = model.objects.update_or_create(**lookup, defaults=defaults)
    if created:
        audit.record(None, "create", obj)
    return obj


# Postcode lists of demo areas, for checking participatory-budgeting voters (core.postcodes).
# Invented for the demo: well-formed postcodes in Chippenham's SN14 and SN15 districts, not a real list
# of the community area's postcodes (that would come from the ONS Postcode Directory).
DEMO_POSTCODES = {
    "wiltshire": {
        "Chippenham": [
            "SN15 1ER", "SN15 1EF", "SN15 1HL", "SN15 1JW", "SN15 1NQ", "SN15 2AB", "SN15 2BT", "SN15 2HD",
            "SN15 3AD", "SN15 3BW", "SN15 3HR", "SN15 3PL", "SN15 3QZ", "SN15 3XB",
            "SN14 0AE", "SN14 0BD", "SN14 0HT", "SN14 6AF", "SN14 6LH", "SN14 6QR",
        ],
    },
}


def _add_postcodes(area, postcodes):
    """Add the postcodes the area does not list yet, so loading again changes nothing and keeps imported ones."""
    existing = set(area.postcodes.values_list("postcode", flat=True))
    missing = [p for p in postcodes if p not in existing]
    if missing:
        AreaPostcode.objects.bulk_create(AreaPostcode(area=area, postcode=p) for p in missing)
        audit.record(None, "update", area, {"postcodes": [str(len(existing)), str(len(existing) + len(missing))]})


@transaction.atomic
def load_demo_data():
    """Create or update every demo partnership. Returns the partnerships."""
    loaded = []
    for data in PARTNERSHIPS:
        p = _upsert(
            Partnership,
            {"slug": data["slug"]},
            {
                "name": data["name"],
                "place": data["place"],
                "theme_label": data.get("theme_label", "Theme"),
                "description": data.get("description", ""),
            },
        )
        orgs = _load_organisations(p, data.get("organisations", []))
        areas = _load_areas(p, data.get("areas", []))
        for name, postcodes in DEMO_POSTCODES.get(data["slug"], {}).items():
            _add_postcodes(areas[name], postcodes)
        _load_area_sets(p, data.get("area_sets", []), areas)
        for g in data.get("population_groups", []):
            _upsert(PopulationGroup, {"partnership": p, "name": g["name"]}, {"description": g.get("description", "")})
        groups = _load_groups(p, data.get("groups", []), areas, orgs)
        # The cross-cutting matrix (seed 001) names themes loaded later, so it is linked once all are in.
        contributions = []
        _load_themes(p, data.get("themes", []), None, orgs, groups, contributions)
        themes_by_code = {t.code: t for t in Theme.objects.filter(partnership=p)}
        for outcome, codes in contributions:
            outcome.contributes_to.set([themes_by_code[c] for c in codes])
        loaded.append(p)
    return loaded


def _load_organisations(p, items):
    """The partners, by name."""
    return {
        o["name"]: _upsert(
            Organisation,
            {"partnership": p, "name": o["name"]},
            {"short_name": o.get("short_name", ""), "sector": o["sector"]},
        )
        for o in items
    }


def _load_areas(p, items):
    """The area tree, by name (parents are listed before children)."""
    areas = {}
    for a in items:
        areas[a["name"]] = _upsert(
            Area,
            {"partnership": p, "name": a["name"]},
            {
                "gss_code": a.get("gss_code", ""),
                "area_type": a["area_type"],
                "parent": areas[a["parent"]] if a.get("parent") else None,
            },
        )
    return areas


def _load_area_sets(p, items, areas):
    for s in items:
        area_set = _upsert(
            AreaSet, {"partnership": p, "name": s["name"]}, {"description": s.get("description", "")}
        )
        area_set.areas.set([areas[name] for name in s["areas"]])


def _load_groups(p, items, areas, orgs):
    """The groups with their members, by name; each is linked to the group it reports to once all are in."""
    groups = {}
    pending_parents = []
    for g in items:
        group = _upsert(
            Group,
            {"partnership": p, "name": g["name"]},
            {
                "kind": g["kind"],
                "description": g.get("description", ""),
                "area": areas[g["area"]] if g.get("area") else None,
            },
        )
        groups[g["name"]] = group
        pending_parents.append((group, g.get("parent")))
        for m in g.get("members", []):
            GroupMember.objects.get_or_create(
                group=group,
                organisation=orgs.get(m.get("organisation")),
                person_name=m.get("name", ""),
                role=m.get("role", "member"),
            )
    for group, parent in pending_parents:
        parent_obj = groups[parent] if parent else None
        if group.parent_id != (parent_obj.pk if parent_obj else None):
            group.parent = parent_obj
            group.save(update_fields=["parent"])
    return groups


def _load_themes(p, items, parent, orgs, groups, contributions):
    """The theme tree under `parent` with each theme's outcomes; the themes each outcome contributes to are
    added to `contributions` as (outcome, theme codes), to be linked once every theme is in."""
    for t in items:
        theme = _upsert(
            Theme,
            {"partnership": p, "code": t["code"]},
            {
                "name": t["name"],
                "description": t.get("description", ""),
                "parent": parent,
                "group": groups[t["group"]] if t.get("group") else None,
            },
        )
        for o in t.get("outcomes", []):
            outcome = _upsert(
                Outcome,
                {"partnership": p, "code": o["code"]},
                {
                    "theme": theme,
                    "title": o["title"],
                    "description": o.get("description", ""),
                    "lead_organisation": orgs[o["lead_organisation"]] if o.get("lead_organisation") else None,
                    "group": groups[o["group"]] if o.get("group") else None,
                },
            )
            if o.get("contributes_to"):
                contributions.append((outcome, o["contributes_to"]))
        _load_themes(p, t.get("children", []), theme, orgs, groups, contributions)


# Demo people: (username, full name, partnership slug, role kind, organisation or group name).
# The organisation and group names are looked up in the loaded demo data, taking
# the first one whose name starts with the given text.
DEMO_PEOPLE = [
    ("officer", "Pat Officer", "wiltshire", Role.Kind.PERFORMANCE_OFFICER, None),
    ("provider", "Dana Provider", "wiltshire", Role.Kind.DATA_PROVIDER, "Wiltshire Council"),
    ("themelead", "Theo Lead", "gloucester", Role.Kind.THEME_LEAD, "Stronger Communities"),
    ("board", "Bea Member", "wiltshire", Role.Kind.VIEWER, None),
    ("coventry", "Cal Officer", "coventry", Role.Kind.PERFORMANCE_OFFICER, None),
    ("areamanager", "Alex Manager", "wiltshire", Role.Kind.COMMUNITY_AREA_MANAGER, "Chippenham Area Board"),
]


@transaction.atomic
def ensure_demo_users(logins_file):
    """Create the demo logins once, with random passwords kept in the data directory."""
    User = get_user_model()
    logins = json.loads(logins_file.read_text()) if logins_file.exists() else {}
    rows = []
    admin_password = logins.setdefault("admin", secrets.token_urlsafe(9))
    admin, _ = User.objects.get_or_create(username="admin", defaults={"email": "admin@example.org"})
    admin.is_staff = admin.is_superuser = True
    admin.set_password(admin_password)
    admin.save()
    rows.append(("admin", admin_password, "Superuser: every partnership and the Django admin"))
    for username, full_name, slug, kind, scope in DEMO_PEOPLE:
        partnership = Partnership.objects.filter(slug=slug).first()
        if partnership is None:
            continue
        password = logins.setdefault(username, secrets.token_urlsafe(9))
        first, last = full_name.split(" ", 1)
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@example.org", "first_name": first, "last_name": last},
        )
        user.set_password(password)
        user.save()
        organisation = group = None
        if kind == Role.Kind.DATA_PROVIDER:
            organisation = Organisation.objects.filter(partnership=partnership, name__startswith=scope).first()
        if kind in (Role.Kind.THEME_LEAD, Role.Kind.COMMUNITY_AREA_MANAGER):
            group = Group.objects.filter(partnership=partnership, name__startswith=scope).first()
        if (kind == Role.Kind.DATA_PROVIDER and organisation is None) or (
            kind in (Role.Kind.THEME_LEAD, Role.Kind.COMMUNITY_AREA_MANAGER) and group is None
        ):
            continue
        role, _ = Role.objects.get_or_create(
            user=user, partnership=partnership, kind=kind, organisation=organisation, group=group
        )
        rows.append((username, password, f"{role} in {partnership.name}"))
    logins_file.parent.mkdir(parents=True, exist_ok=True)
    logins_file.write_text(json.dumps(logins, indent=2))
    logins_file.chmod(0o600)
    return rows
