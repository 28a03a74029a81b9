from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "placeboard.funding"
    verbose_name = "Funding and participatory budgeting"
    default_auto_field = "django.db.models.BigAutoField"
