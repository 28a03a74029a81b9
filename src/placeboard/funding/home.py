"""What the partnership home page shows a community area manager about participatory budgeting (issue 15.14):
the open budget rounds of the boards they run. Registered with core.panels.home_sections from
FundingConfig.ready(), beside the board's meetings and issues (engagement.home)."""

from placeboard.funding import services
from placeboard.funding.models import BudgetRound


def budget_rounds_section(access, partnership):
    """Rounds whose results are not yet published (not open yet, bids, eligibility, voting or counting), with
    the phase each is in today. Two queries however many rounds."""
    if not access.managed_board_ids:
        return None
    rounds = (BudgetRound.objects.filter(partnership=partnership, board__in=access.managed_board_ids,
                                         results_published_at=None)
              .select_related("board", "partnership").order_by("board__name", "voting_from", "pk"))
    day = services.today()
    return {
        "template": "funding/home/_budget_rounds.html",
        "order": 40,
        "rows": [(r, r.phase_label_on(day), r.phase_on(day) == "voting") for r in rounds],
    }
