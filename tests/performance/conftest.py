"""Indicators with real figures from the seeds, on the core test partnership."""

from decimal import Decimal

import pytest

from placeboard.core.models import Organisation, Outcome
from placeboard.performance.models import Indicator, Observation, Target
from placeboard.performance.periods import parse_period


def add_target(indicator, period, value=None, kind="target", **extra):
    t = Target(indicator=indicator, kind=kind, value=None if value is None else Decimal(value), **extra)
    t.set_period(parse_period(period))
    t.save()
    return t


def add_actual(indicator, period, value, **extra):
    o = Observation(indicator=indicator, value=None if value is None else Decimal(value), **extra)
    o.set_period(parse_period(period))
    o.save()
    return o


@pytest.fixture
def indicators(partnership):
    return build_indicators(partnership)


def build_indicators(partnership):
    """Seed 000's NI 072 and NI 092 (Wiltshire) and seed 003's rows 36 and 41 (Coventry)."""
    police = Organisation.objects.get(name="Testshire Police")
    council = Organisation.objects.get(name="Testshire Council")
    crime = Outcome.objects.get(code="1.1.1")
    jobs = Outcome.objects.get(code="2.1")
    ni72 = Indicator.objects.create(
        partnership=partnership, code="NI 072", title="Early Years Foundation Stage achievement",
        value_type="percentage", polarity="higher", decimal_places=1, collection_interval="academic_year",
        lead_organisation=council)
    ni72.outcomes.add(jobs)
    add_target(ni72, "AY 2009/10", "57.2")
    add_actual(ni72, "AY 2008/09", "57")
    add_actual(ni72, "AY 2009/10", "57.4", status="final")
    ni92 = Indicator.objects.create(
        partnership=partnership, code="NI 092", title="Narrowing the gap in the Early Years Foundation Stage",
        value_type="percentage", polarity="lower", decimal_places=1, collection_interval="academic_year",
        lead_organisation=council)
    ni92.outcomes.add(jobs)
    add_target(ni92, "AY 2009/10", "32.4")
    add_actual(ni92, "AY 2008/09", "31.4")
    add_actual(ni92, "AY 2009/10", "29.6")
    treatment = Indicator.objects.create(
        partnership=partnership, code="CYP 36", title="Under-18s in substance misuse treatment",
        value_type="count", polarity="higher", decimal_places=0, cumulative=True,
        collection_interval="financial_quarter", lead_organisation=police)
    treatment.outcomes.add(crime)
    add_target(treatment, "2006/07", "107")
    add_actual(treatment, "2006/07 Q1", "58")
    reregistrations = Indicator.objects.create(
        partnership=partnership, code="CYP 41", title="Re-registrations on the child protection register",
        value_type="percentage", polarity="lower", decimal_places=1, collection_interval="financial_quarter",
        lead_organisation=police)
    reregistrations.outcomes.add(crime)
    add_target(reregistrations, "2006/07", "13")
    add_actual(reregistrations, "2006/07 Q1", "26.8", note="Small numbers; reviewed by the safeguarding board.")
    return {"ni72": ni72, "ni92": ni92, "treatment": treatment, "reregistrations": reregistrations}
