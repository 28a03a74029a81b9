"""Reading period labels in every form the papers use (see placeboard.performance.periods), and
collection intervals. Standard library only."""

from __future__ import annotations

import re
from functools import lru_cache

from placeboard.performance.periods.arithmetic import (
    _MONTH_NAMES,
    MAX_ROLLING_YEARS,
    MAX_YEAR,
    MIN_YEAR,
    Period,
    PeriodError,
    PeriodKind,
    _fy_label,
    _make,
    _normalise,
    _survey_name_problem,
    rolling_period,
    survey_period,
)

# Example labels, one or two per kind, quoted in error messages.
ACCEPTED_FORMS: tuple[str, ...] = (
    "2008/09",
    "2009/10 Q2",
    "2009/10 H1",
    "2009-07",
    "July 2009",
    "AY 2005/06",
    "2009",
    "2001-2003",
    "2006/07-2008/09",
    "Place Survey 2008/09",
)

_FORM_NOTES = {
    "2008/09": "financial year",
    "2009/10 Q2": "quarter",
    "2009/10 H1": "half year",
    "2009-07": "month",
    "July 2009": "month",
    "AY 2005/06": "academic year",
    "2009": "calendar year",
    "2001-2003": "rolling years",
    "2006/07-2008/09": "rolling financial years",
    "Place Survey 2008/09": "survey round",
}

_FY = r"(\d{4})\s*/\s*(\d{1,4})"
_RE_CALENDAR_YEAR = re.compile(r"(?:calendar year |cy )?(\d{4})", re.I)
_RE_FY = re.compile(rf"(?:fy ?|financial year )?{_FY}|{_FY} financial year", re.I)
_RE_PART_AFTER = re.compile(rf"{_FY} ?([qh]) ?(\d+)", re.I)
_RE_PART_BEFORE = re.compile(rf"([qh]) ?(\d+) {_FY}", re.I)
_RE_AY = re.compile(rf"(?:ay ?|academic year ){_FY}|{_FY} academic(?: year)?", re.I)
_RE_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")
_RE_NAMED_MONTH = re.compile(r"([a-z]+)\.? ?(\d{4})", re.I)
_ROLLING_WORDS = r"(?:rolling(?: average)?|average)"
_RE_ROLLING = re.compile(rf"(?:{_ROLLING_WORDS} )?(\d{{4}})-(\d{{1,4}})(?: {_ROLLING_WORDS})?", re.I)
_RE_ROLLING_FY = re.compile(rf"(?:{_ROLLING_WORDS} )?{_FY}-{_FY}(?: {_ROLLING_WORDS})?", re.I)
_RE_SURVEY = re.compile(r"(.+?) (\d{4})(?:/(\d{1,4}))?", re.I)


def _fail(label: str, reason: str | None = None) -> PeriodError:
    if reason:
        return PeriodError(f"'{label}' is not a period: {reason}")
    forms = ", ".join(f"{form} ({_FORM_NOTES[form]})" for form in ACCEPTED_FORMS)
    return PeriodError(f"'{label}' is not a period. Write it in one of these forms: {forms}")


