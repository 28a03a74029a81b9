"""The partnership, the base of everything it owns, the tree rule, and its organisations."""

from django.core.exceptions import ValidationError
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
    # Whether figures need approving before reports count them as approved and the public pages show them
    # (docs/approval.md); off, every figure is approved and published on entry.
    sign_off = models.BooleanField(
        "figures need sign-off", default=False, db_default=False,
        help_text="Figures are submitted by their providers, approved by the indicator's lead officer or a "
                  "performance officer, and published by a performance officer.")
    # The licence of the open data packages (docs/api.md, "Open data"): Open Definition identifiers, which the
    # Frictionless licence spec names them by; the opendata app knows each one's address.
    open_data_licence = models.CharField(
        "open data licence", max_length=20, default="OGL-UK-3.0", db_default="OGL-UK-3.0",
        choices=[("OGL-UK-3.0", "Open Government Licence v3.0"),
                 ("CC-BY-4.0", "Creative Commons Attribution 4.0"),
                 ("CC0-1.0", "Creative Commons CC0 1.0 (public domain)")],
        help_text="The licence under which the public figures, community issues and engagement activities are "
                  "published as open data.")
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
        from placeboard.core.framework import kind_for_model  # stays here: core.framework imports core.models

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
