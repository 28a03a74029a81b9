from django.apps import AppConfig


class OpenDataConfig(AppConfig):
    name = "placeboard.opendata"
    verbose_name = "Open data"
    default_auto_field = "django.db.models.BigAutoField"
