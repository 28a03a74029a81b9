from django.apps import AppConfig


class BenchmarkingConfig(AppConfig):
    name = "placeboard.benchmarking"
    label = "benchmarking"
    verbose_name = "Benchmarking and narrowing the gap"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # in ready(): these modules import models, which Django loads only after every apps.py
        from placeboard.benchmarking.benchmarking import indicator_panels
        from placeboard.benchmarking.report import benchmarking, gap
        from placeboard.performance.panels import indicator_page
        from placeboard.performance.reporting import ReportKind, register

        # Today's figures even for a closed round: comparators' values are not frozen with a round.
        register(ReportKind("benchmarking", "Benchmarking: rank among comparators", benchmarking, position=70,
                            live_figures=True))
        register(ReportKind("gap", "Narrowing the gap", gap, position=80, live_figures=True))
        indicator_page.register("benchmarking", indicator_panels)
