"""People's roles in a partnership."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from placeboard.core.models.groups import Group
from placeboard.core.models.partnership import Organisation, Partnership


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
