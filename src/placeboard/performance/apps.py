from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "placeboard.performance"
    label = "performance"
    verbose_name = "Performance"

    def ready(self):
        # in ready(): these modules import models, which Django loads only after every apps.py
        from placeboard.core.panels import partnership_home
        from placeboard.performance.panels import rag_context

        partnership_home.register("rag_by_theme", rag_context)
