"""Loads the seed papers' indicator figures (demo_indicators) into the demo partnerships.

Idempotent: indicators match on code, figures on indicator × kind × period."""

import re
from datetime import date
from decimal import Decimal

from django.db import transaction

from placeboard.core.models import Group, Organisation, Outcome, Partnership, Theme
from placeboard.performance.demo_actions import ACTION_PLANS, ROUND
from placeboard.performance.demo_indicators import INDICATORS
from placeboard.performance.models import (
    Action,
    Indicator,
    IndicatorTag,
    Observation,
    ReportingRound,
    Target,
    Task,
    TaskUpdate,
)
from placeboard.performance.periods import PeriodError, PeriodKind, parse_period, period_containing
from placeboard.performance.services import close_round

VALUE_TYPES = {
    "percentage": "percentage", "count": "count", "rate per 1,000": "rate_1000", "rate per 10,000": "rate_10000",
    "score": "score", "money": "money", "ratio": "ratio", "days": "days", "other": "other",
}
TAGS = {"designated": "LAA designated", "local": "LAA local", "mandatory": "LAA mandatory", "stretch": "Stretch"}
# Which organisation leads each demo partnership's indicators, and which of its
# outcomes they serve, where the seed papers say so.
LEADS = {"wiltshire": "Wiltshire Council", "coventry": "Coventry City Council"}
# Seed 000 reports its indicators under the outcome headings of its progress
# report; this is where each sits in the demo framework (core.demo_seed).
OUTCOMES = {
    "wiltshire": {
        "NI 004": "1a", "NI 007": "1c", "NI 006": "1c", "NI 001": "1d", "ESDTRA 1": "1b",
        "NI 110": "3.2a", "NI 072": "3.2a", "NI 073": "3.2a", "NI 075": "3.2a", "NI 087": "3.2a",
        "NI 092": "3.2a", "NI 093": "3.2a", "NI 094": "3.2a", "NI 099": "3.2a", "NI 100": "3.2a", "NI 101": "3.2a",
    },
}
# The period each paper reports on, for figures it says are not yet available.
REPORT_PERIODS = {"wiltshire": "2009/10 Q2"}
# Reporting rounds for the periods the papers' figures cover, so the dashboard has rounds to compare (issue 17):
# Wiltshire's progress report is of 2009/10 Q2 and prints 2008/09's out-turns; Coventry's spreadsheet prints
# out-turns to 2005/06 and the first half of 2006/07. The papers give no meeting dates: these are the end of
# the quarter after each period. They are closed, as rounds of 2006 and 2009 would be, with the figures as loaded
# (so "What I have to report" still opens on the latest figures' period). (name, period, reporting date)
FIGURE_ROUNDS = {
    "wiltshire": [("2008/09 out-turn report", "2008/09", "2009-06-30"),
                  ("Progress report, 2009/10 Q2", "2009/10 Q2", "2009-12-31")],
    "coventry": [("2005/06 out-turn report", "2005/06", "2006-06-30"),
                 ("Half-year report, 2006/07", "2006/07 H1", "2006-12-31")],
}


def _label(value, academic):
    """The seed's period text as Placeboard's canonical label.

    Seed 003 sets targets by financial-year column but, for school results,
    compares each column's target with the academic year that ended within
    that financial year (row 2: the 2005-6 target of 78 against 76 for the
    academic year 2004/05). Those targets are stored against that academic
    year, so the demo pairs figures as the paper does (docs/assessment.md).
    Results are always academic years."""
    label = value["period"]
    if re.fullmatch(r"\d{4}-\d{2}", label):  # the papers' rolling periods, e.g. 2001-03
        first, last = int(label[:4]), int(label[5:])
        label = f"{first}-{first // 100 * 100 + last + (100 if last < first % 100 else 0)}"
    elif academic and re.fullmatch(r"\d{4}/\d{2}", label):
        if value.get("period_type") == "academic" or value["kind"] == "actual":
            label = f"AY {label}"
        else:
            start = int(label[:4]) - 1
            label = f"AY {start}/{str(start + 1)[2:]}"
    return parse_period(label)


