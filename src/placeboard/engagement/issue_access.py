"""Who may handle a community issue (on top of placeboard.core.access)."""

from django.db.models import Q

from placeboard.engagement.planning import areas_within


def board_area_ids(access):
    """The areas of the boards this person runs, and every area inside them."""
    roots = access.managed_board_area_ids
    if not roots:
        return set()
    return areas_within(access.partnership, roots)


def can_handle(access, issue):
    """Officers; the holding partner's data providers; the manager of the area's board."""
    if access.can_manage or (issue.organisation_id and issue.organisation_id in access.organisation_ids):
        return True
    return issue.area_id in board_area_ids(access)


def mine_q(access):
    """Q: the issues that are this person's to handle as a partner or board manager (the queue's "mine"): held by
    their organisation, or in an area of a board they run."""
    return Q(organisation__in=access.organisation_ids) | Q(area__in=board_area_ids(access))
