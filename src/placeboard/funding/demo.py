"""The demo data of this app, loaded idempotently after the frameworks and indicators."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from placeboard.core.models import Area, Group, Outcome, Partnership, Theme
from placeboard.funding import pb_services
from placeboard.funding.annex3 import OUTCOMES, STREAMS, YEAR
from placeboard.funding.models import (
    Bid,
    BidAttachment,
    BudgetResult,
    BudgetRound,
    CommunityPlan,
    FundingAmount,
    FundingStream,
    PendingBallot,
    PlanPriority,
    ProjectUpdate,
)


def load_annex3(partnership):
    """Seed 003's Annex 3 streams and 2007/08 amounts, keyed by (block, part, name). Needs themes CYP, SSC, HCOP, EED."""
    themes = {t.code: t for t in Theme.objects.filter(partnership=partnership, code__in={s[1] for s in STREAMS})}
    outcomes = {o.code: o for o in Outcome.objects.filter(partnership=partnership)}
    for position, (part, block, heading, name, previously, capital, revenue, note, line) in enumerate(STREAMS):
        stream, _ = FundingStream.objects.update_or_create(
            partnership=partnership, theme=themes[block], name=name,
            arrangement="aligned" if part == "aligned" else "pooled",
            pooling="" if part == "aligned" else part,
            defaults={"previously_pooled": previously, "heading": heading, "position": position,
                      # The seed's line stays in STREAMS; people see where the figures are published.
                      "note": "Annex 3 of the Local Area Agreement 2007/08."})
        FundingAmount.objects.update_or_create(stream=stream, year=YEAR, defaults={
            "capital": None if capital is None else Decimal(capital),
            "revenue": None if revenue is None else Decimal(revenue), "note": note})
        stream.outcomes.set([outcomes[c] for c in OUTCOMES.get(name, []) if c in outcomes])


@transaction.atomic
def load_demo():
    coventry = Partnership.objects.filter(slug="coventry").first()
    if coventry is not None:
        load_annex3(coventry)
    load_pb()
    load_plans()


# Participatory budgeting: a finished "You Decide" round and an open one for the Chippenham Area Board.
# The projects and votes are invented for the demo (seed 000 describes young people's groups bidding to
# area boards); the figures are chosen so the two rules fund different projects.

FINISHED = {
    "name": "Chippenham You Decide 2009", "total_budget": Decimal(10000), "rule": "equal_shares",
    "ballot_type": "approval", "max_projects": 3, "voter_check": "email", "paper_ballots_issued": 5,
    "description": "The area board's community grants for 2009/10, decided by residents.",
    "dates": ("2009-06-01", "2009-07-01", "2009-08-01", "2009-09-01", "2009-10-01"),
}
# (title, applicant, amount, outcome codes, eligible or reason)
FINISHED_BIDS = [
    ("Skate park repairs", "Chippenham Youth Forum", 4000, ["1e"], ""),
    ("Youth club evening sessions", "Chippenham Youth Forum", 3000, ["1e", "3.2.4"], ""),
    ("Monkton Park benches and bins", "Friends of Monkton Park", 3000, ["1d"], ""),
    ("Lowden community garden", "Lowden Residents' Association", 2500, ["1d"], ""),
    ("Lunch club minibus", "Chippenham Older People's Forum", 2500, ["3.1.7"], ""),
    ("Resurfacing a private driveway", "A resident", 1500, [], "Benefits one household, not the community."),
]
# 12 voters choose the three youth and park projects, 8 the garden and the minibus; 5 of the 20 on paper.
FINISHED_BALLOTS = [(["Skate park repairs", "Youth club evening sessions", "Monkton Park benches and bins"], 12),
                    (["Lowden community garden", "Lunch club minibus"], 8)]
OPEN = {
    "name": "Chippenham You Decide 2010", "total_budget": Decimal(8000), "rule": "greedy",
    "ballot_type": "within_budget", "max_projects": None, "voter_check": "email_postcode", "paper_ballots_issued": 0,
    "description": "Voting is open: choose projects costing no more than the budget in all.",
}
OPEN_BIDS = [
    ("Holiday activities for young carers", "Wiltshire Young Carers", 3500, ["1e"], ""),
    ("Defibrillator for the town hall", "Chippenham Town Council", 1800, ["3.1.7"], ""),
    ("River Avon litter picks", "Chippenham Riverside Group", 1200, ["1d"], ""),
]


def _round(wiltshire, board, spec, dates):
    keys = BudgetRound.DATE_FIELDS
    values = {k: (date.fromisoformat(d) if isinstance(d, str) else d) for k, d in zip(keys, dates, strict=True)}
    terms = ["total_budget", "rule", "ballot_type", "max_projects", "description", "voter_check",
             "paper_ballots_issued"]
    round_, _ = BudgetRound.objects.update_or_create(partnership=wiltshire, board=board, name=spec["name"], defaults={
        **{k: spec[k] for k in terms}, **values})
    return round_


