"""Figures: equality at the stored precision and plain printing (performance/figures.py).

Examples first, then properties over generated figures (hypothesis)."""

from decimal import ROUND_HALF_EVEN, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from placeboard.performance.figures import (
    STORED_PLACES,
    audit_text,
    breakdown,
    plain,
    same,
    show,
    show_with_units,
    stored,
)

LIMIT = Decimal(10) ** 14  # parse_number refuses anything larger


@pytest.mark.parametrize(("value", "places", "text"), [
    (100, 0, "100"), (Decimal("1E+2"), 1, "100.0"), (Decimal("57.400000"), 1, "57.4"),
    (Decimal("1234567.891"), 1, "1,234,567.9"), (Decimal("-1234.5"), 0, "-1,234"), (Decimal("0.25"), 1, "0.2"),
    (Decimal("0.35"), 1, "0.4"), (Decimal("1E-7"), 2, "0.00"), (None, 1, ""),
])
def test_show(value, places, text):
    assert show(value, places) == text


@pytest.mark.parametrize(("value", "text"), [
    (Decimal("57.400000"), "57.4"), (Decimal("1E+2"), "100"), (Decimal("100.000000"), "100"), (0, "0"),
    (Decimal("-0.000"), "0"), (Decimal("1234567.5"), "1234567.5"), (Decimal("1E-7"), "0.0000001"), (None, ""),
])
def test_plain(value, text):
    assert plain(value) == text


def test_units():
    assert show_with_units(Decimal("57.4"), 1, "percentage") == "57.4%"
    assert show_with_units(1200, 2, "money", "pounds") == "£1,200.00"
    assert show_with_units(12, 0, "number", "households") == "12 households"
    assert show_with_units(12, 0, "number") == "12"
    assert show_with_units(None, 0, "percentage") == ""


def test_indicator_format_number_is_figures():
    from placeboard.performance.models import Indicator

    indicator = Indicator(decimal_places=1, value_type="percentage", units="pupils")
    assert indicator.format_number(Decimal("57.400000")) == "57.4%"
    assert Indicator(decimal_places=0, value_type="count").format_number(Decimal("1E+4")) == "10,000"


def test_indicator_format_value_is_figures():
    from placeboard.performance.models import Indicator

    assert Indicator(decimal_places=1, value_type="percentage", units="pupils").format_value(
        Decimal("57.400000")) == "57.4%"
    assert Indicator(decimal_places=2, value_type="money", units="pounds").format_value(1200) == "£1,200.00"
    assert Indicator(decimal_places=0, value_type="count", units="households").format_value(
        Decimal("1E+4")) == "10,000 households"
    assert Indicator(decimal_places=0, value_type="count").format_value(None) == ""


def test_files_and_reports_print_figures_plainly():
    """The CSV writer (in core, below performance), report cells and assessment rules share plain()."""
    from placeboard.core import spreadsheets
    from placeboard.performance.assessment import Tolerance
    from placeboard.performance.reporting import Cell

    assert plain is spreadsheets.plain
    for value, text in [(Decimal("57.400000"), "57.4"), (Decimal("1E+2"), "100"), (Decimal("-0.000"), "0")]:
        assert spreadsheets.csv_text(value) == Cell(value).text == text
    assert spreadsheets.csv_text(10**30 + 1) == str(10**30 + 1)  # ints as they are, never rounded
    assert Tolerance("absolute", Decimal("2.500000")).describe().endswith("up to 2.5 (in the indicator's units)")


def test_same_and_audit_text():
    assert same(None, None) and not same(None, 0) and not same(0, None)
    assert same(Decimal("57.400000"), Decimal("57.4")) and same(Decimal("57.4000001"), Decimal("57.4"))
    assert not same(Decimal("57.400001"), Decimal("57.4"))
    assert same("provisional", "provisional") and not same("1", "1.0")  # text is compared as text
    assert same(True, True) and not same(True, False)
    assert [audit_text(v) for v in (Decimal("57.400000"), 0, None, "", "final", False)] == [
        "57.4", "0", "", "", "final", ""]
    assert breakdown("Swindon", None) == "Swindon" and breakdown("Swindon", "Boys") == "Swindon, Boys"
    assert breakdown(None, None) == ""


# -- properties ---------------------------------------------------------------------------------------

places = st.integers(min_value=0, max_value=12)


@st.composite
def figures(draw, most=12):
    """Finite Decimals below the import limit, with up to `most` decimal places, in any exponent form."""
    value = draw(st.decimals(min_value=-LIMIT + 1, max_value=LIMIT - 1, allow_nan=False, allow_infinity=False,
                             places=draw(st.integers(min_value=0, max_value=most))))
    return value.normalize() if draw(st.booleans()) else value  # normalize() makes 1E+2 of 100


@settings(max_examples=300)
@given(figures(), places)
def test_never_an_exponent(value, places):
    for text in (show(value, places), plain(value), show_with_units(value, places, "money")):
        assert "e" not in text.lower()


@settings(max_examples=300)
@given(figures(), places)
def test_show_round_trips_at_the_indicators_places(value, places):
    text = show(value, places)
    whole, _, fraction = text.partition(".")
    assert len(fraction) == places  # exactly the indicator's places: none dropped, none added
    groups = whole.lstrip("-").split(",")
    assert all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3  # thousands separators
    step = Decimal(1).scaleb(-places)
    assert Decimal(text.replace(",", "")) == value.quantize(step, rounding=ROUND_HALF_EVEN)


@settings(max_examples=300)
@given(figures())
def test_plain_round_trips_exactly(value):
    text = plain(value)
    assert Decimal(text) == value
    assert "," not in text and not (("." in text) and text.endswith("0")) and not text.endswith(".")
    assert stored(Decimal(plain(stored(value)))) == stored(value)  # a stored figure survives a file or form


@settings(max_examples=300)
@given(figures(most=9), figures(most=9))
def test_same_is_an_equality_at_the_stored_precision(a, b):
    step = Decimal(1).scaleb(-STORED_PLACES)
    assert same(a, a)
    assert same(a, b) == same(b, a)
    assert same(a, b) == (a.quantize(step, rounding=ROUND_HALF_EVEN) == b.quantize(step, rounding=ROUND_HALF_EVEN))
    assert same(a, stored(a))
