"""Pabulib files: what we write, pabutools reads back with the same costs, budget and ballots, and counts the same;
and a published worked example counts as published."""

import random
from collections import Counter
from decimal import Decimal as D
from fractions import Fraction
from math import ceil
from pathlib import Path

import pytest
from pabutools.election import Cost_Sat
from pabutools.election.pabulib import parse_pabulib, parse_pabulib_from_string
from pabutools.fractions import frac
from pabutools.rules import (
    completion_by_rule_combination,
    exhaustion_by_budget_increase,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
)

from placeboard.funding import pabulib, pb

DATA = Path(__file__).resolve().parent.parent / "data" / "pabulib"

META = {"description": "Chippenham You Decide 2009, Chippenham Area Board", "country": "United Kingdom",
        "unit": "Chippenham", "instance": "wiltshire-7", "budget": D("1000"), "rule": "equal-shares",
        "date_begin": "2009-01-05", "date_end": "2009-02-01", "max_length": 3}
# Keys as the database has them (bid primary keys), in bid order; every project has votes.
PROJECTS = [(901, "Skate park", D("400")), (17, "Lowden garden", D("250.50")), (333, "Youth club", D("300")),
            (42, "Bus shelter", D("99.99"))]
BALLOTS = [{901, 17}] * 4 + [{901}] * 3 + [{333, 42}] * 2 + [{17, 333, 42}] + [{42}] + [set()]


def pounds(value):
    return D(int(value.numerator)) / D(int(value.denominator))


def read(text):
    """(budget, {project id: cost} in id order, [set of project ids], instance, profile) from Pabulib text."""
    instance, profile = parse_pabulib_from_string(text)
    costs = {p.name: pounds(p.cost) for p in sorted(instance, key=lambda p: int(p.name))}
    return pounds(instance.budget_limit), costs, [{p.name for p in ballot} for ballot in profile], instance, profile


def pabutools_on(instance, profile, rule, completion):
    """pabutools run directly on a file as read, in pounds: one step is a twentieth of a share rounded up to whole
    pence, for every voter, as pb.count does in pence."""
    if rule == pb.GREEDY:
        chosen = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    elif completion == pb.COMPLETION_NONE:
        chosen = method_of_equal_shares(instance, profile, sat_class=Cost_Sat)
    else:
        voters, pence = profile.num_ballots(), int(instance.budget_limit * 100)
        step = frac(voters * ceil(Fraction(pence, 20 * voters)), 100)  # gmpy2's exact fraction, as pabutools uses
        chosen = completion_by_rule_combination(
            instance, profile, [exhaustion_by_budget_increase, greedy_utilitarian_welfare],
            [{"rule": method_of_equal_shares, "rule_params": {"sat_class": Cost_Sat}, "budget_step": step,
              "budget_bound": 4 * instance.budget_limit}, {"sat_class": Cost_Sat}])
    return {p.name for p in chosen}


def test_a_dump_reads_back_with_the_same_costs_budget_and_ballots():
    text = pabulib.dump(META, PROJECTS, BALLOTS, rng=random.Random(7))
    budget, costs, ballots, instance, profile = read(text)
    ids = {key: str(index) for index, (key, _, _) in enumerate(PROJECTS, start=1)}
    assert budget == D(1000)
    assert costs == {ids[key]: cost for key, _, cost in PROJECTS}  # "250.50" and "99.99" come back exact
    assert Counter(frozenset(b) for b in ballots) == Counter(frozenset(ids[k] for k in b) for b in BALLOTS)
    assert {p.name: (instance.project_meta[p]["name"], instance.project_meta[p]["votes"]) for p in instance} == {
        "1": ("Skate park", "7"), "2": ("Lowden garden", "5"), "3": ("Youth club", "3"), "4": ("Bus shelter", "4")}
    assert {k: instance.meta[k] for k in ("num_projects", "num_votes", "vote_type", "date_end", "max_length")} == {
        "num_projects": "4", "num_votes": "12", "vote_type": "approval", "date_end": "2009-02-01", "max_length": "3"}


@pytest.mark.parametrize("rule, completion", [(pb.GREEDY, pb.COMPLETION_NONE),
                                              (pb.EQUAL_SHARES, pb.COMPLETION_NONE),
                                              (pb.EQUAL_SHARES, pb.COMPLETION_INCREASE_THEN_GREEDY)])
def test_pabutools_on_the_file_funds_what_count_funds(rule, completion):
    outcome = pb.count(rule, META["budget"], {key: cost for key, _, cost in PROJECTS}, BALLOTS, completion=completion)
    ids = {key: str(index) for index, (key, _, _) in enumerate(PROJECTS, start=1)}
    _, _, _, instance, profile = read(pabulib.dump(META, PROJECTS, BALLOTS))
    assert pabutools_on(instance, profile, rule, completion) == {ids[r.key] for r in outcome.projects if r.funded}


