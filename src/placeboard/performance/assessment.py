"""The assessment rules of docs/assessment.md, exactly, in pure Python.

Inputs are decimals (floats are refused so that no figure is ever rounded by
accident) and every comparison is made in exact rational arithmetic, so a
profiled target of a third of 2 is a third of 2, not 0.6666…67. Figures that
are reported (a profiled target, a percentage variance) are exact decimals
when they can be, and otherwise rounded to 10 decimal places for display.
Each result carries the rule that produced it, in words a board member
understands."""

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from fractions import Fraction

from placeboard.performance.figures import plain

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
    NO_TARGET = "no_target"
    OVERDUE = "overdue"
    NO_DATA = "no_data"
    MONITOR = "monitor"

    @property
    def label(self):
        return {"green": "Green", "amber": "Amber", "red": "Red", "too_early": "Too early to assess",
                "no_target": "No target", "overdue": "Overdue", "no_data": "No data",
                "monitor": "Monitor only"}[self.value]

    @property
    def description(self):
        return {"green": "Green – on or better than target", "amber": "Amber – worse than target but within tolerance",
                "red": "Red – worse than target beyond tolerance",
                "too_early": "Too early to assess – the target is in words or still to be set",
                "no_target": "No target – a figure, but no target for its period",
                "overdue": "Overdue – the figure was due and has not been given",
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
        """How far worse than this target still counts as Amber (exact)."""
        if self.kind == "absolute":
            return Fraction(self.amount)
        return abs(Fraction(target)) * Fraction(self.amount) / 100

    def describe(self):
        amount = plain(self.amount)
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


REPORT_PLACES = Decimal("1e-10")


def _decimal(fraction):
    """A Fraction as a Decimal: exact when it terminates, else to 10 places."""
    if fraction is None:
        return None
    fraction = Fraction(fraction)
    denominator = fraction.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    value = Decimal(fraction.numerator) / Decimal(fraction.denominator)
    return value if denominator == 1 else value.quantize(REPORT_PLACES)


DEFAULT_TOLERANCE = Tolerance("relative", Decimal("5"))


def profiled_target(annual_target, fraction_elapsed, *, baseline=None, profile=None):
    """The trajectory to date towards an annual target.

    An explicit profile ({fraction of year: target to date}) wins; otherwise
    the target is spread evenly: from zero for a count that builds up over
    the year, or from the baseline for a level."""
    return _decimal(_profiled(annual_target, fraction_elapsed, baseline=baseline, profile=profile))


def _profiled(annual_target, fraction_elapsed, *, baseline=None, profile=None):
    annual_target = Fraction(_number(annual_target, "target"))
    fraction = Fraction(fraction_elapsed)
    if profile:
        for point, value in profile.items():
            if Fraction(point) == fraction:
                return Fraction(_number(value, "profile value"))
    start = Fraction(_number(baseline, "baseline")) if baseline is not None else Fraction(0)
    return start + (annual_target - start) * fraction


def assess(actual, target, polarity, tolerance=None, *, band=None, cumulative=False, fraction_elapsed=None,
           baseline=None, profile=None, target_text=None, expected_by=None, overdue=False):
    """The status of one period's actual against its target, with the rule in words.

    `target_text` is the target when it is only words or "to be set"; `overdue` says that the
    partnership's deadline for this period's figure has passed (only matters when there is none)."""
    polarity = Polarity(polarity)
    tolerance = tolerance or DEFAULT_TOLERANCE
    actual = _number(actual, "actual")
    target = _number(target, "target")

    if actual is None:
        rule = "No actual has been reported for this period"
        if overdue:
            rule += ", and the reporting round's deadline for it has passed"
        rule += f"; it is expected: {expected_by}." if expected_by else "."
        return Assessment(None, target, None, None, None, None, Status.OVERDUE if overdue else Status.NO_DATA, rule)

    exact_target, profiled_words = _target_to_date(target, fraction_elapsed, cumulative=cumulative,
                                                   baseline=baseline, profile=profile)
    compared = _decimal(exact_target)
    variances = _variances(actual, exact_target, polarity)

    if polarity == Polarity.NONE:
        rule = f"{plain(actual)} is monitored without a target direction, so it is not rated."
        return Assessment(actual, target, compared, variances.variance, None, variances.percentage,
                          Status.MONITOR, rule)

    if polarity == Polarity.BAND:
        return _assess_within_band(actual, target, compared, variances, band, tolerance)

    if compared is None and not target_text:
        return Assessment(actual, None, None, None, None, None, Status.NO_TARGET,
                          f"{plain(actual)} cannot be judged because there is no target for this period.")
    if compared is None:
        return Assessment(actual, None, None, None, None, None, Status.TOO_EARLY,
                          f'{plain(actual)} cannot be judged yet because the target is "{target_text}": '
                          "too early to assess.")

    return _assess_against_target(actual, target, compared, exact_target, variances, polarity, tolerance,
                                  profiled_words)


def _target_to_date(target, fraction_elapsed, *, cumulative, baseline, profile):
    """The exact target to compare with (profiled for part of a year) and the words saying it was profiled."""
    if target is None:
        return None, ""
    if fraction_elapsed is None or Fraction(fraction_elapsed) >= 1 or not (cumulative or profile):
        return Fraction(target), ""
    exact_target = _profiled(target, fraction_elapsed, baseline=None if cumulative else baseline, profile=profile)
    fraction = Fraction(fraction_elapsed)
    words = (f" (the profiled target to date: {fraction.numerator}/{fraction.denominator} "
             f"of the year's target of {plain(target)})")
    return exact_target, words


@dataclass(frozen=True)
class _Variances:
    """Actual against target: the variance, the favourable variance (exact and reported) and the percentage."""

    variance: Decimal | None = None
    exact_favourable: Fraction | None = None
    favourable: Decimal | None = None
    percentage: Decimal | None = None


def _variances(actual, exact_target, polarity):
    if exact_target is None:
        return _Variances()
    exact_variance = Fraction(actual) - exact_target
    exact_favourable = favourable = None
    sign = {Polarity.HIGHER: 1, Polarity.LOWER: -1}.get(polarity)
    if sign:
        exact_favourable = exact_variance * sign
        favourable = _decimal(exact_favourable)
    percentage = _decimal(exact_variance / abs(exact_target) * 100) if exact_target != 0 else None
    return _Variances(_decimal(exact_variance), exact_favourable, favourable, percentage)


def _assess_within_band(actual, target, compared, variances, band, tolerance):
    """Green within the band; otherwise Amber or Red by the distance from its nearer edge."""
    variance, percentage = variances.variance, variances.percentage
    if band is None or band[0] is None or band[1] is None:
        return Assessment(actual, target, compared, variance, None, percentage, Status.TOO_EARLY,
                          "No band has been set, so it is too early to assess.")
    low, high = _number(band[0], "band"), _number(band[1], "band")
    if low <= actual <= high:
        return Assessment(actual, target, compared, variance, Decimal(0), percentage, Status.GREEN,
                          f"{plain(actual)} is within the band {plain(low)} to {plain(high)}, so it is Green.")
    edge = low if actual < low else high
    distance = abs(actual - edge)
    allowed = tolerance.allowance(edge)
    status = Status.AMBER if Fraction(distance) <= allowed else Status.RED
    allowed = _decimal(allowed)
    side = "below" if actual < low else "above"
    rule = (f"{plain(actual)} is {plain(distance)} {side} the band {plain(low)} to {plain(high)}; "
            f"the tolerance allows {plain(allowed)}, so it is {status.label}.")
    return Assessment(actual, target, compared, variance, -distance, percentage, status, rule)


def _assess_against_target(actual, target, compared, exact_target, variances, polarity, tolerance,
                           profiled_words):
    """Green on or better than the target; otherwise Amber or Red by the tolerance."""
    better = "above" if polarity == Polarity.HIGHER else "below"
    worse = "below" if polarity == Polarity.HIGHER else "above"
    direction_words = polarity.words
    target_words = f"the target of {plain(compared)}{profiled_words}"
    exact_favourable, favourable = variances.exact_favourable, variances.favourable
    if exact_favourable >= 0:
        where = "equal to" if exact_favourable == 0 else f"{better}"
        rule = (f"{plain(actual)} is {where} {target_words} ({direction_words}), so it is on target: Green.")
        return Assessment(actual, target, compared, variances.variance, favourable, variances.percentage,
                          Status.GREEN, rule)
    allowed = tolerance.allowance(exact_target)
    status = Status.AMBER if -exact_favourable <= allowed else Status.RED
    allowed = _decimal(allowed)
    rule = (f"{plain(actual)} is {worse} {target_words} ({direction_words}) by {plain(-favourable)}; "
            f"the tolerance for Amber is {plain(allowed)}, so it is {status.label}.")
    return Assessment(actual, target, compared, variances.variance, favourable, variances.percentage, status, rule)


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
