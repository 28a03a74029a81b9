# ruff: noqa: F811  (the fixtures imported from test_pb_web are named as arguments)
"""Review of participatory budgeting: the staff page's money and phase rules, decisions made from stale pages,
the area manager's home page and the e-mail rule's aliases."""

from decimal import Decimal

import pytest
from django.urls import reverse

from placeboard.core.models import AuditEvent
from placeboard.funding import pb_services, voters
from placeboard.funding.models import Bid, ProjectUpdate
from tests.funding.pb_helpers import publish, set_phase
from tests.funding.test_pb_web import add_bids, boards, manager, round_  # noqa: F401


def _detail(client, partnership, round_):
    return client.get(reverse("budget_round_detail", args=[partnership.slug, round_.pk])).content.decode()


def test_staff_round_page_prints_money_as_the_public_page_does(as_user, partnership, manager, round_):
    round_.total_budget = Decimal("10000")
    round_.save()
    add_bids(round_, ("Skate park", Decimal("1500.50")))
    page = _detail(as_user("manager"), partnership, round_)
    assert "£10,000</dd>" in page and "£1,500.50" in page
    assert "10,000.00" not in page


@pytest.mark.parametrize("phase, pabulib, eligibility", [
    ("bids", False, True), ("eligibility", False, True), ("voting", False, False), ("counting", True, False)])
def test_staff_round_page_offers_what_the_phase_allows(as_user, partnership, manager, round_, phase, pabulib,
                                                       eligibility):
    add_bids(round_, ("Skate park", 50))
    set_phase(round_, phase)
    page = _detail(as_user("manager"), partnership, round_)
    assert (reverse("budget_round_pabulib", args=[partnership.slug, round_.pk]) in page) is pabulib
    assert ("Record decision" in page) is eligibility


def test_an_eligibility_decision_from_a_stale_page_audits_what_was_saved(partnership, manager, round_):
    set_phase(round_, "eligibility")
    bid = Bid.objects.create(round=round_, title="Bench", applicant="x", contact_email="x@example.org",
                             amount=10, description="x")
    seen_by_second = Bid.objects.get(pk=bid.pk)  # both officers opened the page while it was unchecked
    pb_services.decide_eligibility(manager, bid, "ineligible", "Outside the area.")
    pb_services.decide_eligibility(manager, seen_by_second, "eligible", "It is inside the area after all.")
    last = AuditEvent.objects.filter(object_id=str(bid.pk)).order_by("pk").last()
    assert last.changes["eligibility"] == ["Not eligible", "Eligible"]
    assert last.changes["reason"] == ["Outside the area.", "It is inside the area after all."]
    assert Bid.objects.get(pk=bid.pk).eligibility == "eligible"


def test_progress_from_a_stale_page_audits_what_was_saved(partnership, manager, round_):
    a, = add_bids(round_, ("Skate park", 50))
    set_phase(round_, "voting")
    pb_services.enter_paper_ballot(manager, round_, [a])
    set_phase(round_, "counting")
    publish(manager, round_)
    first, second = Bid.objects.get(pk=a.pk), Bid.objects.get(pk=a.pk)
    day = pb_services.today()
    pb_services.add_project_update(manager, first, day, "Started.", "in_progress", Decimal(10))
    pb_services.add_project_update(manager, second, day, "Ramps done.", "in_progress", Decimal(30))
    last = AuditEvent.objects.order_by("pk").last()
    assert last.changes["spent"] == ["10.00", "30"]
    assert ProjectUpdate.objects.filter(bid=a).count() == 2 and Bid.objects.get(pk=a.pk).spent == 30


def test_home_page_says_when_voting_closes_only_while_voting(as_user, partnership, manager, round_):
    client = as_user("manager")
    home = reverse("partnership_home", args=[partnership.slug])
    set_phase(round_, "voting")
    assert f"(closes on {round_.counting_from:%-d %B %Y})" in client.get(home).content.decode()
    set_phase(round_, "eligibility")
    assert "closes on" not in client.get(home).content.decode()


@pytest.mark.parametrize("setting", [["gmail.com"], ["googlemail.com"], ["GMail.com"]])
def test_dotless_domains_match_through_their_alias(setting):
    assert voters.normalise_email("Jo.Bloggs+pb@googlemail.com", setting) == "jobloggs@gmail.com"
    assert voters.normalise_email("jo.bloggs@gmail.com", setting) == "jobloggs@gmail.com"
    assert voters.normalise_email("jo.bloggs@example.org", setting) == "jo.bloggs@example.org"
