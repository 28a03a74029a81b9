from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "placeboard.core"
    label = "core"
    verbose_name = "Partnerships and people"

    def ready(self):
        from placeboard.core import fragments, lookups

        lookups.register()
        fragments.connect()
