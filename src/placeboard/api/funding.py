"""API endpoints: funding streams and participatory budgeting, read only, as the staff pages show them.

Everyone with a role in the partnership may read them, as on the pages (funding.views, funding.pb_views).
What a count found (votes, funded or not, why) leaves through here only once the results are published, as
the public page has it (funding.pb_public_views): never a count still being checked. Voters, voting codes and
ballots never leave at all, nor a bid's applicant or contact e-mail."""

from datetime import date, datetime
from decimal import Decimal

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from placeboard.api.common import ERRORS, Id, PageParams, Slug, page
from placeboard.api.schemas import number, page_of
from placeboard.core.access import get_partnership_for_user
from placeboard.funding import pb_services
from placeboard.funding.models import Bid, BudgetResult, BudgetRound, FundingStream

router = Router()


class FundingAmountOut(Schema):
    year: str
    capital: str | None
    revenue: str | None
    note: str


class FundingStreamOut(Schema):
    id: int
    name: str
    theme_id: int
    block: str
    arrangement: str
    pooling: str
    category: str
    previously_pooled: bool
    heading: str
    note: str
    position: int
    outcome_ids: list[int]
    amounts: list[FundingAmountOut]


FundingStreamPage = page_of(FundingStreamOut)


class BudgetRoundOut(Schema):
    id: int
    name: str
    description: str
    board_id: int
    board: str
    total_budget: str
    rule: str
    completion: str
    ballot_type: str
    max_projects: int | None
    voter_check: str
    paper_ballots_issued: int
    bids_open: date
    eligibility_from: date
    voting_from: date
    counting_from: date
    delivery_from: date
    phase: str
    phase_label: str
    results_published_at: datetime | None
    bid_count: int


BudgetRoundPage = page_of(BudgetRoundOut)


class BidOut(Schema):
    id: int
    title: str
    amount: str
    description: str
    area_id: int | None
    outcome_ids: list[int]
    attachment_url: str
    submitted_at: datetime
    eligibility: str
    eligibility_reason: str
    # What the published count found; null until the results are published.
    votes: int | None
    funded: bool | None
    explanation: str | None
    # Delivery of a funded project; null for any other bid.
    progress: str | None
    spent: str | None


class VoidedResultOut(Schema):
    published_at: datetime | None
    voided_at: datetime
    reason: str


class BudgetRoundDetailOut(BudgetRoundOut):
    voided: list[VoidedResultOut]
    bids: list[BidOut]


class ResultRowOut(Schema):
    bid_id: int
    title: str
    cost: str
    votes: int
    funded: bool
    explanation: str


class BallotSourcesOut(Schema):
    online: int
    paper: int
    code: int
    paper_issued: int
    codes_issued: int


class BudgetResultOut(Schema):
    round_id: int
    rule: str
    completion: str
    ballot_count: int
    budget: str
    spent: str
    left: str
    left_note: str
    fingerprint: str
    computed_at: datetime
    published_at: datetime
    sources: BallotSourcesOut | None
    other_rule_funded: list[str] | None
    rows: list[ResultRowOut]


@router.get("/partnerships/{slug}/funding-streams/", response={200: FundingStreamPage, **ERRORS}, tags=["funding"])
def funding_streams(request, slug: Slug, params: Query[PageParams]):
    """The money pooled or aligned behind the agreement (Annex 3), each stream with its block, the outcomes it
    serves and its capital and revenue for each financial year (empty where not given)."""
    access = get_partnership_for_user(request, slug)
    # As funding.report.streams_for fetches them for the page, as a queryset so it can be paged.
    queryset = (FundingStream.objects.filter(partnership=access.partnership).select_related("theme")
                .prefetch_related("amounts", "outcomes"))
    return page(request, queryset, _stream, "id", params)


def _stream(s):
    return {
        "id": s.pk, "name": s.name, "theme_id": s.theme_id, "block": s.theme.code, "arrangement": s.arrangement,
        "pooling": s.pooling, "category": s.category, "previously_pooled": s.previously_pooled,
        "heading": s.heading, "note": s.note, "position": s.position,
        "outcome_ids": sorted(o.pk for o in s.outcomes.all()),
        "amounts": [{"year": a.year, "capital": number(a.capital), "revenue": number(a.revenue), "note": a.note}
                    for a in s.amounts.all()],  # by year: FundingAmount's ordering
    }


