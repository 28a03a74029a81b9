"""The assessment rules, exhaustively: examples from the seeds, every branch and
boundary, and properties that must hold for any numbers (hypothesis)."""

from decimal import Decimal as D
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from placeboard.performance.assessment import (
    DEFAULT_TOLERANCE,
    Direction,
    Polarity,
    Status,
    Tolerance,
    assess,
    direction_of_travel,
    profiled_target,
)

# -- the seeds -------------------------------------------------------------------------


def test_ni_072():
    a = assess("57.4", "57.2", "higher")
    assert (a.variance, a.favourable_variance, a.status, a.on_target) == (D("0.2"), D("0.2"), Status.GREEN, True)
    assert "57.4 is above the target of 57.2" in a.rule


def test_ni_092_lower_is_better():
    a = assess("29.6", "32.4", "lower")
    assert (a.variance, a.favourable_variance, a.status) == (D("-2.8"), D("2.8"), Status.GREEN)


def test_row_36_profiled():
    a = assess(58, 107, "higher", cumulative=True, fraction_elapsed=Fraction(1, 4))
    assert a.compared_target == D("26.75")
    assert a.variance == D("31.25") and a.status == Status.GREEN
    assert "1/4 of the year's target of 107" in a.rule


def test_row_36_without_profiling_would_be_red():
    assert assess(58, 107, "higher").status == Status.RED


def test_row_41():
    a = assess("26.8", 13, "lower")
    assert a.favourable_variance == D("-13.8") and a.status == Status.RED and a.on_target is False


# -- branches and boundaries ---------------------------------------------------------------


@pytest.mark.parametrize("actual, status", [
    ("100", Status.GREEN), ("95", Status.AMBER), ("94.99", Status.RED), ("120", Status.GREEN),
])
def test_relative_tolerance_edges(actual, status):
    assert assess(actual, 100, "higher", Tolerance("relative", D(5))).status == status


@pytest.mark.parametrize("actual, status", [("12", Status.GREEN), ("14", Status.AMBER), ("14.01", Status.RED)])
def test_absolute_tolerance_lower_is_better(actual, status):
    assert assess(actual, 12, "lower", Tolerance("absolute", D(2))).status == status


def test_default_tolerance_is_five_percent():
    assert DEFAULT_TOLERANCE == Tolerance("relative", D(5))
    assert assess(95, 100, "higher").status == Status.AMBER


def test_zero_target_has_no_percentage_variance():
    a = assess(3, 0, "lower", Tolerance("absolute", D(5)))
    assert a.percentage_variance is None and a.status == Status.AMBER


def test_percentage_variance():
    assert assess(110, 100, "higher").percentage_variance == D(10)
    assert assess(-6, -4, "higher").percentage_variance == D(-50)


def test_negative_values():
    assert assess(-2, -5, "higher").status == Status.GREEN
    assert assess(-2, -5, "lower").status == Status.RED


@pytest.mark.parametrize("actual, status", [(5, Status.GREEN), (4, Status.GREEN), (6, Status.GREEN),
                                            ("3.9", Status.AMBER), ("3.5", Status.RED), ("6.1", Status.AMBER)])
def test_band(actual, status):
    assert assess(actual, None, "band", Tolerance("relative", D(5)), band=(4, 6)).status == status


def test_band_without_band_is_too_early():
    assert assess(5, None, "band").status == Status.TOO_EARLY


def test_text_target_is_too_early():
    a = assess(8, None, "lower", target_text="Less than 15 across all phases")
    assert a.status == Status.TOO_EARLY and a.variance is None and a.on_target is None
    assert "Less than 15 across all phases" in a.rule


def test_no_actual_is_no_data_with_when_expected():
    a = assess(None, 10, "higher", expected_by="Data available Q3")
    assert a.status == Status.NO_DATA and "Data available Q3" in a.rule and a.on_target is None


def test_monitor_only_keeps_variance():
    a = assess(12, 10, "none")
    assert a.status == Status.MONITOR and a.variance == D(2) and a.favourable_variance is None


def test_explicit_profile_wins():
    profile = {Fraction(1, 4): D(40), Fraction(1, 2): D(60)}
    assert profiled_target(107, Fraction(1, 4), profile=profile) == D(40)
    assert profiled_target(107, Fraction(3, 4), profile=profile) == D("80.25")


def test_level_profiled_from_baseline():
    assert profiled_target(60, Fraction(1, 2), baseline=50) == D(55)


