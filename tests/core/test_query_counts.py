"""Pages run a fixed number of queries whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placeboard.core import audit
from placeboard.core.framework import KINDS
from placeboard.core.models import (
    Area,
    AreaSet,
    Group,
    GroupMember,
    Organisation,
    Outcome,
    PopulationGroup,
    Theme,
)


def grow(partnership, n):
    """Add n of every kind of framework object, with relations and nesting."""
    tag = f"{n}-{Organisation.objects.count()}"
    org = Organisation.objects.get(name="Testshire Council")
    root_area = Area.objects.get(name="Testshire")
    root_theme = Theme.objects.get(code="1")
    group = Group.objects.get(name="Partnership Board")
    Organisation.objects.bulk_create(
        Organisation(partnership=partnership, name=f"Org {tag}-{i}", sector="voluntary") for i in range(n)
    )
    areas = Area.objects.bulk_create(
        Area(partnership=partnership, name=f"Ward {tag}-{i}", area_type="ward", parent=root_area) for i in range(n)
    )
    area_set = AreaSet.objects.create(partnership=partnership, name=f"Set {n}")
    area_set.areas.add(*areas)
    PopulationGroup.objects.bulk_create(PopulationGroup(partnership=partnership, name=f"Pop {tag}-{i}") for i in range(n))
    groups = Group.objects.bulk_create(
        Group(partnership=partnership, name=f"Group {tag}-{i}", kind="sub_group", parent=group) for i in range(n)
    )
    GroupMember.objects.bulk_create(GroupMember(group=g, organisation=org) for g in groups)
    themes = Theme.objects.bulk_create(
        Theme(partnership=partnership, code=f"9.{tag}.{i}", name=f"Theme {i}", parent=root_theme, group=group)
        for i in range(n)
    )
    outcomes = Outcome.objects.bulk_create(
        Outcome(partnership=partnership, theme=t, code=f"9.{tag}.{i}.1", title=f"Outcome {i}", lead_organisation=org)
        for i, t in enumerate(themes)
    )
    for outcome in outcomes[:20]:
        outcome.contributes_to.add(root_theme)
    for i in range(n):
        audit.record(None, "create", org)


def count_queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


PAGES = [("partnership_home", ()), ("audit_log", ())] + [("framework_list", (k.slug,)) for k in KINDS]


@pytest.mark.parametrize("page, args", PAGES, ids=lambda v: v if isinstance(v, str) else "-".join(v))
def test_query_count_does_not_grow_with_rows(as_user, partnership, page, args):
    client = as_user("officer")
    path = reverse(page, args=[partnership.slug, *args])
    grow(partnership, 10)
    small = count_queries(client, path)
    grow(partnership, 200)
    large = count_queries(client, path)
    assert small == large, f"{path}: {small} queries with 10 rows, {large} with 210"


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.slug)
def test_detail_query_count_does_not_grow(as_user, partnership, kind):
    client = as_user("officer")
    grow(partnership, 10)
    # The objects with the most related rows: the root area, board, theme 1 and the first organisation.
    targets = {
        "areas": Area.objects.get(name="Testshire"),
        "groups": Group.objects.get(name="Partnership Board"),
        "themes": Theme.objects.get(code="1"),
        "organisations": Organisation.objects.get(name="Testshire Council"),
        "area-sets": AreaSet.objects.get(name="Set 10"),
    }
    obj = targets.get(kind.slug) or kind.model.objects.filter(partnership=partnership).first()
    path = reverse("framework_detail", args=[partnership.slug, kind.slug, obj.pk])
    small = count_queries(client, path)
    grow(partnership, 200)
    large = count_queries(client, path)
    assert small == large
