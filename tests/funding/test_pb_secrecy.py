"""No ballot can be linked to its voter: not by transaction id, row order, id order, time, nor the logs.

These tests commit for real (transactional_db): inside one test transaction every row would share one
transaction id and the routes tried here would prove nothing."""

import logging
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from placeboard.core.models import Area, Group
from placeboard.funding import pb_services, voters
from placeboard.funding.models import Ballot, BallotChoice, Bid, BudgetRound, PendingBallot, Voter, VotingCode
from tests.funding.pb_helpers import open_ballot, request_link, set_phase

VOTERS = 8
TRIALS = 6


def _round(partnership, name):
    board = Group.objects.get_or_create(partnership=partnership, name="North Area Board", kind="area_board",
                                        defaults={"area": Area.objects.get(partnership=partnership, name="North")})[0]
    round_ = BudgetRound(partnership=partnership, board=board, name=name, total_budget=Decimal(1000),
                         rule="greedy", ballot_type="approval", max_projects=1)
    set_phase(round_, "voting")
    bids = [Bid.objects.create(round=round_, title=f"Project {i}", applicant="A group", contact_email="a@example.org",
                               amount=Decimal(10 + i), description="x", eligibility="eligible",
                               eligibility_reason="Fine") for i in range(VOTERS)]
    return round_, bids


def _vote_in_order(round_, bids):
    """Voter i, known to the attacker, votes for project i, in order. Returns bid id -> voting position."""
    for i in range(VOTERS):
        Voter.objects.create(round=round_, email_hash=voters.keyed_hash(round_.voter_salt, "email", f"v{i}@x.org"),
                             token_hash=voters.keyed_hash(round_.voter_salt, "token", f"token-{i}"))
    for i, bid in enumerate(bids):
        pb_services.cast_ballot(round_, [bid], token=f"token-{i}")
    return {bid.pk: i for i, bid in enumerate(bids)}


def _fixed_points(order, position):
    """How many ballots sit at their voter's position when the box is read in some order."""
    return sum(1 for place, bid_id in enumerate(order) if position[bid_id] == place)


def _orders(round_):
    """Each order an attacker could read the box in, as lists of bid ids."""
    choice = {b: c for b, c in BallotChoice.objects.filter(ballot__round=round_).values_list("ballot_id", "bid_id")}
    table, choices = Ballot._meta.db_table, BallotChoice._meta.db_table
    physical = "ctid" if connection.vendor == "postgresql" else "rowid"
    orders = {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} WHERE round_id = %s ORDER BY {physical}", [round_.pk])
        orders["ballot physical order"] = [choice[_uuid(r[0])] for r in cursor.fetchall()]
        cursor.execute(f"SELECT c.bid_id FROM {choices} c JOIN {table} b ON b.id = c.ballot_id "
                       f"WHERE b.round_id = %s ORDER BY c.{physical}", [round_.pk])
        orders["choice physical order"] = [r[0] for r in cursor.fetchall()]
    orders["ballot id order"] = [choice[b] for b in Ballot.objects.filter(round=round_).order_by("id")
                                 .values_list("id", flat=True)]
    orders["choice id order"] = list(BallotChoice.objects.filter(ballot__round=round_).order_by("id")
                                     .values_list("bid_id", flat=True))
    return orders


def _uuid(value):
    import uuid

    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def test_nothing_stored_has_a_time():
    for model in (Ballot, BallotChoice, PendingBallot, Voter, VotingCode):
        for field in model._meta.concrete_fields:
            assert field.get_internal_type() not in ("DateTimeField", "DateField", "TimeField"), (
                f"{model.__name__}.{field.name} records a time")


