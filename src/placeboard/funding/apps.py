from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "placeboard.funding"
    verbose_name = "Funding and participatory budgeting"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # in ready(): these modules import models, which Django loads only after every apps.py
        from placeboard.core.panels import home_sections
        from placeboard.funding.home import budget_rounds_section
        from placeboard.funding.report import funding
        from placeboard.performance.reporting import ReportKind, register

        register(ReportKind("funding", "Pooled and aligned funding", funding, position=60))
        home_sections.register("budget_rounds", budget_rounds_section)
