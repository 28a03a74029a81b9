from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "placeboard.engagement"
    verbose_name = "Engagement"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # in ready(): the module imports models, which Django loads only after every apps.py
        from placeboard.core.panels import home_sections
        from placeboard.engagement.home import boards_section

        home_sections.register("area_boards", boards_section)