@pytest.mark.django_db(transaction=True)
def test_no_order_in_the_box_links_a_ballot_to_its_voter(partnership, settings):
    settings.PB_MIX_BATCH = 4
    totals = {}
    for trial in range(TRIALS):
        round_, bids = _round(partnership, f"Round {trial}")
        position = _vote_in_order(round_, bids)
        assert not PendingBallot.objects.filter(round=round_).exists()  # 8 ballots: two full batches of 4
        set_phase(round_, "counting")
        assert pb_services.seal_ballot_box(round_)
        assert Ballot.objects.filter(round=round_).count() == VOTERS
        for name, order in _orders(round_).items():
            assert sorted(order) == sorted(position), name
            totals[name] = totals.get(name, 0) + _fixed_points(order, position)
    # Reading the box in voting order would put all 48 ballots in place; chance puts about 6 (one per trial).
    for name, hits in totals.items():
        assert hits < 24, f"{name}: {hits} of {TRIALS * VOTERS} ballots in their voter's place"


@pytest.mark.django_db(transaction=True)
def test_no_transaction_id_is_shared_by_a_ballot_and_its_voter(partnership, settings):
    if connection.vendor != "postgresql":
        pytest.skip("transaction ids (xmin) are PostgreSQL's")
    settings.PB_MIX_BATCH = 3
    round_, bids = _round(partnership, "Round")
    _vote_in_order(round_, bids[:6])
    table, voter_table = Ballot._meta.db_table, Voter._meta.db_table
    with connection.cursor() as cursor:
        # The attack that worked before: a ballot written in the same transaction as its voter's mark.
        cursor.execute(f"SELECT count(*) FROM {table} b JOIN {voter_table} v ON b.xmin = v.xmin "
                       "WHERE b.round_id = %s", [round_.pk])
        assert cursor.fetchone()[0] == 0
        cursor.execute(f"SELECT count(DISTINCT xmin::text) FROM {table} WHERE round_id = %s", [round_.pk])
        assert cursor.fetchone()[0] == 2  # one per batch of three, not one per voter
        set_phase(round_, "counting")
        pb_services.seal_ballot_box(round_)
        cursor.execute(f"SELECT count(DISTINCT xmin::text) FROM {table} WHERE round_id = %s", [round_.pk])
        assert cursor.fetchone()[0] == 1  # sealed: one batch for the whole round


@pytest.mark.django_db(transaction=True)
def test_a_ballot_waits_until_its_batch_fills_and_always_goes_in_at_close(partnership, settings):
    settings.PB_MIX_BATCH = 5
    round_, bids = _round(partnership, "Round")
    _vote_in_order(round_, bids[:7])
    assert Ballot.objects.filter(round=round_).count() == 5
    assert PendingBallot.objects.filter(round=round_).count() == 2
    assert pb_services.ballot_count(round_) == 7
    set_phase(round_, "counting")
    round_.refresh_from_db()
    pb_services.seal_ballot_box(round_)
    assert not PendingBallot.objects.exists() and Ballot.objects.count() == 7
    round_.refresh_from_db()
    assert round_.box_sealed and not pb_services.seal_ballot_box(round_)  # once only


@pytest.mark.django_db(transaction=True)
def test_the_token_leaves_the_address_bar_and_no_log_holds_it(client, partnership, settings, caplog):
    settings.PB_MIX_BATCH = 2
    round_, bids = _round(partnership, "Round")
    caplog.set_level(logging.DEBUG)
    link = request_link(client, partnership, round_, "resident@example.org")
    token = link.rstrip("/").rsplit("/", 1)[1]
    ballot_url = open_ballot(client, link)
    assert token not in ballot_url and ballot_url == reverse("public_ballot", args=[partnership.slug, round_.pk])
    page = client.get(ballot_url)
    assert page.status_code == 200 and token not in page.content.decode()
    response = client.post(ballot_url, {"bids": [bids[0].pk]})
    assert response.status_code == 200 and "Vote cast" in response.content.decode()
    assert client.session.get(f"pb-ballot-{round_.pk}") is None  # gone from the session once used
    # A second look at the ballot page after voting is refused without the token in any address.
    again = client.get(ballot_url)
    assert again.status_code == 400
    assert token not in " ".join(record.getMessage() for record in caplog.records)
