"""Results under both rules against examples worked by hand (docs/funding.md shows the working), and against
pabutools called directly on random small rounds."""

from decimal import Decimal as D
from fractions import Fraction
from math import ceil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pabutools.election import ApprovalBallot, ApprovalProfile, Cost_Sat, Instance, Project
from pabutools.rules import (
    completion_by_rule_combination,
    exhaustion_by_budget_increase,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
)

from placeboard.funding.pb import (
    COMPLETION_INCREASE_THEN_GREEDY,
    COMPLETION_NONE,
    COMPLETIONS,
    EQUAL_SHARES,
    GREEDY,
    count,
    results,
    select,
)

RAISE, NONE = COMPLETION_INCREASE_THEN_GREEDY, COMPLETION_NONE


def funded(outcome):
    return {r.key for r in outcome if r.funded}


# Budget £100, ten voters: six approve A and B (£50 each), four approve C (£40).
DIFFER_COSTS = {"A": D(50), "B": D(50), "C": D(40)}
DIFFER_BALLOTS = [{"A", "B"}] * 6 + [{"C"}] * 4


def test_greedy_funds_by_votes_skipping_what_no_longer_fits():
    # £1,000: P1 (5 votes, £600) leaves £400; P2 (4 votes, £500) no longer fits; P3 (£300) and P4 (£100) do.
    costs = {"P1": D(600), "P2": D(500), "P3": D(300), "P4": D(100)}
    ballots = [{"P1"}] * 2 + [{"P1", "P2", "P3"}] * 2 + [{"P1", "P2", "P3", "P4"}] + [{"P2"}]
    out = results(GREEDY, D(1000), costs, ballots)
    assert [(r.key, r.votes, r.funded) for r in out] == [("P1", 5, True), ("P2", 4, False), ("P3", 3, True),
                                                         ("P4", 1, True)]
    assert out[1].explanation == ("With 4 votes it came 2nd, but when its turn came only £400 was left, "
                                  "less than its £500.")
    assert out[2].explanation == ("With 3 votes it came 3rd; its £300 fitted in the £400 still unspent "
                                  "when its turn came.")


def test_the_rules_differ_where_a_majority_would_take_everything():
    # Greedy: A and B (6 votes each) use the whole £100; C is left out.
    assert funded(results(GREEDY, D(100), DIFFER_COSTS, DIFFER_BALLOTS)) == {"A", "B"}
    # Equal shares: each voter has £10. A costs its six supporters £8.33 each (C would cost its four £10 each),
    # so A first; then C, paid by the four; B's supporters have £1.67 each, £10 in all, less than £50.
    out = {r.key: r for r in results(EQUAL_SHARES, D(100), DIFFER_COSTS, DIFFER_BALLOTS)}
    assert funded(out.values()) == {"A", "C"}
    assert out["B"].explanation == ("Its 6 supporters had only £10 left of their equal shares, less than "
                                    "its £50; money left unspent in the round: £10.")
    assert out["C"].explanation == ("Its 4 supporters paid its £40 from their equal shares of £10 each, "
                                    "at most £10 per supporter.")


def test_equal_shares_where_everyone_agrees_is_greedy():
    costs = {"X": D(30), "Y": D(30), "Z": D(50)}
    ballots = [{"X", "Y", "Z"}] * 3 + [{"X", "Y"}]
    assert funded(results(EQUAL_SHARES, D(60), costs, ballots)) == funded(results(GREEDY, D(60), costs, ballots)) \
        == {"X", "Y"}


def test_pence_and_ties_are_exact_and_ties_go_to_the_earlier_bid():
    costs = {"first": D("33.33"), "second": D("33.33"), "third": D("33.34")}
    ballots = [{"first", "second", "third"}]
    assert funded(results(GREEDY, D("66.66"), costs, ballots)) == {"first", "second"}
    assert funded(results(GREEDY, D("100.00"), costs, ballots)) == {"first", "second", "third"}


def test_no_ballots_funds_nothing():
    out = results(EQUAL_SHARES, D(100), DIFFER_COSTS, [])
    assert not funded(out) and out[0].explanation == "Nobody voted."
    assert not funded(results(GREEDY, D(100), DIFFER_COSTS, []))


# Budget £100, ten voters: five approve P (£60), five approve Q (£40).
RAISE_COSTS = {"P": D(60), "Q": D(40)}
RAISE_BALLOTS = [{"P"}] * 5 + [{"Q"}] * 5

# Budget £100, ten voters: five approve X (£50), four approve Y (£60), one approves Y and Z (£30).
FILL_COSTS = {"X": D(50), "Y": D(60), "Z": D(30)}
FILL_BALLOTS = [{"X"}] * 5 + [{"Y"}] * 4 + [{"Y", "Z"}]