def test_ballots_are_shuffled_and_numbered_afresh():
    # Twelve different ballots, so their order in the file shows whether the input order was kept.
    projects = [(f"key-{n}", f"Project {n}", D(10)) for n in range(5, 9)]
    ballots = [{f"key-{n}" for n in range(5, 9) if mask >> (n - 5) & 1} for mask in range(1, 13)]
    text = pabulib.dump(META, projects, ballots, rng=random.Random(1))
    votes = text.split("VOTES\nvoter_id;vote\n")[1].splitlines()
    assert [row.split(";")[0] for row in votes] == [str(n) for n in range(1, 13)]  # numbered 1..n after the shuffle
    written = [row.split(";")[1] for row in votes]
    in_input_order = [",".join(str(n - 4) for n in range(5, 9) if f"key-{n}" in b) for b in ballots]
    assert sorted(written) == sorted(in_input_order) and written != in_input_order
    assert pabulib.dump(META, projects, ballots, rng=random.Random(2)) != text
    assert "key-" not in text and "\n1;10;" in text  # project ids are 1..m, not the keys
    _, _, read_back, _, _ = read(pabulib.dump(META, projects, ballots))  # the system's randomness by default
    assert Counter(map(frozenset, read_back)) == Counter(frozenset(b.split(",")) for b in in_input_order)


def test_names_and_descriptions_cannot_break_the_file():
    meta = dict(META, description='Round; "one"\nsecond line\u2028third')
    projects = [("a", 'Skate; park\r\nphase 2', D(10)), ("b", '"Quoted" garden', D("5.5"))]
    text = pabulib.dump(meta, projects, [{"a"}, {"a", "b"}], rng=random.Random(0))
    _, costs, _, instance, _ = read(text)
    assert instance.meta["description"] == "Round, 'one' second line third"
    assert sorted(instance.project_meta[p]["name"] for p in instance) == ["'Quoted' garden", "Skate, park  phase 2"]
    assert costs == {"1": D(10), "2": D("5.5")} and "\n2;5.50;1;" in text


def test_the_pabulib_fields_are_required_and_amounts_are_whole_pence():
    with pytest.raises(ValueError, match="country, unit"):
        pabulib.dump({"description": "x", "instance": "y", "budget": D(1), "rule": "greedy"}, [], [])
    with pytest.raises(ValueError, match="pence"):
        pabulib.dump(META, [("a", "A", D("1.005"))], [])


def test_the_published_example_counts_as_published():
    """equalshares.net, "Explanation of the Method of Equal Shares", section "Example 2 (more complicated)"
    (https://equalshares.net/explanation; docs/explanation.mdx in github.com/equalshares/equalshares.net): budget
    1100, 11 voters, five projects. Published outcome, without completion: the outdoor gym (7 votes, each supporter
    paying 400/7 = 57.14), then the new park, then the new playground; the bike path and the library for kids are
    not funded; 850 spent. The file marks the published winners in its selected column."""
    instance, profile = parse_pabulib(str(DATA / "equalshares_net_example_2.pb"))
    projects = sorted(instance, key=lambda p: int(p.name))
    costs = {p.name: pounds(p.cost) for p in projects}
    ballots = [{p.name for p in ballot} for ballot in profile]
    published = {p.name for p in projects if instance.project_meta[p]["selected"] == "1"}
    assert {instance.project_meta[p]["name"] for p in projects if p.name in published} == {
        "outdoor gym", "new park", "new playground"}

    alone = pb.count(pb.EQUAL_SHARES, pounds(instance.budget_limit), costs, ballots, completion=pb.COMPLETION_NONE)
    assert {r.key for r in alone.projects if r.funded} == published and alone.spent == D(850)
    by_key = {r.key: r for r in alone.projects}
    assert by_key["2"].explanation == ("Its 7 supporters paid its £400 from their equal shares of £100 each, "
                                       "at most £57.14 per supporter.")
    # The page rounds the gym's supporters' £42.86 left to £43, so their park and playground payments to £60.50.
    assert by_key["3"].explanation.endswith("at most £60.71 per supporter.")

    for completion in pb.COMPLETIONS:
        outcome = pb.count(pb.EQUAL_SHARES, pounds(instance.budget_limit), costs, ballots, completion=completion)
        assert {r.key for r in outcome.projects if r.funded} == pabutools_on(instance, profile, pb.EQUAL_SHARES,
                                                                              completion)
    # Completed, the shares rise from £100 to £120 and the library for kids is funded too (not published).
    completed = pb.count(pb.EQUAL_SHARES, pounds(instance.budget_limit), costs, ballots)
    assert {r.key for r in completed.projects if r.funded} == published | {"5"}
    assert completed.left_note == "£150 left: no remaining project costs £150 or less."
