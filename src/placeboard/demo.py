"""The whole demo: each app's demo data, loaded in order, idempotently."""

from django.db import transaction

from placeboard.benchmarking.demo import load_demo as load_benchmarks
from placeboard.core.demo import load_demo_data
from placeboard.engagement.demo import load_demo as load_engagement
from placeboard.funding.demo import load_demo as load_funding
from placeboard.performance.demo import load_demo_action_plans, load_demo_indicators
from placeboard.performance.demo_public import load_demo_public
from placeboard.performance.demo_revisions import load_demo_revisions
from placeboard.performance.demo_signoff import load_demo_sign_off
from placeboard.reports.demo import load_demo as load_packs
from placeboard.selfassessment.demo import load_demo as load_selfassessment


@transaction.atomic
def load_all():
    from placeboard.performance.stored import deferred  # each indicator reassessed once, at the end

    with deferred():
        partnerships = load_demo_data()
        load_demo_indicators()
        load_demo_action_plans()
        load_demo_revisions()
        load_benchmarks()
        load_demo_public()
        load_demo_sign_off()
        load_engagement()
        load_funding()
        load_packs()
    load_selfassessment()  # after the block: its snapshots read the stored assessments made at its end
    return partnerships
