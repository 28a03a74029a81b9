"""Indicator figures transcribed from two of the seed papers (standard library only).

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
  stored without the "%" sign and without the trailing padding zero ("57.4"),
  as the brief asks.  Coventry cells are stored digit for digit as printed,
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
* Extra keys beyond the brief's format: ``row``, ``units_text``,
  ``title_incomplete``, ``skipped`` (indicator level); ``period_type``,
  ``period_text`` (value level).
"""

BLOCK_OUTCOME_CYP = (
    "by 2010 the quality of life of children and young people will have "
    "improved. This improvement will be more rapid for those living in "
    "priority neighbourhoods and disadvantaged communities"
)
LPSA_11 = (
    "LPSA Pririty Area 5- Children and Young People. Target 11 Improving "
    "Outcomes for Boys and Looked After Children"
)  # "Pririty" is the paper's spelling
HEAD_KS3 = "Increase the proportion of pupils achieving level 5 or more at the end of key stage 3 in:"
HEAD_LAC = "Educational achievement of looked after children compared with their peers:"
HEAD_ATTENDANCE = "Improvement in pupil attendance rates:"
HEAD_EXCLUSIONS = "Reduce exclusions so that there are less than 15 permanent exclusions across all phases"
HEAD_DRUGS = (
    "Reduce the use of class a drugs and frequent use of any illicit drugs among all "
    "young people under the age of 25, especially by the most vulnerable young people "
    "and reduce the harm caused by illegal drugs by:"
)
CYP_COMMENT_HALF_YEAR = "Comments are included in the CYP LAA half year performance report"
CYP_COMMENT_SUMMARY = "Comments to be included in the summary"

_SURVEY_COMMENT = (
    "The figure is from the 2008/09 survey; this will be replaced by results "
    "from a local survey later in 2009/10. "
)
_SURVEY_EXPECTED = "this will be replaced by results from a local survey later in 2009/10"


