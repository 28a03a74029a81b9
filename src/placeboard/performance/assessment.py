"""The assessment rules of docs/assessment.md, exactly, in pure Python.

All arithmetic is in decimal.Decimal: floats are refused so that no figure is
ever rounded by accident. Each result carries the rule that produced it, in
words a board member understands."""

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from fractions import Fraction

VARIANCE_DEFINITION = (
    "Variance is actual minus target. Favourable variance is the variance turned so that a positive "
    "number is always better than target (the variance for higher-is-better indicators, minus the "
    "variance for lower-is-better ones). Percentage variance is the variance divided by the size of "
    "the target, times 100."
)


class Polarity(str, Enum):
    HIGHER = "higher"
    LOWER = "lower"
    BAND = "band"
    NONE = "none"

    @property
    def words(self):
        return {"higher": "higher is better", "lower": "lower is better", "band": "within a band is best",
                "none": "monitored without a target direction"}[self.value]


class Status(str, Enum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    TOO_EARLY = "too_early"
    NO_DATA = "no_data"
    MONITOR = "monitor"

    @property
    def label(self):
        return {"green": "Green", "amber": "Amber", "red": "Red", "too_early": "Too early to assess",
                "no_data": "No data", "monitor": "Monitor only"}[self.value]

    @property
    def description(self):
        return {"green": "Green – on or better than target", "amber": "Amber – worse than target but within tolerance",
                "red": "Red – worse than target beyond tolerance", "too_early": "Too early to assess",
                "no_data": "No data yet", "monitor": "Monitor only – no target direction"}[self.value]


class Direction(str, Enum):
    IMPROVING = "improving"
    WORSENING = "worsening"
    NO_CHANGE = "no_change"
    CHANGED = "changed"
    NOT_COMPARABLE = "not_comparable"

    @property
    def label(self):
        return {"improving": "Improving", "worsening": "Worsening", "no_change": "No change",
                "changed": "Changed (no target direction)", "not_comparable": "Not comparable"}[self.value]


@dataclass(frozen=True)
class Tolerance:
    """How far worse than target still counts as Amber: absolute (in the
    indicator's units) or relative (percent of the size of the target)."""

    kind: str
    amount: Decimal

    def __post_init__(self):
        if self.kind not in ("absolute", "relative"):
            raise ValueError(f"Tolerance kind must be 'absolute' or 'relative', not {self.kind!r}")
        object.__setattr__(self, "amount", _number(self.amount, "tolerance"))
        if self.amount < 0:
            raise ValueError("A tolerance cannot be negative")

    def allowance(self, target):
        if self.kind == "absolute":
            return self.amount
        return abs(target) * self.amount / 100

    def describe(self):
        amount = _plain(self.amount)
        if self.kind == "absolute":
            return f"Amber when worse than target by up to {amount} (in the indicator's units)"
        return f"Amber when worse than target by up to {amount}% of the target"


@dataclass(frozen=True)
class Assessment:
    actual: Decimal | None
    target: Decimal | None
    compared_target: Decimal | None
    variance: Decimal | None
    favourable_variance: Decimal | None
    percentage_variance: Decimal | None
    status: Status
    rule: str
    definition: str = VARIANCE_DEFINITION

    @property
    def on_target(self):
        if self.status == Status.GREEN:
            return True
        if self.status in (Status.AMBER, Status.RED):
            return False
        return None


def _number(value, what):
    if value is None:
        return None
    if isinstance(value, float):
        raise TypeError(f"The {what} must be a Decimal, int or str, not a float, to keep the arithmetic exact")
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(value)


def _plain(value):
    if value is None:
        return ""
    return format(value.normalize(), "f")


DEFAULT_TOLERANCE = Tolerance("relative", Decimal("5"))


def profiled_target(annual_target, fraction_elapsed, *, baseline=None, profile=None):
    """The trajectory to date towards an annual target.

    An explicit profile ({fraction of year: target to date}) wins; otherwise
    the target is spread evenly: from zero for a count that builds up over
    the year, or from the baseline for a level."""
    annual_target = _number(annual_target, "target")
    fraction = Fraction(fraction_elapsed)
    if profile:
        for point, value in profile.items():
            if Fraction(point) == fraction:
                return _number(value, "profile value")
    share = Decimal(fraction.numerator) / Decimal(fraction.denominator)
    start = _number(baseline, "baseline") if baseline is not None else Decimal(0)
    return start + (annual_target - start) * share


def assess(actual, target, polarity, tolerance=None, *, band=None, cumulative=False, fraction_elapsed=None,
           baseline=None, profile=None, target_text=None, expected_by=None):
    polarity = Polarity(polarity)
    tolerance = tolerance or DEFAULT_TOLERANCE
    actual = _number(actual, "actual")
    target = _number(target, "target")

    if actual is None:
        rule = "No actual has been reported for this period"
        rule += f"; it is expected: {expected_by}." if expected_by else "."
        return Assessment(None, target, None, None, None, None, Status.NO_DATA, rule)

    compared = target
    profiled_words = ""
    if target is not None and fraction_elapsed is not None and Fraction(fraction_elapsed) < 1 and (cumulative or profile):
        compared = profiled_target(target, fraction_elapsed, baseline=None if cumulative else baseline,
                                   profile=profile)
        fraction = Fraction(fraction_elapsed)
        profiled_words = (f" (the profiled target to date: {fraction.numerator}/{fraction.denominator} "
                          f"of the year's target of {_plain(target)})")

    variance = favourable = percentage = None
    if compared is not None:
        variance = actual - compared
        sign = {Polarity.HIGHER: 1, Polarity.LOWER: -1}.get(polarity)
        favourable = variance * sign if sign else None
        percentage = variance / abs(compared) * 100 if compared != 0 else None

    if polarity == Polarity.NONE:
        rule = f"{_plain(actual)} is monitored without a target direction, so it is not rated."
        return Assessment(actual, target, compared, variance, None, percentage, Status.MONITOR, rule)

    if polarity == Polarity.BAND:
        if band is None or band[0] is None or band[1] is None:
            return Assessment(actual, target, compared, variance, None, percentage, Status.TOO_EARLY,
                              "No band has been set, so it is too early to assess.")
        low, high = _number(band[0], "band"), _number(band[1], "band")
        if low <= actual <= high:
            return Assessment(actual, target, compared, variance, Decimal(0), percentage, Status.GREEN,
                              f"{_plain(actual)} is within the band {_plain(low)} to {_plain(high)}, so it is Green.")
        edge = low if actual < low else high
        distance = abs(actual - edge)
        allowed = tolerance.allowance(edge)
        status = Status.AMBER if distance <= allowed else Status.RED
        side = "below" if actual < low else "above"
        rule = (f"{_plain(actual)} is {_plain(distance)} {side} the band {_plain(low)} to {_plain(high)}; "
                f"the tolerance allows {_plain(allowed)}, so it is {status.label}.")
        return Assessment(actual, target, compared, variance, -distance, percentage, status, rule)

    if compared is None:
        reason = f'the target is "{target_text}"' if target_text else "there is no numeric target for this period"
        return Assessment(actual, None, None, None, None, None, Status.TOO_EARLY,
                          f"{_plain(actual)} cannot be judged yet because {reason}: too early to assess.")

    better = "above" if polarity == Polarity.HIGHER else "below"
    worse = "below" if polarity == Polarity.HIGHER else "above"
    direction_words = polarity.words
    target_words = f"the target of {_plain(compared)}{profiled_words}"
    if favourable >= 0:
        where = "equal to" if favourable == 0 else f"{better}"
        rule = (f"{_plain(actual)} is {where} {target_words} ({direction_words}), so it is on target: Green.")
        return Assessment(actual, target, compared, variance, favourable, percentage, Status.GREEN, rule)
    allowed = tolerance.allowance(compared)
    status = Status.AMBER if -favourable <= allowed else Status.RED
    rule = (f"{_plain(actual)} is {worse} {target_words} ({direction_words}) by {_plain(-favourable)}; "
            f"the tolerance for Amber is {_plain(allowed)}, so it is {status.label}.")
    return Assessment(actual, target, compared, variance, favourable, percentage, status, rule)


def direction_of_travel(latest, earlier, polarity):
    """Latest against an earlier comparable value, judged by polarity."""
    latest, earlier = _number(latest, "latest value"), _number(earlier, "earlier value")
    polarity = Polarity(polarity)
    if latest is None or earlier is None:
        return Direction.NOT_COMPARABLE
    if latest == earlier:
        return Direction.NO_CHANGE
    if polarity in (Polarity.NONE, Polarity.BAND):
        return Direction.CHANGED
    up = latest > earlier
    return Direction.IMPROVING if up == (polarity == Polarity.HIGHER) else Direction.WORSENING
