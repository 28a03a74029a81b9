"""What the partnership home page shows a community area manager (issue 15.14): each board they run, its next
meeting and the community issues waiting in its area. Registered with core.panels.home_sections from
EngagementConfig.ready(); the board's budget rounds come from funding.home."""

from dataclasses import dataclass, field

from django.utils import timezone

from placeboard.core.models import Area, Role
from placeboard.engagement import issue_rules
from placeboard.engagement.models import CommunityIssue, Meeting
from placeboard.engagement.planning import ancestors_of_ordered, within

ISSUES_SHOWN = 10  # the oldest few; the board's issues page has the rest


@dataclass
class Board:
    group: object
    next_meeting: object = None
    issues: list = field(default_factory=list)  # open, oldest first

    @property
    def overdue(self):
        return [issue for issue in self.issues if issue.is_overdue]  # the model's rule, as the board's page

    @property
    def shown(self):
        return self.issues[:ISSUES_SHOWN]


def boards_section(access, partnership):
    """A fixed number of queries however many boards, meetings and issues there are."""
    groups = sorted({r.group for r in access.roles if r.kind == Role.Kind.COMMUNITY_AREA_MANAGER}, key=str)
    if not groups:
        return None
    now = timezone.now()
    boards = {g.pk: Board(g) for g in groups}
    upcoming = (Meeting.objects.filter(board__in=list(boards), status=Meeting.Status.SCHEDULED,
                                       starts_at__gte=now).order_by("-starts_at"))
    for meeting in upcoming:  # latest first, so each board keeps its soonest
        boards[meeting.board_id].next_meeting = meeting
    ancestors = ancestors_of_ordered(Area, partnership)
    inside = {g.pk: within(ancestors, {g.area_id}) for g in groups if g.area_id}
    issues = (CommunityIssue.objects.filter(partnership=partnership, confirmed_at__isnull=False,
                                            status__in=issue_rules.OPEN,
                                            area__in=set().union(*inside.values()))
              .select_related("area", "organisation").order_by("confirmed_at", "pk"))
    for issue in issues:
        for pk, areas in inside.items():
            if issue.area_id in areas:
                boards[pk].issues.append(issue)
    return {"template": "engagement/home/_boards.html", "order": 30, "boards": list(boards.values()),
            "now": now}