def test_whole_year_is_not_profiled():
    assert assess(100, 107, "higher", cumulative=True, fraction_elapsed=Fraction(1)).compared_target == D(107)


def test_floats_are_refused():
    with pytest.raises(TypeError):
        assess(57.4, 57.2, "higher")


def test_negative_tolerance_refused():
    with pytest.raises(ValueError):
        Tolerance("relative", D(-1))
    with pytest.raises(ValueError):
        Tolerance("percent", D(1))


@pytest.mark.parametrize("latest, earlier, polarity, direction", [
    ("29.6", "31.4", "lower", Direction.IMPROVING), ("57.4", "57", "higher", Direction.IMPROVING),
    ("56", "57", "higher", Direction.WORSENING), (5, 5, "higher", Direction.NO_CHANGE),
    (5, None, "higher", Direction.NOT_COMPARABLE), (6, 5, "none", Direction.CHANGED),
])
def test_direction_of_travel(latest, earlier, polarity, direction):
    assert direction_of_travel(latest, earlier, polarity) == direction


# -- properties ----------------------------------------------------------------------------

numbers = st.decimals(min_value=-10**6, max_value=10**6, places=3, allow_nan=False, allow_infinity=False)
nonzero = numbers.filter(lambda d: d != 0)
RANK = {Status.GREEN: 2, Status.AMBER: 1, Status.RED: 0}


@settings(max_examples=300)
@given(actual=numbers, target=numbers)
def test_favourable_variance_flips_with_polarity(actual, target):
    assert assess(actual, target, "higher").favourable_variance == -assess(actual, target, "lower").favourable_variance


@settings(max_examples=300)
@given(actual=numbers, target=numbers, polarity=st.sampled_from(["higher", "lower"]))
def test_green_iff_favourable_variance_not_negative(actual, target, polarity):
    a = assess(actual, target, polarity)
    assert (a.status == Status.GREEN) == (a.favourable_variance >= 0)
    assert a.status in (Status.GREEN, Status.AMBER, Status.RED)


@settings(max_examples=300)
@given(a=numbers, b=numbers, target=numbers, amount=st.decimals(min_value=0, max_value=50, places=2))
def test_status_is_monotone_in_the_actual(a, b, target, amount):
    low, high = sorted((a, b))
    tol = Tolerance("absolute", amount)
    assert RANK[assess(high, target, "higher", tol).status] >= RANK[assess(low, target, "higher", tol).status]
    assert RANK[assess(low, target, "lower", tol).status] >= RANK[assess(high, target, "lower", tol).status]


@settings(max_examples=300)
@given(actual=numbers, target=nonzero)
def test_percentage_variance_property(actual, target):
    a = assess(actual, target, "higher")
    exact = Fraction(a.variance) / abs(Fraction(target)) * 100
    # Exact when the decimal terminates, else shown to 10 places.
    assert abs(Fraction(a.percentage_variance) - exact) <= Fraction(1, 10**10)
    assert a.variance == actual - target


@settings(max_examples=300)
@given(x=numbers, y=numbers, polarity=st.sampled_from(["higher", "lower"]))
def test_direction_of_travel_is_antisymmetric(x, y, polarity):
    forward, back = direction_of_travel(x, y, polarity), direction_of_travel(y, x, polarity)
    opposite = {Direction.IMPROVING: Direction.WORSENING, Direction.WORSENING: Direction.IMPROVING,
                Direction.NO_CHANGE: Direction.NO_CHANGE}
    assert back == opposite[forward]


@settings(max_examples=300)
@given(target=st.integers(min_value=0, max_value=10**6), months=st.integers(min_value=1, max_value=11),
       actual=st.integers(min_value=0, max_value=10**6))
def test_profiled_comparison_is_exact(target, months, actual):
    """Green exactly when actual × 12 ≥ target × months: no rounding of a third or a sixth."""
    a = assess(actual, target, "higher", cumulative=True, fraction_elapsed=Fraction(months, 12))
    assert (a.status == Status.GREEN) == (actual * 12 >= target * months)


def test_a_third_of_two():
    # 2 × 4/12 is 0.666…, so 0.6666666667 (what a rounded profile would say) is not enough.
    assert assess(D("0.6666666666"), 2, "higher", cumulative=True, fraction_elapsed=Fraction(4, 12),
                  tolerance=Tolerance("absolute", D(0))).status == Status.RED
    assert profiled_target(2, Fraction(4, 12)) == D("0.6666666667")


def test_polarity_and_status_words():
    assert Polarity("lower").words == "lower is better"
    assert Status.TOO_EARLY.label == "Too early to assess"