INDICATORS = {
    # ------------------------------------------------------------------
    # Seed 000: Wiltshire progress report, indicator table
    # ------------------------------------------------------------------
    "wiltshire": [
        # --- LAA designated targets ---
        {
            "code": "NI 004",
            "title": "% of people who feel they can influence decisions in their locality.",
            "tags": ["designated"],
            "units": "percentage",
            "polarity": "higher",  # inferred: more people feeling influence is better
            "decimal_places": 2,  # 2010/11 target printed 35.09%
            "cumulative": False,
            "outcome_code": None,
            "source_row": "seed 000 table row 1",
            "values": [
                {"kind": "actual", "period": "2008/09", "value": "31.9", "status": "final",
                 "note": "from the 2008/09 survey"},
                {"kind": "target", "period": "2010/11", "value": "35.09"},
            ],
            "published": {
                "on_target": None, "variance": None, "traffic_light": None,
                "comment": _SURVEY_COMMENT + "The National result for 08/09 is 28.9%, making "
                "Wiltshire 6th highest out of 56 Unitary Councils.",
            },
            "expected": _SURVEY_EXPECTED,
            "benchmark": {"period": "2008/09", "national": "28.9", "rank": 6, "group_size": 56,
                          "group": "Unitary Councils", "direction": "highest"},
        },
        {
            "code": "NI 007",
            "title": "Environment for a thriving third sector.",
            "tags": ["designated"],
            "units": "percentage",
            "polarity": "higher",  # inferred
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": None,
            "source_row": "seed 000 table row 2",
            "values": [
                # comment: "National Survey of Third Sector Organisations set baseline in 08/09"
                {"kind": "baseline", "period": "2008/09", "value": "18.2",
                 "note": "National Survey of Third Sector Organisations set baseline in 08/09"},
                {"kind": "actual", "period": "2008/09", "value": "18.2", "status": "final"},
                {"kind": "target", "period": "2010/11", "value": "23"},
            ],
            "published": {
                "on_target": None, "variance": None, "traffic_light": None,
                "comment": "National Survey of Third Sector Organisations set baseline in 08/09. "
                "Targets were set as part of the LAA refresh process in March 2009. Wiltshire was "
                "above the national average - 18.2 % in Wiltshire compared to 16.2 % nationally.",
            },
            "expected": None,
            # national figure only; the paper gives no rank
            "benchmark": {"period": "2008/09", "national": "16.2", "rank": None, "group_size": None,
                          "group": None, "direction": None},
        },
        {
            "code": "NI 110",
            "title": "Young people's participation in positive activities.",
            "tags": ["designated"],
            "units": "percentage",
            "polarity": "higher",  # inferred
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": None,
            "source_row": "seed 000 table row 3",
            "values": [
                {"kind": "actual", "period": "2007/08", "value": "66", "status": "final"},
                {"kind": "actual", "period": "2008/09", "value": "74.1", "status": "final"},
                {"kind": "target", "period": "2009/10", "value": "78.1"},
                {"kind": "target", "period": "2010/11", "value": "82.1"},
            ],
            "published": {
                "on_target": None, "variance": None, "traffic_light": None,
                "comment": "This indicator is measured using the Tellus survey. In 09/10 this will "
                "take place in Q3 and be reported in Q4. DCSF are requiring an audit in a designated "
                "week in February 2010 - guidance not yet available.",
            },
            "expected": "In 09/10 this will take place in Q3 and be reported in Q4.",
            "benchmark": None,
        },
        # --- LAA local targets ---
        {
            "code": "NI 006",
            "title": "% who have given unpaid help at least once per month in the last 12 months.",
            "tags": ["local"],
            "units": "percentage",
            "polarity": "higher",  # inferred
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": None,
            "source_row": "seed 000 table row 4",
            "values": [
                {"kind": "actual", "period": "2008/09", "value": "29.6", "status": "final",
                 "note": "from the 2008/09 survey"},
            ],
            "published": {
                "on_target": None, "variance": None, "traffic_light": None,
                "comment": _SURVEY_COMMENT + "The National result for 08/09 is 23.2%, making "
                "Wiltshire 4th highest out of 56 Unitary Councils.",
            },
            "expected": _SURVEY_EXPECTED,
            "benchmark": {"period": "2008/09", "national": "23.2", "rank": 4, "group_size": 56,
                          "group": "Unitary Councils", "direction": "highest"},
        },
        {
            "code": "NI 001",
            "title": "% of people who believe people from different backgrounds get on well "
                     "together in their local area.",
            "tags": ["local"],
            "units": "percentage",
            "polarity": "higher",  # inferred
            "decimal_places": 1,  # printed 83%; national 76.4%
            "cumulative": False,
            "outcome_code": None,
            "source_row": "seed 000 table row 5",
            "values": [
                {"kind": "actual", "period": "2008/09", "value": "83", "status": "final",
                 "note": "from the 2008/09 survey"},
            ],
            "published": {
                "on_target": None, "variance": None, "traffic_light": None,
                "comment": _SURVEY_COMMENT + "The National result for 08/09 is 76.4%, making "
                "Wiltshire 4th highest out of 56 Unitary Councils.",
            },
            "expected": _SURVEY_EXPECTED,
            "benchmark": {"period": "2008/09", "national": "76.4", "rank": 4, "group_size": 56,
                          "group": "Unitary Councils", "direction": "highest"},
        },
        {
            "code": "ESDTRA 1",
            "title": "Local Transport Plan indicator on transport and accessibility",
            "tags": ["local"],
            "units": "other",  # the seed prints 91 without a unit or definition
            "polarity": "higher",  # inferred from "accessibility"; the seed does not define the measure
            "decimal_places": 0,
            "cumulative": False,
            "outcome_code": None,
            "source_row": "seed 000 table row 6",
            "values": [
                {"kind": "actual", "period": "2007/08", "value": "91", "status": "final"},
                {"kind": "actual", "period": "2008/09", "value": "91", "status": "final"},
            ],
            "published": {"on_target": None, "variance": None, "traffic_light": None,
                          "comment": "Figure available Q4"},
            "expected": "Figure available Q4",
            "benchmark": None,
        },
        # --- LAA mandatory targets ---
        {
            "code": "NI 072",
            "title": "Achievement of at least 78 points across the Early Years Foundation Stage with "
                     "at least 6 in each of the scales in Personal Social and Emotional Development "
                     "and Communication, Language and Literacy.",
            "tags": ["mandatory"],
            "units": "percentage",
            "polarity": "higher",
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": None,
            "source_row": "seed 000 table row 7",
            "values": [
                {"kind": "actual", "period": "2007/08", "value": "53", "status": "final"},
                {"kind": "actual", "period": "2008/09", "value": "57", "status": "final"},
                {"kind": "target", "period": "2009/10", "value": "57.2"},
                # the comment calls it the final outturn annual figure for 2009
                {"kind": "actual", "period": "2009/10 Q2", "value": "57.4", "status": "final",
                 "note": "57.4% is the final outturn annual figure for 2009"},
                {"kind": "target", "period": "2010/11", "value": "59"},
            ],
            "published": {
                "on_target": "Y", "variance": None, "traffic_light": None,
                "comment": "57.4% is the final outturn annual figure for 2009. This exceeds out "
                "target 2009/10 target of 57.2%.",
            },
            "expected": None,
            "benchmark": None,
        },
        {
            "code": "NI 073",
            "title": "Achievement at level 4 or above in both English and Maths at Key Stage 2.",
            "tags": ["mandatory"],
            "units": "percentage",
            "polarity": "higher",
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": None,
            "source_row": "seed 000 table row 8",
            "values": [
                {"kind": "actual", "period": "2007/08", "value": "70", "status": "final"},
                {"kind": "actual", "period": "2008/09", "value": "73", "status": "final"},
                {"kind": "target", "period": "2009/10", "value": "80"},
                {"kind": "actual", "period": "2009/10 Q2", "value": "70.5", "status": "provisional",
                 "note": "Provisional result"},
                {"kind": "target", "period": "2010/11", "value": "81"},
            ],
            "published": {"on_target": None, "variance": None, "traffic_light": None,
                          "comment": "Provisional result"},
            "expected": None,
            "benchmark": None,
        },
        {
            "code": "NI 075",
            "title": "Achievement of 5 or more A* - C grades at GCSE or equivalent including English and Maths",
            "tags": ["mandatory"],
            "units": "percentage",
            "polarity": "higher",
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": None,
            "source_row": "seed 000 table row 9",
            "values": [
                {"kind": "actual", "period": "2007/08", "value": "49.3", "status": "final"},
                {"kind": "actual", "period": "2008/09", "value": "53.2", "status": "final"},
                {"kind": "target", "period": "2009/10", "value": "58"},
                {"kind": "actual", "period": "2009/10 Q2", "value": "55.3", "status": "provisional",
                 "note": "Provisional result"},
                {"kind": "target", "period": "2010/11", "value": "59"},
            ],
            "published": {"on_target": None, "variance": None, "traffic_light": None,
                          "comment": "Provisional result"},
            "expected": None,
            "benchmark": None,
        },
        {
            "code": "NI 087",
            "title": "Secondary school persistent absence rate.",
            "tags": ["mandatory"],
            "units": "percentage",
            "polarity": "lower",  # absence: lower is better
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": None,
            "source_row": "seed 000 table row 10",
            "values": [
                {"kind": "actual", "period": "2007/08", "value": "5.4", "status": "final"},
                {"kind": "actual", "period": "2008/09", "value": "5.2", "status": "final"},
                {"kind": "target", "period": "2009/10", "value": "5.2"},
                {"kind": "target", "period": "2010/11", "value": "5.1"},
            ],
            "published": {
                "on_target": None, "variance": None, "traffic_light": None,
                "comment": "Provisional result available from 20 Oct 2009. Performance data related "
                "to this KPI will not be available until the end of the academic year 09/10.",
            },
            "expected": "Performance data related to this KPI will not be available until the end "
                        "of the academic year 09/10.",
            "benchmark": None,
        },
        {
            "code": "NI 092",
            "title": "Narrowing the gap between the lowest achieving 20% in the Early Years "
                     "Foundation Stage Profile and the rest.",
            "tags": ["mandatory"],
            "units": "percentage",
            "polarity": "lower",  # a narrower gap is better
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": None,
            "source_row": "seed 000 table row 11",
            "values": [
                {"kind": "actual", "period": "2007/08", "value": "35.5", "status": "final"},
                {"kind": "actual", "period": "2008/09", "value": "31.4", "status": "final"},
                {"kind": "target", "period": "2009/10", "value": "32.4"},
                # The Q2 cell prints 29.60% but the comment says "29.2% is the final outturn
                # annual figure for 2009"; the cell is transcribed, the conflict is noted.
                {"kind": "actual", "period": "2009/10 Q2", "value": "29.6", "status": "final",
                 "note": "cell prints 29.60%; the comment says 29.2% is the final outturn annual "
                         "figure for 2009"},
                {"kind": "target", "period": "2010/11", "value": "29.6"},
            ],
            "published": {
                "on_target": "Y", "variance": None, "traffic_light": None,
                "comment": "29.2% is the final outturn annual figure for 2009. This exceeds our "
                "2009/10 target of 32.4%.",
            },
            "expected": None,
            "benchmark": None,
        },
        {
            "code": "NI 093",
            "title": "Progression by 2 levels in English between Key Stage 1 and Key Stage 2.",
            "tags": ["mandatory"],
            "units": "percentage",
            "polarity": "higher",
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": None,
            "source_row": "seed 000 table row 12",
            "values": [
                {"kind": "actual", "period": "2007/08", "value": "87.1", "status": "final"},
                {"kind": "target", "period": "2009/10", "value": "91"},
                {"kind": "actual", "period": "2009/10 Q2", "value": "83.3", "status": "provisional",
                 "note": "Provisional result"},
                {"kind": "target", "period": "2010/11", "value": "92"},
            ],
            "published": {"on_target": None, "variance": None, "traffic_light": None,
                          "comment": "Provisional result"},
            "expected": None,
            "benchmark": None,
        },
        {
            "code": "NI 094",
            "title": "Progression by 2 levels in Maths between Key Stage 1 and Key Stage 2.",
            "tags": ["mandatory"],
            "units": "percentage",
            "polarity": "higher",
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": None,
            "source_row": "seed 000 table row 13",
            "values": [
                {"kind": "actual", "period": "2007/08", "value": "76.1", "status": "final"},
                {"kind": "target", "period": "2009/10", "value": "87"},
                {"kind": "actual", "period": "2009/10 Q2", "value": "79.7", "status": "provisional",
                 "note": "Provisional result"},
                {"kind": "target", "period": "2010/11", "value": "90"},
            ],
            "published": {"on_target": None, "variance": None, "traffic_light": None,
                          "comment": "Provisional result"},
            "expected": None,
            "benchmark": None,
        },
        {
            "code": "NI 099",
            "title": "Looked after children reaching level 4 in English at Key Stage 2.",
            "tags": ["mandatory"],
            "units": "percentage",
            "polarity": "higher",
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": None,
            "source_row": "seed 000 table row 14",
            "values": [
                {"kind": "actual", "period": "2007/08", "value": "43.8", "status": "final"},
                {"kind": "actual", "period": "2008/09", "value": "44", "status": "final"},
                {"kind": "target", "period": "2009/10", "value": "37.5"},
                {"kind": "target", "period": "2010/11", "value": "44"},
            ],
            "published": {"on_target": None, "variance": None, "traffic_light": None,
                          "comment": "Data available Q3"},
            "expected": "Data available Q3",
            "benchmark": None,
        },
        {
            "code": "NI 100",
            "title": "Looked after children reaching level 4 in mathematics at Key Stage 2",
            "tags": ["mandatory"],
            "units": "percentage",
            "polarity": "higher",
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": None,
            "source_row": "seed 000 table row 15",
            "values": [
                {"kind": "actual", "period": "2007/08", "value": "37.5", "status": "final"},
                {"kind": "actual", "period": "2008/09", "value": "44", "status": "final"},
                {"kind": "target", "period": "2009/10", "value": "37.5"},
                {"kind": "target", "period": "2010/11", "value": "50"},
            ],
            "published": {"on_target": None, "variance": None, "traffic_light": None,
                          "comment": "Data available Q3"},
            "expected": "Data available Q3",
            "benchmark": None,
        },
        {
            "code": "NI 101",
            "title": "Looked after children achieving 5 A*-C GCSEs (or equivalent) at Key Stage 4 "
                     "(including English and mathematics).",
            "tags": ["mandatory"],
            "units": "percentage",
            "polarity": "higher",
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": None,
            "source_row": "seed 000 table row 16",
            "values": [
                {"kind": "actual", "period": "2008/09", "value": "11.4", "status": "final"},
                {"kind": "target", "period": "2009/10", "value": "30.4"},
                {"kind": "target", "period": "2010/11", "value": "29"},
            ],
            "published": {"on_target": None, "variance": None, "traffic_light": None,
                          "comment": "Data available Q3"},
            "expected": "Data available Q3",
            "benchmark": None,
        },
    ],
    # ------------------------------------------------------------------
    # Seed 003: Coventry LAA performance spreadsheet, Children and Young
    # People block.  Rows 6, 13, 19, 23 and 32 are headings without figures;
    # rows 40 and 47 (and 12, 16, 44-46) carry no printed row number.
    # ------------------------------------------------------------------
    "coventry": [
        {
            "code": "CYP 1",
            "row": 1,
            # the printed cell reads "9 A greater proportion ..."; "9" is the spreadsheet's
            # column number leaking into the first row of the page
            "title": "A greater proportion of children reach a good level of development by the end "
                     "of the foundation stage (6+ in each PSE,CLL scale)",
            "tags": [],
            "units": "percentage",
            "units_text": "%",  # printed "13 %": "13" is a leaked column number
            "polarity": "higher",
            "decimal_places": 1,
            "cumulative": False,
            # rows 1-3 share one merged outcome cell listing several LAA outcomes;
            # which outcome belongs to which row cannot be read, so the block outcome is used
            "outcome_code": BLOCK_OUTCOME_CYP,
            "source_row": "seed 003 CYP block row 1",
            "values": [
                {"kind": "baseline", "period": "2002/03", "value": "45.0", "period_type": "academic",
                 "note": "Academic Year 02/03"},
                {"kind": "target", "period": "2007/08", "value": None,
                 "text": "Awaiting GO targets, expected Summer 2007"},
                {"kind": "actual", "period": "2003/04", "value": "48.3", "status": None,
                 "period_type": "academic", "note": "Academic Year 03/04"},
                {"kind": "actual", "period": "2004/05", "value": "43.9", "status": None,
                 "period_type": "academic", "note": "Academic Year 2004-5"},
                {"kind": "actual", "period": "2005/06", "value": "41.1", "status": None,
                 "period_type": "academic", "note": "Academic Year 2005-6"},
            ],
            "published": {
                "on_target": None, "variance": {"2005/06": "NA", "2006/07": "NA"},
                "traffic_light": "Too early to assess",
                "comment": "New attainment measure. Targets to be set by the DfES January 2007 for "
                           "summer 2008.",
            },
            "expected": None,
            "benchmark": None,
            "skipped": [
                {"cell": "targets 2005-6, 2006-7, 2008-9", "printed": "21, 22, 24",
                 "reason": "these are the spreadsheet's column numbers (21-24) leaking into the "
                           "page's first row; the comment says targets are still to be set"},
            ],
        },
        {
            "code": "CYP 2",
            "row": 2,
            "title": "(measure text missing in seed 003, row 2)",
            "title_incomplete": True,
            "tags": [],
            "units": "percentage",
            "units_text": "%",
            "polarity": "higher",  # inferred: an attainment measure (row 3 reads "level 4 or higher in")
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": BLOCK_OUTCOME_CYP,  # merged outcome cell, see row 1
            "source_row": "seed 003 CYP block row 2",
            "values": [
                {"kind": "baseline", "period": "2002/03", "value": "72", "period_type": "academic",
                 "note": "Academic Year 02/03"},
                {"kind": "target", "period": "2005/06", "value": "78.0"},
                {"kind": "target", "period": "2006/07", "value": "79.0"},
                {"kind": "target", "period": "2007/08", "value": "80.0"},
                {"kind": "target", "period": "2008/09", "value": None, "text": "To be set in 2007"},
                {"kind": "actual", "period": "2003/04", "value": "76", "status": None,
                 "period_type": "academic", "note": "Academic Year 03/04"},
                {"kind": "actual", "period": "2004/05", "value": "76", "status": None,
                 "period_type": "academic", "note": "Academic Year 2004-5"},
                {"kind": "actual", "period": "2005/06", "value": "77", "status": None,
                 "period_type": "academic", "note": "Academic Year 2005-6"},
            ],
            "published": {"on_target": None, "variance": {"2005/06": "-2.0", "2006/07": "-2.0"},
                          "traffic_light": "Amber", "comment": CYP_COMMENT_HALF_YEAR},
            "expected": None,
            "benchmark": None,
            "skipped": [
                {"cell": "Performance Measure / Indicator", "printed": "",
                 "reason": "the measure cell is empty in the seed; the figures are transcribed, "
                           "the name is not invented"},
            ],
        },
        {
            "code": "CYP 3",
            "row": 3,
            "title": "(measure text garbled in seed 003, row 3: 'loval 4 or biabor in')",
            "title_incomplete": True,
            "tags": [],
            "units": "percentage",
            "units_text": "%",
            "polarity": "higher",  # inferred: attainment at "level 4 or higher"
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": BLOCK_OUTCOME_CYP,  # merged outcome cell, see row 1
            "source_row": "seed 003 CYP block row 3",
            "values": [
                {"kind": "baseline", "period": "2002/03", "value": "69", "period_type": "academic",
                 "note": "Academic Year 02/03"},
                {"kind": "target", "period": "2005/06", "value": "78.0"},
                {"kind": "target", "period": "2006/07", "value": "79.0"},
                {"kind": "target", "period": "2007/08", "value": "80.0"},
                {"kind": "target", "period": "2008/09", "value": None, "text": "To be set in 2007"},
                {"kind": "actual", "period": "2003/04", "value": "71", "status": None,
                 "period_type": "academic", "note": "Academic Year 03/04"},
                {"kind": "actual", "period": "2004/05", "value": "73", "status": None,
                 "period_type": "academic", "note": "Academic Year 2004-5"},
                {"kind": "actual", "period": "2005/06", "value": "73", "status": None,
                 "period_type": "academic", "note": "Academic Year 2005-6"},
            ],
            "published": {"on_target": None, "variance": {"2005/06": "-5.0", "2006/07": "-6.0"},
                          "traffic_light": "Amber", "comment": CYP_COMMENT_HALF_YEAR},
            "expected": None,
            "benchmark": None,
            "skipped": [
                {"cell": "Performance Measure / Indicator", "printed": "loval 4 or biabor in",
                 "reason": "text garbled and truncated in the seed (reads as 'level 4 or higher in'); "
                           "the subject is not printed"},
            ],
        },
        {
            "code": "CYP 4",
            "row": 4,
            "title": "receipt of NRF to ensure that at least 50% of pupils achieve level five or "
                     "above in each of in english maths & science",
            "title_incomplete": True,  # the start of the cell text is cut off in the seed
            "tags": [],
            "units": "count",
            "units_text": "Number of schools",
            "polarity": "higher",
            "decimal_places": 0,
            "cumulative": False,
            "outcome_code": "Raise standards in English, maths, ICT and science in secondary "
                            "education so that by 2008, in all schools at least 50% of pupils "
                            "achieve level 5 or abov in each of English, maths and science. "
                            "(NRU Key Outcome)",
            "source_row": "seed 003 CYP block row 4",
            "values": [
                {"kind": "baseline", "period": "2002/03", "value": "15", "period_type": "academic",
                 "note": "Academic Year 02/03"},
                {"kind": "target", "period": "2005/06", "value": "16"},
                {"kind": "target", "period": "2006/07", "value": "18"},
                {"kind": "target", "period": "2007/08", "value": "19"},
                {"kind": "target", "period": "2008/09", "value": "19"},
                {"kind": "actual", "period": "2003/04", "value": "14", "status": None,
                 "period_type": "academic", "note": "Academic Year 03/04"},
                {"kind": "actual", "period": "2004/05", "value": "16", "status": None,
                 "period_type": "academic", "note": "Academic Year 04/05"},
                {"kind": "actual", "period": "2005/06", "value": "17", "status": "provisional",
                 "period_type": "academic",
                 "note": "Academic Year 2005-6; the comment says this is based on provisional results"},
            ],
            "published": {
                "on_target": None, "variance": {"2005/06": "0.0", "2006/07": "-1.0"},
                "traffic_light": None,  # the judgement cell is blank
                "comment": "Out of 19 secondary schools only two have not achieved 50%- one in one "
                           "subject and the other in two subjects. This is based on provisional "
                           "results and appeals are being considered.",
            },
            "expected": None,
            "benchmark": None,
        },
        {
            "code": "CYP 5",
            "row": 5,
            "title": "Number of schools in priority neighbourhoods where at key stage 3 50% or more "
                     "pupils achieve level 5 or above in english maths & science",
            "tags": [],
            "units": "count",
            "units_text": "Number of schools",
            "polarity": "higher",
            "decimal_places": 0,
            "cumulative": False,
            "outcome_code": BLOCK_OUTCOME_CYP,
            "source_row": "seed 003 CYP block row 5",
            "values": [
                {"kind": "baseline", "period": "2002/03", "value": "2", "period_type": "academic",
                 "note": "Academic Year 02/03"},
                {"kind": "target", "period": "2005/06", "value": "2"},
                {"kind": "target", "period": "2006/07", "value": "3"},
                {"kind": "target", "period": "2007/08", "value": "3"},
                {"kind": "target", "period": "2008/09", "value": "3"},
                {"kind": "actual", "period": "2003/04", "value": "2", "status": None,
                 "period_type": "academic", "note": "Academic Year 03/04"},
                {"kind": "actual", "period": "2004/05", "value": "2", "status": None,
                 "period_type": "academic", "note": "Academic Year 04/05"},
                {"kind": "actual", "period": "2005/06", "value": "3", "status": None,
                 "period_type": "academic", "note": "Academic Year 2005-6"},
            ],
            "published": {"on_target": None, "variance": {"2005/06": "0.0", "2006/07": "0.0"},
                          "traffic_light": "Green",
                          "comment": "This is school level analysis and is therefore not available by area"},
            "expected": None,
            "benchmark": None,
        },
        # row 6 is the heading HEAD_KS3 (no figures); rows 7-10 are its sub-rows
        {
            "code": "CYP 7",
            "row": 7,
            "title": HEAD_KS3 + " English",  # printed cell: "English"
            "tags": [],
            "units": "percentage",
            "units_text": "%",
            "polarity": "higher",
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": HEAD_KS3,
            "source_row": "seed 003 CYP block row 7 (under heading row 6)",
            "values": [
                {"kind": "baseline", "period": "2002/03", "value": "69.0", "period_type": "academic",
                 "note": "Academic Year 02/03"},
                {"kind": "target", "period": "2005/06", "value": "75.0"},
                {"kind": "target", "period": "2006/07", "value": "75.0"},
                {"kind": "target", "period": "2007/08", "value": "76.0"},
                {"kind": "target", "period": "2008/09", "value": None, "text": "To be set in 2007"},
                {"kind": "actual", "period": "2003/04", "value": "68.0", "status": None,
                 "period_type": "academic", "note": "Academic Year 03/04"},
                {"kind": "actual", "period": "2004/05", "value": "71", "status": None,
                 "period_type": "academic", "note": "Academic Year 2004-5"},
                {"kind": "actual", "period": "2005/06", "value": "69", "status": None,
                 "period_type": "academic", "note": "Academic Year 2005-6"},
            ],
            "published": {"on_target": None, "variance": {"2005/06": "-4.0", "2006/07": "-6.0"},
                          "traffic_light": "Amber", "comment": None},
            "expected": None,
            "benchmark": None,
        },
        {
            "code": "CYP 8",
            "row": 8,
            "title": HEAD_KS3 + " Maths",  # printed cell: "Maths"
            "tags": [],
            "units": "percentage",
            "units_text": "%",
            "polarity": "higher",
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": HEAD_KS3,
            "source_row": "seed 003 CYP block row 8 (under heading row 6)",
            "values": [
                {"kind": "baseline", "period": "2002/03", "value": "67.0", "period_type": "academic",
                 "note": "Academic Year 02/03"},
                {"kind": "target", "period": "2005/06", "value": "75.0"},
                {"kind": "target", "period": "2006/07", "value": "75.0"},
                {"kind": "target", "period": "2007/08", "value": "76.0"},
                {"kind": "target", "period": "2008/09", "value": None, "text": "To be set in 2007"},
                {"kind": "actual", "period": "2003/04", "value": "69.0", "status": None,
                 "period_type": "academic", "note": "Academic Year 03/04"},
                {"kind": "actual", "period": "2004/05", "value": "71", "status": None,
                 "period_type": "academic", "note": "Academic Year 2004-5"},
                {"kind": "actual", "period": "2005/06", "value": "74", "status": None,
                 "period_type": "academic", "note": "Academic Year 2005-6"},
            ],
            # printed: "Comments are included in the CYP LAA half year performance" with the
            # last word "report" wrapped onto row 9's comment cell
            "published": {"on_target": None, "variance": {"2005/06": "-4.0", "2006/07": "-1.0"},
                          "traffic_light": "Green",
                          "comment": "Comments are included in the CYP LAA half year performance"},
            "expected": None,
            "benchmark": None,
        },
        {
            "code": "CYP 9",
            "row": 9,
            "title": HEAD_KS3 + " Science",  # printed cell: "Science"
            "tags": [],
            "units": "percentage",
            "units_text": "%",
            "polarity": "higher",
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": HEAD_KS3,
            "source_row": "seed 003 CYP block row 9 (under heading row 6)",
            "values": [
                {"kind": "baseline", "period": "2002/03", "value": "63.0", "period_type": "academic",
                 "note": "Academic Year 02/03"},
                {"kind": "target", "period": "2005/06", "value": "70.0"},
                {"kind": "target", "period": "2006/07", "value": "70.0"},
                {"kind": "target", "period": "2007/08", "value": "73.0"},
                {"kind": "target", "period": "2008/09", "value": None, "text": "To be set in 2007"},
                {"kind": "actual", "period": "2003/04", "value": "63.0", "status": None,
                 "period_type": "academic", "note": "Academic Year 03/04"},
                {"kind": "actual", "period": "2004/05", "value": "65", "status": None,
                 "period_type": "academic", "note": "Academic Year 2004-5"},
                {"kind": "actual", "period": "2005/06", "value": "67", "status": None,
                 "period_type": "academic", "note": "Academic Year 2005-6"},
            ],
            # the printed comment cell holds only "report" (wrapped from row 8)
            "published": {"on_target": None, "variance": {"2005/06": "-5.0", "2006/07": "-3.0"},
                          "traffic_light": "Amber", "comment": "report"},
            "expected": None,
            "benchmark": None,
        },
        {
            "code": "CYP 10",
            "row": 10,
            # printed over two lines: the page's column-number line carries "10 ... ICT" and the
            # next line the figures; dates split as "Academic" / "Year 02/03"
            "title": HEAD_KS3 + " ICT",  # printed cell: "ICT"
            "tags": [],
            "units": "percentage",
            "units_text": "%",
            "polarity": "higher",
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": HEAD_KS3,
            "source_row": "seed 003 CYP block row 10 (under heading row 6)",
            "values": [
                {"kind": "baseline", "period": "2002/03", "value": "63.0", "period_type": "academic",
                 "note": "Academic Year 02/03"},
                {"kind": "target", "period": "2005/06", "value": "73.0"},
                {"kind": "target", "period": "2006/07", "value": "75.0"},
                {"kind": "target", "period": "2007/08", "value": "76.0"},
                {"kind": "target", "period": "2008/09", "value": None, "text": "To be set in 2007"},
                {"kind": "actual", "period": "2003/04", "value": "69.0", "status": None,
                 "period_type": "academic", "note": "Academic Year 03/04"},
                {"kind": "actual", "period": "2004/05", "value": "70", "status": None,
                 "period_type": "academic", "note": "Academic Year 2004-5"},
                {"kind": "actual", "period": "2005/06", "value": "68", "status": None,
                 "period_type": "academic", "note": "Academic Year 2005-6"},
            ],
            "published": {"on_target": None, "variance": {"2005/06": "-3.0", "2006/07": "-7.0"},
                          "traffic_light": "Red", "comment": None},
            "expected": None,
            "benchmark": None,
        },
        {
            "code": "CYP 11",
            "row": 11,
            "title": "A greater proportion of 16 year olds achieve 5 or more gcses at grade a*-c or "
                     "equivalent at the end of key stage 4",
            "tags": [],
            "units": "percentage",
            "units_text": "%",
            "polarity": "higher",
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": BLOCK_OUTCOME_CYP,
            "source_row": "seed 003 CYP block row 11",
            "values": [
                {"kind": "baseline", "period": "2002/03", "value": "45.8", "period_type": "academic",
                 "note": "Academic Year 02/03"},
                {"kind": "target", "period": "2005/06", "value": "53.0"},
                {"kind": "target", "period": "2006/07", "value": "53.0"},
                {"kind": "target", "period": "2007/08", "value": "55.0"},
                {"kind": "target", "period": "2008/09", "value": None, "text": "To be set in 2007"},
                {"kind": "actual", "period": "2003/04", "value": "45.6", "status": None,
                 "period_type": "academic", "note": "Academic Year 03/04"},
                {"kind": "actual", "period": "2004/05", "value": "46.4", "status": None,
                 "period_type": "academic", "note": "Academic Year 2004-5"},
                {"kind": "actual", "period": "2005/06", "value": "48.1", "status": None,
                 "note": "2005-06"},
            ],
            "published": {"on_target": None, "variance": {"2005/06": "-6.6", "2006/07": "-4.9"},
                          "traffic_light": "Too early to assess", "comment": CYP_COMMENT_HALF_YEAR},
            "expected": None,
            "benchmark": None,
        },
        {
            "code": "LPSA 11a",  # own code: the paper prints this LPSA row without a row number
            "row": None,
            "title": "A greater proportion of 16 year olds BOYS achieve 5 or more gcses at grade "
                     "a*-c or equivalent at the end of key stage 4, including English and Mathematics",
            "tags": ["stretch"],
            "units": "percentage",
            "units_text": "%",
            "polarity": "higher",
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": LPSA_11,
            "source_row": "seed 003 CYP block, unnumbered LPSA row printed between rows 11 and 13",
            "values": [
                {"kind": "baseline", "period": "2004/05", "value": "30.9", "period_type": "academic",
                 "note": "Academic Year 04/05"},
                {"kind": "target", "period": "2007/08", "value": "38",
                 "note": "printed '38 (summer 2008)' in the 2007-8 target column"},
                {"kind": "actual", "period": "2005/06", "value": "33.9", "status": None,
                 "note": "2005-06 (printed in the 2006-7 update column)"},
            ],
            "published": {"on_target": None, "variance": {"2005/06": "NA", "2006/07": "NA"},
                          "traffic_light": "Too early to assess", "comment": None},
            "expected": None,
            "benchmark": None,
        },
        # row 13 is a heading: "Educational achievement of looked after children" (no figures);
        # its sentence continues "compared with their peers:" at the start of row 14's cell.
        {
            "code": "CYP 14",
            "row": 14,
            # printed cell: "compared with their peers: More looked after children aged 11 who
            # obtain level 4 in key stage 2 english and maths" (first words on row 13)
            "title": "Educational achievement of looked after children compared with their peers: "
                     "More looked after children aged 11 who obtain level 4 in key stage 2 english "
                     "and maths",
            "tags": [],
            "units": "percentage",
            "units_text": "%",
            "polarity": "higher",
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": HEAD_LAC,
            "source_row": "seed 003 CYP block row 14 (under heading row 13)",
            "values": [
                {"kind": "baseline", "period": "2002/03", "value": "38.0", "period_type": "academic",
                 "note": "Academic Year 02/03"},
                {"kind": "target", "period": "2005/06", "value": "41.0"},
                {"kind": "target", "period": "2006/07", "value": "42.0"},
                {"kind": "target", "period": "2007/08", "value": "45.8"},
                {"kind": "target", "period": "2008/09", "value": None, "text": "To be set in 2007"},
                {"kind": "actual", "period": "2003/04", "value": "50.0", "status": None,
                 "period_type": "academic", "note": "Academic Year 03/04"},
                {"kind": "actual", "period": "2004/05", "value": "46.0", "status": None,
                 "period_type": "academic", "note": "Academic Year 2004-5"},
                {"kind": "actual", "period": "2005/06", "value": "47.7", "status": None,
                 "period_type": "academic", "note": "Academic Year 2005-6"},
            ],
            "published": {"on_target": None, "variance": {"2005/06": "5.0", "2006/07": "5.7"},
                          "traffic_light": "Green", "comment": None},
            "expected": None,
            "benchmark": None,
        },
        {
            "code": "CYP 15",
            "row": 15,
            "title": "More children who have been looked after for a year or longer sit at least one gcse",
            "tags": [],
            "units": "percentage",
            "units_text": "%",
            "polarity": "higher",
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": HEAD_LAC,
            "source_row": "seed 003 CYP block row 15 (under heading row 13)",
            "values": [
                {"kind": "baseline", "period": "2002/03", "value": "44.0", "period_type": "academic",
                 "note": "Academic Year 02/03"},
                {"kind": "target", "period": "2005/06", "value": "70.0"},
                {"kind": "target", "period": "2006/07", "value": "80.0"},
                {"kind": "target", "period": "2007/08", "value": "80.0"},
                {"kind": "target", "period": "2008/09", "value": None, "text": "To be set in 2007"},
                {"kind": "actual", "period": "2003/04", "value": "62.5", "status": None,
                 "period_type": "academic", "note": "Academic Year 03/04"},
                {"kind": "actual", "period": "2004/05", "value": "63.0", "status": None,
                 "period_type": "academic", "note": "Academic Year 2004-5"},
                {"kind": "actual", "period": "2005/06", "value": "50.0", "status": None,
                 "period_type": "academic", "note": "Academic Year 2005-6"},
            ],
            "published": {"on_target": None, "variance": {"2005/06": "-7.0", "2006/07": "-30.0"},
                          "traffic_light": "Red", "comment": CYP_COMMENT_SUMMARY},
            "expected": None,
            "benchmark": None,
        },
        {
            "code": "LPSA 11b",  # own code: unnumbered LPSA row
            "row": None,
            "title": "More children who have been looked after for a year or longer attain 5 or more "
                     "gcse's at grades a*-c",
            "tags": ["stretch"],
            "units": "percentage",
            "units_text": "%",
            "polarity": "higher",
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": LPSA_11,
            "source_row": "seed 003 CYP block, unnumbered LPSA row printed between rows 15 and 17",
            "values": [
                {"kind": "baseline", "period": "2002/03", "value": "8.0", "period_type": "academic",
                 "note": "Academic Year 02/03"},
                # 2005-6 target printed "N/A": omitted
                {"kind": "target", "period": "2006/07", "value": "6.0"},
                {"kind": "target", "period": "2007/08", "value": "9.5"},
                {"kind": "target", "period": "2008/09", "value": "16.0"},
                {"kind": "actual", "period": "2003/04", "value": "5.0", "status": None,
                 "period_type": "academic", "note": "Academic Year 03/04"},
                {"kind": "actual", "period": "2004/05", "value": "3.4", "status": None,
                 "period_type": "academic", "note": "Academic Year 2004-5"},
                {"kind": "actual", "period": "2005/06", "value": "2.4", "status": None,
                 "period_type": "academic", "note": "Academic Year 2005-6"},
            ],
            "published": {"on_target": None, "variance": {"2005/06": "NA", "2006/07": "-3.6"},
                          "traffic_light": "Red", "comment": CYP_COMMENT_SUMMARY},
            "expected": None,
            "benchmark": None,
        },
        {
            "code": "CYP 17",
            "row": 17,
            "title": "More care leavers attain one or more gcse's at grade a*-g",
            "tags": [],
            "units": "percentage",
            "units_text": "%",
            "polarity": "higher",
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": HEAD_LAC,
            "source_row": "seed 003 CYP block row 17 (under heading row 13)",
            "values": [
                # baseline date printed truncated: "Financial Year 2003-"
                {"kind": "baseline", "period": None, "period_text": "Financial Year 2003-",
                 "value": "42.1", "period_type": "financial",
                 "note": "date truncated in the seed; row 18 prints 'Financial Year 2003- 4'"},
                {"kind": "target", "period": "2005/06", "value": "49.0"},
                {"kind": "target", "period": "2006/07", "value": "60.0"},
                {"kind": "target", "period": "2007/08", "value": "62.0"},
                {"kind": "target", "period": "2008/09", "value": "64.0"},
                {"kind": "actual", "period": "2004/05", "value": "45.9", "status": None,
                 "period_type": "financial", "note": "Financial Year 2004-5"},
                {"kind": "actual", "period": "2005/06", "value": "58.1", "status": None,
                 "period_type": "financial", "note": "Financial Year 2005-6"},
            ],
            "published": {"on_target": None, "variance": {"2005/06": "9.1", "2006/07": "NA"},
                          "traffic_light": "Too early to assess",
                          "comment": "No data available for 2006"},
            "expected": None,
            "benchmark": None,
        },
        {
            "code": "CYP 18",
            "row": 18,
            "title": "More care leavers attain five or more gcse's at grade a*-c",
            "tags": [],
            "units": "percentage",
            "units_text": "%",
            "polarity": "higher",
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": HEAD_LAC,
            "source_row": "seed 003 CYP block row 18 (under heading row 13)",
            "values": [
                {"kind": "baseline", "period": "2003/04", "value": "2.6", "period_type": "financial",
                 "note": "Financial Year 2003- 4"},
                {"kind": "target", "period": "2005/06", "value": "11.0"},
                {"kind": "target", "period": "2006/07", "value": "8.0"},
                {"kind": "target", "period": "2007/08", "value": None, "text": "To be set in 2007"},
                {"kind": "target", "period": "2008/09", "value": None, "text": "To be set in 2008"},
                {"kind": "actual", "period": "2004/05", "value": "10.8", "status": None,
                 "period_type": "financial", "note": "Financial Year 2004-5"},
                {"kind": "actual", "period": "2005/06", "value": "4.7", "status": None,
                 "period_type": "financial", "note": "Financial Year 2005-6"},
            ],
            "published": {"on_target": None, "variance": {"2005/06": "-6.3", "2006/07": "NA"},
                          "traffic_light": "Too early to assess",
                          "comment": "No data available for 2006"},
            "expected": None,
            "benchmark": None,
        },
        # row 19 is the heading HEAD_ATTENDANCE (no figures); rows 20-22 are its sub-rows
        {
            "code": "CYP 20",
            "row": 20,
            "title": HEAD_ATTENDANCE + " Primary schools",  # printed cell: "Primary schools"
            "tags": [],
            "units": "percentage",
            "units_text": "%",
            "polarity": "higher",
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": HEAD_ATTENDANCE,
            "source_row": "seed 003 CYP block row 20 (under heading row 19)",
            "values": [
                {"kind": "baseline", "period": "2002/03", "value": "93.7", "period_type": "academic",
                 "note": "Academic Year 02/03"},
                {"kind": "target", "period": "2005/06", "value": "94.0"},
                {"kind": "target", "period": "2006/07", "value": "94.1"},
                {"kind": "target", "period": "2007/08", "value": "94.3"},
                {"kind": "target", "period": "2008/09", "value": "94.5"},
                {"kind": "actual", "period": "2003/04", "value": "93.9", "status": None,
                 "period_type": "academic", "note": "Academic Year 03/04"},
                {"kind": "actual", "period": "2004/05", "value": "94.0", "status": None,
                 "period_type": "academic", "note": "Academic Year 04/05"},
                {"kind": "actual", "period": "2005/06", "value": "93.4", "status": None,
                 "period_type": "academic", "note": "Academic Year 05/06"},
            ],
            # printed 2005/06 variance 0.1 does not equal 94.0 - 94.0; kept as printed
            "published": {"on_target": None, "variance": {"2005/06": "0.1", "2006/07": "-0.7"},
                          "traffic_light": "Amber",
                          "comment": "Localised viral infection impacted on attendance"},
            "expected": None,
            "benchmark": None,
        },
        {
            "code": "CYP 21",
            "row": 21,
            "title": HEAD_ATTENDANCE + " Secondary schools",  # printed cell: "Secondary schools"
            "tags": [],
            "units": "percentage",
            "units_text": "%",
            "polarity": "higher",
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": HEAD_ATTENDANCE,
            "source_row": "seed 003 CYP block row 21 (under heading row 19)",
            "values": [
                {"kind": "baseline", "period": "2002/03", "value": "90.7", "period_type": "academic",
                 "note": "Academic Year 02/03"},
                {"kind": "target", "period": "2005/06", "value": "91.3"},
                {"kind": "target", "period": "2006/07", "value": "91.7"},
                {"kind": "target", "period": "2007/08", "value": "92.1"},
                {"kind": "target", "period": "2008/09", "value": "92.6"},
                {"kind": "actual", "period": "2003/04", "value": "91.2", "status": None,
                 "period_type": "academic", "note": "Academic Year 03/04"},
                {"kind": "actual", "period": "2004/05", "value": "91.2", "status": None,
                 "period_type": "academic", "note": "Academic Year 04/05"},
                {"kind": "actual", "period": "2005/06", "value": "91.8", "status": None,
                 "period_type": "academic", "note": "Academic Year 05/06"},
            ],
            "published": {"on_target": None, "variance": {"2005/06": "-0.1", "2006/07": "0.1"},
                          "traffic_light": "Green",
                          "comment": "Localised viral infection impacted on attendance"},
            "expected": None,
            "benchmark": None,
        },
        {
            "code": "CYP 22",
            "row": 22,
            "title": HEAD_ATTENDANCE + " Special schools",  # printed cell: "Special schools"
            "tags": [],
            "units": "percentage",
            "units_text": "%",
            "polarity": "higher",
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": HEAD_ATTENDANCE,
            "source_row": "seed 003 CYP block row 22 (under heading row 19)",
            "values": [
                {"kind": "baseline", "period": "2002/03", "value": "86.8", "period_type": "academic",
                 "note": "Academic Year 02/03"},
                {"kind": "target", "period": "2005/06", "value": "88.9"},
                {"kind": "target", "period": "2006/07", "value": "89.8"},
                {"kind": "target", "period": "2007/08", "value": "90.7"},
                {"kind": "target", "period": "2008/09", "value": "91.6"},
                {"kind": "actual", "period": "2003/04", "value": "88.1", "status": None,
                 "period_type": "academic", "note": "Academic Year 03/04"},
                {"kind": "actual", "period": "2004/05", "value": "88.0", "status": None,
                 "period_type": "academic", "note": "Academic Year 04/05"},
                {"kind": "actual", "period": "2005/06", "value": "89.5", "status": None,
                 "period_type": "academic", "note": "Academic Year 05/06"},
            ],
            "published": {"on_target": None, "variance": {"2005/06": "-0.9", "2006/07": "-0.3"},
                          "traffic_light": "Amber",
                          "comment": "Localised viral infection impacted on attendance"},
            "expected": None,
            "benchmark": None,
        },
        # row 23 is the heading HEAD_EXCLUSIONS (its other cells hold only OCR debris
        # "02,00", "0 1100", "33,33"); rows 24-26 are its sub-rows
        {
            "code": "CYP 24",
            "row": 24,
            "title": HEAD_EXCLUSIONS + ": Primary schools",  # printed cell: "Primary schools"
            "tags": [],
            "units": "count",
            "units_text": "Number",
            "polarity": "lower",  # fewer permanent exclusions is better
            "decimal_places": 0,
            "cumulative": True,  # exclusions accumulate over the school year
            "outcome_code": HEAD_EXCLUSIONS,
            "source_row": "seed 003 CYP block row 24 (under heading row 23)",
            "values": [
                {"kind": "baseline", "period": "2002/03", "value": "4", "period_type": "academic",
                 "note": "Academic Year 02/03"},
                {"kind": "target", "period": "2005/06", "value": None, "text": "Less than 15 across all phases"},
                # 2006-7 target cell blank in the seed (the phase-wide target is one figure)
                {"kind": "target", "period": "2007/08", "value": None, "text": "Less than 15 across all phases"},
                {"kind": "target", "period": "2008/09", "value": None, "text": "Less than 15 across all phases"},
                {"kind": "actual", "period": "2003/04", "value": "1", "status": None,
                 "period_type": "academic", "note": "Academic Year 03/04"},
                {"kind": "actual", "period": "2004/05", "value": "0", "status": None,
                 "period_type": "academic", "note": "Academic Year 04/05"},
                {"kind": "actual", "period": "2005/06", "value": "0", "status": None,
                 "period_type": "academic", "note": "Academic Year 05/06"},
            ],
            "published": {"on_target": None, "variance": {"2005/06": "NA", "2006/07": "15.0"},
                          "traffic_light": "Green", "comment": "Numbers too small for area analysis"},
            "expected": None,
            "benchmark": None,
        },
        {
            "code": "CYP 25",
            "row": 25,
            "title": HEAD_EXCLUSIONS + ": Secondary schools",  # printed cell: "Secondary schools"
            "tags": [],
            "units": "count",
            "units_text": "Number",
            "polarity": "lower",
            "decimal_places": 0,
            "cumulative": True,  # exclusions accumulate over the school year
            "outcome_code": HEAD_EXCLUSIONS,
            "source_row": "seed 003 CYP block row 25 (under heading row 23)",
            "values": [
                {"kind": "baseline", "period": "2002/03", "value": "66", "period_type": "academic",
                 "note": "Academic Year 02/03"},
                {"kind": "target", "period": "2005/06", "value": None, "text": "Less than 15 across all phases"},
                {"kind": "target", "period": "2006/07", "value": None, "text": "Less than 15 across all phases"},
                {"kind": "target", "period": "2008/09", "value": None, "text": "Less than 15 across all phases"},
                {"kind": "actual", "period": "2003/04", "value": "4", "status": None,
                 "period_type": "academic", "note": "Academic Year 03/04"},
                {"kind": "actual", "period": "2004/05", "value": "9", "status": None,
                 "period_type": "academic", "note": "Academic Year 04/05"},
                {"kind": "actual", "period": "2005/06", "value": "8", "status": None,
                 "period_type": "academic", "note": "Academic Year 05/06"},
            ],
            # printed 2006/07 variance 6.0 (15 - 8 would be 7); kept as printed
            "published": {"on_target": None, "variance": {"2005/06": "NA", "2006/07": "6.0"},
                          "traffic_light": "Green", "comment": "Numbers too small for area analysis"},
            "expected": None,
            "benchmark": None,
            "skipped": [
                {"cell": "target 2007-8", "printed": "15 across",
                 "reason": "truncated text in the seed"},
            ],
        },
        {
            "code": "CYP 26",
            "row": 26,
            "title": HEAD_EXCLUSIONS + ": Special schools",  # printed cell: "Special schools"
            "tags": [],
            "units": "count",
            "units_text": "Number",
            "polarity": "lower",
            "decimal_places": 0,
            "cumulative": True,  # exclusions accumulate over the school year
            "outcome_code": HEAD_EXCLUSIONS,
            "source_row": "seed 003 CYP block row 26 (under heading row 23)",
            "values": [
                {"kind": "baseline", "period": "2002/03", "value": "1", "period_type": "academic",
                 "note": "Academic Year 02/03"},
                {"kind": "target", "period": "2005/06", "value": None, "text": "Less than 15 across all phases"},
                {"kind": "target", "period": "2006/07", "value": None, "text": "Less than 15 across all phases"},
                # 2007-8 target cell blank in the seed
                {"kind": "target", "period": "2008/09", "value": None, "text": "Less than 15 across all phases"},
                {"kind": "actual", "period": "2003/04", "value": "0", "status": None,
                 "period_type": "academic", "note": "Academic Year 03/04"},
                {"kind": "actual", "period": "2004/05", "value": "0", "status": None,
                 "period_type": "academic", "note": "Academic Year 04/05"},
                {"kind": "actual", "period": "2005/06", "value": "0", "status": None,
                 "period_type": "academic", "note": "Academic Year 05/06"},
            ],
            "published": {"on_target": None, "variance": {"2005/06": "NA", "2006/07": "15.0"},
                          "traffic_light": "Green", "comment": "Numbers too small for area analysis"},
            "expected": None,
            "benchmark": None,
        },
        {
            "code": "CYP 27",
            "row": 27,
            "title": "Increase the proportion of year 11 students whose first destination after "
                     "statutory education school is categorised as continuing in learning",
            "tags": [],
            "units": "percentage",
            "units_text": "%",
            "polarity": "higher",
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": BLOCK_OUTCOME_CYP,
            "source_row": "seed 003 CYP block row 27",
            "values": [
                {"kind": "baseline", "period": "2003/04 Q3", "value": "89.9", "note": "Nov-03"},
                # 2005-6 target cell blank
                {"kind": "target", "period": "2006/07", "value": "92.2"},
                {"kind": "target", "period": "2007/08", "value": "92.8"},
                {"kind": "target", "period": "2008/09", "value": "93.4"},
                {"kind": "actual", "period": "2004/05 Q3", "value": "92.0", "status": None,
                 "note": "Nov-04"},
                {"kind": "actual", "period": "2005/06 Q3", "value": "91.7", "status": None,
                 "note": "Nov-05; printed in both the 2005-6 and the 2006-7 update columns"},
            ],
            "published": {"on_target": None, "variance": {"2005/06": "NA", "2006/07": "-0.5"},
                          "traffic_light": "Amber", "comment": "An annual count - next update Nov 06"},
            "expected": "An annual count - next update Nov 06",
            "benchmark": None,
        },
        {
            "code": "CYP 28",
            "row": 28,
            "title": "Percentage of 16-18 year olds not in education employment or in training (neet)",
            "tags": [],
            "units": "percentage",
            "units_text": "%",
            "polarity": "lower",  # fewer NEET is better
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": "Achieve economic well being",
            "source_row": "seed 003 CYP block row 28",
            "values": [
                {"kind": "baseline", "period": "2002/03 Q3", "value": "11.9", "note": "Nov-02"},
                # 2005-6 target cell blank
                {"kind": "target", "period": "2006/07", "value": "8.8"},
                {"kind": "target", "period": "2007/08", "value": "8.1"},
                {"kind": "target", "period": "2008/09", "value": "7.4"},
                {"kind": "actual", "period": "2005/06 Q3", "value": "8.6", "status": None,
                 "note": "Nov-05 (printed in the 2004-5 update column)"},
                # 2005-6 update printed "N/A"
                {"kind": "actual", "period": "2006/07 Q1", "value": "9.70", "status": None,
                 "note": "Q1 2006-07; printed 9.70%"},
            ],
            "published": {"on_target": None, "variance": {"2005/06": "NA", "2006/07": "-0.9"},
                          "traffic_light": "Red", "comment": CYP_COMMENT_SUMMARY},
            "expected": None,
            "benchmark": None,
        },
        {
            "code": "CYP 29",
            "row": 29,
            "title": "Halt the year on year rise of obesity in children",
            "tags": [],
            "units": "percentage",  # units cell blank; values printed with "%"
            "units_text": "",
            "polarity": "lower",  # less obesity is better
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": BLOCK_OUTCOME_CYP,
            "source_row": "seed 003 CYP block row 29",
            "values": [
                {"kind": "baseline", "period": "2005/06", "value": "20.5",
                 "note": "printed 20.5%; year six children only (see comment)"},
                # 2005-6 target cell blank
                {"kind": "target", "period": "2006/07", "value": "17.9",
                 "note": "printed 17.9%; reception and year six combined (see comment)"},
                {"kind": "target", "period": "2007/08", "value": "18.2",
                 "note": "printed 18.2%; reception and year six combined (see comment)"},
            ],
            "published": {
                "on_target": None, "variance": {"2005/06": "NA", "2006/07": "NA"},
                "traffic_light": "Too early to assess",
                "comment": "Baseline is based on year six children only since reception age data are "
                           "not available. Targets are based on reception and year six combined.",
            },
            "expected": None,
            "benchmark": None,
        },
        {
            "code": "CYP 30",
            "row": 30,
            "title": "Reduction in the under 18 conception rate",
            "tags": [],
            "units": "rate per 1,000",
            "units_text": "Rate per 1000 females aged 15-17",
            "polarity": "lower",
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": "Be Healthy",
            "source_row": "seed 003 CYP block row 30",
            "values": [
                {"kind": "baseline", "period": "2001-03", "value": "60.6", "note": "2001-3"},
                {"kind": "target", "period": "2005/06", "value": "47.0"},
                {"kind": "target", "period": "2006/07", "value": "43"},
                {"kind": "target", "period": "2007/08", "value": "39"},
                {"kind": "target", "period": "2010", "value": "27.2",
                 "note": "printed '27.2 by 2010' in the 2008-9 target column"},
                {"kind": "actual", "period": "2002-04", "value": "59.6", "status": None,
                 "note": "2002-2004"},
                # 2005-6 and 2006-7 updates printed "N/A"
            ],
            "published": {"on_target": None, "variance": {"2005/06": "NA", "2006/07": "NA"},
                          "traffic_light": "Amber", "comment": CYP_COMMENT_SUMMARY},
            "expected": None,
            "benchmark": None,
        },
        {
            "code": "CYP 31",
            "row": 31,
            "title": "Percentage of the sexually active population aged 15-24 accepting screening "
                     "for Chlamydia.",
            "tags": [],
            "units": "percentage",
            "units_text": "%",
            "polarity": "higher",  # inferred: more screening uptake is better
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": BLOCK_OUTCOME_CYP,
            "source_row": "seed 003 CYP block row 31",
            "values": [
                {"kind": "target", "period": "2006/07", "value": None,
                 "text": "Awaiting DOH, should be available Spring 07"},
                {"kind": "target", "period": "2007/08", "value": None,
                 "text": "Awaiting DOH, should be available Spring 07"},
                {"kind": "target", "period": "2008/09", "value": None,
                 "text": "Awaiting DOH, should be available Spring 07"},
            ],
            "published": {
                "on_target": None, "variance": {"2005/06": "NA", "2006/07": "NA"},
                "traffic_light": "Too early to assess",
                "comment": "The PCT are awaiting information from the DoH who are setting a national "
                           "target expected Spring 07.",
            },
            "expected": None,
            "benchmark": None,
        },
        # row 32 is the heading HEAD_DRUGS (no figures; a stray "t" in the units cell)
        {
            "code": "CYP 33",
            "row": 33,
            "title": "All young people assessed by the youth offending service (via asset) to have "
                     "identified needs in relation to substance misuse",
            "tags": [],
            "units": "percentage",
            "units_text": "%",
            "polarity": "higher",
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": HEAD_DRUGS,
            "source_row": "seed 003 CYP block row 33 (under heading row 32)",
            "values": [
                {"kind": "baseline", "period": "2004/05", "value": "89.0", "note": "2004-05"},
                {"kind": "target", "period": "2005/06", "value": "85"},
                {"kind": "target", "period": "2006/07", "value": "90"},
                {"kind": "target", "period": "2007/08", "value": "95"},
                {"kind": "target", "period": "2008/09", "value": "95"},
                {"kind": "actual", "period": "2004/05", "value": "89.0", "status": None,
                 "note": "2004-05"},
                {"kind": "actual", "period": "2005/06", "value": "94", "status": None},
                {"kind": "actual", "period": "2006/07 H1", "value": "97.2", "status": None,
                 "note": "2006/07 (6 Month Update)"},
            ],
            "published": {"on_target": None, "variance": {"2005/06": "9.0", "2006/07": "7.2"},
                          "traffic_light": "Green",
                          "comment": "In line to achieve this target for the yea"},  # truncated in the seed
            "expected": None,
            "benchmark": None,
        },
        {
            "code": "CYP 34",
            "row": 34,
            # printed across the page's column-number line ("9 To receive appropriate") and
            # the data line ("specialist care within 5 working days, and;")
            "title": "To receive appropriate specialist care within 5 working days, and;",
            "tags": [],
            "units": "percentage",
            "units_text": "%",
            "polarity": "higher",
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": HEAD_DRUGS,
            "source_row": "seed 003 CYP block row 34 (under heading row 32)",
            "values": [
                {"kind": "baseline", "period": "2004/05", "value": "52.0", "note": "2004-5"},
                {"kind": "target", "period": "2005/06", "value": "85"},
                {"kind": "target", "period": "2006/07", "value": "90"},
                {"kind": "target", "period": "2007/08", "value": "95"},
                {"kind": "target", "period": "2008/09", "value": "95"},
                {"kind": "actual", "period": "2004/05", "value": "52.0", "status": None,
                 "note": "2004-05"},
                {"kind": "actual", "period": "2005/06", "value": "71", "status": None},
                {"kind": "actual", "period": "2006/07 Q1", "value": "97.4", "status": None,
                 "note": "Q1 2006/07"},
            ],
            "published": {"on_target": None, "variance": {"2005/06": "-14.0", "2006/07": "7.4"},
                          "traffic_light": "Amber", "comment": CYP_COMMENT_SUMMARY},
            "expected": None,
            "benchmark": None,
        },
        {
            "code": "CYP 35",
            "row": 35,
            "title": "Following assessment, access the early intervention and treatment services "
                     "they require within 10 working days",
            "tags": [],
            "units": "percentage",
            "units_text": "%",
            "polarity": "higher",
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": HEAD_DRUGS,
            "source_row": "seed 003 CYP block row 35 (under heading row 32)",
            "values": [
                {"kind": "baseline", "period": "2004/05", "value": "77.0", "note": "2004-5"},
                {"kind": "target", "period": "2005/06", "value": "85"},
                {"kind": "target", "period": "2006/07", "value": "90"},
                {"kind": "target", "period": "2007/08", "value": "95"},
                {"kind": "target", "period": "2008/09", "value": "95"},
                {"kind": "actual", "period": "2004/05", "value": "77.0", "status": None,
                 "note": "2004-05"},
                {"kind": "actual", "period": "2005/06", "value": "91", "status": None},
                {"kind": "actual", "period": "2006/07 Q1", "value": "91", "status": None,
                 "note": "Q1 2006/07"},
            ],
            "published": {"on_target": None, "variance": {"2005/06": "6.0", "2006/07": "1.0"},
                          "traffic_light": "Green",
                          "comment": "As at quarter 1 2006/07, performance is on target."},
            "expected": None,
            "benchmark": None,
        },
        {
            "code": "CYP 36",
            "row": 36,
            "title": "Increasing the Number of young people aged under 18 receiving structured "
                     "interventions and treatment",
            "tags": [],
            "units": "count",
            "units_text": "Number of under 18s",
            "polarity": "higher",
            "decimal_places": 0,  # a count of people; the baseline is printed "85.0"
            "cumulative": True,  # people treated accumulate over the year: Q1 58 v annual 107 is "on target"
            "outcome_code": HEAD_DRUGS,
            "source_row": "seed 003 CYP block row 36 (under heading row 32)",
            "values": [
                {"kind": "baseline", "period": "2005/06", "value": "85.0"},
                {"kind": "target", "period": "2005/06", "value": "85.0"},
                {"kind": "target", "period": "2006/07", "value": "107"},
                {"kind": "target", "period": "2007/08", "value": "129"},
                # 2008-9 target blank; 2004-5 update printed "N/A"
                {"kind": "actual", "period": "2005/06", "value": "108", "status": None},
                {"kind": "actual", "period": "2006/07 Q1", "value": "58", "status": None,
                 "note": "Q1 2006/07; in-year figure against the annual target of 107"},
            ],
            "published": {"on_target": None, "variance": {"2005/06": "23.0", "2006/07": "-49.0"},
                          "traffic_light": "Green",
                          "comment": "As at quarter 1 2006/07, performance is on target."},
            "expected": None,
            "benchmark": None,
        },
        {
            "code": "CYP 37",
            "row": 37,
            "title": "Increasing the percentage of young people aged under 18 receiving structured "
                     "interventions and treatment",
            "tags": [],
            "units": "percentage",
            "units_text": "%",
            "polarity": "higher",
            "decimal_places": 1,
            # inferred: Q1 29 against the annual 52 is judged Green / "on target", so the
            # percentage builds up over the year like row 36
            "cumulative": True,
            "outcome_code": HEAD_DRUGS,
            "source_row": "seed 003 CYP block row 37 (under heading row 32)",
            "values": [
                {"kind": "baseline", "period": "2005/06", "value": "47.0"},
                {"kind": "target", "period": "2005/06", "value": "47.0"},
                {"kind": "target", "period": "2006/07", "value": "52"},
                {"kind": "target", "period": "2007/08", "value": "57"},
                {"kind": "actual", "period": "2005/06", "value": "50", "status": None},
                {"kind": "actual", "period": "2006/07 Q1", "value": "29", "status": None,
                 "note": "Q1 2006/07"},
            ],
            "published": {"on_target": None, "variance": {"2005/06": "3.0", "2006/07": "-23.0"},
                          "traffic_light": "Green",
                          "comment": "As at quarter 1 2006/07, performance is on target."},
            "expected": None,
            "benchmark": None,
        },
        {
            "code": "CYP 38",
            "row": 38,
            "title": "Increase the Number of under 18s completing treatment successfully.",
            "tags": [],
            "units": "count",
            "units_text": "Number of under 18s",
            "polarity": "higher",
            "decimal_places": 0,  # a count of people; the baseline is printed "36.0"
            "cumulative": True,  # completions accumulate over the year
            "outcome_code": HEAD_DRUGS,
            "source_row": "seed 003 CYP block row 38 (under heading row 32)",
            "values": [
                {"kind": "baseline", "period": "2005/06", "value": "36.0"},
                {"kind": "target", "period": "2005/06", "value": "36.0"},
                {"kind": "target", "period": "2006/07", "value": "55"},
                {"kind": "target", "period": "2007/08", "value": "73"},
                {"kind": "actual", "period": "2005/06", "value": "36", "status": None},
                {"kind": "actual", "period": "2006/07 Q1", "value": "6", "status": None,
                 "note": "Q1 2006/07"},
            ],
            "published": {"on_target": None, "variance": {"2005/06": "0.0", "2006/07": "-49.0"},
                          "traffic_light": "Amber", "comment": CYP_COMMENT_SUMMARY},
            "expected": None,
            "benchmark": None,
        },
        {
            "code": "CYP 39",
            "row": 39,
            "title": "The proportions of children and young people offending",
            "tags": [],
            "units": "percentage",
            "units_text": "% (number)",
            "polarity": "lower",  # less offending is better
            "decimal_places": 1,
            # inferred from the comment: the 6-month figure is half the annual level because
            # only 6 months are counted
            "cumulative": True,
            "outcome_code": BLOCK_OUTCOME_CYP,
            "source_row": "seed 003 CYP block row 39",
            "values": [
                {"kind": "baseline", "period": "2003/04", "value": "3",
                 "note": "2003-4; printed '3% (1021)': 1021 young people"},
                {"kind": "target", "period": "2005/06", "value": "4", "note": "printed 4%"},
                {"kind": "target", "period": "2006/07", "value": "4", "note": "printed 4%"},
                {"kind": "target", "period": "2007/08", "value": "4", "note": "printed 4%"},
                {"kind": "target", "period": "2008/09", "value": "5", "note": "printed 5%"},
                {"kind": "actual", "period": "2004/05", "value": "4.1", "status": None,
                 "note": "2004-05; printed '4.1% (1364)'"},
                {"kind": "actual", "period": "2005/06", "value": "4.2", "status": None,
                 "note": "2005-06; printed '4.2% (1375)'"},
                {"kind": "actual", "period": "2006/07 H1", "value": "2.0", "status": None,
                 "note": "2006/07 (6 Month Update); printed '2.0% (672)'"},
            ],
            "published": {
                "on_target": None, "variance": {"2005/06": "NA", "2006/07": "NA"},
                "traffic_light": "Green",
                "comment": "This indicator is down 52.4% due to the fact that we are only reporting on "
                           "a 6 month period. At the half way point we are in line to meet the 4% target.",
            },
            "expected": None,
            "benchmark": None,
        },
        # row 40: no row 40 is printed
        {
            "code": "CYP 41",
            "row": 41,
            "title": "Re-registrations on the child protection register are reduced",
            "tags": [],
            # printed unit is "Number", although the figures carry decimals (21.0, 14.6, 26.8)
            "units": "count",
            "units_text": "Number",
            "polarity": "lower",  # fewer re-registrations is better
            "decimal_places": 1,
            "cumulative": False,  # the 6-month figure (26.8) is compared directly with the annual 13
            "outcome_code": BLOCK_OUTCOME_CYP,
            "source_row": "seed 003 CYP block row 41",
            "values": [
                # "Financial Year 2002" does not say whether 2001/02 or 2002/03 is meant
                {"kind": "baseline", "period": None, "period_text": "Financial Year 2002",
                 "value": "21.0", "period_type": "financial"},
                {"kind": "target", "period": "2005/06", "value": "14.0"},
                {"kind": "target", "period": "2006/07", "value": "13"},
                {"kind": "target", "period": "2007/08", "value": None,
                 "text": "To be set in 2007 (by end March)"},
                {"kind": "target", "period": "2008/09", "value": None, "text": "To be set in 2008"},
                {"kind": "actual", "period": "2004/05", "value": "14.6", "status": None, "note": "2004-5"},
                {"kind": "actual", "period": "2005/06", "value": "10.9", "status": None, "note": "2005-6"},
                {"kind": "actual", "period": "2006/07 H1", "value": "26.8", "status": None,
                 "note": "Apr-Sep 06 (6 mths)"},
            ],
            "published": {
                "on_target": None, "variance": {"2005/06": "-3.1", "2006/07": "13.8"},
                "traffic_light": "Amber",
                "comment": "New processes now in place between Safeguarding Service & Locality "
                           "Services to better examine the need for registration it is anticipated "
                           "that this will bring performance back on target.",
            },
            "expected": None,
            "benchmark": None,
        },
        {
            "code": "CYP 42",
            "row": 42,
            "title": "Stock and take up of child care for all families - under development",
            "tags": [],
            "units": "count",
            "units_text": "Number of childcare places",
            "polarity": "higher",
            "decimal_places": 0,
            "cumulative": False,  # a stock of places
            "outcome_code": BLOCK_OUTCOME_CYP,
            "source_row": "seed 003 CYP block row 42",
            "values": [
                {"kind": "baseline", "period": "2005/06", "value": "10049", "note": "2005-6"},
                # 2005-6 target printed "N/A"; 2008-9 target blank
                {"kind": "target", "period": "2006/07", "value": "10249"},
                {"kind": "target", "period": "2007/08", "value": "10349"},
                # the printed dates are bare years ("2005", "2006", "2006"): the two "2006" dates
                # would collide, so each value takes its update column's year
                {"kind": "actual", "period": "2004/05", "value": "11583", "status": None,
                 "note": "Date of Data printed '2005' (2004-5 update column)"},
                {"kind": "actual", "period": "2005/06", "value": "10049", "status": None,
                 "note": "Date of Data printed '2006' (2005-6 update column)"},
                {"kind": "actual", "period": "2006/07", "value": "10329", "status": None,
                 "note": "Date of Data printed '2006' (2006-7 update column)"},
            ],
            "published": {
                "on_target": None, "variance": {"2005/06": "NA", "2006/07": "80.0"},
                "traffic_light": "Green",
                "comment": "During 2005/6 the National Ofsted database was intoduced to provide numbers "
                           "of Childcare places to local authorities. New baselines and targets were set "
                           "based on these new figures.",
            },
            "expected": None,
            "benchmark": None,
        },
        {
            "code": "CYP 43",
            "row": 43,
            "title": "The Number of children's centres operational",
            "tags": [],
            "units": "count",
            "units_text": "Number of operational centres",
            "polarity": "higher",
            "decimal_places": 0,
            "cumulative": False,  # a stock of centres
            "outcome_code": BLOCK_OUTCOME_CYP,
            "source_row": "seed 003 CYP block row 43",
            "values": [
                {"kind": "target", "period": "2005/06", "value": "8"},
                {"kind": "target", "period": "2006/07", "value": "5",
                 "note": "the comment says the 2006-07 and 2007-08 targets were set incorrectly"},
                {"kind": "target", "period": "2007/08", "value": "4",
                 "note": "the comment says the 2006-07 and 2007-08 targets were set incorrectly"},
                {"kind": "actual", "period": "2005/06 Q4", "value": "8", "status": None,
                 "note": "2006 (March); printed in both the 2005-6 and the 2006-7 update columns"},
            ],
            "published": {
                "on_target": None, "variance": {"2005/06": "0.0", "2006/07": "3.0"},
                "traffic_light": None,  # judgement cell blank
                "comment": "By March 2006, there were eight children's centres open and by June 2006 "
                           "there will be an additional 4 centres opening. 2006-2008 will see an "
                           "additional 7 new centres opened. Targets for 2006-07 and 2007-08 were set "
                           "incorrectly. Target should have been 4 as Foleshill Children's Centre is "
                           "included in the phase 2 allocation not the first.",
            },
            "expected": None,
            "benchmark": None,
            "skipped": [
                {"cell": "baseline", "printed": "4 SureStart (no date)",
                 "reason": "no baseline date; the cell mixes a figure and a word"},
                {"cell": "target 2008-9", "printed": "24",
                 "reason": "this page's column-number line is garbled and 24 may be a leaked "
                           "column number; not confirmed by the variance"},
                {"cell": "2004-5 update (date, value)", "printed": "23, 20",
                 "reason": "a number in the date cell; may be leaked column numbers"},
            ],
        },
        {
            "code": "LPSA 11c",  # own code: unnumbered LPSA row
            "row": None,
            "title": "The number of children discharged from care who were adopted, subject to "
                     "Residence Orders or Special Guardianship Orders as a percentage of Children "
                     "Looked After for 6 months or more",
            "tags": ["stretch"],
            "units": "percentage",
            "units_text": "%",
            "polarity": "higher",  # inferred: more permanence is the LPSA's aim
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": LPSA_11,
            "source_row": "seed 003 CYP block, first of three unnumbered LPSA rows printed between rows 43 and 48",
            "values": [
                {"kind": "baseline", "period": "2005/06", "value": "5.6", "note": "2005-6"},
                {"kind": "target", "period": "2005/06", "value": None, "text": "No Target"},
                {"kind": "target", "period": "2006/07", "value": "9.0"},
                {"kind": "target", "period": "2007/08", "value": "10.5"},
                {"kind": "target", "period": "2008/09", "value": None, "text": "To be set in 2007"},
                {"kind": "actual", "period": "2005/06", "value": "5.6", "status": None, "note": "2005-6"},
            ],
            "published": {"on_target": None, "variance": {"2005/06": "NA", "2006/07": "NA"},
                          "traffic_light": "Too early to assess", "comment": None},
            "expected": None,
            "benchmark": None,
        },
        {
            "code": "LPSA 11d",  # own code: unnumbered LPSA row
            "row": None,
            "title": "The percentage of children aged under 16 living in foster placements or placed "
                     "for adoption who have been looked after for 2.5 years or more and who have been "
                     "in the same foster placement for 2 years or more or are placed for adoption",
            "tags": ["stretch"],
            "units": "percentage",
            "units_text": "%",
            "polarity": "higher",  # placement stability: higher is better
            "decimal_places": 1,
            "cumulative": False,
            "outcome_code": LPSA_11,
            "source_row": "seed 003 CYP block, second of three unnumbered LPSA rows printed between rows 43 and 48",
            "values": [
                {"kind": "baseline", "period": "2005/06", "value": "63.4", "note": "2005-6"},
                {"kind": "target", "period": "2005/06", "value": None, "text": "No Target"},
                {"kind": "target", "period": "2006/07", "value": "72.0"},
                {"kind": "target", "period": "2007/08", "value": "75.0"},
                {"kind": "target", "period": "2008/09", "value": None, "text": "To be set in 2007"},
                {"kind": "actual", "period": "2005/06", "value": "63.4", "status": None, "note": "2005-6"},
            ],
            "published": {"on_target": None, "variance": {"2005/06": "NA", "2006/07": "NA"},
                          "traffic_light": "Too early to assess", "comment": None},
            "expected": None,
            "benchmark": None,
        },
        {
            "code": "LPSA 11e",  # own code: unnumbered LPSA row
            "row": None,
            "title": "The ratio of the percentage of young people looked after on 1 April in their "
                     "17th year (aged 16) who were engaged in education, training or employment at "
                     "the age 19, compared to the whole population 18-24",
            "tags": ["stretch"],
            "units": "ratio",  # printed unit is "%", but the title and the figures (0.48) are a ratio
            "units_text": "%",
            "polarity": "higher",  # inferred: closer to the whole population is better
            "decimal_places": 2,
            "cumulative": False,
            "outcome_code": LPSA_11,
            "source_row": "seed 003 CYP block, third of three unnumbered LPSA rows printed between rows 43 and 48",
            "values": [
                {"kind": "baseline", "period": "2004/05", "value": "0.48", "note": "2004-5"},
                {"kind": "target", "period": "2005/06", "value": "0.55"},
                {"kind": "target", "period": "2006/07", "value": "0.75"},
                {"kind": "target", "period": "2007/08", "value": "0.75"},
                {"kind": "target", "period": "2008/09", "value": "0.75"},
                {"kind": "actual", "period": "2004/05", "value": "0.48", "status": None, "note": "2004-5"},
                {"kind": "actual", "period": "2005/06", "value": "0.77", "status": None, "note": "2005-6"},
            ],
            "published": {"on_target": None, "variance": {"2005/06": "NA", "2006/07": "NA"},
                          "traffic_light": "Too early to assess", "comment": None},
            "expected": None,
            "benchmark": None,
        },
        {
            "code": "CYP 48",
            "row": 48,
            "title": "The percentage annual increase in the number of schools with an approved school "
                     "travel plan (STP) required to achieve 100 percent STP coverage by March 2010. This "
                     "should be profiled against the cyurrent number of schools with an approved STP in "
                     "place and the appropriate delivery point on a trajectory which would achieve 100 "
                     "percent coverage by 2010.",
            "tags": [],
            "units": "percentage",  # units cell blank; values printed with "%"
            "units_text": "",
            "polarity": "higher",
            "decimal_places": 0,
            "cumulative": False,
            "outcome_code": "Be Healthy",
            "source_row": "seed 003 CYP block row 48",
            "values": [
                {"kind": "baseline", "period": "2005/06", "value": "38", "note": "2005-6; printed 38%"},
                {"kind": "target", "period": "2005/06", "value": "40", "note": "printed 40%"},
                {"kind": "target", "period": "2006/07", "value": "55", "note": "printed 55%"},
                {"kind": "target", "period": "2007/08", "value": "70", "note": "printed 70%"},
                {"kind": "target", "period": "2008/09", "value": "85", "note": "printed 85%"},
                # 2004-5 update printed "N/A"
                {"kind": "actual", "period": "2005/06", "value": "38", "status": None,
                 "note": "2005-6; printed 38%"},
            ],
            "published": {"on_target": None, "variance": {"2005/06": "2%", "2006/07": "NA"},
                          "traffic_light": "Too early to Assess", "comment": None},
            "expected": None,
            "benchmark": None,
        },
    ],
}


