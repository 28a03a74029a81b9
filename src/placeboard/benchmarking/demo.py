"""The demo data of this app, loaded idempotently after the frameworks and indicators.

- Seed 000 says NI 004 (people who feel they can influence decisions) was 31.9% for Wiltshire in 2008/09,
  "6th highest out of 56 Unitary Councils", with a national result of 28.9%. The demo's "Unitary councils"
  group has the 56 English unitary authorities of 2009 (GSS codes E06000001 to E06000056); Wiltshire's
  value and the national figure are the seed's, the other 55 values are ILLUSTRATIVE, chosen so that five
  councils are above Wiltshire, as the seed says.
- For the gap panel, NI 075 (GCSE 5 A*-C) gets ILLUSTRATIVE figures for Wiltshire's priority
  neighbourhoods, below the county's published figure by a gap that narrows."""

from decimal import Decimal

from placeboard.benchmarking.models import BenchmarkValue, ComparatorGroup, is_national
from placeboard.core.models import AreaSet, Partnership
from placeboard.performance.models import Indicator, Observation
from placeboard.performance.periods import parse_period

UNITARY_COUNCILS = [
    "Hartlepool", "Middlesbrough", "Redcar and Cleveland", "Stockton-on-Tees", "Darlington", "Halton",
    "Warrington", "Blackburn with Darwen", "Blackpool", "Kingston upon Hull, City of", "East Riding of Yorkshire",
    "North East Lincolnshire", "North Lincolnshire", "York", "Derby", "Leicester", "Rutland", "Nottingham",
    "Herefordshire, County of", "Telford and Wrekin", "Stoke-on-Trent", "Bath and North East Somerset",
    "Bristol, City of", "North Somerset", "South Gloucestershire", "Plymouth", "Torbay", "Bournemouth", "Poole",
    "Swindon", "Peterborough", "Luton", "Southend-on-Sea", "Thurrock", "Medway", "Bracknell Forest",
    "West Berkshire", "Reading", "Slough", "Windsor and Maidenhead", "Wokingham", "Milton Keynes",
    "Brighton and Hove", "Portsmouth", "Southampton", "Isle of Wight", "County Durham", "Northumberland",
    "Cheshire East", "Cheshire West and Chester", "Shropshire", "Cornwall", "Isles of Scilly", "Wiltshire",
    "Bedford", "Central Bedfordshire",
]
ABOVE_WILTSHIRE = {"Rutland": "36.1", "Isles of Scilly": "34.5", "Windsor and Maidenhead": "33.8",
                   "Wokingham": "33.0", "Herefordshire, County of": "32.4"}


def _benchmark_rows():
    rows = []
    for n, name in enumerate(UNITARY_COUNCILS, start=1):
        if name == "Wiltshire":
            value = Decimal("31.9")  # seed 000
        elif name in ABOVE_WILTSHIRE:
            value = Decimal(ABOVE_WILTSHIRE[name])
        else:
            value = Decimal(22) + Decimal((n * 37) % 98) / 10  # illustrative: 22.0 to 31.7
        rows.append((name, f"E06{n:06d}", value))
    return rows


def load_demo():
    partnership = Partnership.objects.filter(slug="wiltshire").first()
    if partnership is None:
        return
    ni4 = Indicator.objects.filter(partnership=partnership, code="NI 004").first()
    if ni4 is not None:
        group, _ = ComparatorGroup.objects.get_or_create(
            partnership=partnership, name="Unitary councils",
            # Seed 000 gives the rank.
            defaults={"description": "The 56 English unitary councils of 2009. Wiltshire's progress report ranks "
                                     "it 6th highest of them for NI 004; the other councils' values in the demo "
                                     "are illustrative."})
        period = parse_period("2008/09")
        rows = _benchmark_rows() + [("England", "E92000001", Decimal("28.9"))]
        existing = set(BenchmarkValue.objects.filter(group=group, indicator=ni4, period=period.label)
                       .values_list("authority", flat=True))
        BenchmarkValue.objects.bulk_create(
            BenchmarkValue(group=group, indicator=ni4, period=period.label, period_start=period.start,
                           authority=name, gss_code=code, value=value, is_national=is_national(name, code))
            for name, code, value in rows if name not in existing)
    ni75 = Indicator.objects.filter(partnership=partnership, code="NI 075").first()
    priority = AreaSet.objects.filter(partnership=partnership, name="Priority neighbourhoods").first()
    if ni75 is None or priority is None:
        return
    headline = [o for o in Observation.objects.filter(indicator=ni75, area=None, population_group=None,
                                                      value__isnull=False)
                if o.period_obj().kind.value in ("financial_year", "academic_year")]
    areas = list(priority.areas.order_by("name"))
    for step, whole in enumerate(sorted(headline, key=lambda o: o.period_start)):
        gap = Decimal(14) - 3 * step  # illustrative: narrowing by 3 points a year
        for i, area in enumerate(areas):
            if Observation.objects.filter(indicator=ni75, period=whole.period, area=area,
                                          population_group=None).exists():
                continue
            value = max(Decimal(0), whole.value - gap + Decimal((i % 5) - 2))
            o = Observation(indicator=ni75, area=area, value=value, status="final",
                            note="Illustrative figure made up for the demo's gap panel.")
            o.set_period(whole.period_obj())
            o.save()
