"""Areas (with their postcodes), named sets of areas, and population groups."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from placeboard.core.models.partnership import PartnershipOwned, TreeMixin


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
