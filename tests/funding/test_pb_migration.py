"""Upgrading keeps results published before the upgrade, and refuses while voting is open with votes cast."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("funding", "0005_bid_attachments_project_photos")]
AFTER = [("funding", "0008_pb_phases_in_order")]


@pytest.fixture(autouse=True)
def _latest_afterwards():
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # the next tests expect every migration applied


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _old_round(apps, name, voting_from, counting_from, computed=None):
    Partnership = apps.get_model("core", "Partnership")
    Group = apps.get_model("core", "Group")
    BudgetRound = apps.get_model("funding", "BudgetRound")
    partnership, _ = Partnership.objects.get_or_create(slug="old", defaults={"name": "Old", "place": "Old"})
    board, _ = Group.objects.get_or_create(partnership=partnership, name="Board", kind="area_board")
    day = datetime.timedelta(days=1)
    return BudgetRound.objects.create(
        partnership=partnership, board=board, name=name, total_budget=Decimal(100), rule="greedy",
        ballot_type="approval", max_projects=2, bids_open=voting_from - 20 * day, eligibility_from=voting_from - 10 * day,
        voting_from=voting_from, results_from=counting_from, delivery_from=counting_from + 10 * day,
        results_computed_at=computed)


@pytest.mark.django_db(transaction=True)
def test_results_published_before_the_upgrade_stay_published_with_a_fingerprint():
    apps = _migrate(BEFORE)
    Bid, Ballot = apps.get_model("funding", "Bid"), apps.get_model("funding", "Ballot")
    BallotChoice = apps.get_model("funding", "BallotChoice")
    computed = datetime.datetime(2009, 9, 3, 10, tzinfo=datetime.timezone.utc)
    round_ = _old_round(apps, "Old round", datetime.date(2009, 8, 1), datetime.date(2009, 9, 1), computed)
    a = Bid.objects.create(round=round_, title="A", applicant="x", contact_email="x@example.org", amount=60,
                           description="x", eligibility="eligible", votes=2, funded=True, explanation="Funded: …")
    b = Bid.objects.create(round=round_, title="B", applicant="x", contact_email="x@example.org", amount=60,
                           description="x", eligibility="eligible", votes=1, funded=False, explanation="Not funded")
    for chosen in ([a], [a, b]):
        ballot = Ballot.objects.create(id=uuid.uuid4(), round=round_, source="paper")
        for bid in chosen:
            BallotChoice.objects.create(id=uuid.uuid4(), ballot=ballot, bid=bid)
    apps = _migrate(AFTER)
    BudgetRound, BudgetResult = apps.get_model("funding", "BudgetRound"), apps.get_model("funding", "BudgetResult")
    migrated = BudgetRound.objects.get(name="Old round")
    result = BudgetResult.objects.get(round=migrated)
    assert migrated.results_published_at == computed == result.published_at
    assert migrated.counting_from == datetime.date(2009, 9, 1) and len(migrated.voter_salt) == 64
    assert (result.ballot_count, result.spent, result.left) == (2, Decimal(60), Decimal(40))
    assert [(r["title"], r["votes"], r["funded"]) for r in result.rows] == [("A", 2, True), ("B", 1, False)]
    assert len(result.fingerprint) == 64
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    # The fingerprint is the one the new code computes from the same ballots and costs.
    from placeboard.funding import pb_services
    from placeboard.funding.models import BudgetRound as Round

    live = Round.objects.get(name="Old round")
    bids, ballots = pb_services.count_inputs(live)
    assert pb_services.fingerprint(live, bids, ballots, "greedy", "") == result.fingerprint


@pytest.mark.django_db(transaction=True)
def test_the_upgrade_waits_for_voting_to_close_where_votes_were_cast():
    apps = _migrate(BEFORE)
    today = datetime.date.today()
    round_ = _old_round(apps, "Open round", today - datetime.timedelta(days=2), today + datetime.timedelta(days=5))
    apps.get_model("funding", "Voter").objects.create(round=round_, email_hash="e" * 64, token_hash="t" * 64,
                                                      has_voted=True)
    with pytest.raises(RuntimeError, match="Voting is open in Open round"):
        _migrate(AFTER)
    apps.get_model("funding", "Voter").objects.all().delete()
    _migrate(AFTER)
