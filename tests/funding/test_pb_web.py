"""Participatory budgeting end to end: rounds, bids, eligibility, secret ballots, results and permissions."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placeboard.core.models import Area, AuditEvent, Group, Role
from placeboard.funding import pb_services as services
from placeboard.funding.models import Ballot, Bid, BudgetRound, Voter
from tests.conftest import make_user
from tests.funding.pb_helpers import cast, open_ballot, publish, request_link, set_phase


@pytest.fixture
def boards(partnership):
    north = Area.objects.get(partnership=partnership, name="North")
    south = Area.objects.create(partnership=partnership, name="South", area_type="community_area",
                                parent=north.parent)
    return (Group.objects.create(partnership=partnership, name="North Area Board", kind="area_board", area=north),
            Group.objects.create(partnership=partnership, name="South Area Board", kind="area_board", area=south))


@pytest.fixture
def manager(partnership, personas, boards):
    user = make_user("areamanager")
    Role.objects.create(user=user, partnership=partnership, kind="community_area_manager", group=boards[0])
    other = make_user("southmanager")
    Role.objects.create(user=other, partnership=partnership, kind="community_area_manager", group=boards[1])
    personas["manager"], personas["other_manager"] = user, other
    return user


@pytest.fixture
def round_(partnership, boards):
    r = BudgetRound(partnership=partnership, board=boards[0], name="You Decide 2009", total_budget=Decimal(100),
                    rule="greedy", ballot_type="approval", max_projects=2, paper_ballots_issued=20)
    return set_phase(r, "bids")


def add_bids(round_, *specs):
    bids = []
    for title, amount in specs:
        bids.append(Bid.objects.create(round=round_, title=title, applicant="A group", contact_email="a@example.org",
                                       amount=Decimal(amount), description="x", eligibility="eligible",
                                       eligibility_reason="Fine"))
    return bids


def bid_data(**overrides):
    data = {"title": "Skate park", "applicant": "Youth Forum", "contact_email": "youth@example.org",
            "amount": "£60", "description": "Repairs to the ramps.", "area": "", "attachment_url": ""}
    data.update(overrides)
    return data


# Rounds


def round_data(board, **overrides):
    today = services.today()
    data = {"board": board.pk, "name": "You Decide 2010", "description": "", "total_budget": "5,000",
            "rule": "equal_shares", "completion": "increase_then_greedy", "ballot_type": "approval", "max_projects": "3",
            "voter_check": "email", "paper_ballots_issued": "0",
            **{k: (today + timedelta(days=10 * i)).isoformat() for i, k in
               enumerate(BudgetRound.DATE_FIELDS)}}
    data.update(overrides)
    return data


@pytest.mark.parametrize("persona, status", [("officer", 200), ("manager", 200), ("viewer", 403),
                                             ("theme_lead", 403), ("outsider", 404), ("anonymous", 302)])
def test_who_may_open_a_round(as_user, partnership, manager, persona, status):
    assert as_user(persona).get(reverse("budget_round_create", args=[partnership.slug])).status_code == status


def test_area_manager_opens_a_round_for_their_board_only(as_user, partnership, manager, boards):
    client = as_user("manager")
    url = reverse("budget_round_create", args=[partnership.slug])
    assert client.post(url, round_data(boards[1])).status_code == 400  # not their board
    response = client.post(url, round_data(boards[0]))
    assert response.status_code == 302
    created = BudgetRound.objects.get()
    assert created.total_budget == Decimal(5000) and created.board == boards[0]
    assert AuditEvent.objects.filter(object_type="budget round", action="create").exists()
    assert as_user("other_manager").get(reverse("budget_round_edit", args=[partnership.slug, created.pk])
                                        ).status_code == 403
    assert as_user("viewer").get(created.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("overrides, message", [
    ({"total_budget": "-5"}, "Enter an amount of £0 or more."),
    ({"total_budget": "0"}, "Enter a budget of more than £0."),
    ({"total_budget": "five"}, "Enter an amount in pounds"),
    ({"max_projects": ""}, "Say how many projects each voter may choose."),
    ({"voting_from": "2000-01-01"}, "A phase cannot start on a day already past."),
    ({"counting_from": "same as voting"}, "Each phase must start after the one before it."),
])
def test_round_bad_input(as_user, partnership, manager, boards, overrides, message):
    if overrides.get("counting_from") == "same as voting":
        overrides = {"counting_from": round_data(boards[0])["voting_from"]}
    response = as_user("officer").post(reverse("budget_round_create", args=[partnership.slug]),
                                       round_data(boards[0], **overrides))
    assert response.status_code == 400 and message in response.content.decode()
    assert not BudgetRound.objects.exists()


def test_round_list_queries_do_not_grow(as_user, partnership, boards):
    client = as_user("officer")
    counts = []
    for n in (1, 6):
        for i in range(n):
            r = BudgetRound(partnership=partnership, board=boards[i % 2], name=f"Round {n}-{i}",
                            total_budget=Decimal(10), max_projects=1)
            add_bids(set_phase(r, "bids"), ("a", 1))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("budget_round_list", args=[partnership.slug])).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1]


# Bids


def test_resident_sends_a_bid_without_an_account(client, partnership, round_):
    response = client.post(reverse("public_bid", args=[partnership.slug, round_.pk]), bid_data())
    assert response.status_code == 200 and "Bid sent" in response.content.decode()
    bid = Bid.objects.get()
    assert (bid.amount, bid.eligibility) == (Decimal(60), "pending")
    assert AuditEvent.objects.filter(action="create", object_type="bid").count() == 1


@pytest.mark.parametrize("overrides, message", [
    ({"amount": "150"}, "Ask for no more than the round&#x27;s whole budget of £100.00."),
    ({"amount": "-1"}, "Enter an amount of £0 or more."),
    ({"amount": "0"}, "Enter an amount of more than £0."),
    ({"amount": "sixty"}, "Enter an amount in pounds"),
    ({"contact_email": "not an address"}, "Enter a valid email address."),
])
def test_bad_bids_are_refused_and_nothing_is_saved(client, partnership, round_, overrides, message):
    response = client.post(reverse("public_bid", args=[partnership.slug, round_.pk]), bid_data(**overrides))
    assert response.status_code == 400 and message in response.content.decode()
    assert not Bid.objects.exists() and not AuditEvent.objects.exists()


def test_bids_outside_the_bids_phase_are_refused(client, partnership, round_):
    set_phase(round_, "voting")
    response = client.post(reverse("public_bid", args=[partnership.slug, round_.pk]), bid_data())
    assert response.status_code == 400
    assert "only possible during the bids open phase" in response.content.decode()
    assert not Bid.objects.exists()


def test_eligibility_decision_needs_a_reason_and_the_right_manager(as_user, partnership, manager, round_):
    bid = Bid.objects.create(round=round_, title="Bench", applicant="x", contact_email="x@example.org",
                             amount=10, description="x")
    url = reverse("bid_eligibility", args=[partnership.slug, round_.pk, bid.pk])
    assert as_user("other_manager").post(url, {"eligibility": "eligible", "reason": "ok"}).status_code == 403
    assert as_user("viewer").post(url, {"eligibility": "eligible", "reason": "ok"}).status_code == 403
    client = as_user("manager")
    client.post(url, {"eligibility": "ineligible", "reason": ""})
    bid.refresh_from_db()
    assert bid.eligibility == "pending"
    client.post(url, {"eligibility": "ineligible", "reason": "Private benefit only."})
    bid.refresh_from_db()
    assert (bid.eligibility, bid.eligibility_reason) == ("ineligible", "Private benefit only.")
    event = AuditEvent.objects.get(action="update", object_type="bid")
    assert event.user == manager and event.changes["reason"] == ["", "Private benefit only."]
    set_phase(round_, "voting")  # settled once voting starts
    client.post(url, {"eligibility": "eligible", "reason": "Changed our minds"})
    bid.refresh_from_db()
    assert bid.eligibility == "ineligible"
    assert "Eligibility is settled before voting starts" in client.get(round_.get_absolute_url()).content.decode()


# Voting


def test_one_secret_ballot_per_verified_person(client, partnership, round_):
    a, b, c = add_bids(round_, ("A", 50), ("B", 40), ("C", 30))
    set_phase(round_, "voting")
    link = request_link(client, partnership, round_, "Resident@Example.org")
    assert link
    assert "Resident@Example.org".lower() not in str(list(Voter.objects.values())).lower()
    ballot_url = open_ballot(client, link)
    response = client.post(ballot_url, {"bids": [a.pk, b.pk]})
    assert response.status_code == 200 and "Vote cast" in response.content.decode()
    mix(round_)
    ballot = Ballot.objects.get()
    assert set(ballot.bids.all()) == {a, b} and ballot.source == "online"
    # The same link, and a new link for the same address however written, give no second ballot.
    again = client.post(open_ballot(client, link), {"bids": [c.pk]})
    assert again.status_code == 400 and "already been cast" in again.content.decode()
    assert request_link(client, partnership, round_, " resident@example.ORG ") is None
    assert Ballot.objects.count() == 1 and Voter.objects.count() == 1
    with pytest.raises(Exception, match="already been cast"):
        services.cast_ballot(round_, [c], token=link.rstrip("/").rsplit("/", 1)[1])


def mix(round_):
    services.mix_ballots(round_, force=True)


def test_ballots_cannot_be_linked_to_voters(as_user, partnership, manager, round_):
    a, b = add_bids(round_, ("A", 50), ("B", 40))
    set_phase(round_, "voting")
    for field in Ballot._meta.get_fields():
        assert getattr(field, "related_model", None) not in (Voter,), field
        assert field.name not in ("created", "created_at", "cast_at", "voter")
    for field in Voter._meta.get_fields():
        assert getattr(field, "related_model", None) is not Ballot, field
    client = as_user("anonymous")
    cast(client, partnership, round_, "secret@example.org", [b])
    mix(round_)
    ballot = Ballot.objects.get()
    assert ballot.id.version == 4  # random ids: their order says nothing about who voted when
    from placeboard.funding.models import BallotChoice

    assert all(choice.id.version == 4 for choice in BallotChoice.objects.all())  # nor do the choices' ids
    page = as_user("manager").get(round_.get_absolute_url()).content.decode()
    assert "secret@example.org" not in page and str(ballot.id) not in page
    events = list(AuditEvent.objects.values_list("object_repr", "changes"))
    assert "secret@example.org" not in str(events) and str(ballot.id) not in str(events)


@pytest.mark.parametrize("phase", ["bids", "eligibility", "counting"])
def test_no_votes_outside_the_voting_phase(client, partnership, round_, phase):
    a, = add_bids(round_, ("A", 50))
    set_phase(round_, "voting")
    link = request_link(client, partnership, round_, "late@example.org")
    ballot_url = open_ballot(client, link)
    set_phase(round_, phase)
    response = client.post(ballot_url, {"bids": [a.pk]})
    assert response.status_code == 400 and not Ballot.objects.exists()
    assert not services.ballot_count(round_)
    refused = client.post(reverse("public_vote_request", args=[partnership.slug, round_.pk]), {"email": "x@example.org"})
    assert refused.status_code == 400 and "only possible during the voting phase" in refused.content.decode()


def test_votes_breaking_the_rules_are_refused(client, partnership, round_):
    a, b, c = add_bids(round_, ("A", 50), ("B", 40), ("C", 30))
    d = Bid.objects.create(round=round_, title="D", applicant="x", contact_email="x@example.org", amount=5,
                           description="x", eligibility="ineligible", eligibility_reason="no")
    set_phase(round_, "voting")
    link = open_ballot(client, request_link(client, partnership, round_, "v@example.org"))
    too_many = client.post(link, {"bids": [a.pk, b.pk, c.pk]})
    assert "Choose no more than 2 projects; you chose 3." in too_many.content.decode()
    assert "Choose only projects on this ballot." in client.post(link, {"bids": [d.pk]}).content.decode()
    empty = client.post(link, {}).content.decode()
    assert "Choose at least one project." in empty, empty[empty.find("problem"):][:800]
    assert "Choose only projects on this ballot." in client.post(link, {"bids": ["x"]}).content.decode()
    round_.ballot_type, round_.max_projects = "within_budget", None
    round_.save()
    over = client.post(link, {"bids": [a.pk, b.pk, c.pk]}).content.decode()
    assert "cost £120.00 in all, more than the budget of £100.00" in over
    # The choices are kept, so the resident only has to untick one.
    assert over.count("checked") >= 3
    assert not services.ballot_count(round_) and not Voter.objects.filter(has_voted=True).exists()
    assert client.post(link, {"bids": [a.pk, b.pk]}).status_code == 200
    assert services.ballot_count(round_) == 1


def test_paper_ballots_are_audited_as_entered_by_staff_but_stay_secret(as_user, partnership, manager, round_):
    a, b = add_bids(round_, ("A", 50), ("B", 40))
    set_phase(round_, "voting")
    url = reverse("paper_ballot", args=[partnership.slug, round_.pk])
    assert as_user("viewer").post(url, {"bids": [a.pk]}).status_code == 403
    client = as_user("manager")
    client.post(url, {"bids": [a.pk, b.pk]})
    client.post(url, {"bids": [a.pk, b.pk, a.pk + b.pk + 99]})  # a choice not on the ballot: refused
    assert services.paper_ballot_count(round_) == 1
    event = AuditEvent.objects.get(changes__has_key="paper ballot")
    assert event.user == manager and "paper ballot entered by areamanager" in str(event.changes)
    assert event.changes == {"paper ballot": ["", "paper ballot entered by areamanager"]}  # no choices


# Results


def test_results_are_counted_by_the_rule_then_published_and_explained(as_user, client, partnership, manager,
                                                                       round_):
    a, b, c = add_bids(round_, ("A", 50), ("B", 50), ("C", 40))
    round_.total_budget = Decimal(100)
    round_.save()
    set_phase(round_, "voting")
    for choice, count in (([a, b], 6), ([c], 4)):
        for _ in range(count):
            services.enter_paper_ballot(manager, round_, choice)
    public = reverse("public_budget_round", args=[partnership.slug, round_.pk])
    assert "Results</h2>" not in client.get(public).content.decode()
    url = reverse("budget_round_results", args=[partnership.slug, round_.pk])
    publish_url = reverse("budget_round_publish", args=[partnership.slug, round_.pk])
    as_user("manager").post(url)  # still voting: refused
    assert not services.result_in_force(round_)
    set_phase(round_, "counting")
    assert as_user("other_manager").post(url).status_code == 403
    as_user("manager").post(url)
    detail = as_user("manager").get(round_.get_absolute_url()).content.decode()
    assert "Count not yet published" in detail and "6 votes" in detail
    assert "Under the other rule (Method of Equal Shares) the same ballots would fund: A, C." in detail
    assert "Results</h2>" not in client.get(public).content.decode()  # counted, not yet published
    assert not Bid.objects.filter(funded=True).exists()
    # Before publication a count can be made again, for example after a rule was corrected.
    round_.rule = "equal_shares"
    round_.save()
    as_user("manager").post(url)
    assert as_user("other_manager").post(publish_url).status_code == 403
    as_user("manager").post(publish_url)
    assert set(Bid.objects.filter(funded=True).values_list("title", flat=True)) == {"A", "C"}
    page = as_user("anonymous").get(public).content.decode()
    assert "B – not funded" in page and "£10 left" in page
    assert AuditEvent.objects.filter(changes__has_key="results").count() == 3  # counted twice, published once


def test_funded_projects_are_tracked(as_user, partnership, manager, round_):
    a, b = add_bids(round_, ("A", 50), ("B", 80))
    set_phase(round_, "voting")
    services.enter_paper_ballot(manager, round_, [a])
    set_phase(round_, "delivery")
    publish(manager, round_)
    client = as_user("manager")
    url = reverse("bid_progress", args=[partnership.slug, round_.pk, a.pk])
    prefix = f"bid{a.pk}-"
    client.post(url, {prefix + "date": "2026-01-05", prefix + "progress": "in_progress", prefix + "spent": "-3",
                      prefix + "note": "Started"})
    assert not a.updates.exists()
    client.post(url, {prefix + "date": "2026-01-05", prefix + "progress": "in_progress", prefix + "spent": "25",
                      prefix + "note": "Started"})
    a.refresh_from_db()
    assert (a.progress, a.spent, a.updates.count()) == ("in_progress", Decimal(25), 1)
    client.post(reverse("bid_progress", args=[partnership.slug, round_.pk, b.pk]),
                {f"bid{b.pk}-date": "2026-01-05", f"bid{b.pk}-progress": "complete", f"bid{b.pk}-spent": "1",
                 f"bid{b.pk}-note": "x"})
    assert not b.updates.exists()  # not funded: not tracked
    assert "Started" in as_user("anonymous").get(reverse("public_budget_round", args=[partnership.slug, round_.pk])
                                                 ).content.decode()


def test_the_terms_of_a_round_stay_fixed_once_voting_starts(as_user, partnership, manager, boards, round_):
    set_phase(round_, "voting")
    url = reverse("budget_round_edit", args=[partnership.slug, round_.pk])
    dates = {k: getattr(round_, k).isoformat() for k in
             BudgetRound.DATE_FIELDS}
    same = round_data(boards[0], name=round_.name, total_budget="100", rule="greedy", max_projects="2", **dates)
    client = as_user("manager")
    response = client.post(url, {**same, "rule": "equal_shares"})
    assert response.status_code == 400 and "This cannot change once voting has started." in response.content.decode()
    assert client.post(url, {**same, "description": "Now with a description"}).status_code == 302
    round_.refresh_from_db()
    assert (round_.rule, round_.description) == ("greedy", "Now with a description")


def test_public_budget_pages_link_back_to_the_partnership(client, partnership, round_):
    rounds_url = reverse("public_budget_rounds", args=[partnership.slug])
    assert f'href="{reverse("public_partnership", args=[partnership.slug])}"' in client.get(rounds_url).content.decode()
    page = client.get(reverse("public_budget_round", args=[partnership.slug, round_.pk])).content.decode()
    assert f'class="govuk-back-link" href="{rounds_url}"' in page
