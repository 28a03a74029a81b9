from django.apps import AppConfig


class SelfAssessmentConfig(AppConfig):
    name = "placeboard.selfassessment"
    label = "selfassessment"
    verbose_name = "Self-assessment and improvement plan"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # in ready(): these modules import models, which Django loads only after every apps.py
        from placeboard.core.panels import home_sections, round_page
        from placeboard.performance.reporting import ReportKind, register
        from placeboard.selfassessment.panels import home_section, round_section
        from placeboard.selfassessment.report import selfassessment

        register(ReportKind("selfassessment", "Self-assessment and improvement plan", selfassessment, position=90))
        home_sections.register("self_assessment", home_section)
        round_page.register("improvement_plan", round_section)
