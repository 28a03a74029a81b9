"""Community plans and their priorities."""

from django.core.exceptions import ValidationError
from django.db import models

from placeboard.core.models import PartnershipOwned, Theme

# Community plans (seed 000: "85% of community plans complete")


class CommunityPlan(PartnershipOwned):
    """A community area's own plan: its state, when it was adopted, when it is due for review, and its priorities."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PREPARATION = "in_preparation", "Being prepared"
        CONSULTATION = "consultation", "Out for consultation"
        COMPLETE = "complete", "Complete"

    area = models.ForeignKey("core.Area", on_delete=models.PROTECT, related_name="community_plans",
                             limit_choices_to={"area_type": "community_area"})
    title = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    adopted_on = models.DateField(null=True, blank=True, verbose_name="completed on")
    review_by = models.DateField(null=True, blank=True,
                                 help_text="The plan stops being current after this date. Leave empty if no date is set.")
    url = models.URLField(blank=True, verbose_name="link to the plan")

    class Meta:
        ordering = ["area__name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "area"], name="community_plan_one_per_area")]

    def __str__(self):
        return self.title or f"{self.area.name} community plan"

    def is_current(self, day):
        return self.status == self.Status.COMPLETE and (self.review_by is None or self.review_by >= day)

    def clean(self):
        if self.status == self.Status.COMPLETE and not self.adopted_on:
            raise ValidationError({"adopted_on": "Give the date a complete plan was completed."})
        if self.adopted_on and self.review_by and self.review_by <= self.adopted_on:
            raise ValidationError({"review_by": "The review date must be after the date the plan was completed."})
        if self.area_id and self.partnership_id and (self.area.partnership_id != self.partnership_id
                                                     or self.area.area_type != "community_area"):
            raise ValidationError({"area": "Choose a community area of this partnership."})


class PlanPriority(models.Model):
    plan = models.ForeignKey(CommunityPlan, on_delete=models.CASCADE, related_name="priorities")
    title = models.CharField(max_length=300, verbose_name="priority")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="plan_priorities")

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.title