def _interval(periods):
    kinds = {p.kind for p in periods}
    for kind in (PeriodKind.FINANCIAL_QUARTER, PeriodKind.FINANCIAL_HALF):
        if kind in kinds:
            return PeriodKind.FINANCIAL_QUARTER
    for kind in (PeriodKind.ACADEMIC_YEAR, PeriodKind.ROLLING):
        if kind in kinds:
            return kind
    return PeriodKind.FINANCIAL_YEAR


def _outcome_for(partnership, heading):
    """The demo outcome an indicator serves: matched on the seed's heading words."""
    outcomes = list(Outcome.objects.filter(partnership=partnership))
    if heading:
        words = {w for w in re.findall(r"[a-z]{5,}", heading.lower())}
        scored = sorted(outcomes, key=lambda o: -len(words & set(re.findall(r"[a-z]{5,}", o.title.lower()))))
        if scored and words & set(re.findall(r"[a-z]{5,}", scored[0].title.lower())):
            return scored[0]
    return None


@transaction.atomic
def load_demo_indicators():
    loaded = 0
    for slug, rows in INDICATORS.items():
        partnership = Partnership.objects.filter(slug=slug).first()
        if partnership is None:
            continue
        lead = Organisation.objects.filter(partnership=partnership, name=LEADS.get(slug)).first()
        for row in rows:
            _load_indicator(partnership, slug, row, lead)
            loaded += 1
        for name, period, day in FIGURE_ROUNDS.get(slug, []):
            round_ = (ReportingRound.objects.filter(partnership=partnership, name=name).first()
                      or ReportingRound(partnership=partnership, name=name))
            round_.set_period(parse_period(period))
            round_.reporting_date = date.fromisoformat(day)
            round_.save()
            close_round(round_, None)  # changes nothing if it is closed already
    return loaded


def _load_indicator(partnership, slug, row, lead):
    """One seed row: the indicator, its tags and outcome, its baselines, targets and actuals."""
    values = [v for v in row["values"] if v.get("period")]
    academic = any(v.get("period_type") == "academic" for v in values)
    periods = {id(v): _label(v, academic) for v in values}
    indicator = _save_indicator(partnership, row, lead, _interval(periods.values()))
    outcome = _demo_outcome(partnership, slug, row)
    if outcome is not None:
        indicator.outcomes.add(outcome)
    published = row.get("published") or {}
    actuals = [v for v in values if v["kind"] == "actual"]
    latest = max(actuals, key=lambda v: periods[id(v)].sort_key) if actuals else None
    for v in values:
        if v["kind"] in ("baseline", "target"):
            _save_target(indicator, v, periods[id(v)])
        else:
            note = v.get("note") or ""
            if v is latest and published.get("comment"):
                note = published["comment"]
            _save_actual(indicator, row, v, periods[id(v)], note)
    report_period = expected_period(indicator, REPORT_PERIODS[slug]) if slug in REPORT_PERIODS else None
    if row.get("expected") and report_period and not any(
        periods[id(v)].label == report_period.label for v in actuals
    ):
        _save_expected(indicator, row, report_period, published)


# Where each partnership's figures were published, as a reader would cite it. The row of the seed paper each
# figure came from stays in the TOML files (source_row), as provenance, not on the pages.
PAPERS = {
    "wiltshire": "Wiltshire Strategic Partnership performance report, 2009/10 Q2",
    "coventry": "Coventry Community Plan spreadsheet: LAA simple view",
}


def _save_indicator(partnership, row, lead, interval):
    indicator, _ = Indicator.objects.update_or_create(
        partnership=partnership, code=row["code"],
        defaults={
            "title": row["title"][:400],
            "value_type": VALUE_TYPES.get(row["units"], "other"),
            # The papers' unit cells describe the measure ("Number of under 18s"); the value type says it.
            "units": "",
            "polarity": row["polarity"],
            "decimal_places": row.get("decimal_places", 1),
            "cumulative": row.get("cumulative", False),
            "collection_interval": interval.value,
            "lead_organisation": lead,
            "data_source": PAPERS.get(partnership.slug, ""),
            "definition": row.get("definition", ""),
        },
    )
    indicator.tags.set([
        IndicatorTag.objects.get_or_create(partnership=partnership, name=TAGS.get(t, t))[0]
        for t in row.get("tags", [])
    ])
    return indicator


