"""Themes (a tree of ambitions or blocks) and their outcomes, and the queries that look down the tree."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from placeboard.core.models.groups import Group
from placeboard.core.models.partnership import Organisation, PartnershipOwned, TreeMixin

# How deep a query looks up the theme tree (ambition, theme, sub-theme), the same everywhere so that
# reports, rounds and reminders agree on what lies within a theme and what a group owns.
THEME_LEVELS = 3


def within_theme(theme, path="theme"):
    """Q: the object at `path` (a theme) is `theme` or lies under it."""
    q = Q()
    for level in range(THEME_LEVELS):
        q |= Q(**{path + "__parent" * level: theme})
    return q


def owned_by_groups(group_ids, path=""):
    """Q: the outcome at `path` ("" for an outcome, "outcomes__", "action__outcome__") belongs to one of the
    groups: the group owns it, or owns its theme or a theme it sits within."""
    q = Q(**{f"{path}group__in": group_ids})
    for level in range(THEME_LEVELS):
        q |= Q(**{f"{path}theme" + "__parent" * level + "__group__in": group_ids})
    return q


class Theme(TreeMixin, PartnershipOwned):
    code = models.CharField(max_length=20, help_text="For example 1, or 1.2 for a sub-theme.")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    group = models.ForeignKey(
        Group,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="themes",
        help_text="The group that owns this theme; its theme leads may edit it.",
    )
    # Every indicator under a public top-level theme is on the public performance site (docs/public-performance.md).
    public = models.BooleanField(
        "show on the public performance site", default=False, db_default=False,
        help_text="For a top-level theme: residents see every indicator under it (final figures only).",
    )

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "code"], name="theme_unique_code"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        self.clean_parent()
        if self.parent_id is not None:
            # Every theme query looks THEME_LEVELS deep (within_theme), so a deeper theme would vanish from
            # reports and reminders: refuse a parent that puts this theme, or a theme within it, deeper.
            ordinal = {1: "first", 2: "second", 3: "third", 4: "fourth"}
            limit = f"Themes go {'three' if THEME_LEVELS == 3 else THEME_LEVELS} levels deep"
            level = 2 + sum(1 for _ in self.parent.ancestors())
            if level > THEME_LEVELS:
                raise ValidationError({"parent": (
                    f"{limit}: {self.parent} is already at the {ordinal.get(level - 1, level - 1)} level, "
                    "so it cannot have sub-themes.")})
            below, layer = 0, [self.pk] if self.pk is not None else []
            while layer and level + below <= THEME_LEVELS:
                layer = list(Theme.objects.filter(parent__in=layer).values_list("pk", flat=True))
                below += bool(layer)
            if level + below > THEME_LEVELS:
                raise ValidationError({"parent": (
                    f"{limit}: under {self.parent}, {self} would be at the {ordinal[level]} level and the "
                    f"themes within it at the {ordinal.get(level + below, level + below)}. Choose a parent "
                    "higher up, or move the themes within it first.")})
        if self.group_id and self.group.partnership_id != self.partnership_id:
            raise ValidationError({"group": "Choose a group from the same partnership."})

    def owner_group_ids(self):
        """The groups owning this theme or any theme it sits within."""
        return {t.group_id for t in (self, *self.ancestors()) if t.group_id}

    def editable_by(self, access):
        return bool(self.owner_group_ids() & access.group_ids)


class Outcome(PartnershipOwned):
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="outcomes")
    code = models.CharField(max_length=20, help_text="For example 2.1.")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    lead_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="led_outcomes"
    )
    group = models.ForeignKey(
        Group,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outcomes",
        help_text="The group that owns this outcome's action plan.",
    )
    contributes_to = models.ManyToManyField(
        Theme,
        blank=True,
        related_name="contributing_outcomes",
        help_text="Other themes this outcome also contributes to (the cross-cutting matrix).",
    )

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "code"], name="outcome_unique_code"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def clean(self):
        for field in ("theme", "lead_organisation", "group"):
            related = getattr(self, field, None) if getattr(self, f"{field}_id") else None
            if related is not None and related.partnership_id != self.partnership_id:
                raise ValidationError({field: "Choose one from the same partnership."})

    def editable_by(self, access):
        return (
            self.lead_organisation_id in access.organisation_ids
            or self.group_id in access.group_ids
            or bool(self.theme.owner_group_ids() & access.group_ids)
        )
