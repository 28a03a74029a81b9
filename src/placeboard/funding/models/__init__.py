"""The funding app's models, one module per part of the domain: funding streams (`streams`),
participatory budgeting (`budgeting`) and community plans (`community_plans`).

Every model is imported here, which is how Django finds them and how the rest of the code imports them
(`from placeboard.funding.models import Bid`)."""

from placeboard.funding.models.budgeting import (
    PUBLIC_BIDS,
    Ballot,
    BallotChoice,
    BallotSource,
    Bid,
    BidAttachment,
    BudgetResult,
    BudgetRound,
    PendingBallot,
    ProjectPhoto,
    ProjectUpdate,
    StoredFile,
    Voter,
    VotingCode,
    new_salt,
)
from placeboard.funding.models.community_plans import CommunityPlan, PlanPriority
from placeboard.funding.models.streams import FundingAmount, FundingStream, validate_financial_year

__all__ = [
    "validate_financial_year",
    "FundingStream",
    "FundingAmount",
    "new_salt",
    "BudgetRound",
    "Bid",
    "ProjectUpdate",
    "PUBLIC_BIDS",
    "StoredFile",
    "BidAttachment",
    "ProjectPhoto",
    "Voter",
    "VotingCode",
    "BallotSource",
    "PendingBallot",
    "Ballot",
    "BallotChoice",
    "BudgetResult",
    "CommunityPlan",
    "PlanPriority",
]
