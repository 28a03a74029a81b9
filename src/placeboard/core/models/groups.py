"""Groups (boards, operations and theme groups, area boards) and their members."""

from django.core.exceptions import ValidationError
from django.db import models

from placeboard.core.models.partnership import Organisation, PartnershipOwned, TreeMixin
from placeboard.core.models.places import Area


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
