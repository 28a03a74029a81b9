from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "placeboard.performance"
    label = "performance"
    verbose_name = "Performance"

    def ready(self):
        # in ready(): these modules import models, which Django loads only after every apps.py
        from placeboard.core.panels import home_sections, partnership_home
        from placeboard.performance.home import provider_section, sign_off_section, theme_lead_section
        from placeboard.performance.panels import rag_context
        from placeboard.performance.stored import connect

        connect()

        partnership_home.register("rag_by_theme", rag_context)
        home_sections.register("figures_to_report", provider_section)
        home_sections.register("task_updates", theme_lead_section)
        home_sections.register("sign_off", sign_off_section)