def _round(r, day):
    return {
        "id": r.pk, "name": r.name, "description": r.description, "board_id": r.board_id, "board": r.board.name,
        "total_budget": number(r.total_budget), "rule": r.rule, "completion": r.completion,
        "ballot_type": r.ballot_type, "max_projects": r.max_projects, "voter_check": r.voter_check,
        "paper_ballots_issued": r.paper_ballots_issued, "bids_open": r.bids_open,
        "eligibility_from": r.eligibility_from, "voting_from": r.voting_from, "counting_from": r.counting_from,
        "delivery_from": r.delivery_from, "phase": r.phase_on(day), "phase_label": r.phase_label_on(day),
        "results_published_at": r.results_published_at, "bid_count": r.bid_count,
    }


def _rounds(access):
    return (BudgetRound.objects.filter(partnership=access.partnership).select_related("board")
            .with_counts())


@router.get("/partnerships/{slug}/budget-rounds/", response={200: BudgetRoundPage, **ERRORS}, tags=["funding"])
def budget_rounds(request, slug: Slug, params: Query[PageParams]):
    """Every participatory budgeting round of the partnership's area boards, drafts included (as the staff
    page lists them), oldest first, with the phase each is in today."""
    access = get_partnership_for_user(request, slug)
    day = pb_services.today()
    return page(request, _rounds(access), lambda r: _round(r, day), "bids_open", params)


def _bid(bid, published):
    counted = published and bid.funded is not None
    delivering = counted and bid.funded
    return {
        "id": bid.pk, "title": bid.title, "amount": number(bid.amount), "description": bid.description,
        "area_id": bid.area_id, "outcome_ids": sorted(o.pk for o in bid.outcomes.all()),
        "attachment_url": bid.attachment_url, "submitted_at": bid.submitted_at, "eligibility": bid.eligibility,
        "eligibility_reason": bid.eligibility_reason,
        "votes": bid.votes if counted else None, "funded": bid.funded if counted else None,
        "explanation": bid.explanation if counted else None,
        "progress": bid.progress if delivering else None, "spent": number(bid.spent) if delivering else None,
    }


@router.get("/partnerships/{slug}/budget-rounds/{pk}/", response={200: BudgetRoundDetailOut, **ERRORS},
            tags=["funding"])
def budget_round(request, slug: Slug, pk: Id):
    """One round with every bid, as the staff page shows them to everyone with a role in the partnership: each
    bid's votes, whether it was funded and why, and its delivery, only once the results are published (a count
    not yet published is not given here). Never a bid's applicant or contact e-mail, nor anything of voters
    or ballots."""
    access = get_partnership_for_user(request, slug)
    round_ = get_object_or_404(_rounds(access).prefetch_related(
        Prefetch("bids", Bid.objects.prefetch_related("outcomes").order_by("-funded", "-votes", "submitted_at", "pk"),
                 to_attr="listed"),
        Prefetch("results", BudgetResult.objects.filter(voided_at__isnull=False).order_by("voided_at", "pk"),
                 to_attr="voided")), pk=pk)
    return {**_round(round_, pb_services.today()),
            "voided": [{"published_at": v.published_at, "voided_at": v.voided_at, "reason": v.void_reason}
                       for v in round_.voided],
            "bids": [_bid(bid, round_.published) for bid in round_.listed]}


@router.get("/partnerships/{slug}/budget-rounds/{pk}/results/", response={200: BudgetResultOut, **ERRORS},
            tags=["funding"])
def budget_round_results(request, slug: Slug, pk: Id):
    """The published results, as the public page gives them: every project on the ballot with its cost, its
    votes, whether it was funded and why, the money left and where the ballots came from. 404 until they are
    published (and again once voided, until published anew): a count being checked is never given out."""
    access = get_partnership_for_user(request, slug)
    round_ = get_object_or_404(BudgetRound, partnership=access.partnership, pk=pk)
    result = pb_services.result_in_force(round_) if round_.published else None
    if result is None or result.published_at is None:
        raise HttpError(404, "This round's results are not published.")
    return {
        "round_id": round_.pk, "rule": result.rule, "completion": result.completion,
        "ballot_count": result.ballot_count, "budget": number(result.budget), "spent": number(result.spent),
        "left": number(result.left), "left_note": result.left_note, "fingerprint": result.fingerprint,
        "computed_at": result.computed_at, "published_at": result.published_at, "sources": result.sources,
        "other_rule_funded": result.other_rule_funded,
        "rows": [{"bid_id": row["bid"], "title": row["title"], "cost": number(Decimal(row["cost"])),
                  "votes": row["votes"], "funded": row["funded"], "explanation": row["explanation"]}
                 for row in result.rows],
    }
