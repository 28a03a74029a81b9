from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "placeboard.performance"
    label = "performance"
    verbose_name = "Performance"
