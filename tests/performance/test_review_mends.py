"""Behaviour fixed in review: the indicator list filters by group as the reports do, a profile point or a
round close made twice at once is no server error and no second record, theme roots survive a loop, and the
dashboard counts an outcome under the group of the nearest theme that has one."""

import csv
import io
from decimal import Decimal
from types import SimpleNamespace

from django.urls import reverse

from placeboard.core.models import AuditEvent, Group, Outcome, Theme
from placeboard.performance import services
from placeboard.performance.models import Indicator, ProfilePoint, ReportingRound, RoundFigure, ValueChange
from placeboard.performance.periods import parse_period
from placeboard.performance.reporting import theme_root
from tests.performance.conftest import add_actual, add_target
from tests.performance.test_action_views import plan  # noqa: F401 (a fixture)
from tests.performance.test_conflicts import missed_first_look


def test_indicator_list_group_filter_includes_what_lies_under_the_groups_theme(as_user, partnership, indicators):
    """CYP 36's outcome (1.1.1) sits in theme 1.1, which has no group, under theme 1, the Safer Communities
    Group's: the reports' group filter finds it, and so now does the indicator list's."""
    safer = Group.objects.get(name="Safer Communities Group")
    body = as_user("officer").get(reverse("indicator_list", args=[partnership.slug]),
                                  {"group": safer.pk}).content.decode()
    assert "CYP 36" in body
    assert "NI 072" not in body  # economic growth: no group


def test_a_profile_point_saved_twice_or_at_once_is_one_row_and_one_change(partnership, indicators, personas,
                                                                          monkeypatch):
    t = indicators["treatment"]
    annual = t.targets.get(period="2006/07")
    q1, officer = parse_period("2006/07 Q1"), personas["officer"]
    services.set_profile_point(target=annual, period=q1, value=Decimal("25"), user=officer)
    services.set_profile_point(target=annual, period=q1, value=Decimal("25.000000"), user=officer)
    assert ValueChange.objects.filter(indicator=t, what="Profile").count() == 1  # the same again: no change
    missed_first_look(monkeypatch)  # as if another person's insert had not committed when this one looked
    services.set_profile_point(target=annual, period=q1, value=Decimal("30"), user=officer)
    monkeypatch.undo()
    assert ProfilePoint.objects.get(target=annual, period="2006/07 Q1").value == Decimal("30")
    assert ValueChange.objects.filter(indicator=t, what="Profile").count() == 2


def test_closing_a_round_someone_has_just_closed_changes_nothing(partnership, indicators, personas, plan):  # noqa: F811
    _, _, round_ = plan
    stale = ReportingRound.objects.get(pk=round_.pk)  # a second person's page, loaded before the first closed it
    t = indicators["treatment"]
    services.close_round(round_, personas["officer"])
    frozen = {(f.indicator_id, f.period): f.value for f in RoundFigure.objects.filter(round=round_)}
    closed_at = ReportingRound.objects.get(pk=round_.pk).closed_at
    t.observations.filter(period="2006/07 Q1").update(value=Decimal("60"))
    services.close_round(stale, personas["officer"])
    assert {(f.indicator_id, f.period): f.value for f in RoundFigure.objects.filter(round=round_)} == frozen
    assert ReportingRound.objects.get(pk=round_.pk).closed_at == closed_at == stale.closed_at
    assert AuditEvent.objects.filter(object_type="reporting round", changes__has_key="closed").count() == 1


def test_theme_root_ends_on_a_loop_of_parents():
    a = SimpleNamespace(pk=1, parent_id=2)
    b = SimpleNamespace(pk=2, parent_id=1)
    assert theme_root({1: a, 2: b}, 1) is b
    top = SimpleNamespace(pk=3, parent_id=None)
    assert theme_root({3: top, 4: SimpleNamespace(pk=4, parent_id=3)}, 4) is top


def test_dashboard_counts_an_outcome_under_every_group_above_it(as_user, partnership, indicators):
    """1.1.a has no group and 1.1 the Crime Group's; theme 1 is Safer Communities': both count it, as the indicator
    list's group filter lists it under both."""
    crime = Group.objects.create(partnership=partnership, name="Crime Group", kind="theme_group")
    middle = Theme.objects.get(code="1.1")
    middle.group = crime
    middle.save()
    deep = Theme.objects.create(partnership=partnership, code="1.1.a", name="Burglary", parent=middle)
    outcome = Outcome.objects.create(partnership=partnership, theme=deep, code="1.1.a.1", title="Safer homes")
    indicator = Indicator.objects.create(partnership=partnership, code="DEEP 1", title="Burglaries",
                                         value_type="count", polarity="lower", collection_interval="financial_year")
    indicator.outcomes.add(outcome)
    add_target(indicator, "2008/09", "100")
    add_actual(indicator, "2008/09", "90")
    top = Outcome.objects.create(partnership=partnership, theme=Theme.objects.get(code="1"), code="1.9",
                                 title="Safer streets")  # theme 1's own, under Safer Communities only
    streets = Indicator.objects.create(partnership=partnership, code="TOP 1", title="Street crime",
                                       value_type="count", polarity="lower", collection_interval="financial_year")
    streets.outcomes.add(top)
    body = as_user("officer").get(reverse("report", args=[partnership.slug, "dashboard"]),
                                  {"format": "csv"}).content.decode()
    by_group = {row[1]: row for row in csv.reader(io.StringIO(body)) if row[0] == "Indicators by group"}
    under_middle = Indicator.objects.filter(outcomes__theme__in=[middle, deep]).distinct().count()  # DEEP 1 too
    assert by_group["Crime Group"][-1] == str(under_middle)
    under_theme_1 = Indicator.objects.filter(outcomes__theme__code__startswith="1").distinct().count()
    assert by_group["Safer Communities Group"][-1] == str(under_theme_1) and under_theme_1 == under_middle + 1
