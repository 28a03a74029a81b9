"""The app's demo data loads twice without change, with both rules' results and an open round."""

from placeboard.core.models import Area, Group, Partnership, Theme
from placeboard.funding import pb_services as services
from placeboard.funding.demo import load_demo
from placeboard.funding.models import Ballot, Bid, BidAttachment, BudgetRound, CommunityPlan, PlanPriority


def wiltshire_for_the_demo():
    """The least of Wiltshire the demo's rounds and plans need."""
    wiltshire = Partnership.objects.create(slug="wiltshire", name="Wiltshire", place="Wiltshire")
    county = Area.objects.create(partnership=wiltshire, name="Wiltshire", area_type="unitary_authority")
    areas = [Area.objects.create(partnership=wiltshire, name=n, area_type="community_area", parent=county)
             for n in ("Calne", "Chippenham", "Salisbury", "Tidworth")]
    Group.objects.create(partnership=wiltshire, name="Chippenham Area Board", kind="area_board", area=areas[1])
    for code in ("1", "2", "5"):
        Theme.objects.create(partnership=wiltshire, code=code, name=f"Theme {code}")
    return wiltshire


def test_demo_is_idempotent_with_a_finished_and_an_open_round(db):
    wiltshire_for_the_demo()
    load_demo()
    counts = (BudgetRound.objects.count(), Bid.objects.count(), Ballot.objects.count(), CommunityPlan.objects.count(),
              PlanPriority.objects.count())
    load_demo()
    assert (BudgetRound.objects.count(), Bid.objects.count(), Ballot.objects.count(), CommunityPlan.objects.count(),
            PlanPriority.objects.count()) == counts == (2, 9, 20, 4, 3)
    finished = BudgetRound.objects.get(name="Chippenham You Decide 2009")
    # Equal shares funds the skate park and the garden; its completion then adds the youth club.
    assert set(finished.bids.filter(funded=True).values_list("title", flat=True)) == {
        "Skate park repairs", "Lowden community garden", "Youth club evening sessions"}
    assert finished.published and finished.box_sealed and not finished.pending_ballots.exists()
    _, greedy, _ = services.outcome_under(finished, "greedy")
    titles = dict(finished.bids.values_list("pk", "title"))
    assert {titles[r.key] for r in greedy.projects if r.funded} == {
        "Skate park repairs", "Youth club evening sessions", "Monkton Park benches and bins"}
    quote = BidAttachment.objects.get()  # loaded once however often the demo runs
    assert quote.bid.title == "Skate park repairs" and bytes(quote.content).startswith(b"Quote for Skate park")
    open_round = BudgetRound.objects.get(name="Chippenham You Decide 2010")
    assert open_round.phase_on(services.today()) == "voting"
    assert CommunityPlan.objects.filter(status="complete").count() == 2  # Salisbury and Tidworth are not
