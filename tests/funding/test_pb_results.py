# ruff: noqa: F811  (the fixtures imported from test_pb_web are named as arguments)
"""Open results: every project with its reason, the money left, a chart with its table, the bids found not
eligible, the ballots as a Pabulib file anyone can count again, and the running total on the ballot."""

import xml.etree.ElementTree as ET
from collections import Counter
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape
from pabutools.election import Cost_Sat
from pabutools.election.pabulib import parse_pabulib_from_string
from pabutools.rules import greedy_utilitarian_welfare

from placeboard.funding import pb_services
from placeboard.funding.models import Bid, BudgetRound
from tests.funding.pb_helpers import cast, open_ballot, publish, request_link, set_phase
from tests.funding.test_pabulib import pabutools_on
from tests.funding.test_pb_web import add_bids, boards, manager, round_  # noqa: F401


@pytest.fixture
def counted(partnership, manager, round_):
    """Budget £100, greedy: A (£50) and B (£50) with 6 votes each, C (£40) with 4, D not eligible."""
    a, b, c = add_bids(round_, ("A", 50), ("B", 50), ("C", 40))
    Bid.objects.create(round=round_, title="Private driveway", applicant="Jo Bloggs", contact_email="jo@example.org",
                       amount=30, description="Resurface my drive at 4 Acacia Avenue", eligibility="ineligible",
                       eligibility_reason="Benefits one household, not the community.")
    set_phase(round_, "voting")
    for choice, count in (([a, b], 6), ([c], 4)):
        for _ in range(count):
            pb_services.enter_paper_ballot(manager, round_, choice)
    set_phase(round_, "counting")
    return round_


def test_the_public_results_show_every_project_the_money_left_and_a_chart_with_its_table(client, partnership,
                                                                                          manager, counted):
    publish(manager, counted)
    page = client.get(reverse("public_budget_round", args=[partnership.slug, counted.pk])).content.decode()
    assert "10 ballots counted. £100 of £100 allocated." in page
    table = page[page.index("<table"):page.index("</table>")]
    for title, votes, result in (("A", 6, "Funded"), ("B", 6, "Funded"), ("C", 4, "Not funded")):
        assert f">{title}</th>" in table and f">{votes}</td>" in table
    assert table.count("<strong>Funded</strong>") == 2 and "only £0 was left, less than its £40" in table
    svg = ET.fromstring(page[page.index("<svg"):page.index("</svg>") + 6])
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.find(f"{ns}title").text == f"Votes for each project in {counted.name}"
    labels = [t.text for t in svg.iter(f"{ns}text")]
    assert labels == ["A", "6 – funded", "B", "6 – funded", "C", "4 – not funded"]
    # Not eligible: listed with the reason, never with who asked or what they wrote.
    assert "Private driveway" in page and "Benefits one household, not the community." in page
    assert "Jo Bloggs" not in page and "Acacia" not in page and "jo@example.org" not in page


def test_nothing_is_public_before_publication(client, partnership, manager, counted):
    pb_services.compute_results(manager, counted)
    page = client.get(reverse("public_budget_round", args=[partnership.slug, counted.pk])).content.decode()
    assert "Results</h2>" not in page and "<svg" not in page
    assert client.get(reverse("public_pabulib", args=[partnership.slug, counted.pk])).status_code == 404


