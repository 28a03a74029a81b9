"""Figures: comparing and printing the numbers Placeboard stores. Pure Python, no Django.

Every figure (an actual, a baseline or target, a profile point, a comparator
value) is stored in a DecimalField with STORED_PLACES decimal places, so two
figures are the same when they agree to that many places. An indicator prints
its figures to its own decimal places, with thousands separators; files, form
fields and the audit log take the exact figure as plain text. Neither ever
uses an exponent (str(Decimal(100).normalize()) is '1E+2')."""

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

# plain() is kept in core, below this app, so that core's CSV writer prints figures by the same rule; it is
# public here as figures.plain, as pure as the rest of this module.
from placeboard.core.spreadsheets import plain

# The decimal places of every figure's DecimalField (Observation, Target, ProfilePoint, RoundFigure and
# BenchmarkValue values, and the indicator's range and band).
STORED_PLACES = 6
_STEP = Decimal(1).scaleb(-STORED_PLACES)


STORED_DIGITS = 20  # the DecimalFields' max_digits: at most STORED_DIGITS - STORED_PLACES before the point


def check_storable(value, text=None, *, digits=STORED_DIGITS, places=STORED_PLACES):
    """None when a finite Decimal can be stored exactly in a DecimalField of `digits` digits, `places` of them
    after the point (trailing zeros do not count); else the problem in words, naming the value as `text`
    (as typed) or plain(value). A figure with more places is refused rather than silently rounded."""
    whole = digits - places
    _, figures, exponent = value.as_tuple()
    text_figures = "".join(map(str, figures))
    # Places after the point, trailing zeros apart (not normalize(): it rounds to the context's precision).
    zeros = len(text_figures) - len(text_figures.rstrip("0"))
    decimals = max(0, -(exponent + zeros)) if text_figures.strip("0") else 0
    if decimals <= places and abs(value) < Decimal(10) ** whole:
        return None
    shown = plain(value) if text is None else text.strip()
    return (f"{shown} has more digits than can be stored: at most {whole} before the decimal point and "
            f"{places} after.")


def is_figure(value):
    """Whether a value is a number (an int or Decimal; not a bool, a float or text)."""
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


def stored(value):
    """The figure as the database keeps it: rounded half-even to STORED_PLACES decimal places."""
    return Decimal(value).quantize(_STEP, rounding=ROUND_HALF_EVEN)


def same(a, b):
    """Whether two values are the same: figures when they are equal to STORED_PLACES places, None only with
    None, anything else (text, a choice, a bool) when equal."""
    if a is None or b is None:
        return a is None and b is None
    if is_figure(a) and is_figure(b):
        try:
            return stored(a) == stored(b)
        except InvalidOperation:  # NaN, infinity or too many digits to round: compare as they are
            return a == b
    return a == b


def show(value, places):
    """A figure to `places` decimal places with thousands separators (1,234.5); '' for None.

    Rounds half-even, as the database and Python's format() do."""
    if value is None:
        return ""
    return f"{Decimal(value):,.{places}f}"


def show_with_units(value, places, value_type="", units=""):
    """show() with the indicator's units: '57.4%', '£1,200.00', '12 households'; '' for None."""
    if value is None:
        return ""
    text = show(value, places)
    if value_type == "percentage":
        return f"{text}%"
    if value_type == "money":
        return f"£{text}"
    return f"{text} {units}".strip() if units else text


def audit_text(value):
    """A value as the audit log keeps it: a figure plain(), None or a blank as '', anything else str()."""
    return plain(value) if is_figure(value) else str(value or "")


def breakdown(area, population_group):
    """Where a figure is for: 'Area', 'Group', 'Area, Group' or '' for the whole place and everyone."""
    return ", ".join(str(x) for x in (area, population_group) if x)
