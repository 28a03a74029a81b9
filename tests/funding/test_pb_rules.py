"""Results under both rules against examples worked by hand (docs/funding.md shows the working)."""

from decimal import Decimal as D

from placeboard.funding.pb import EQUAL_SHARES, GREEDY, results


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
    assert out[1].explanation == ("Not funded: with 4 votes it came 2nd, but when its turn came only £400 was left, "
                                  "less than its £500.")
    assert out[2].explanation == ("Funded: with 3 votes it came 3rd; its £300 fitted in the £400 still unspent "
                                  "when its turn came.")


def test_the_rules_differ_where_a_majority_would_take_everything():
    # Greedy: A and B (6 votes each) use the whole £100; C is left out.
    assert funded(results(GREEDY, D(100), DIFFER_COSTS, DIFFER_BALLOTS)) == {"A", "B"}
    # Equal shares: each voter has £10. A costs its six supporters £8.33 each (C would cost its four £10 each),
    # so A first; then C, paid by the four; B's supporters have £1.67 each, £10 in all, less than £50.
    out = {r.key: r for r in results(EQUAL_SHARES, D(100), DIFFER_COSTS, DIFFER_BALLOTS)}
    assert funded(out.values()) == {"A", "C"}
    assert out["B"].explanation == ("Not funded: its 6 supporters had only £10 left of their equal shares, less than "
                                    "its £50; money left unspent in the round: £10.")
    assert out["C"].explanation == ("Funded: its 4 supporters paid its £40 from their equal shares of £10 each, "
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
    assert not funded(out) and out[0].explanation == "Not funded: nobody voted."
    assert not funded(results(GREEDY, D(100), DIFFER_COSTS, []))
