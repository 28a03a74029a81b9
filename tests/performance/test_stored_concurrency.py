"""Stored assessments when people write figures for the same indicator at the same moment, each in their own
transaction on their own connection (real threads, PostgreSQL: SQLite lets one writer in at a time).

Each write reassesses the indicator under its row lock (performance.stored.refresh_assessments), so the last to
take the lock sees every figure committed before it: whatever the interleaving, the stored rows end equal to a
fresh assessment."""

from decimal import Decimal

import pytest
from django.db import connection

from placeboard.performance import services
from placeboard.performance.models import Indicator
from placeboard.performance.periods import parse_period
from placeboard.performance.stored import deferred, differences
from tests.concurrency import at_once
from tests.conftest import make_user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"),
]


@pytest.mark.parametrize("rounds", range(3))
def test_simultaneous_figures_targets_and_settings_leave_the_store_equal_to_a_fresh_assessment(partnership, rounds):
    user = make_user(f"officer{rounds}")
    indicators = [Indicator.objects.create(partnership=partnership, code=f"C {rounds}.{n}", title="A quarterly count",
                                           value_type="count", polarity="higher",
                                           collection_interval="financial_quarter") for n in range(2)]
    for indicator in indicators:
        services.set_target(indicator=indicator, kind="target", period=parse_period("2009/10"), user=user,
                            value=Decimal(400))

    def figure(indicator, label, value):
        return lambda: services.record_observation(indicator=indicator, period=parse_period(label), user=user,
                                                   value=Decimal(value))

    def target(indicator, value):
        return lambda: services.set_target(indicator=indicator, kind="target", period=parse_period("2009/10"),
                                           user=user, value=Decimal(value))

    def tolerance(indicator):
        def job():
            fresh = Indicator.objects.get(pk=indicator.pk)
            fresh.tolerance_kind, fresh.tolerance_amount = "relative", Decimal(20)
            fresh.save()
        return job

    def both(value):
        # One person's return for both indicators, reassessed once at its end, in the other order.
        def job():
            with deferred():
                for indicator in reversed(indicators):
                    figure(indicator, "2009/10 Q4", value)()
        return job

    first, second = indicators
    outcomes = at_once([figure(first, "2009/10 Q1", 90), figure(first, "2009/10 Q2", 210),
                       figure(second, "2009/10 Q1", 50), target(first, 380), tolerance(first),
                       tolerance(second), both(300)])
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    assert list(differences(Indicator.objects.filter(pk__in=[i.pk for i in indicators]))) == []
