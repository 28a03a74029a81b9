# ruff: noqa: F811  (the fixtures imported from the funding tests are named as arguments)
"""A resident votes in a real browser with the running total; a manager counts, publishes and voids; every
page passes axe and fits a phone's width."""

import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from placeboard.funding import pb_services
from placeboard.funding.models import Bid
from tests.browser.conftest import click_to_load
from tests.funding.pb_helpers import set_phase
from tests.funding.test_pb_web import add_bids, boards, manager, round_  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def voting(round_):
    round_.ballot_type, round_.max_projects, round_.total_budget = "within_budget", None, Decimal(100)
    add_bids(round_, ("Skate park", 50), ("Benches", 40), ("Litter picks", 30))
    Bid.objects.create(round=round_, title="My driveway", applicant="Jo", contact_email="jo@example.org", amount=20,
                       description="x", eligibility="ineligible", eligibility_reason="Benefits one household.")
    return set_phase(round_, "voting")


def test_a_resident_votes_watching_the_running_total(page, live_server, partnership, voting, axe_violations):
    page.goto(live_server.url + reverse("public_budget_round", args=[partnership.slug, voting.pk]))
    assert axe_violations() == []
    page.get_by_label("Your e-mail address").fill("resident@example.org")
    click_to_load(page.get_by_role("button", name="Send me a voting link"))
    assert page.get_by_role("heading", name="Check your e-mail").is_visible()
    link = re.search(r"http://\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    assert page.url.endswith("/vote/ballot/")  # the token has left the address bar
    total = page.locator("#ballot-total")
    page.get_by_label("Skate park – £50").check()
    page.get_by_label("Benches – £40").check()
    total.get_by_text("You have chosen 2 projects costing £90 of the £100 budget; £10 left.").wait_for()
    page.get_by_label("Litter picks – £30").check()
    total.get_by_text("£20 over the budget of £100. Choose fewer.").wait_for()
    assert axe_violations() == []
    page.get_by_label("Litter picks – £30").uncheck()
    click_to_load(page.get_by_role("button", name="Cast my vote"))
    assert page.get_by_role("heading", name="Vote cast").is_visible()
    assert pb_services.ballot_count(voting) == 1


def test_a_manager_counts_publishes_and_the_public_sees_the_results(page, live_server, sign_in, partnership,
                                                                    personas, manager, voting, axe_violations):
    a, b, c = Bid.objects.filter(round=voting, eligibility="eligible").order_by("pk")
    voting.paper_ballots_issued = 3
    voting.save()
    for chosen in ([a, b], [a], [c]):
        pb_services.enter_paper_ballot(manager, voting, chosen)
    set_phase(voting, "counting")
    sign_in("areamanager")
    page.goto(live_server.url + voting.get_absolute_url())
    click_to_load(page.get_by_role("button", name="Count the votes"))
    assert page.get_by_text("Count not yet published").is_visible()
    click_to_load(page.get_by_role("button", name="Publish the results"))
    assert page.get_by_text("Results published. They can no longer be counted again.").is_visible()
    assert axe_violations() == []
    public = live_server.url + reverse("public_budget_round", args=[partnership.slug, voting.pk])
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(public)
        assert page.get_by_role("heading", name="Bids found not eligible").is_visible()
        assert page.locator("svg.pb-chart title").text_content().startswith("Votes for each project")
        assert axe_violations() == [], width
        assert page.evaluate("document.documentElement.scrollWidth") <= width, width
