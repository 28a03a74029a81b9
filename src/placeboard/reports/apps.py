from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "placeboard.reports"
    label = "reports"
    verbose_name = "Reports"
