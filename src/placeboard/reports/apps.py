from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "placeboard.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self):
        # in ready(): these modules import models, which Django loads only after every apps.py
        from placeboard.performance.reporting import register
        from placeboard.reports.builders import KINDS

        for kind in KINDS:
            register(kind)