def test_the_pabulib_file_counts_the_same_with_pabutools(as_user, client, partnership, manager, counted):
    publish(manager, counted)
    response = client.get(reverse("public_pabulib", args=[partnership.slug, counted.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.pb"')
    text = response.content.decode()
    instance, profile = parse_pabulib_from_string(text)
    assert instance.budget_limit == 100
    assert sorted((p.name, int(p.cost)) for p in instance) == [("1", 50), ("2", 50), ("3", 40)]
    assert len(profile) == 10 and Counter(len(b) for b in profile) == Counter({2: 6, 1: 4})
    names = {p.name: p for p in instance}
    chosen = {p.name for p in greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)}
    result = pb_services.result_in_force(counted)
    funded_positions = {str(i + 1) for i, row in enumerate(sorted(result.rows, key=lambda r: r["bid"]))
                        if row["funded"]}
    assert chosen == funded_positions and set(names) >= chosen
    assert "Jo" not in text and "Private driveway" not in text  # only the ballot's projects
    # Staff may download it from the close of voting; the public once results are published.
    assert as_user("viewer").get(reverse("budget_round_pabulib", args=[partnership.slug, counted.pk])
                                 ).status_code == 200


def test_equal_shares_results_say_which_completion_and_why_money_is_left(client, partnership, manager, counted):
    counted.rule = "equal_shares"
    counted.save()
    publish(manager, counted)
    page = client.get(reverse("public_budget_round", args=[partnership.slug, counted.pk])).content.decode()
    label = BudgetRound.Completion.INCREASE_THEN_GREEDY.label.lower()
    assert f"Completed by: {escape(label)}." in page
    assert "£10 left: no remaining project costs £10 or less." in page


def test_the_running_total_follows_the_choices(client, partnership, round_):
    a, b, c = add_bids(round_, ("A", 50), ("B", 40), ("C", 30))
    round_.ballot_type, round_.max_projects = "within_budget", None
    set_phase(round_, "voting")
    url = reverse("public_ballot_total", args=[partnership.slug, round_.pk])
    assert "You have chosen 2 projects costing £90 of the £100 budget; £10 left." in client.post(
        url, {"bids": [a.pk, b.pk]}).content.decode()
    over = client.post(url, {"bids": [a.pk, b.pk, c.pk]}).content.decode()
    assert "£20 over the budget of £100. Choose fewer." in over and "govuk-error-message" in over
    assert "You have chosen 0 projects" in client.post(url, {"bids": ["junk", "9" * 40]}).content.decode()
    ballot = open_ballot(client, request_link(client, partnership, round_, "r@example.org"))
    page = client.get(ballot).content.decode()
    assert f'hx-post="{url}"' in page and 'aria-live="polite"' in page
    assert "Choose projects costing no more than £100 in all." in page  # the hint says the rule
    refused = client.post(ballot, {"bids": [a.pk, b.pk, c.pk]}).content.decode()
    assert "£20 over the budget" in refused and refused.count('checked') >= 3


def test_approval_ballots_count_the_projects_chosen(client, partnership, round_):
    a, b, c = add_bids(round_, ("A", 50), ("B", 40), ("C", 30))
    set_phase(round_, "voting")
    text = client.post(reverse("public_ballot_total", args=[partnership.slug, round_.pk]),
                       {"bids": [a.pk, b.pk, c.pk]}).content.decode()
    assert "You have chosen 3 projects of the 2 you may choose. Choose fewer." in text


def test_the_demo_round_shows_its_completion_and_the_bid_not_eligible(client, db):
    from placeboard.funding.demo import load_demo
    from tests.funding.test_demo import wiltshire_for_the_demo

    wiltshire_for_the_demo()
    load_demo()
    finished = BudgetRound.objects.get(name="Chippenham You Decide 2009")
    page = client.get(reverse("public_budget_round", args=[finished.partnership.slug, finished.pk])).content.decode()
    assert "£500 left: no remaining project costs £500 or less." in page
    assert "Resurfacing a private driveway" in page and "Benefits one household, not the community." in page
    funded = set(Bid.objects.filter(round=finished, funded=True).values_list("title", flat=True))
    assert funded == {"Skate park repairs", "Lowden community garden", "Youth club evening sessions"}
    assert finished.box_sealed and finished.published
    # The same winners as pabutools run directly on the published ballots, with the same completion.
    text = client.get(reverse("public_pabulib", args=[finished.partnership.slug, finished.pk])).content.decode()
    instance, profile = parse_pabulib_from_string(text)
    names = {p.name: instance.project_meta[p]["name"] for p in instance}
    direct = pabutools_on(instance, profile, "equal_shares", finished.completion)
    assert {names[n] for n in direct} == funded and len(profile) == 20
    assert pb_services.result_in_force(finished).spent == Decimal(9500)


def test_a_resident_votes_from_start_to_end(client, partnership, round_, settings):
    settings.PB_MIX_BATCH = 2
    a, b = add_bids(round_, ("A", 50), ("B", 40))
    set_phase(round_, "voting")
    assert cast(client, partnership, round_, "one@example.org", [a]).status_code == 200
    assert cast(client, partnership, round_, "two@example.org", [a, b]).status_code == 200
    assert round_.ballots.count() == 2 and not round_.pending_ballots.exists()


def test_the_public_results_say_where_the_ballots_came_from(client, partnership, manager, counted):
    publish(manager, counted)
    page = client.get(reverse("public_budget_round", args=[partnership.slug, counted.pk])).content.decode()
    assert ("Where the ballots came from: 0 online with an e-mail link, 0 with voting codes (0 codes issued) and "
            "10 on paper (20 paper ballots issued).") in page
    # What the other rule would fund is worked out once, with the count, not on each view of the staff page.
    assert pb_services.result_in_force(counted).other_rule_funded == ["A", "C"]
