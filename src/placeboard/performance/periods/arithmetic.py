"""The period value (placeboard.performance.periods.Period), its canonical labels and its arithmetic.

Every period starts on the first day of a month and ends on the last day of a
month, so the arithmetic here is done in whole months and is exact. Standard
library only."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from fractions import Fraction
from functools import lru_cache
from typing import Iterator


class PeriodError(ValueError):
    """A label that is not a period, or arithmetic that has no answer."""


class PeriodKind(StrEnum):
    FINANCIAL_YEAR = "financial_year"
    FINANCIAL_QUARTER = "financial_quarter"
    FINANCIAL_HALF = "financial_half"
    MONTH = "month"
    ACADEMIC_YEAR = "academic_year"
    CALENDAR_YEAR = "calendar_year"
    ROLLING = "rolling"
    SURVEY = "survey"

    @property
    def description(self) -> str:
        return self.value.replace("_", " ")


# Wide enough for any partnership's history and plans; narrow enough to catch
# typing slips such as 2908/09 and to keep date arithmetic far from its limits.
MIN_YEAR = 1900
MAX_YEAR = 2200
# Rolling averages in the papers span three years; ten is a generous ceiling
# that still rejects slips such as 2020-13 (which would otherwise be 2020-2113).
MAX_ROLLING_YEARS = 10
# Period labels are stored in 60-character columns.
MAX_SURVEY_NAME_LENGTH = 50

# The month in which each kind of year begins.
_YEAR_START_MONTH = {
    PeriodKind.FINANCIAL_YEAR: 4,
    PeriodKind.ACADEMIC_YEAR: 9,
    PeriodKind.CALENDAR_YEAR: 1,
}

_KIND_RANK = {kind: rank for rank, kind in enumerate(PeriodKind)}

_MONTH_NAMES = {}
for _number in range(1, 13):
    _MONTH_NAMES[calendar.month_name[_number].lower()] = _number
    _MONTH_NAMES[calendar.month_abbr[_number].lower()] = _number
_MONTH_NAMES["sept"] = 9

# Words that describe a period rather than name a survey: a "survey" called
# only by these would be a mistyped period.
_RESERVED_WORDS = frozenset(_MONTH_NAMES) | {
    "fy", "ay", "cy", "year", "years", "calendar", "financial", "academic", "quarter", "half",
    "month", "rolling", "average", "q", "h",
}


# Months are counted from year 0 so that "a year earlier" is just 12 less.
def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _first_day(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def _last_day(index: int) -> date:
    year, month = index // 12, index % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1])


def _fy_label(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def _year_starting(index: int, start_month: int) -> int:
    """The calendar year in which the year containing month `index` begins."""
    year, month = index // 12, index % 12 + 1
    return year if month >= start_month else year - 1


@dataclass(frozen=True, eq=True, order=False)
class Period:
    """A reporting period: a whole number of months with a canonical label.

    Build one with parse_period(), period_containing(), rolling_period() or
    survey_period(); constructing one directly checks that the dates fit the
    kind and fills in (or checks) the label."""

    kind: PeriodKind
    start: date
    end: date  # inclusive
    label: str = ""
    survey_name: str | None = None
    months: int = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        kind = PeriodKind(self.kind)
        object.__setattr__(self, "kind", kind)
        for name in ("start", "end"):
            value = getattr(self, name)
            # datetime is a date too, but would never compare equal to one.
            if not isinstance(value, date) or isinstance(value, datetime):
                raise TypeError(f"Period.{name} must be a date, not {value!r}")
        canonical = _canonical_label(kind, self.start, self.end, self.survey_name)
        if self.label and self.label != canonical:
            raise PeriodError(f"'{self.label}' is not the label of this period; it is '{canonical}'")
        object.__setattr__(self, "label", canonical)
        object.__setattr__(self, "months", _month_index(self.end) - _month_index(self.start) + 1)

    def __str__(self) -> str:
        return self.label

    # -- ordering ---------------------------------------------------------------

    @property
    def sort_key(self) -> tuple:
        """(start, end), then kind and survey name so that unequal periods never tie."""
        return (self.start, self.end, _KIND_RANK[self.kind], self.survey_name or "")

    def __lt__(self, other):
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key < other.sort_key

    def __le__(self, other):
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key <= other.sort_key

    def __gt__(self, other):
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key > other.sort_key

    def __ge__(self, other):
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key >= other.sort_key

    # -- relations --------------------------------------------------------------

    def contains(self, other: Period | date) -> bool:
        """Whether every day of `other` (a period or a single date) falls within this period."""
        if isinstance(other, Period):
            return self.start <= other.start and other.end <= self.end
        if isinstance(other, date):
            day = other.date() if isinstance(other, datetime) else other
            return self.start <= day <= self.end
        raise TypeError(f"contains() takes a Period or a date, not {other!r}")

    @lru_cache(maxsize=8192)  # noqa: B019 (periods are immutable values; reports shift the same few)
    def _shifted(self, months: int) -> Period:
        first = _month_index(self.start) + months
        last = _month_index(self.end) + months
        try:
            return Period(self.kind, _first_day(first), _last_day(last), survey_name=self.survey_name)
        except (PeriodError, ValueError):
            raise PeriodError(
                f"Placeboard handles the years {MIN_YEAR} to {MAX_YEAR}, so there is no "
                f"{'earlier' if months < 0 else 'later'} period to match '{self.label}'"
            ) from None

    def year_earlier(self) -> Period:
        """The comparable period a year before: 2009/10 Q2 gives 2008/09 Q2, 2001-2003 gives 2000-2002."""
        return self._shifted(-12)

    def year_later(self) -> Period:
        return self._shifted(12)

    def previous(self) -> Period:
        """The period of the same kind and length that ends just before this one starts."""
        return self._shifted(-self.months)

    def next(self) -> Period:
        """The period of the same kind and length that starts just after this one ends."""
        return self._shifted(self.months)

    @lru_cache(maxsize=8192)  # noqa: B019
    def financial_year(self) -> Period | None:
        """The financial year containing this period, or None if it spans more than one."""
        first, last = _month_index(self.start), _month_index(self.end)
        start_year = _year_starting(first, 4)
        if _year_starting(last, 4) != start_year:
            return None
        return Period(PeriodKind.FINANCIAL_YEAR, date(start_year, 4, 1), date(start_year + 1, 3, 31))

    def fraction_of_year_elapsed(self, within: PeriodKind | str | None = None) -> Fraction:
        """The share of the containing year that has passed by the end of this period.

        Counted in whole months, so 2009/10 Q1 gives 1/4, H1 1/2, July 2009
        (in the financial year) 4/12 and a whole year 1. `within` chooses the
        kind of year: by default the financial year, or the academic or
        calendar year for periods of those kinds (and for a survey, whichever
        year it covers). Raises PeriodError if the period is not inside one
        year of that kind."""
        year_kind = PeriodKind(within) if within is not None else self._default_year_kind()
        if year_kind not in _YEAR_START_MONTH:
            raise PeriodError(f"A share of the year is measured within a financial, academic or calendar year, "
                              f"not a {year_kind.description}")
        start_month = _YEAR_START_MONTH[year_kind]
        first, last = _month_index(self.start), _month_index(self.end)
        if _year_starting(first, start_month) != _year_starting(last, start_month):
            raise PeriodError(f"'{self.label}' does not lie within one {year_kind.description}, "
                              f"so no share of the year has elapsed at its end")
        year_first = _year_starting(last, start_month) * 12 + start_month - 1
        return Fraction(last - year_first + 1, 12)

    def _default_year_kind(self) -> PeriodKind:
        if self.kind in (PeriodKind.ACADEMIC_YEAR, PeriodKind.CALENDAR_YEAR):
            return self.kind
        if self.kind == PeriodKind.SURVEY and self.start.month == 1:
            return PeriodKind.CALENDAR_YEAR
        return PeriodKind.FINANCIAL_YEAR


def _canonical_label(kind: PeriodKind, start: date, end: date, survey_name: str | None) -> str:
    """The label for these dates, after checking that they make a period of this kind."""
    if start.day != 1 or end != _last_day(_month_index(end)):
        raise PeriodError(f"A period runs from the first day of a month to the last day of a month, "
                          f"not {start.isoformat()} to {end.isoformat()}")
    if start < date(MIN_YEAR, 1, 1) or end > date(MAX_YEAR, 12, 31):
        raise PeriodError(f"Periods must fall within the years {MIN_YEAR} to {MAX_YEAR}")
    if end < start:
        raise PeriodError(f"A period cannot end ({end.isoformat()}) before it starts ({start.isoformat()})")
    if kind != PeriodKind.SURVEY and survey_name is not None:
        raise PeriodError(f"Only survey rounds have a survey name, not a {kind.description}")
    months = _month_index(end) - _month_index(start) + 1
    year, month = start.year, start.month

    def require(condition: bool, what: str) -> None:
        if not condition:
            raise PeriodError(f"A {kind.description} {what}; {start.isoformat()} to {end.isoformat()} is not one")

    if kind == PeriodKind.FINANCIAL_YEAR:
        require(month == 4 and months == 12, "runs from April to March")
        return _fy_label(year)
    if kind == PeriodKind.FINANCIAL_QUARTER:
        require(month in (4, 7, 10, 1) and months == 3, "is three months starting in April, July, October or January")
        quarter = (month - 4) % 12 // 3 + 1
        return f"{_fy_label(_year_starting(_month_index(start), 4))} Q{quarter}"
    if kind == PeriodKind.FINANCIAL_HALF:
        require(month in (4, 10) and months == 6, "is six months starting in April or October")
        half = 1 if month == 4 else 2
        return f"{_fy_label(_year_starting(_month_index(start), 4))} H{half}"
    if kind == PeriodKind.MONTH:
        require(months == 1, "is a single calendar month")
        return f"{year:04d}-{month:02d}"
    if kind == PeriodKind.ACADEMIC_YEAR:
        require(month == 9 and months == 12, "runs from September to August")
        return f"AY {_fy_label(year)}"
    if kind == PeriodKind.CALENDAR_YEAR:
        require(month == 1 and months == 12, "runs from January to December")
        return f"{year}"
    if kind == PeriodKind.ROLLING:
        years, spare = divmod(months, 12)
        require(month in (1, 4) and spare == 0 and 2 <= years <= MAX_ROLLING_YEARS,
                f"is 2 to {MAX_ROLLING_YEARS} whole calendar or financial years")
        last_year = year + years - 1
        if month == 1:
            return f"{year}-{last_year}"
        return f"{_fy_label(year)}-{_fy_label(last_year)}"
    if kind == PeriodKind.SURVEY:
        require(month in (1, 4) and months == 12, "covers one financial or calendar year")
        _check_survey_name(survey_name)
        label = f"{survey_name} {year if month == 1 else _fy_label(year)}"
        # A name ending in a dash would fuse with the year when the label is read back.
        if _normalise(label) != label:
            raise PeriodError(f"The survey name '{survey_name}' cannot end with a dash or slash")
        return label
    raise AssertionError(kind)  # pragma: no cover - every kind is handled above


_SURVEY_NAME = re.compile(r"[^\W\d_][\w '’&.,()-]*", re.UNICODE)


def _survey_name_problem(name: object) -> str | None:
    if not isinstance(name, str) or not name:
        return "a survey round needs the survey's name, as in Place Survey 2008/09"
    if name != _normalise(name):
        return f"the survey name '{name}' has stray spaces or dashes"
    if len(name) > MAX_SURVEY_NAME_LENGTH:
        return f"a survey name can be at most {MAX_SURVEY_NAME_LENGTH} characters"
    if not _SURVEY_NAME.fullmatch(name) or "_" in name:
        return "a survey name starts with a letter and has only letters, digits, spaces and - ' & . , ( )"
    words = name.lower().replace(".", " ").split()
    if all(word in _RESERVED_WORDS or word.isdigit() or re.fullmatch(r"[qh]\d+", word) for word in words):
        return f"'{name}' describes a period rather than naming a survey"
    return None


def _check_survey_name(name: object) -> None:
    problem = _survey_name_problem(name)
    if problem:
        raise PeriodError(problem[0].upper() + problem[1:])


# -- building periods ----------------------------------------------------------


def _make(kind: PeriodKind, first: int, last: int, survey_name: str | None = None) -> Period:
    return Period(kind, _first_day(first), _last_day(last), survey_name=survey_name)


def period_containing(kind: PeriodKind | str, day: date) -> Period:
    """The financial year, quarter, half, month, academic year or calendar year containing `day`."""
    kind = PeriodKind(kind)
    index = _month_index(day)
    if kind in _YEAR_START_MONTH:
        start_year = _year_starting(index, _YEAR_START_MONTH[kind])
        first = start_year * 12 + _YEAR_START_MONTH[kind] - 1
        return _make(kind, first, first + 11)
    if kind == PeriodKind.MONTH:
        return _make(kind, index, index)
    if kind in (PeriodKind.FINANCIAL_QUARTER, PeriodKind.FINANCIAL_HALF):
        length = 3 if kind == PeriodKind.FINANCIAL_QUARTER else 6
        # Financial parts are aligned to April, month index 3 within a calendar year.
        first = index - (index - 3) % length
        return _make(kind, first, first + length - 1)
    raise PeriodError(f"Use rolling_period() or survey_period() for a {kind.description}; "
                      "a date alone does not say which one")


def rolling_period(first_year: int, last_year: int, *, financial: bool = False) -> Period:
    """Calendar years first_year to last_year inclusive, or the financial years starting in them."""
    start_month = 4 if financial else 1
    first = first_year * 12 + start_month - 1
    last = (last_year + 1) * 12 + start_month - 2
    if last_year <= first_year:
        raise PeriodError("A rolling period must end in a later year than it starts")
    return _make(PeriodKind.ROLLING, first, last)


def survey_period(name: str, year: int, *, financial: bool = True) -> Period:
    """A survey round covering the financial year starting in `year` (or, if not financial, the calendar year)."""
    start_month = 4 if financial else 1
    first = year * 12 + start_month - 1
    return _make(PeriodKind.SURVEY, first, first + 11, _normalise(name) if isinstance(name, str) else name)


# -- normalising labels --------------------------------------------------------

_DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")


def _normalise(text: str) -> str:
    text = _DASHES.sub("-", text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r" ?([-/]) ?", r"\1", text)


# -- sequences -----------------------------------------------------------------


def periods_between(first: Period, last: Period) -> list[Period]:
    """Every period of first's kind and length from first to last inclusive (empty if last is earlier)."""
    if first.kind != last.kind or first.months != last.months or first.survey_name != last.survey_name:
        raise PeriodError(f"'{first.label}' and '{last.label}' are not periods of the same kind")
    if last.start < first.start:
        return []
    return list(_iterate(first, last))


def _iterate(first: Period, last: Period) -> Iterator[Period]:
    current = first
    while current.start < last.start:
        yield current
        current = current.next()
    if current != last:
        raise PeriodError(f"'{last.label}' cannot be reached from '{first.label}' in steps of "
                          f"{first.months} months")
    yield last
