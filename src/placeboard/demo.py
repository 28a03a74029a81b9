"""The whole demo: each app's demo data, loaded in order, idempotently."""

from django.db import transaction


@transaction.atomic
def load_all():
    from placeboard.core.demo import load_demo_data
    from placeboard.performance.demo import load_demo_action_plans, load_demo_indicators

    partnerships = load_demo_data()
    load_demo_indicators()
    load_demo_action_plans()
    return partnerships