if __name__ == "__main__":
    import re
    from decimal import Decimal, InvalidOperation

    PERIOD_RE = re.compile(
        r"^(?:\d{4}/\d{2}(?: Q[1-4]| H[12])?"  # financial/academic year, quarter, half year
        r"|\d{4}"  # calendar year
        r"|\d{4}-\d{2})$"  # rolling multi-year, e.g. 2001-03
    )
    KINDS = {"baseline", "target", "actual"}
    UNITS = {"percentage", "count", "rate per 1,000", "rate per 10,000", "score", "money",
             "ratio", "days", "other"}
    POLARITIES = {"higher", "lower", "band", "none"}
    TAGS = {"designated", "local", "mandatory", "stretch"}
    STATUSES = {"final", "provisional", None}
    REQUIRED = ("code", "title", "tags", "units", "polarity", "decimal_places", "cumulative",
                "outcome_code", "source_row", "values", "published", "expected", "benchmark")

    def is_decimal(s):
        try:
            Decimal(s)
        except (InvalidOperation, TypeError):
            return False
        return True

    problems = []
    for partnership, indicators in INDICATORS.items():
        codes = [ind["code"] for ind in indicators]
        dupes = {c for c in codes if codes.count(c) > 1}
        if dupes:
            problems.append(f"{partnership}: duplicate codes {sorted(dupes)}")
        for ind in indicators:
            where = f"{partnership} {ind.get('code')}"
            for key in REQUIRED:
                if key not in ind:
                    problems.append(f"{where}: missing {key}")
            if ind["units"] not in UNITS:
                problems.append(f"{where}: units {ind['units']!r}")
            if ind["polarity"] not in POLARITIES:
                problems.append(f"{where}: polarity {ind['polarity']!r}")
            if not set(ind["tags"]) <= TAGS:
                problems.append(f"{where}: tags {ind['tags']!r}")
            if not isinstance(ind["decimal_places"], int) or not isinstance(ind["cumulative"], bool):
                problems.append(f"{where}: decimal_places/cumulative types")
            if not ind["values"]:
                problems.append(f"{where}: no values")
            seen = set()
            for v in ind["values"]:
                if v["kind"] not in KINDS:
                    problems.append(f"{where}: kind {v['kind']!r}")
                if v["period"] is None:
                    if not v.get("period_text"):
                        problems.append(f"{where}: period None without period_text")
                elif not PERIOD_RE.match(v["period"]):
                    problems.append(f"{where}: period {v['period']!r}")
                if v["value"] is None:
                    if not v.get("text"):
                        problems.append(f"{where}: value None without text ({v})")
                    if v["kind"] != "target":
                        problems.append(f"{where}: text value on a non-target ({v})")
                elif not isinstance(v["value"], str) or not is_decimal(v["value"]):
                    problems.append(f"{where}: value {v['value']!r} is not a decimal string")
                if v["kind"] == "actual" and v.get("status") not in STATUSES:
                    problems.append(f"{where}: status {v.get('status')!r}")
                if v.get("period_type") not in (None, "academic", "financial"):
                    problems.append(f"{where}: period_type {v.get('period_type')!r}")
                key = (v["kind"], v["period"] or v.get("period_text"))
                if key in seen:
                    problems.append(f"{where}: two {key} values")
                seen.add(key)
            pub = ind["published"]
            for k in ("on_target", "variance", "traffic_light", "comment"):
                if k not in pub:
                    problems.append(f"{where}: published lacks {k}")
            if pub["on_target"] not in (None, "Y", "N"):
                problems.append(f"{where}: on_target {pub['on_target']!r}")
            if isinstance(pub["variance"], dict):
                for p, var in pub["variance"].items():
                    if not PERIOD_RE.match(p):
                        problems.append(f"{where}: variance period {p!r}")
                    if var != "NA" and not is_decimal(var.rstrip("%")):
                        problems.append(f"{where}: variance {var!r}")
            b = ind["benchmark"]
            if b is not None:
                if not PERIOD_RE.match(b["period"]) or not is_decimal(b["national"]):
                    problems.append(f"{where}: benchmark {b}")
                if b["rank"] is not None and not (1 <= b["rank"] <= b["group_size"]):
                    problems.append(f"{where}: benchmark rank {b}")
        if partnership == "coventry":
            rows = [ind["row"] for ind in indicators if ind["row"] is not None]
            if len(rows) != len(set(rows)) or rows != sorted(rows):
                problems.append("coventry: row numbers not unique and in paper order")

    if problems:
        print("\n".join(problems))
        raise SystemExit(1)
    for partnership, indicators in INDICATORS.items():
        n_values = sum(len(ind["values"]) for ind in indicators)
        print(f"{partnership}: {len(indicators)} indicators, {n_values} values")
    print("rows:", [ind["row"] for ind in INDICATORS["coventry"]])
    print("OK")