def _year(label: str, text: str) -> int:
    year = int(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _fail(label, f"years must be between {MIN_YEAR} and {MAX_YEAR}")
    return year


def _second_year(label: str, first: int, text: str) -> int:
    """The full year meant by `text`, which may give only its last one or two digits."""
    if len(text) == 4:
        return _year(label, text)
    if len(text) == 3:
        raise _fail(label, f"write the second year with two or four digits, as in {_fy_label(first)}")
    modulus = 10 ** len(text)
    year = first - first % modulus + int(text)
    if year <= first:
        year += modulus  # 1999/00 is 1999 to 2000
    return year


def _financial_start_year(label: str, first_text: str, second_text: str) -> int:
    first = _year(label, first_text)
    if first + 1 > MAX_YEAR:
        raise _fail(label, f"years must be between {MIN_YEAR} and {MAX_YEAR}")
    if len(second_text) == 3 or _second_year(label, first, second_text) != first + 1:
        raise _fail(label, f"the second year must follow the first, as in {_fy_label(first)}")
    return first


def _rolling(label: str, first: int, last: int, financial: bool) -> Period:
    example = f"{_fy_label(first)}-{_fy_label(first + 2)}" if financial else f"{first}-{first + 2}"
    if last <= first:
        raise _fail(label, f"a rolling period must end in a later year than it starts, as in {example}")
    if last - first + 1 > MAX_ROLLING_YEARS:
        raise _fail(label, f"a rolling period covers 2 to {MAX_ROLLING_YEARS} years, as in {example}")
    if last + (1 if financial else 0) > MAX_YEAR:
        raise _fail(label, f"years must be between {MIN_YEAR} and {MAX_YEAR}")
    return rolling_period(first, last, financial=financial)


@lru_cache(maxsize=8192)
def parse_period(label: str) -> Period:
    """The period named by `label`; raises PeriodError, quoting the label, if it is not one.

    Cached: periods are immutable, and reports parse the same few labels thousands of times."""
    if not isinstance(label, str):
        raise TypeError(f"parse_period() takes a string, not {label!r}")
    text = _normalise(label)
    shown = label.strip()
    if not text:
        raise PeriodError("No period given. Write one like 2008/09 or 2009/10 Q2")
    for parse in _PARSERS:
        period = parse(text, shown)
        if period is not None:
            return period
    raise _fail(shown)


# Each parser takes the normalised text and the label as typed (for messages) and returns the period, or None if
# the text is not in its form. They are tried in this order.


def _parse_calendar_year(text: str, shown: str) -> Period | None:
    if m := _RE_CALENDAR_YEAR.fullmatch(text):
        year = _year(shown, m[1])
        return _make(PeriodKind.CALENDAR_YEAR, year * 12, year * 12 + 11)
    return None


def _parse_financial_year(text: str, shown: str) -> Period | None:
    if m := _RE_FY.fullmatch(text):
        first_text, second_text = (m[1], m[2]) if m[1] else (m[3], m[4])
        year = _financial_start_year(shown, first_text, second_text)
        return _make(PeriodKind.FINANCIAL_YEAR, year * 12 + 3, year * 12 + 14)
    return None


def _parse_financial_part(text: str, shown: str) -> Period | None:
    """A quarter or half of a financial year, its number before or after the year."""
    if part := _RE_PART_AFTER.fullmatch(text):
        first_text, second_text, letter, number_text = part.groups()
    elif part := _RE_PART_BEFORE.fullmatch(text):
        letter, number_text, first_text, second_text = part.groups()
    else:
        return None
    year = _financial_start_year(shown, first_text, second_text)
    number = int(number_text)
    if letter.lower() == "q":
        if not 1 <= number <= 4:
            raise _fail(shown, "a financial year has four quarters, Q1 (April to June) to "
                               f"Q4 (January to March), as in {_fy_label(year)} Q2")
        first = year * 12 + 3 + (number - 1) * 3
        return _make(PeriodKind.FINANCIAL_QUARTER, first, first + 2)
    if not 1 <= number <= 2:
        raise _fail(shown, "a financial year has two halves, H1 (April to September) and "
                           f"H2 (October to March), as in {_fy_label(year)} H1")
    first = year * 12 + 3 + (number - 1) * 6
    return _make(PeriodKind.FINANCIAL_HALF, first, first + 5)


def _parse_academic_year(text: str, shown: str) -> Period | None:
    if m := _RE_AY.fullmatch(text):
        first_text, second_text = (m[1], m[2]) if m[1] else (m[3], m[4])
        year = _financial_start_year(shown, first_text, second_text)
        return _make(PeriodKind.ACADEMIC_YEAR, year * 12 + 8, year * 12 + 19)
    return None


def _parse_iso_month(text: str, shown: str) -> Period | None:
    """YYYY-MM; with a number that cannot be a month, the short form of rolling years such as 2009-13."""
    if m := _RE_ISO_MONTH.fullmatch(text):
        year, number = _year(shown, m[1]), int(m[2])
        if 1 <= number <= 12:
            return _make(PeriodKind.MONTH, year * 12 + number - 1, year * 12 + number - 1)
        # Not a month, so perhaps a rolling period such as 2009-13.
        last = _second_year(shown, year, m[2])
        if number == 0 or last - year + 1 > MAX_ROLLING_YEARS:
            raise _fail(shown, f"the month must be 01 to 12, as in {year}-07")
        return _rolling(shown, year, last, financial=False)
    return None


def _parse_named_month(text: str, shown: str) -> Period | None:
    if (m := _RE_NAMED_MONTH.fullmatch(text)) and m[1].lower() in _MONTH_NAMES:
        year, number = _year(shown, m[2]), _MONTH_NAMES[m[1].lower()]
        return _make(PeriodKind.MONTH, year * 12 + number - 1, year * 12 + number - 1)
    return None


def _parse_rolling_years(text: str, shown: str) -> Period | None:
    if m := _RE_ROLLING.fullmatch(text):
        first = _year(shown, m[1])
        if len(m[2]) == 3:
            raise _fail(shown, f"write the last year with two or four digits, as in {first}-{first + 2}")
        return _rolling(shown, first, _second_year(shown, first, m[2]), financial=False)
    return None


def _parse_rolling_financial_years(text: str, shown: str) -> Period | None:
    if m := _RE_ROLLING_FY.fullmatch(text):
        first = _financial_start_year(shown, m[1], m[2])
        last = _financial_start_year(shown, m[3], m[4])
        return _rolling(shown, first, last, financial=True)
    return None


def _parse_survey_round(text: str, shown: str) -> Period | None:
    if (m := _RE_SURVEY.fullmatch(text)) and _survey_name_problem(m[1]) is None:
        name = m[1]
        if m[3] is None:
            return survey_period(name, _year(shown, m[2]), financial=False)
        return survey_period(name, _financial_start_year(shown, m[2], m[3]), financial=True)
    return None


_PARSERS = (
    _parse_calendar_year,
    _parse_financial_year,
    _parse_financial_part,
    _parse_academic_year,
    _parse_iso_month,
    _parse_named_month,
    _parse_rolling_years,
    _parse_rolling_financial_years,
    _parse_survey_round,
)


_INTERVALS = {
    "annual": PeriodKind.FINANCIAL_YEAR,
    "annually": PeriodKind.FINANCIAL_YEAR,
    "yearly": PeriodKind.FINANCIAL_YEAR,
    "financial year": PeriodKind.FINANCIAL_YEAR,
    "annual financial year": PeriodKind.FINANCIAL_YEAR,
    "quarterly": PeriodKind.FINANCIAL_QUARTER,
    "quarter": PeriodKind.FINANCIAL_QUARTER,
    "financial quarter": PeriodKind.FINANCIAL_QUARTER,
    "half-yearly": PeriodKind.FINANCIAL_HALF,
    "half yearly": PeriodKind.FINANCIAL_HALF,
    "half year": PeriodKind.FINANCIAL_HALF,
    "six-monthly": PeriodKind.FINANCIAL_HALF,
    "6-monthly": PeriodKind.FINANCIAL_HALF,
    "financial half": PeriodKind.FINANCIAL_HALF,
    "monthly": PeriodKind.MONTH,
    "month": PeriodKind.MONTH,
    "academic year": PeriodKind.ACADEMIC_YEAR,
    "academic": PeriodKind.ACADEMIC_YEAR,
    "calendar year": PeriodKind.CALENDAR_YEAR,
    "biennial survey": PeriodKind.SURVEY,
    "survey": PeriodKind.SURVEY,
    "survey rounds": PeriodKind.SURVEY,
    "rolling": PeriodKind.ROLLING,
    "rolling average": PeriodKind.ROLLING,
    "rolling multi-year": PeriodKind.ROLLING,
}


def period_kind_for_interval(interval: str) -> PeriodKind:
    """The kind of period an indicator's collection interval ("quarterly", "academic year"...) reports in."""
    text = _normalise(str(interval)).lower().replace("_", " ")
    text = re.sub(r"^annual \((.*)\)$", r"annual \1", text)
    if text in _INTERVALS:
        return _INTERVALS[text]
    try:
        return PeriodKind(text.replace(" ", "_"))
    except ValueError:
        known = ", ".join(sorted({"annual", "quarterly", "half-yearly", "monthly", "academic year",
                                  "calendar year", "survey", "rolling"}))
        raise PeriodError(f"'{interval}' is not a collection interval; use one of: {known}") from None
