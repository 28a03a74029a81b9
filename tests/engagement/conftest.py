import datetime

import pytest

from placeboard.core.models import Area, Organisation, PopulationGroup, Theme
from placeboard.engagement.models import EngagementActivity


def make_activity(partnership, title, start, end, *, organiser="Testshire Council", areas=(), topics=(), groups=(),
                  status="planned", method="survey", **extra):
    activity = EngagementActivity.objects.create(
        partnership=partnership, title=title, organiser=Organisation.objects.get(partnership=partnership,
                                                                                  name=organiser),
        method=method, start_date=start, end_date=end, status=status, **extra)
    activity.areas.set(Area.objects.filter(partnership=partnership, name__in=areas))
    activity.topics.set(Theme.objects.filter(partnership=partnership, code__in=topics))
    activity.population_groups.set(PopulationGroup.objects.filter(partnership=partnership, name__in=groups))
    return activity


@pytest.fixture
def plan(partnership):
    """Two activities that clash (same weeks, North inside Testshire, theme 1) and one that does not."""
    d = datetime.date
    survey = make_activity(partnership, "Place Survey", d(2009, 5, 1), d(2009, 6, 30), areas=["Testshire"],
                           topics=["1"], how_to_take_part="Fill in the form posted to you.")
    meeting = make_activity(partnership, "North safety meeting", d(2009, 6, 10), d(2009, 6, 10),
                            organiser="Testshire Police", areas=["North"], topics=["1"], method="public_meeting")
    jobs = make_activity(partnership, "Jobs fair", d(2009, 6, 1), d(2009, 6, 2), areas=["North"], topics=["2"],
                         method="event")
    return survey, meeting, jobs


@pytest.fixture
def routing(partnership):
    """Categories and rules: anti-social behaviour to the police, anything else to the council."""
    from placeboard.engagement.models import IssueCategory, RoutingRule

    asb = IssueCategory.objects.create(partnership=partnership, name="Anti-social behaviour")
    roads = IssueCategory.objects.create(partnership=partnership, name="Roads and pavements")
    police = Organisation.objects.get(partnership=partnership, name="Testshire Police")
    council = Organisation.objects.get(partnership=partnership, name="Testshire Council")
    RoutingRule.objects.create(partnership=partnership, category=asb, organisation=police)
    RoutingRule.objects.create(partnership=partnership, organisation=council)
    return asb, roads