def test_raising_the_shares_funds_what_equal_shares_alone_leaves_out():
    # Alone: each voter has £10; Q costs its five £8 each; P's five have £50, less than £60. £60 is left and P fits.
    alone = count(EQUAL_SHARES, D(100), RAISE_COSTS, RAISE_BALLOTS, completion=NONE)
    assert funded(alone.projects) == {"Q"} and (alone.spent, alone.left) == (D(40), D(60))
    assert alone.left_note == ("£60 left: one project costing £60 would fit, but its 5 supporters had only £50 left "
                               "of their equal shares, so equal shares did not fund it.")
    # Completed: shares rise 50p at a time (£10 / 20); at £12 P's five can pay £60, and P and Q use all £100.
    done = count(EQUAL_SHARES, D(100), RAISE_COSTS, RAISE_BALLOTS)
    assert done.completion == RAISE and funded(done.projects) == {"P", "Q"} and (done.spent, done.left) == (100, 0)
    assert done.projects[0].explanation == ("Its 5 supporters paid its £60 from their equal shares of £12 "
                                            "each (raised from £10 so that more of the budget is used), at most £12 "
                                            "per supporter.")
    assert done.left_note == "The whole budget is allocated."


def test_the_completion_step_funds_by_votes_what_still_fits():
    # Alone: X is bought by its five at £10 each; Y's five have £50 (< £60); Z's one has £10 (< £30). £50 left.
    alone = count(EQUAL_SHARES, D(100), FILL_COSTS, FILL_BALLOTS, completion=NONE)
    assert funded(alone.projects) == {"X"} and alone.left == 50
    # Raising: at £12 each Y's five could pay £60, but X and Y cost £110, so the shares stop at £11.50 with X
    # alone; then by votes, Y (5 votes, £60) does not fit in the £50 left and Z (1 vote, £30) does.
    done = count(EQUAL_SHARES, D(100), FILL_COSTS, FILL_BALLOTS)
    by_key = {r.key: r for r in done.projects}
    assert funded(done.projects) == {"X", "Z"} and (done.spent, done.left) == (D(80), D(20))
    assert by_key["X"].explanation == ("Its 5 supporters paid its £50 from their equal shares of £11.50 each "
                                       "(raised from £10 so that more of the budget is used), at most £10 per "
                                       "supporter.")
    assert by_key["Y"].explanation == ("Its 5 supporters had only £57.50 left of their equal shares of "
                                       "£11.50 each, less than its £60; in the completion step only £50 was left "
                                       "when its turn came.")
    assert by_key["Z"].explanation == ("Added in the completion step: after equal shares £50 was left, and its £30 "
                                       "fitted; with 1 vote it came 3rd.")
    assert done.left_note == "£20 left: no remaining project costs £20 or less."


def test_money_left_that_nothing_fits_is_said_with_the_amount():
    # The worked example in docs/funding.md: A and C cost £90 of £100, and B (£50) cannot fit in £10.
    for completion in COMPLETIONS:
        outcome = count(EQUAL_SHARES, D(100), DIFFER_COSTS, DIFFER_BALLOTS, completion=completion)
        assert funded(outcome.projects) == {"A", "C"} and (outcome.spent, outcome.left) == (D(90), D(10))
        assert outcome.left_note == "£10 left: no remaining project costs £10 or less."
    assert count(EQUAL_SHARES, D(100), DIFFER_COSTS, []).left_note == "£100 left: nobody voted."


def test_equal_shares_buys_first_what_costs_its_supporters_the_least_part_of_its_cost():
    # Cost satisfaction: Y (£100, all ten voters) costs each £10, a tenth of it; X (£10, two voters) costs each £5,
    # half of it. So Y is bought first and uses every share; X is then out of reach.
    costs, ballots = {"X": D(10), "Y": D(100)}, [{"X", "Y"}] * 2 + [{"Y"}] * 8
    out = {r.key: r for r in results(EQUAL_SHARES, D(100), costs, ballots)}
    assert funded(out.values()) == {"Y"}
    assert out["Y"].explanation == ("Its 10 supporters paid its £100 from their equal shares of £10 each, at "
                                    "most £10 per supporter.")
    assert out["X"].explanation == ("Its 2 supporters had only £0 left of their equal shares, less than "
                                    "its £10; money left unspent in the round: £0.")


def test_greedy_ignores_the_completion():
    for costs, ballots in [(DIFFER_COSTS, DIFFER_BALLOTS), (FILL_COSTS, FILL_BALLOTS)]:
        outcomes = [count(GREEDY, D(100), costs, ballots, completion=c) for c in COMPLETIONS]
        assert outcomes[0] == outcomes[1] and outcomes[0].completion == ""
        assert outcomes[0].projects == results(GREEDY, D(100), costs, ballots)


