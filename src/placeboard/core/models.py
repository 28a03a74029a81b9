"""The partnership framework: partnerships, organisations, groups, themes,
outcomes, areas, population groups, people's roles and the audit log."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse


class Partnership(models.Model):
    slug = models.SlugField(unique=True, help_text="Used in web addresses, for example wiltshire.")
    name = models.CharField(max_length=200)
    place = models.CharField(max_length=200, help_text="The place the partnership serves.")
    theme_label = models.CharField(
        max_length=40,
        default="Theme",
        help_text="What this partnership calls a top-level theme, for example Ambition or Block.",
    )
    description = models.TextField(blank=True)
    default_tolerance_kind = models.CharField(
        "default tolerance for Amber",
        max_length=10,
        choices=[("relative", "Percent of the target"), ("absolute", "In the indicator's units")],
        default="relative",
    )
    default_tolerance_amount = models.DecimalField(
        max_digits=12,
        decimal_places=4,
        default=5,
        help_text="How far worse than target still counts as Amber, unless an indicator sets its own.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(default_tolerance_amount__gte=0), name="partnership_tolerance_not_negative"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnership_home", args=[self.slug])


class PartnershipOwned(models.Model):
    """Base for everything that belongs to one partnership."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE)

    class Meta:
        abstract = True

    def editable_by(self, access):
        """Whether someone other than a performance officer may change this."""
        return False

    def get_absolute_url(self):
        from placeboard.core.framework import kind_for_model

        kind = kind_for_model(type(self))
        return reverse("framework_detail", args=[self.partnership.slug, kind.slug, self.pk])


class TreeMixin:
    """Refuses a parent that would put the object inside itself."""

    def ancestors(self):
        seen = set()
        node = self.parent
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            yield node
            node = node.parent

    def clean_parent(self):
        if self.parent_id is None:
            return
        if self.parent.partnership_id != self.partnership_id:
            raise ValidationError({"parent": "Choose a parent from the same partnership."})
        if self.pk is not None and (
            self.parent_id == self.pk or any(a.pk == self.pk for a in self.parent.ancestors())
        ):
            raise ValidationError(
                {"parent": f"{self.parent} is inside {self}, so it cannot also be its parent."}
            )


class Organisation(PartnershipOwned):
    class Sector(models.TextChoices):
        PUBLIC = "public", "Public"
        PRIVATE = "private", "Private"
        VOLUNTARY = "voluntary", "Voluntary"
        COMMUNITY = "community", "Community"
        FAITH = "faith", "Faith"

    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True)
    sector = models.CharField(max_length=20, choices=Sector.choices)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="organisation_unique_name"),
        ]

    def __str__(self):
        return self.name

    def editable_by(self, access):
        return self.pk in access.organisation_ids


class Area(TreeMixin, PartnershipOwned):
    class AreaType(models.TextChoices):
        COUNTY = "county", "County"
        UNITARY = "unitary_authority", "Unitary authority"
        DISTRICT = "district", "District"
        CITY = "city", "City"
        COMMUNITY_AREA = "community_area", "Community area"
        WARD = "ward", "Ward"
        NEIGHBOURHOOD = "neighbourhood", "Neighbourhood"
        MSOA = "msoa", "Middle layer super output area"
        LSOA = "lsoa", "Lower layer super output area"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    gss_code = models.CharField(
        "GSS code",
        max_length=9,
        blank=True,
        validators=[
            RegexValidator(
                r"^[EWSNK]\d{8}$",
                "Enter an ONS GSS code: a letter E, W, S, N or K then 8 digits, like E06000054.",
            )
        ],
        help_text="The ONS Government Statistical Service code, for example E06000054. Leave blank if none.",
    )
    area_type = models.CharField(max_length=30, choices=AreaType.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="area_unique_name"),
            models.UniqueConstraint(
                fields=["partnership", "gss_code"],
                condition=~Q(gss_code=""),
                name="area_unique_gss_code",
                violation_error_message="Another area in this partnership already has this GSS code.",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.gss_code})" if self.gss_code else self.name

    def clean(self):
        self.clean_parent()


