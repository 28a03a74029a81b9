"""The joint forward plan of engagement and its clash thresholds."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from placeboard.core.models import Area, Organisation, Partnership, PartnershipOwned, PopulationGroup, Theme
from placeboard.engagement import clash as rules


class ClashSettings(models.Model):
    """A partnership's clash thresholds (docs/engagement.md); defaults when it has none."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="clash_settings")
    min_overlap_days = models.PositiveSmallIntegerField(
        "minimum overlapping days",
        default=1,
        help_text="Two activities clash only when they run at the same time for at least this many days.",
    )
    count_area_hierarchy = models.BooleanField(
        "an area includes the areas inside it",
        default=True,
        help_text="For example, a consultation across the county overlaps one in a community area within it.",
    )
    count_topic_hierarchy = models.BooleanField(
        "a theme includes its sub-themes",
        default=False,
        help_text="For example, a theme and one of its sub-themes count as the same topic.",
    )

    class Meta:
        verbose_name = "clash settings"
        verbose_name_plural = "clash settings"
        constraints = [
            models.CheckConstraint(condition=Q(min_overlap_days__gte=1), name="clash_min_overlap_at_least_one"),
        ]

    def __str__(self):
        return f"Clash settings of {self.partnership}"

    @classmethod
    def for_partnership(cls, partnership):
        found = cls.objects.filter(partnership=partnership).first()
        return found or cls(partnership=partnership)

    def thresholds(self):
        return rules.Thresholds(
            min_overlap_days=self.min_overlap_days,
            count_area_hierarchy=self.count_area_hierarchy,
            count_topic_hierarchy=self.count_topic_hierarchy,
        )


class EngagementActivity(PartnershipOwned):
    """A consultation or engagement activity on the joint forward plan."""

    class Method(models.TextChoices):
        SURVEY = "survey", "Survey"
        FOCUS_GROUP = "focus_group", "Focus group"
        PUBLIC_MEETING = "public_meeting", "Public meeting"
        ONLINE = "online", "Online consultation"
        EVENT = "event", "Event"
        WORKSHOP = "workshop", "Workshop"
        PANEL = "panel", "Citizens' panel"
        YOUTH_PARLIAMENT = "youth_parliament", "Youth parliament"
        DEBATE = "debate", "Debate"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        OPEN = "open", "Open for taking part"
        CLOSED = "closed", "Closed, results being analysed"
        REPORTED = "reported", "Results published"
        CANCELLED = "cancelled", "Cancelled"

    # Cancelled activities no longer take anyone's time, so they never clash.
    CLASHING_STATUSES = (Status.PLANNED, Status.OPEN)

    title = models.CharField(max_length=200)
    organiser = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="engagement_activities",
                                  help_text="The partner running the activity.")
    method = models.CharField(max_length=30, choices=Method.choices)
    description = models.TextField(blank=True, help_text="What the activity is about and what will be decided.")
    topics = models.ManyToManyField(Theme, blank=True, related_name="engagement_activities",
                                    help_text="The themes of the framework it is about.")
    areas = models.ManyToManyField(Area, blank=True, related_name="engagement_activities",
                                   help_text="Leave all unticked if it covers the whole place.")
    population_groups = models.ManyToManyField(PopulationGroup, blank=True, related_name="engagement_activities",
                                               verbose_name="target population groups")
    start_date = models.DateField()
    end_date = models.DateField(help_text="The same as the start date for a one-day event.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    how_to_take_part = models.TextField(blank=True, help_text="Where, how and who to contact. Shown on the public pages.")
    results = models.TextField(blank=True, help_text="Afterwards: what people told you.")
    you_said_we_did = models.TextField('"You said, we did"', blank=True,
                                       help_text="Afterwards: what the partners changed because of it.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start_date", "end_date", "title"]
        verbose_name = "engagement activity"
        verbose_name_plural = "engagement activities"
        constraints = [
            models.CheckConstraint(condition=Q(start_date__lte=F("end_date")), name="activity_starts_before_end",
                                   violation_error_message="The end date must be on or after the start date."),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("activity_detail", args=[self.partnership.slug, self.pk])

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date must be on or after the start date."})
        if self.organiser_id and self.organiser.partnership_id != self.partnership_id:
            raise ValidationError({"organiser": "Choose a partner of this partnership."})

    def editable_by(self, access):
        return self.organiser_id in access.organisation_ids

    @property
    def can_clash(self):
        return self.status in self.CLASHING_STATUSES
