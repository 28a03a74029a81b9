"""Indicator figures transcribed from two of the seed papers, read from demo_data/ (standard library only).

Each partnership's figures are one TOML file, demo_data/indicators_<slug>.toml: an
``[[indicators]]`` table per indicator, its figures in ``values``, what the paper
printed in ``[indicators.published]``, any benchmark in ``[indicators.benchmark]``
and cells left out in ``[[indicators.skipped]]``. Comments in the files say where
a reading is inferred or the paper is unclear. ``INDICATORS`` maps each slug to its
list of indicators, as plain dicts.

Sources
-------
* ``wiltshire``: seed 000 (Wiltshire progress report), the indicator table
  (NI, NI Name, 2007/08 Full Year, 2008/09 Full Year, 2009/10 Target,
  2009/10 Q2, On Target, 2010/11 Target, Comment).  ``source_row`` counts the
  table's data rows from 1, leaving out the header and the three section
  headings (which become the tags designated / local / mandatory).
* ``coventry``: seed 003 (Coventry LAA), "Coventry Community Plan Spreadsheet :
  LAA Simple View", the CHILDREN AND YOUNG PERSON'S STRATEGIC PARTNERSHIP block
  (rows 1-48).  Columns: Row, LAA Outcome, Performance Measure / Indicator,
  Units, Baseline / Outturn Date, Baseline City Avg, Performance Targets
  2005-6 / 2006-7 / 2007-8 / 2008-9, 2004-5 / 2005-6 / 2006-7 Update (Date of
  Data, City Avg), Target v Actual Variance 2005/06 (Col 21-33) and 2006/07
  (Col 22-40), Traffic Light Judgement, Comments.  ``row`` is the row number
  printed by the paper (None for the LPSA rows, which the paper prints without
  a number).

Transcription rules
-------------------
* Values are strings that ``decimal.Decimal`` accepts, or None with ``text``
  (text targets such as "Less than 15 across all phases", "To be set in 2007").
* "-", "N/A" and blank cells are omitted.
* Wiltshire prints percentages padded to two places ("57.40%"); they are
  stored without the "%" sign and without the trailing padding zero
  ("57.4").  Coventry cells are stored digit for digit as printed,
  only the "%" sign is dropped ("9.70%" -> "9.70", "45.0" -> "45.0").
* Period labels: financial / academic year "2005/06"; quarter of a financial
  year "2006/07 Q1"; half year "2006/07 H1"; calendar year "2010"; rolling
  multi-year "2001-03".  Coventry's "Academic Year ..." and "Financial Year ..."
  dates add ``"period_type": "academic"`` / ``"financial"`` to the value; the
  printed date text is always kept in ``note`` when it was normalised.
  A date such as "Nov-05" becomes the financial quarter containing it
  ("2005/06 Q3").  When the printed date cannot be turned into a label safely
  the value has ``"period": None`` and the printed text in ``period_text``.
* Coventry target periods are the spreadsheet's target columns (2005-6 ...
  2008-9).  NOTE: the paper compares the "2005-6" target with the "2005-6
  Update" column, which for attainment measures holds "Academic Year 2004-5"
  data (e.g. row 2: variance -2.0 = 76 - 78).  The labels here are as printed;
  the pairing is the paper's.
* ``published`` is what the paper printed, for checking: Coventry variance is a
  dict of the two printed variance columns ("NA" kept as printed).
* ``skipped`` (only where needed) lists cells that were printed but not
  transcribed as values, with the reason.
* Keys beyond the indicator's own fields: ``row``, ``units_text``,
  ``title_incomplete``, ``skipped`` (indicator level); ``period_type``,
  ``period_text`` (value level).
* TOML has no None, so the files leave such keys out and the loader puts them
  back (``NONE_IF_LEFT_OUT``): an indicator always has ``outcome_code``,
  ``expected`` and ``benchmark``, and ``row`` where its file numbers rows; a
  value always has ``period`` and ``value``, and an actual its ``status``;
  ``published`` always has its four keys and a benchmark its six.
  tests/performance/test_demo_data.py checks the files against the models.
"""

import tomllib
from importlib.resources import files

PARTNERSHIPS = ("wiltshire", "coventry")
NONE_IF_LEFT_OUT = {
    "indicator": ("outcome_code", "expected", "benchmark"),
    "value": ("period", "value"),
    "actual": ("status",),
    "published": ("on_target", "variance", "traffic_light", "comment"),
    "benchmark": ("period", "national", "rank", "group_size", "group", "direction"),
}


def _with_none(item, kind):
    for key in NONE_IF_LEFT_OUT[kind]:
        item.setdefault(key, None)
    return item


def load_indicators(slug):
    """One partnership's indicators from demo_data/indicators_<slug>.toml."""
    with (files(__package__) / "demo_data" / f"indicators_{slug}.toml").open("rb") as f:
        indicators = tomllib.load(f)["indicators"]
    numbered = any("row" in indicator for indicator in indicators)
    for indicator in indicators:
        _with_none(indicator, "indicator")
        if numbered:
            indicator.setdefault("row", None)
        for value in indicator["values"]:
            _with_none(value, "value")
            if value["kind"] == "actual":
                _with_none(value, "actual")
        _with_none(indicator.setdefault("published", {}), "published")
        if indicator["benchmark"] is not None:
            _with_none(indicator["benchmark"], "benchmark")
    return indicators


INDICATORS = {slug: load_indicators(slug) for slug in PARTNERSHIPS}