class AreaPostcode(models.Model):
    """A postcode lying in an area, in the normalised form of core.postcodes ("SN15 1ER").

    Lists are imported whole from CSV (core.postcodes); a participatory-budgeting round asks
    postcode_in_area whether a voter lives in its board's area."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="postcodes")
    postcode = models.CharField(max_length=8)  # the longest form, "SW1A 1AA", is 8 characters

    class Meta:
        ordering = ["postcode"]
        constraints = [
            models.UniqueConstraint(fields=["area", "postcode"], name="areapostcode_unique"),
        ]
        # Looking a voter's postcode up across an area and the areas within it goes by postcode first.
        indexes = [models.Index(fields=["postcode"], name="areapostcode_postcode")]

    def __str__(self):
        return self.postcode


class AreaSet(PartnershipOwned):
    name = models.CharField(max_length=200, help_text="For example, Priority neighbourhoods.")
    description = models.TextField(blank=True)
    areas = models.ManyToManyField(Area, related_name="area_sets", blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="areaset_unique_name"),
        ]

    def __str__(self):
        return self.name


class PopulationGroup(PartnershipOwned):
    name = models.CharField(max_length=200, help_text="For example, Older people.")
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="populationgroup_unique_name"),
        ]

    def __str__(self):
        return self.name


class Group(TreeMixin, PartnershipOwned):
    class Kind(models.TextChoices):
        BOARD = "board", "Board"
        OPERATIONS_GROUP = "operations_group", "Operations group"
        THEME_GROUP = "theme_group", "Theme group"
        SUB_GROUP = "sub_group", "Sub-group"
        AREA_BOARD = "area_board", "Area board"
        PARTNERSHIP = "partnership", "Partnership"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="The group this one reports to.",
    )
    area = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="groups",
        help_text="For an area board, the community area it serves.",
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="group_unique_name"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        self.clean_parent()
        if self.area_id and self.area.partnership_id != self.partnership_id:
            raise ValidationError({"area": "Choose an area from the same partnership."})
        if self.kind == self.Kind.AREA_BOARD and not self.area_id:
            raise ValidationError({"area": "Choose the community area this area board serves."})

    def editable_by(self, access):
        return self.pk in access.group_ids


class GroupMember(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        MEMBER = "member", "Member"
        ADVISER = "adviser", "Adviser"
        OFFICER = "officer", "Supporting officer"
        COMMUNITY_AREA_MANAGER = "community_area_manager", "Community area manager"

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="group_memberships"
    )
    person_name = models.CharField(
        max_length=200, blank=True, help_text="Leave blank when the seat is held by the organisation."
    )
    role = models.CharField(max_length=30, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        ordering = ["group", "role", "person_name"]

    def __str__(self):
        who = self.person_name or (self.organisation.name if self.organisation else "Vacant seat")
        if self.person_name and self.organisation_id:
            who = f"{self.person_name} ({self.organisation.name})"
        return f"{who}, {self.get_role_display()}"

    def clean(self):
        if not self.person_name and not self.organisation_id:
            raise ValidationError(
                {"organisation": "Choose an organisation or enter a person's name."}
            )
        if self.organisation_id and self.organisation.partnership_id != self.group.partnership_id:
            raise ValidationError({"organisation": "Choose an organisation from this partnership."})


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


class Role(models.Model):
    """A person's role in one partnership. A person may hold several."""

    class Kind(models.TextChoices):
        PERFORMANCE_OFFICER = "performance_officer", "Performance officer"
        DATA_PROVIDER = "data_provider", "Data provider"
        THEME_LEAD = "theme_lead", "Theme lead"
        VIEWER = "viewer", "Viewer (board member)"
        COMMUNITY_AREA_MANAGER = "community_area_manager", "Community area manager"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="placeboard_roles")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="roles",
        help_text="For a data provider: the organisation whose figures they enter.",
    )
    group = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.PROTECT, related_name="roles",
        help_text="For a theme lead: the group whose themes and outcomes they edit. "
                  "For a community area manager: the area board they run.",
    )

    class Meta:
        ordering = ["partnership", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "partnership", "kind", "organisation", "group"], name="role_unique"
            ),
            models.CheckConstraint(
                condition=~Q(kind="data_provider") | Q(organisation__isnull=False),
                name="role_data_provider_has_organisation",
            ),
            models.CheckConstraint(
                condition=~Q(kind="theme_lead") | Q(group__isnull=False),
                name="role_theme_lead_has_group",
            ),
            models.CheckConstraint(
                condition=~Q(kind="community_area_manager") | Q(group__isnull=False),
                name="role_area_manager_has_group",
            ),
        ]

    def __str__(self):
        scope = self.organisation or self.group
        return f"{self.get_kind_display()}" + (f" for {scope}" if scope else "")

    def clean(self):
        if self.kind == self.Kind.DATA_PROVIDER and not self.organisation_id:
            raise ValidationError({"organisation": "A data provider needs an organisation."})
        if self.kind == self.Kind.THEME_LEAD and not self.group_id:
            raise ValidationError({"group": "A theme lead needs a group."})
        if self.kind == self.Kind.COMMUNITY_AREA_MANAGER and not self.group_id:
            raise ValidationError({"group": "A community area manager needs the area board they run."})
        if self.kind == self.Kind.COMMUNITY_AREA_MANAGER and self.group_id and self.group.kind != "area_board":
            raise ValidationError({"group": "Choose an area board: a community area manager runs one."})


class AuditEvent(models.Model):
    """Who changed what, and when. Written by placeboard.core.audit."""

    class Action(models.TextChoices):
        CREATE = "create", "Created"
        UPDATE = "update", "Changed"
        DELETE = "delete", "Deleted"

    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_events"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.get_action_display()} {self.object_type} {self.object_repr}"
