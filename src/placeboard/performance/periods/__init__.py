"""Reporting periods: parsing, printing and arithmetic on period labels.

Partnership papers name periods in a handful of ways. Placeboard accepts all
of the forms below and always prints the first one shown for each kind (its
canonical label):

* financial year: ``2008/09`` (also ``2008/2009``, ``FY 2008/09``),
  1 April 2008 to 31 March 2009;
* financial quarter: ``2009/10 Q2`` (also ``Q2 2009/10``), 1 July to
  30 September 2009; Q1 is April to June and Q4 January to March;
* financial half: ``2009/10 H1`` (also ``H1 2009/10``), April to September;
  H2 is October to March;
* month: ``2009-07`` (also ``Jul 2009``, ``July 2009``, ``Sept 2009``);
* academic year: ``AY 2005/06`` (also ``2005/06 academic``,
  ``academic year 2005/06``), 1 September 2005 to 31 August 2006;
* calendar year: ``2009``;
* rolling years: ``2001-2003`` (also ``2001-3``, ``2001-03 rolling``), the
  calendar years 2001 to 2003 inclusive, two to ten of them;
* rolling financial years: ``2006/07-2008/09``, 1 April 2006 to 31 March 2009;
* survey round: a survey's name then a financial or calendar year, such as
  ``Place Survey 2008/09`` or ``Tellus 2009``, covering that year.

Parsing ignores surrounding whitespace and the case of keywords (``q2``,
``ay``, ``july``), treats en and em dashes as hyphens, and takes the second
year of a pair in one, two or four digits (``2008/9``, ``2008/09``,
``2008/2009``), but it must be the year after the first.

Two decisions about ambiguous forms:

* ``YYYY-NN`` with NN from 01 to 12 is always a month in ISO form, so
  ``2001-03`` is March 2001. A rolling period is printed with four-digit years
  (``2001-2003``) so that its label can never be read as a month; the two-digit
  form is still accepted when it cannot be a month (``2009-13``), when the
  second year has one digit as in the papers (``2001-3``), or when the word
  "rolling" or "average" says so (``2001-03 rolling``).
* ``2005/06`` alone is a financial year, so academic years carry ``AY``.

Survey rounds keep the survey's name in their label, because the same year may
hold several surveys; the name is compared exactly, so "Tellus 2009" and
"TellUs 2009" are different rounds.

Every period starts on the first day of a month and ends on the last day of a
month, so the arithmetic is done in whole months and is exact. `arithmetic`
holds the period value, its labels and its arithmetic; `parsing` reads labels
and collection intervals. The package uses only the standard library, so it can
be used outside Django.
"""

from placeboard.performance.periods.arithmetic import (
    MAX_ROLLING_YEARS,
    MAX_SURVEY_NAME_LENGTH,
    MAX_YEAR,
    MIN_YEAR,
    Period,
    PeriodError,
    PeriodKind,
    period_containing,
    periods_between,
    rolling_period,
    survey_period,
)
from placeboard.performance.periods.parsing import ACCEPTED_FORMS, parse_period, period_kind_for_interval

__all__ = [
    "ACCEPTED_FORMS",
    "MAX_ROLLING_YEARS",
    "MAX_SURVEY_NAME_LENGTH",
    "MAX_YEAR",
    "MIN_YEAR",
    "Period",
    "PeriodError",
    "PeriodKind",
    "parse_period",
    "period_containing",
    "period_kind_for_interval",
    "periods_between",
    "rolling_period",
    "survey_period",
]
