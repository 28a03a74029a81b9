from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "placeboard.core"
    label = "core"
    verbose_name = "Partnerships and people"
