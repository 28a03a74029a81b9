"""Framework detail pages through HTTP (issue 15.8): GOV.UK summary lists with links, never Python reprs, and an
outcome's indicators with their latest status and its actions, in a fixed number of queries."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placeboard.core.framework import KINDS
from placeboard.core.models import Area, AreaSet, Group, GroupMember, Organisation, Outcome, Theme
from placeboard.performance.models import Action, Indicator
from tests.performance.conftest import add_actual, add_target, build_indicators

# ('label', 'Theme'), <Theme: 1 Safer communities>, dict_items([...]): what a template prints for a Python object
REPR = re.compile(r"\('|<[A-Z]\w*: |dict_items|<bound method")


def detail(client, partnership, kind_slug, obj):
    response = client.get(reverse("framework_detail", args=[partnership.slug, kind_slug, obj.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def linked(partnership):
    """Every relation a detail page shows, filled in."""
    board = Group.objects.get(name="Partnership Board")
    safer = Group.objects.get(name="Safer Communities Group")
    north = Area.objects.get(name="North")
    safer.area = north
    safer.save()
    GroupMember.objects.create(group=board, organisation=Organisation.objects.get(name="Testshire Police"),
                               person_name="Chief Constable")
    outcome = Outcome.objects.get(code="1.1.1")
    outcome.group = safer
    outcome.save()
    outcome.contributes_to.add(Theme.objects.get(code="2"))
    return partnership


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.slug)
def test_no_python_reprs_on_any_detail_page(as_user, linked, kind):
    client = as_user("officer")
    for obj in kind.model.objects.filter(partnership=linked):
        body = html.unescape(detail(client, linked, kind.slug, obj))
        found = REPR.search(body)
        assert found is None, f"{kind.slug} {obj}: {body[found.start() - 80:found.end() + 80]}"
        assert 'class="govuk-summary-list"' in body


def test_relations_are_links_in_the_summary_list(as_user, linked):
    client = as_user("officer")
    outcome = Outcome.objects.get(code="1.1.1")
    body = detail(client, linked, "outcomes", outcome)
    for kind_slug, obj in [("themes", outcome.theme), ("organisations", outcome.lead_organisation),
                           ("groups", outcome.group), ("themes", Theme.objects.get(code="2"))]:
        href = reverse("framework_detail", args=[linked.slug, kind_slug, obj.pk])
        assert f'<a class="govuk-link" href="{href}">{html.escape(str(obj))}</a>' in body
    area_set = AreaSet.objects.get(name="Priority neighbourhoods")
    north = Area.objects.get(name="North")
    body = detail(client, linked, "area-sets", area_set)
    assert f'href="{reverse("framework_detail", args=[linked.slug, "areas", north.pk])}">North</a>' in body
    # A seat on a group links to the group.
    board = Group.objects.get(name="Partnership Board")
    body = detail(client, linked, "organisations", Organisation.objects.get(name="Testshire Police"))
    assert f'href="{reverse("framework_detail", args=[linked.slug, "groups", board.pk])}">Partnership Board: ' in body


def test_outcome_page_lists_its_indicators_with_latest_status_and_its_actions(as_user, partnership):
    found = build_indicators(partnership)
    jobs = Outcome.objects.get(code="2.1")
    action = Action.objects.create(partnership=partnership, outcome=jobs, ref="2.1.1", title="Jobs fair each spring",
                                   lead_organisation=Organisation.objects.get(name="Testshire Council"))
    body = detail(as_user("viewer"), partnership, "outcomes", jobs)
    for key in ("ni72", "ni92"):
        assert f'href="{reverse("indicator_detail", args=[partnership.slug, found[key].pk])}">' in body
    assert "CYP 36" not in body  # measures another outcome
    # NI 072: 57.4% against 57.2% (higher is better) is Green; NI 092: 29.6% against 32.4% (lower) is Green too.
    section = body[body.index('id="indicators"'):body.index('id="actions"')]
    assert section.count("govuk-tag--green") == 2 and "AY 2009/10" in section
    plan = reverse("action_plan", args=[partnership.slug, jobs.pk])
    assert f'href="{plan}#action-{action.pk}">2.1.1 Jobs fair each spring</a>' in body
    assert f'href="{plan}">Action plan for this outcome</a>' in body


def test_outcome_page_without_indicators_or_actions_says_so(as_user, partnership):
    body = detail(as_user("officer"), partnership, "outcomes", Outcome.objects.get(code="2.1"))
    assert "No indicators measure this outcome yet." in body
    assert "No actions agreed for this outcome yet." in body


def test_other_pages_have_no_indicator_section(as_user, partnership):
    body = detail(as_user("officer"), partnership, "themes", Theme.objects.get(code="2"))
    assert 'id="indicators"' not in body


def add_indicators(partnership, outcome, n):
    """n indicators on the outcome, each with a target, two actuals and an action."""
    start = Indicator.objects.count()
    for i in range(start, start + n):
        indicator = Indicator.objects.create(partnership=partnership, code=f"L {i:03}", title=f"Local measure {i}",
                                             value_type="count", polarity="higher", decimal_places=0,
                                             collection_interval="financial_year")
        indicator.outcomes.add(outcome)
        add_target(indicator, "2009/10", "100")
        add_actual(indicator, "2008/09", "80")
        add_actual(indicator, "2009/10", str(90 + i % 20))
        Action.objects.create(partnership=partnership, outcome=outcome, ref=f"A{i}", title=f"Action {i}")


def test_outcome_page_query_count_does_not_grow_with_indicators(as_user, partnership):
    client = as_user("officer")
    outcome = Outcome.objects.get(code="2.1")
    path = reverse("framework_detail", args=[partnership.slug, "outcomes", outcome.pk])
    counts = []
    for n in (3, 30):
        add_indicators(partnership, outcome, n)
        with CaptureQueriesContext(connection) as ctx:
            body = client.get(path).content.decode()
        counts.append(len(ctx.captured_queries))
    assert body.count("Local measure") == 33 and body.count("#action-") == 33
    assert counts[0] == counts[1], f"{counts[0]} queries with 3 indicators, {counts[1]} with 33"