def test_projects_nobody_voted_for_are_not_funded_even_with_money_left():
    costs, ballots = {"A": D(50), "B": D(10)}, [{"A"}]
    for rule, completion in [(GREEDY, ""), (EQUAL_SHARES, NONE), (EQUAL_SHARES, RAISE)]:
        outcome = count(rule, D(100), costs, ballots, completion=completion or RAISE)
        assert funded(outcome.projects) == {"A"} == select(rule, D(100), costs, ballots, completion or RAISE)
        assert outcome.projects[1].explanation == "It received no votes."
        assert outcome.left_note == "£50 left: the projects that would fit received no votes."


def test_unknown_rule_or_completion_is_refused():
    with pytest.raises(ValueError):
        count(EQUAL_SHARES, D(100), DIFFER_COSTS, DIFFER_BALLOTS, completion="save_for_next_year")
    with pytest.raises(ValueError):
        count("lottery", D(100), DIFFER_COSTS, DIFFER_BALLOTS)


def test_every_funded_set_is_within_the_budget():
    cases = [(D(100), DIFFER_COSTS, DIFFER_BALLOTS), (D(100), RAISE_COSTS, RAISE_BALLOTS),
             (D(100), FILL_COSTS, FILL_BALLOTS), (D("66.66"), {"a": D("33.33"), "b": D("33.33"), "c": D("33.34")},
                                                  [{"a", "b", "c"}, {"c"}])]
    for budget, costs, ballots in cases:
        for rule in (GREEDY, EQUAL_SHARES):
            for completion in COMPLETIONS:
                outcome = count(rule, budget, costs, ballots, completion=completion)
                assert outcome.spent == sum(r.cost for r in outcome.projects if r.funded) <= budget
                assert outcome.spent + outcome.left == budget


def pabutools_directly(rule, budget, costs, ballots, completion):
    """The same selection written out as pabutools' own calls: pence, names in bid order, projects with votes."""
    voted = {key for ballot in ballots for key in ballot}
    projects = {key: Project(f"{index:09d}", int(cost * 100)) for index, (key, cost) in enumerate(costs.items())
                if key in voted}
    instance = Instance(projects.values(), budget_limit=int(budget * 100))
    profile = ApprovalProfile([ApprovalBallot([projects[key] for key in ballot]) for ballot in ballots])
    if rule == GREEDY:
        chosen = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    elif completion == NONE:
        chosen = method_of_equal_shares(instance, profile, sat_class=Cost_Sat)
    else:
        per_voter = ceil(Fraction(int(budget * 100), 20 * len(ballots)))  # a twentieth of a share, whole pence
        chosen = completion_by_rule_combination(
            instance, profile, [exhaustion_by_budget_increase, greedy_utilitarian_welfare],
            [{"rule": method_of_equal_shares, "rule_params": {"sat_class": Cost_Sat},
              "budget_step": len(ballots) * per_voter, "budget_bound": 4 * int(budget * 100)},
             {"sat_class": Cost_Sat}])
    names = {p.name: key for key, p in projects.items()}
    return {names[p.name] for p in chosen}


@st.composite
def rounds(draw):
    keys = [f"bid{i}" for i in range(draw(st.integers(1, 6)))]
    costs = {key: D(draw(st.integers(1, 60))) for key in keys}
    ballots = draw(st.lists(st.sets(st.sampled_from(keys), max_size=len(keys)), min_size=1, max_size=12))
    return D(draw(st.integers(1, 150))), costs, ballots


@settings(max_examples=150, deadline=None)
@given(rounds())
def test_count_funds_what_pabutools_funds(round_):
    budget, costs, ballots = round_
    for rule, completion in [(GREEDY, NONE), (EQUAL_SHARES, NONE), (EQUAL_SHARES, RAISE)]:
        outcome = count(rule, budget, costs, ballots, completion=completion)
        assert funded(outcome.projects) == pabutools_directly(rule, budget, costs, ballots, completion)
        assert outcome.spent + outcome.left == budget and outcome.spent <= budget
        # The replayed payments agreed with pabutools: no fallback sentence ("… 3 votes for its £40.").
        assert all(r.explanation and " for its " not in r.explanation for r in outcome.projects)
        if rule == EQUAL_SHARES and completion == RAISE:
            assert not [r for r in outcome.projects if not r.funded and r.votes and r.cost <= outcome.left]


def test_if_pabutools_and_the_replay_ever_disagree_the_explanation_says_only_what_is_known(monkeypatch):
    # Pretend pabutools funded B rather than A: no payments are invented for it.
    monkeypatch.setattr("placeboard.funding.pb._pabutools", lambda *args: ({"B", "C"}, set(), 10000))
    out = {r.key: r for r in results(EQUAL_SHARES, D(100), DIFFER_COSTS, DIFFER_BALLOTS)}
    assert out["B"].explanation == "The Method of Equal Shares chose it: 6 votes for its £50."
    assert out["A"].explanation == "The Method of Equal Shares did not choose it: 6 votes for its £50."
