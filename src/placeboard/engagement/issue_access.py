"""Who may handle a community issue (on top of placeboard.core.access)."""

from placeboard.core.models import Area, Group


def board_area_ids(access):
    """The areas of the boards this person runs, and every area inside them."""
    if not access.managed_board_ids:
        return set()
    roots = set(Group.objects.filter(pk__in=access.managed_board_ids).values_list("area_id", flat=True))
    parents = dict(Area.objects.filter(partnership=access.partnership).values_list("pk", "parent_id"))
    result = set()
    for pk in parents:
        node, seen = pk, set()
        while node is not None and node not in seen:
            if node in roots:
                result.add(pk)
                break
            seen.add(node)
            node = parents.get(node)
    return result


def can_handle(access, issue):
    """Officers; the holding partner's data providers; the manager of the area's board."""
    if access.can_manage or (issue.organisation_id and issue.organisation_id in access.organisation_ids):
        return True
    return issue.area_id in board_area_ids(access)
