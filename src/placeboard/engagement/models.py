"""The joint forward plan of engagement and its clash thresholds."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from placeboard.core.models import Area, Organisation, Partnership, PartnershipOwned, PopulationGroup, Theme
from placeboard.engagement import clash as rules
from placeboard.engagement import issue_rules


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


class IssueCategory(PartnershipOwned):
    """What an issue is about, for routing: for example Highways, Anti-social behaviour."""

    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "issue categories"
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="issuecategory_unique_name")]

    def __str__(self):
        return self.name


class RoutingRule(PartnershipOwned):
    """Issues of this category in this area (or inside it) go to this organisation."""

    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                             help_text="Leave blank for any area.")
    category = models.ForeignKey(IssueCategory, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                                 help_text="Leave blank for any category.")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["category__name", "area__name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "area", "category"], name="routingrule_unique",
                                    nulls_distinct=False,
                                    violation_error_message="There is already a rule for this area and category."),
        ]

    def __str__(self):
        return f"{self.category or 'Any category'} in {self.area.name if self.area else 'any area'} → {self.organisation}"


class CommunityIssue(PartnershipOwned):
    """An issue raised by a resident or a board member (seed 000's community issue system)."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        ACCEPTED = "accepted", "Accepted"
        IN_PROGRESS = "in_progress", "In progress"
        REFERRED = "referred", "Referred to another partner"
        RESOLVED = "resolved", "Resolved"
        CLOSED_NOT_OURS = "closed_not_ours", "Closed: not our responsibility"
        CLOSED_DUPLICATE = "closed_duplicate", "Closed: a duplicate"

    title = models.CharField(max_length=150, help_text="A short summary, for example Pothole on Station Road.")
    description = models.TextField(help_text="What is wrong, where exactly, and since when.")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(IssueCategory, on_delete=models.PROTECT, related_name="issues")
    location = models.CharField(max_length=200, blank=True, help_text="A street, landmark or postcode.")
    reporter_name = models.CharField("your name", max_length=100)
    reporter_email = models.EmailField("your email address",
                                       help_text="We send a link to confirm the issue, then news of it. "
                                                 "We never show it on the site.")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="community_issues", verbose_name="held by")
    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    outcome = models.ForeignKey("core.Outcome", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.ForeignKey("performance.Action", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    confirm_token = models.CharField(max_length=64, unique=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(status="closed_duplicate") | Q(duplicate_of__isnull=False),
                                   name="issue_duplicate_names_original"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.title}"

    def get_absolute_url(self):
        return reverse("public_issue", args=[self.partnership.slug, self.pk])

    def editable_by(self, access):
        from placeboard.engagement.issue_access import can_handle  # cycle: issue_access → planning → models

        return can_handle(access, self)

    @property
    def is_open(self):
        return self.status in issue_rules.OPEN

    # An open issue is due to be dealt with four weeks after it went live (was confirmed), and overdue after that.
    # Issues have no due date of their own: this is the one rule every page marks them by (is_overdue, overdue_q).
    WEEKS_TO_DEAL_WITH = 4

    @property
    def due(self):
        if self.confirmed_at is None:
            return None
        return timezone.localdate(self.confirmed_at) + timedelta(weeks=self.WEEKS_TO_DEAL_WITH)

    @property
    def is_overdue(self):
        return self.is_open and self.due is not None and self.due < timezone.localdate()

    @classmethod
    def overdue_q(cls):
        """is_overdue as a filter: open, and confirmed before the start of the day its due date has passed."""
        today = timezone.localdate()
        cutoff = timezone.make_aware(datetime.combine(today - timedelta(weeks=cls.WEEKS_TO_DEAL_WITH), time.min))
        return Q(status__in=issue_rules.OPEN, confirmed_at__lt=cutoff)


class IssueUpdate(models.Model):
    """A change of an issue's status or holder, with an optional public message."""

    issue = models.ForeignKey(CommunityIssue, on_delete=models.CASCADE, related_name="updates")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+")
    old_status = models.CharField(max_length=20, blank=True)
    new_status = models.CharField(max_length=20)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def new_status_display(self):
        return CommunityIssue.Status(self.new_status).label


class Meeting(PartnershipOwned):
    """A meeting of an area board (a core Group of kind area_board)."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    board = models.ForeignKey("core.Group", on_delete=models.PROTECT, related_name="meetings",
                              limit_choices_to={"kind": "area_board"})
    starts_at = models.DateTimeField("date and time")
    venue = models.CharField(max_length=200)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    notes = models.TextField(blank=True, help_text="Anything the public should know, for example parking or access.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self):
        return f"{self.board.name}, {self.starts_at:%-d %B %Y}"

    def get_absolute_url(self):
        return reverse("meeting_detail", args=[self.partnership.slug, self.pk])

    def clean(self):
        if self.board_id and (self.board.kind != "area_board" or self.board.partnership_id != self.partnership_id):
            raise ValidationError({"board": "Choose an area board of this partnership."})

    def editable_by(self, access):
        return access.can_run_board(self.board_id)


class AgendaItem(models.Model):
    """An agenda item, saying whether it is for information, for influence or for decision (seed 003)."""

    class Purpose(models.TextChoices):
        INFORMATION = "information", "For information"
        INFLUENCE = "influence", "For influence"
        DECISION = "decision", "For decision"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    presenter = models.CharField(max_length=200, blank=True)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="agendaitem_unique_number",
                                               violation_error_message="Another item already has this number.")]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Paper(models.Model):
    """A paper for an agenda item, kept in the database so no file storage needs setting up."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=200)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    content = models.BinaryField()
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["item", "title"]
        constraints = [models.CheckConstraint(condition=Q(size__gt=0), name="paper_not_empty")]

    def __str__(self):
        return self.title


class Decision(models.Model):
    """What a board decided, who is responsible and by when."""

    class Status(models.TextChoices):
        OPEN = "open", "To do"
        DONE = "done", "Done"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions",
                             verbose_name="agenda item")
    text = models.TextField("decision")
    responsible = models.CharField("who is responsible", max_length=200)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    due = models.DateField("by when", null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)

    class Meta:
        ordering = ["meeting", "pk"]

    def __str__(self):
        return self.text[:80]

    @property
    def is_overdue(self):
        """Still to do after the day it was due by: every page that shows decisions marks these."""
        return self.status == self.Status.OPEN and self.due is not None and self.due < timezone.localdate()