def _demo_outcome(partnership, slug, row):
    """The outcome the indicator serves: as mapped, else by the seed's heading, else the first theme's first."""
    mapped = OUTCOMES.get(slug, {}).get(row["code"])
    outcome = (Outcome.objects.filter(partnership=partnership, code=mapped).first() if mapped
               else _outcome_for(partnership, row.get("outcome_code")))
    if outcome is None:
        top = Theme.objects.filter(partnership=partnership, parent=None).order_by("code").first()
        outcome = Outcome.objects.filter(partnership=partnership, theme__parent=top).first() or \
            Outcome.objects.filter(partnership=partnership).order_by("code").first()
    return outcome


def _figure(v):
    return Decimal(v["value"]) if v.get("value") is not None else None


def _save_target(indicator, v, period):
    """A baseline or target: a number, else the paper's text, else to be set."""
    value = _figure(v)
    t = Target.objects.filter(indicator=indicator, kind=v["kind"], period=period.label).first() \
        or Target(indicator=indicator, kind=v["kind"])
    t.set_period(period)
    t.value = value
    t.text = "" if value is not None else (v.get("text") or "")[:300]
    t.to_be_set = value is None and not t.text
    t.note = v.get("note", "") or ""
    t.save()


def _save_actual(indicator, row, v, period, note):
    o = Observation.objects.filter(indicator=indicator, period=period.label, area=None,
                                   population_group=None).first() or Observation(indicator=indicator)
    o.set_period(period)
    o.value = _figure(v)
    o.status = v.get("status") or "final"
    o.note = note
    o.source = PAPERS.get(indicator.partnership.slug, "")
    o.save()


def expected_period(indicator, label):
    """The period of the indicator's own kind for a note about `label`: the quarter itself for an in-year
    indicator, else the year (of the indicator's kind) that the quarter ends in.

    A paper reporting on 2009/10 Q2 says an annual indicator's figure is "available Q4": that is the
    2009/10 figure, and an annual indicator has no quarters (an import of the export would refuse one)."""
    try:
        return indicator.parse_period_for_actuals(label)
    except PeriodError:
        return period_containing(indicator.period_kind, parse_period(label).end)


def _save_expected(indicator, row, period, published):
    """Not yet available for the period the paper reports on: say when it is expected."""
    o = Observation.objects.filter(indicator=indicator, period=period.label, area=None,
                                   population_group=None).first() or Observation(indicator=indicator)
    o.set_period(period)
    o.value, o.status, o.expected = None, "provisional", row["expected"][:200]
    o.note = published.get("comment", "") or ""
    o.save()


@transaction.atomic
def load_demo_action_plans():
    """Seed 004's action plans and its September 2008 round, with every task's update."""
    partnership = Partnership.objects.filter(slug=ROUND["partnership"]).first()
    if partnership is None:
        return None
    round_ = (ReportingRound.objects.filter(partnership=partnership, name=ROUND["name"]).first()
              or ReportingRound(partnership=partnership, name=ROUND["name"]))
    round_.set_period(parse_period(ROUND["period"]))
    round_.reporting_date = date.fromisoformat(ROUND["reporting_date"])
    round_.save()
    round_.groups.set(Group.objects.filter(partnership=partnership, name__in=ROUND["groups"]))
    for plan in ACTION_PLANS:
        outcome = Outcome.objects.get(partnership=partnership, code=plan["outcome"])
        action, _ = Action.objects.update_or_create(
            partnership=partnership, outcome=outcome, title=plan["action"], defaults={"contact": plan["contact"]})
        for ref, title, target, position, status, improvement in plan["tasks"]:
            task, _ = Task.objects.update_or_create(action=action, title=title, defaults={"ref": ref, "target": target})
            TaskUpdate.objects.update_or_create(round=round_, task=task, defaults={
                "position": position, "status": status, "planned_improvement": improvement})
    return round_
