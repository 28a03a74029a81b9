from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "placeboard.engagement"
    verbose_name = "Engagement"
    default_auto_field = "django.db.models.BigAutoField"
