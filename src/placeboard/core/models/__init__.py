"""The partnership framework: partnerships, organisations, groups, themes,
outcomes, areas, population groups, people's roles and the audit log.

One module per part: `partnership` (the partnership, what every owned object shares, and its
organisations), `places` (areas, their postcodes, area sets and population groups), `groups` (groups and
their members), `themes` (themes and outcomes), `roles` (people's roles) and `audit_log`. Every model is
imported here, which is how Django finds them and how the rest of the code imports them
(`from placeboard.core.models import Theme`)."""

from placeboard.core.models.audit_log import AuditEvent
from placeboard.core.models.groups import Group, GroupMember
from placeboard.core.models.partnership import Organisation, Partnership, PartnershipOwned, TreeMixin
from placeboard.core.models.places import Area, AreaPostcode, AreaSet, PopulationGroup
from placeboard.core.models.roles import Role
from placeboard.core.models.themes import THEME_LEVELS, Outcome, Theme, owned_by_groups, within_theme

__all__ = [
    "Partnership",
    "PartnershipOwned",
    "TreeMixin",
    "Organisation",
    "Area",
    "AreaPostcode",
    "AreaSet",
    "PopulationGroup",
    "Group",
    "GroupMember",
    "THEME_LEVELS",
    "within_theme",
    "owned_by_groups",
    "Theme",
    "Outcome",
    "Role",
    "AuditEvent",
]
