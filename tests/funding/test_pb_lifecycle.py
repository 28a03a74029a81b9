# ruff: noqa: F811  (the fixtures imported from test_pb_web are named as arguments)
"""A round moves forward only, and published results cannot change: the attack of an insider replayed."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from placeboard.core.models import AuditEvent
from placeboard.funding import pb_services
from placeboard.funding.models import Bid, BudgetResult, BudgetRound
from tests.funding.pb_helpers import publish, set_phase
from tests.funding.test_pb_web import add_bids, boards, manager, round_, round_data  # noqa: F401


def _form(round_, boards, **overrides):
    values = {k: getattr(round_, k).isoformat() for k in BudgetRound.DATE_FIELDS}
    values.update(name=round_.name, total_budget=str(round_.total_budget), rule=round_.rule,
                  completion=round_.completion, ballot_type=round_.ballot_type,
                  max_projects=str(round_.max_projects or ""), voter_check=round_.voter_check,
                  paper_ballots_issued=str(round_.paper_ballots_issued))
    return round_data(boards[0], **{**values, **overrides})


@pytest.fixture
def published(partnership, manager, round_):
    a, b, c = add_bids(round_, ("A", 50), ("B", 50), ("C", 40))
    set_phase(round_, "voting")
    for choice, count in (([a, b], 3), ([c], 2)):
        for _ in range(count):
            pb_services.enter_paper_ballot(manager, round_, choice)
    set_phase(round_, "counting")
    publish(manager, round_)
    round_.refresh_from_db()
    return round_


def _state(round_):
    result = pb_services.result_in_force(round_)
    return (pb_services.ballot_count(round_), result.fingerprint, result.computed_at, result.published_at,
            sorted(Bid.objects.filter(round=round_, funded=True).values_list("title", flat=True)))


def test_the_attack_that_changed_published_results_is_refused_at_every_step(as_user, partnership, manager, boards,
                                                                            published):
    round_ = published
    before = _state(round_)
    client = as_user("manager")
    edit = reverse("budget_round_edit", args=[partnership.slug, round_.pk])
    today = pb_services.today()
    # 1. Reopen voting by moving the close of voting (and delivery) into the future.
    response = client.post(edit, _form(round_, boards, counting_from=(today + timedelta(days=5)).isoformat(),
                                       delivery_from=(today + timedelta(days=30)).isoformat()))
    assert response.status_code == 400
    assert "its date cannot change now" in response.content.decode()
    # ... or by moving voting's start.
    assert client.post(edit, _form(round_, boards, voting_from=(today - timedelta(days=1)).isoformat())
                       ).status_code == 400
    # 2. Add paper ballots after the results.
    a = Bid.objects.get(round=round_, title="A")
    for _ in range(3):
        client.post(reverse("paper_ballot", args=[partnership.slug, round_.pk]), {"bids": [a.pk]})
    # ... or raise the number issued to make room for them.
    assert client.post(edit, _form(round_, boards, paper_ballots_issued="100")).status_code == 400
    # 3. Count again.
    client.post(reverse("budget_round_results", args=[partnership.slug, round_.pk]))
    # 4. Put the dates back (nothing moved, so nothing to put back), and the round is as it was.
    round_.refresh_from_db()
    assert round_.phase_on(today) == "results"
    assert _state(round_) == before
    assert BudgetResult.objects.filter(round=round_).count() == 1
    messages = client.get(round_.get_absolute_url()).content.decode()
    assert "Count the votes" not in messages


def test_recounting_published_results_is_refused_by_the_service_too(manager, published):
    with pytest.raises(Exception, match="published and cannot be counted again"):
        pb_services.compute_results(manager, published)
    with pytest.raises(Exception, match="only possible during the voting or counting votes phase"):
        pb_services.enter_paper_ballot(manager, published, list(Bid.objects.filter(title="A")))


def test_a_phase_that_has_started_keeps_its_date(as_user, partnership, manager, boards, round_):
    set_phase(round_, "eligibility")
    client = as_user("manager")
    edit = reverse("budget_round_edit", args=[partnership.slug, round_.pk])
    today = pb_services.today()
    later = _form(round_, boards, bids_open=(round_.bids_open + timedelta(days=1)).isoformat())
    assert "its date cannot change now" in client.post(edit, later).content.decode()
    past = _form(round_, boards, voting_from=(today - timedelta(days=1)).isoformat())
    assert "A phase cannot start on a day already past." in client.post(edit, past).content.decode()
    # A phase yet to come may move, to a day not yet past.
    ok = client.post(edit, _form(round_, boards, voting_from=(today + timedelta(days=1)).isoformat()))
    assert ok.status_code == 302
    round_.refresh_from_db()
    assert round_.voting_from == today + timedelta(days=1)


def test_a_new_round_cannot_start_in_the_past(as_user, partnership, manager, boards):
    yesterday = (pb_services.today() - timedelta(days=1)).isoformat()
    response = as_user("manager").post(reverse("budget_round_create", args=[partnership.slug]),
                                       round_data(boards[0], bids_open=yesterday))
    assert response.status_code == 400 and "A phase cannot start on a day already past." in response.content.decode()
    assert not BudgetRound.objects.exists()


def test_the_database_keeps_phases_in_order(round_):
    round_.counting_from = round_.voting_from
    with pytest.raises(IntegrityError), transaction.atomic():
        round_.save()


def test_paper_ballots_stop_at_the_number_issued(as_user, partnership, manager, boards, round_):
    a, = add_bids(round_, ("A", 50))
    round_.paper_ballots_issued = 2
    set_phase(round_, "voting")
    url = reverse("paper_ballot", args=[partnership.slug, round_.pk])
    client = as_user("manager")
    for _ in range(2):
        client.post(url, {"bids": [a.pk]})
    refused = client.post(url, {"bids": [a.pk]}, follow=True).content.decode()
    assert "All 2 paper ballots issued have been entered." in refused
    assert pb_services.paper_ballot_count(round_) == 2
    edit = reverse("budget_round_edit", args=[partnership.slug, round_.pk])
    assert "2 paper ballots have been entered already." in client.post(
        edit, _form(round_, boards, paper_ballots_issued="1")).content.decode()
    assert client.post(edit, _form(round_, boards, paper_ballots_issued="3")).status_code == 302
    # During counting the rest of the ballot papers may still be entered, but no more can be issued.
    round_.refresh_from_db()
    set_phase(round_, "counting")
    client.post(url, {"bids": [a.pk]})
    assert pb_services.paper_ballot_count(round_) == 3
    assert "the number of paper ballots issued is fixed" in client.post(
        edit, _form(round_, boards, paper_ballots_issued="4")).content.decode()


def test_publishing_needs_a_count_of_what_is_in_the_box_now(as_user, partnership, manager, round_):
    a, = add_bids(round_, ("A", 50))
    set_phase(round_, "voting")
    pb_services.enter_paper_ballot(manager, round_, [a])
    set_phase(round_, "counting")
    client = as_user("manager")
    publish_url = reverse("budget_round_publish", args=[partnership.slug, round_.pk])
    assert "Count the votes before publishing" in client.post(publish_url, follow=True).content.decode()
    client.post(reverse("budget_round_results", args=[partnership.slug, round_.pk]))
    pb_services.enter_paper_ballot(manager, round_, [a])  # a late paper ballot after the count
    assert "have changed since the votes were counted" in client.post(publish_url, follow=True).content.decode()
    round_.refresh_from_db()
    assert not round_.published
    client.post(reverse("budget_round_results", args=[partnership.slug, round_.pk]))
    client.post(publish_url)
    round_.refresh_from_db()
    assert round_.published and pb_services.result_in_force(round_).ballot_count == 2


def test_voiding_needs_a_reason_is_audited_and_shown_to_the_public(as_user, client, partnership, manager, published):
    round_ = published
    void = reverse("budget_round_void", args=[partnership.slug, round_.pk])
    assert as_user("viewer").post(void, {"reason": "x"}).status_code == 403
    staff = as_user("manager")
    assert "Give the reason" in staff.post(void, {"reason": "  "}, follow=True).content.decode()
    round_.refresh_from_db()
    assert round_.published
    staff.post(void, {"reason": "Bid C's cost was entered as £40; it is £400."})
    round_.refresh_from_db()
    assert not round_.published and round_.phase_on(pb_services.today()) == "counting"
    assert not Bid.objects.filter(round=round_, funded=True).exists()
    event = AuditEvent.objects.filter(changes__has_key="reason", object_type="budget round").get()
    assert event.user == manager and event.changes["results"] == ["published", "void"]
    page = client.get(reverse("public_budget_round", args=[partnership.slug, round_.pk])).content.decode()
    assert "Results voided" in page and "it is £400." in page and "Results</h2>" not in page
    # The way back: count again and publish; the notice stays.
    Bid.objects.filter(round=round_, title="C").update(amount=Decimal(400))
    publish(manager, round_)
    page = client.get(reverse("public_budget_round", args=[partnership.slug, round_.pk])).content.decode()
    assert "Results voided" in page and "Results</h2>" in page
    assert BudgetResult.objects.filter(round=round_).count() == 2


@pytest.mark.parametrize("persona, status", [("manager", 302), ("officer", 302), ("other_manager", 403),
                                             ("viewer", 403), ("outsider", 404), ("anonymous", 302)])
def test_who_may_count_publish_and_void(as_user, partnership, manager, round_, persona, status):
    for name in ("budget_round_results", "budget_round_publish", "budget_round_void"):
        response = as_user(persona).post(reverse(name, args=[partnership.slug, round_.pk]), {"reason": "x"})
        assert response.status_code == status, name
        if persona == "anonymous":
            assert response["Location"].startswith(reverse("login"))


def test_the_change_form_shows_the_round_s_dates(as_user, partnership, manager, round_):
    """Date inputs take ISO dates; a date written the British way would show an empty box, and saving would lose it."""
    page = as_user("manager").get(reverse("budget_round_edit", args=[partnership.slug, round_.pk])).content.decode()
    for name in BudgetRound.DATE_FIELDS:
        assert f'name="{name}" value="{getattr(round_, name).isoformat()}"' in page, name
