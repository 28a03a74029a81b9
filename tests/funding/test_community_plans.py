"""Community plans: who records them, bad input, and the share of areas with a current plan."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placeboard.core.models import Area, AuditEvent, Group, Role, Theme
from placeboard.funding import services
from placeboard.funding.models import CommunityPlan, PlanPriority
from placeboard.funding.plans import Coverage, coverage
from tests.conftest import make_user


def plan_data(**overrides):
    data = {"title": "North Community Plan", "status": "complete", "adopted_on": "2009-05-01", "review_by": "",
            "url": "", "priorities-TOTAL_FORMS": "2", "priorities-INITIAL_FORMS": "0",
            "priorities-MIN_NUM_FORMS": "0", "priorities-MAX_NUM_FORMS": "1000",
            "priorities-0-title": "", "priorities-0-theme": "", "priorities-1-title": "", "priorities-1-theme": ""}
    data.update(overrides)
    return data


@pytest.fixture
def areas(partnership):
    county = Area.objects.get(partnership=partnership, name="Testshire")
    north = Area.objects.get(partnership=partnership, name="North")
    extra = [Area.objects.create(partnership=partnership, name=f"Area {i}", area_type="community_area", parent=county)
             for i in range(19)]
    return [north, *extra]


def test_coverage_arithmetic():
    assert Coverage(17, 20).percent == 85 and Coverage(15, 18).percent == 83 and Coverage(1, 8).percent == 13
    assert Coverage(0, 0).percent is None and "no community areas" in Coverage(0, 0).sentence()
    assert Coverage(17, 20).sentence() == "17 of 20 community areas (85%) have a current community plan."
    today = date(2010, 1, 1)
    plans = [CommunityPlan(area_id=1, status="complete", adopted_on=date(2008, 1, 1)),
             CommunityPlan(area_id=2, status="complete", adopted_on=date(2008, 1, 1), review_by=date(2009, 12, 31)),
             CommunityPlan(area_id=3, status="consultation"),
             CommunityPlan(area_id=9, status="complete", adopted_on=date(2008, 1, 1))]  # not a community area
    assert coverage([1, 2, 3, 4], plans, today) == Coverage(1, 4)


def test_seed_000_share_on_the_page(client, partnership, personas, areas):
    for area in areas[:17]:
        CommunityPlan.objects.create(partnership=partnership, area=area, status="complete", adopted_on=date(2009, 1, 1))
    CommunityPlan.objects.create(partnership=partnership, area=areas[17], status="complete",
                                 adopted_on=date(2009, 1, 1), review_by=services.today() - timedelta(days=1))
    client.force_login(personas["viewer"])
    page = client.get(reverse("community_plan_list", args=[partnership.slug])).content.decode()
    assert "17 of 20 community areas (85%) have a current community plan." in page
    assert "(review overdue)" in page


@pytest.mark.parametrize("persona, status", [("officer", 200), ("manager", 200), ("other_manager", 403),
                                             ("viewer", 403), ("outsider", 404), ("anonymous", 302)])
def test_who_may_record_a_plan(as_user, partnership, personas, areas, persona, status):
    north_board = Group.objects.create(partnership=partnership, name="North Area Board", kind="area_board",
                                       area=areas[0])
    south_board = Group.objects.create(partnership=partnership, name="South Area Board", kind="area_board",
                                       area=areas[1])
    personas["manager"], personas["other_manager"] = make_user("m1"), make_user("m2")
    Role.objects.create(user=personas["manager"], partnership=partnership, kind="community_area_manager",
                        group=north_board)
    Role.objects.create(user=personas["other_manager"], partnership=partnership, kind="community_area_manager",
                        group=south_board)
    url = reverse("community_plan_edit", args=[partnership.slug, areas[0].pk])
    assert as_user(persona).get(url).status_code == status


def test_officer_records_a_plan_with_priorities_audited(as_user, partnership, areas):
    theme = Theme.objects.get(partnership=partnership, code="1")
    client = as_user("officer")
    url = reverse("community_plan_edit", args=[partnership.slug, areas[0].pk])
    response = client.post(url, plan_data(**{"priorities-0-title": "Safer streets", "priorities-0-theme": theme.pk}))
    assert response.status_code == 302
    plan = CommunityPlan.objects.get()
    assert plan.is_current(services.today()) and list(plan.priorities.values_list("title", "theme")) == [
        ("Safer streets", theme.pk)]
    assert AuditEvent.objects.filter(object_type="community plan", action="create").count() == 1
    assert AuditEvent.objects.filter(object_type="plan priority", action="create").count() == 1
    response = client.post(url, plan_data(status="consultation", adopted_on="", **{
        "priorities-INITIAL_FORMS": "1", "priorities-0-id": plan.priorities.get().pk, "priorities-0-plan": plan.pk,
        "priorities-0-title": "Safer streets", "priorities-0-theme": theme.pk, "priorities-0-DELETE": "on"}))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "consultation" and not PlanPriority.objects.exists()


@pytest.mark.parametrize("overrides, message", [
    ({"adopted_on": ""}, "Give the date a complete plan was completed."),
    ({"review_by": "2009-01-01"}, "The review date must be after the date the plan was completed."),
    ({"adopted_on": "yesterday"}, "Enter a valid date."),
    ({"status": "finished"}, "Select a valid choice."),
])
def test_bad_plans_are_refused(as_user, partnership, areas, overrides, message):
    response = as_user("officer").post(reverse("community_plan_edit", args=[partnership.slug, areas[0].pk]),
                                       plan_data(**overrides))
    assert response.status_code == 400 and message in response.content.decode()
    assert not CommunityPlan.objects.exists() and not AuditEvent.objects.exists()


def test_only_community_areas_have_plans(as_user, partnership):
    county = Area.objects.get(partnership=partnership, name="Testshire")
    assert as_user("officer").get(reverse("community_plan_edit", args=[partnership.slug, county.pk])).status_code == 404


def test_plan_list_queries_do_not_grow(as_user, partnership, areas):
    theme = Theme.objects.get(partnership=partnership, code="1")
    client = as_user("officer")
    counts = []
    for chunk in (areas[:2], areas[2:12]):
        for area in chunk:
            plan = CommunityPlan.objects.create(partnership=partnership, area=area, status="complete",
                                                adopted_on=date(2009, 1, 1))
            PlanPriority.objects.create(plan=plan, title="x", theme=theme)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("community_plan_list", args=[partnership.slug])).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1]