def _bids(round_, specs, area, outcomes):
    bids = {}
    for title, applicant, amount, codes, reason in specs:
        bid, _ = Bid.objects.update_or_create(round=round_, title=title, defaults={
            "applicant": applicant, "contact_email": "bids@example.org", "amount": Decimal(amount),
            "description": f"{title}, proposed by {applicant} (demo bid).", "area": area,
            "eligibility": "ineligible" if reason else "eligible",
            "eligibility_reason": reason or "Meets the area board's grant criteria."})
        bid.outcomes.set([outcomes[c] for c in codes if c in outcomes])
        bids[title] = bid
    return bids


def _quote(bid):
    """A small text file made here, so the demo shows a bid's attachment without committing a binary file."""
    content = (f"Quote for {bid.title} (demo)\n\nRamp resurfacing: £2,600\nNew coping and fixings: £900\n"
               f"Labour: £500\nTotal: £{bid.amount:,.0f}\n").encode()
    BidAttachment.objects.update_or_create(bid=bid, filename="skate-park-quote.txt", defaults={
        "content_type": "text/plain", "size": len(content), "content": content})


def load_pb():
    wiltshire = Partnership.objects.filter(slug="wiltshire").first()
    board = Group.objects.filter(partnership=wiltshire, name="Chippenham Area Board", kind="area_board").first()
    if board is None:
        return
    area = board.area or Area.objects.filter(partnership=wiltshire, name="Chippenham").first()
    outcomes = {o.code: o for o in Outcome.objects.filter(partnership=wiltshire)}
    finished = _round(wiltshire, board, FINISHED, FINISHED["dates"])
    bids = _bids(finished, FINISHED_BIDS, area, outcomes)
    if not finished.ballots.exists() and not finished.pending_ballots.exists():
        paper_left = finished.paper_ballots_issued
        for titles, count in FINISHED_BALLOTS:
            for _ in range(count):
                source = "paper" if paper_left > 0 else "online"
                paper_left -= 1
                PendingBallot.objects.create(round=finished, source=source,
                                             choices=sorted(bids[t].pk for t in titles))
    if not finished.published:
        pb_services.compute_results(None, finished, day=finished.counting_from)
        result = pb_services.publish_results(None, finished, day=finished.counting_from)
        # Counted and published when the story says, not when the demo was loaded.
        when = timezone.make_aware(datetime.combine(finished.counting_from + timedelta(days=2), time(10)))
        BudgetResult.objects.filter(pk=result.pk).update(computed_at=when, published_at=when)
        BudgetRound.objects.filter(pk=finished.pk).update(results_published_at=when)
    _quote(bids["Skate park repairs"])
    for bid in finished.bids.filter(funded=True):
        ProjectUpdate.objects.update_or_create(bid=bid, date=finished.delivery_from + timedelta(days=60), defaults={
            "note": "Work started; the applicant has sent receipts for the first half.", "progress": "in_progress",
            "spent": bid.amount / 2})
        bid.progress, bid.spent = "in_progress", bid.amount / 2
        bid.save(update_fields=["progress", "spent"])
    day = pb_services.today()
    open_round = _round(wiltshire, board, OPEN, (day - timedelta(days=42), day - timedelta(days=21),
                                                  day - timedelta(days=3), day + timedelta(days=18),
                                                  day + timedelta(days=46)))
    _bids(open_round, OPEN_BIDS, area, outcomes)


# Community plans for Wiltshire's 18 community areas. Seed 000 reports "85% of community plans complete"
# without naming them; which areas are incomplete, and the dates, are invented for the demo. 15 of the
# demo's 18 areas is 83%; the seed's 85% fits 17 of the 20 community areas seed 001 counts.
PLANS_NOT_COMPLETE = {"Tidworth": "in_preparation", "Southern Wiltshire": "in_preparation",
                      "Salisbury": "consultation"}
CHIPPENHAM_PRIORITIES = [("More for young people to do in the evenings", "1"),
                         ("Affordable homes for local families", "2"),
                         ("Safer routes to school", "5")]


def load_plans():
    wiltshire = Partnership.objects.filter(slug="wiltshire").first()
    if wiltshire is None:
        return
    themes = {t.code: t for t in Theme.objects.filter(partnership=wiltshire)}
    for index, area in enumerate(Area.objects.filter(partnership=wiltshire, area_type="community_area")
                                 .order_by("name")):
        status = PLANS_NOT_COMPLETE.get(area.name, "complete")
        plan, _ = CommunityPlan.objects.update_or_create(partnership=wiltshire, area=area, defaults={
            "title": f"{area.name} Community Plan", "status": status,
            "adopted_on": date(2008, 4 + index % 9, 1) if status == "complete" else None})
        if area.name == "Chippenham":
            for title, code in CHIPPENHAM_PRIORITIES:
                PlanPriority.objects.update_or_create(plan=plan, title=title, defaults={"theme": themes.get(code)})
