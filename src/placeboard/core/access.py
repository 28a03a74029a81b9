"""Gatekeepers: the one place where Placeboard decides who may see and change what.

Every view and API call fetches protected objects through these functions.
The rules (docs/permissions.md):

- a performance officer (or a superuser) manages everything in the partnership;
- a data provider edits what their organisation leads;
- a theme lead edits what their group owns;
- a community area manager runs their area board (can_run_board);
- a viewer (a board member) reads everything in the partnership;
- anyone signed in without a role in a partnership gets "page not found" for it,
  so they cannot even learn which partnerships exist beyond the public pages;
- a visitor who is not signed in sees only the public pages.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from placeboard.core.models import Partnership, Role


@dataclass
class Access:
    partnership: Partnership
    user: object
    roles: list = field(default_factory=list)

    @property
    def is_superuser(self):
        return bool(self.user.is_superuser)

    @property
    def kinds(self):
        return {role.kind for role in self.roles}

    @property
    def can_manage(self):
        return self.is_superuser or Role.Kind.PERFORMANCE_OFFICER in self.kinds

    @property
    def organisation_ids(self):
        return {r.organisation_id for r in self.roles if r.kind == Role.Kind.DATA_PROVIDER}

    @property
    def group_ids(self):
        return {r.group_id for r in self.roles if r.kind == Role.Kind.THEME_LEAD}

    @property
    def managed_board_ids(self):
        """The area boards (groups) this person runs as community area manager."""
        return {r.group_id for r in self.roles if r.kind == Role.Kind.COMMUNITY_AREA_MANAGER}

    @property
    def managed_board_area_ids(self):
        """The community areas of the boards this person runs, from the roles already fetched."""
        return {r.group.area_id for r in self.roles
                if r.kind == Role.Kind.COMMUNITY_AREA_MANAGER and r.group.area_id is not None}

    def can_run_board(self, group_id):
        return self.can_manage or group_id in self.managed_board_ids

    @property
    def role_names(self):
        if self.is_superuser and not self.roles:
            return ["Administrator"]
        return [str(role) for role in self.roles]

    def can_change(self, obj):
        return self.can_manage or obj.editable_by(self)


def partnerships_for_user(user):
    """The partnerships a signed-in person may open."""
    if not user.is_authenticated:
        return Partnership.objects.none()
    if user.is_superuser:
        return Partnership.objects.all()
    return Partnership.objects.filter(roles__user=user).distinct()


def is_member(user, partnership):
    """Whether the person has a role in the partnership (or is a superuser), without fetching the roles."""
    return user.is_authenticated and (
        user.is_superuser or Role.objects.filter(user=user, partnership=partnership).exists())


def get_partnership_for_user(request, slug):
    """The partnership with this slug and the person's access to it, or 404.

    Views using this are behind login_required, so the user is signed in."""
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied("Sign in to see this partnership.")
    partnership = get_object_or_404(Partnership, slug=slug)
    roles = list(
        Role.objects.filter(user=user, partnership=partnership).select_related("organisation", "group")
    )
    if not roles and not user.is_superuser:
        raise Http404("No partnership found.")
    return Access(partnership=partnership, user=user, roles=roles)


def get_manager_access(request, slug):
    """Access for pages only a performance officer may use (403 for other roles)."""
    access = get_partnership_for_user(request, slug)
    if not access.can_manage:
        raise PermissionDenied("Only the partnership's performance officers can do this.")
    return access


def get_object_for_user(request, slug, queryset, pk, *, change=False):
    """An object of the partnership, checked for viewing or changing.

    Returns (access, obj). An object of another partnership is "not found";
    an object the person may see but not change is "forbidden"."""
    access = get_partnership_for_user(request, slug)
    obj = get_object_or_404(queryset, partnership=access.partnership, pk=pk)
    if change and not access.can_change(obj):
        raise PermissionDenied("You can see this but not change it.")
    return access, obj
