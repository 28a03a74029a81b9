"""Reports as of a round use the target in force on its reporting date, and say where it was revised; the target
revisions report lists every revision (issue 18 §2, docs/approval.md "Target revisions")."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from placeboard.core.models import Outcome
from placeboard.performance.models import Indicator, IndicatorTag, ReportingRound, TargetRevision
from placeboard.performance.periods import parse_period
from placeboard.performance.revisions import revise_target
from placeboard.reports.builders import BUILDERS, build
from tests.performance.conftest import add_actual, add_target
from tests.personas import ALL, MEMBERS, expected
from tests.reports.downloads import made

OCT_1 = datetime.date(2006, 10, 1)
AFTER = "revised from 13.0% to 30.0% on 1 October 2006, after this round"
WITHIN = "revised from 13.0% to 30.0% on 1 October 2006"
REASON = "=Re-profiled after the safeguarding review"  # looks like a formula to a spreadsheet


def _round(partnership, name, period, reporting_date):
    round_ = ReportingRound(partnership=partnership, name=name, reporting_date=reporting_date)
    round_.set_period(parse_period(period))
    round_.save()
    round_.refresh_from_db()  # dates as dates
    return round_


@pytest.fixture
def revised(partnership, indicators, personas):
    """CYP 41's 2006/07 target (13%, lower is better; 26.8% in Q1: Red) raised to 30% from 1 October 2006, after
    the Q1 round's reporting date and within the Q2 round; the rounds on either side."""
    target = indicators["reregistrations"].targets.get(kind="target")
    revise_target(target=target, new_value=Decimal("30"), reason=REASON,
                  effective_from=OCT_1, user=personas["officer"])
    return {"q1": _round(partnership, "Q1 2006/07", "2006/07 Q1", "2006-07-31"),
            "q2": _round(partnership, "Q2 2006/07", "2006/07 Q2", "2006-10-31"),
            "target": target}


def rows(client, partnership, kind, **params):
    response = client.get(reverse("report", args=[partnership.slug, kind]), {**params, "format": "csv"})
    assert response.status_code == 200, response.content[:300]
    return list(csv.reader(io.StringIO(response.content.decode())))


def row_of(table, code):
    return next(r for r in table if any(cell.startswith(code) for cell in r[:3]))


def column(table, name):
    header = next(r for r in table if name in r)
    return header.index(name)


def test_exceptions_before_and_after_the_revision(as_user, partnership, revised):
    client = as_user("officer")
    before = rows(client, partnership, "exceptions", round=revised["q1"].pk)
    assert row_of(before, "CYP 41")[column(before, "Target")] == f"13 ({AFTER})"
    # From the Q2 round on, 26.8% is within the 30% target: no longer an exception.
    assert not any("CYP 41" in cell for r in rows(client, partnership, "exceptions", round=revised["q2"].pk)
                   for cell in r)
    assert not any("CYP 41" in cell for r in rows(client, partnership, "exceptions") for cell in r)


def test_spreadsheet_before_and_after_the_revision(as_user, partnership, revised):
    client = as_user("officer")
    for round_, target, status in ((revised["q1"], f"13 ({AFTER})", "Red"), (revised["q2"], f"30 ({WITHIN})", "Green"),
                                   (None, "30", "Green")):
        table = rows(client, partnership, "spreadsheet", **({"round": round_.pk} if round_ else {}))
        row = row_of(table, "CYP 41")
        assert row[column(table, "Target 2006/07")] == target, round_
        assert row[column(table, "Traffic light")] == status, round_


def test_dashboard_and_agreement_as_of_a_round(as_user, partnership, revised):
    client = as_user("officer")
    table = rows(client, partnership, "dashboard", round=revised["q1"].pk)
    assert any(f"13 ({AFTER})" in r for r in table if len(r) > 1 and r[1].startswith("CYP 41"))
    table = rows(client, partnership, "dashboard", round=revised["q2"].pk)
    assert any(f"30 ({WITHIN})" in r for r in table if len(r) > 1 and r[1].startswith("CYP 41"))
    table = rows(client, partnership, "agreement", round=revised["q1"].pk)
    assert row_of(table, "CYP 41")[column(table, "2006/07")] == f"13 ({AFTER})"
    table = rows(client, partnership, "agreement")
    assert row_of(table, "CYP 41")[column(table, "2006/07")] == "30"


def test_a_closed_round_keeps_the_target_then_in_force(as_user, partnership, revised):
    officer = as_user("officer")
    assert officer.post(reverse("round_close", args=[partnership.slug, revised["q1"].pk])).status_code == 302
    table = rows(officer, partnership, "exceptions", round=revised["q1"].pk)
    assert row_of(table, "CYP 41")[column(table, "Target")] == f"13 ({AFTER})"
    table = rows(officer, partnership, "spreadsheet", round=revised["q1"].pk)
    assert row_of(table, "CYP 41")[column(table, "Traffic light")] == "Red"


def test_the_builder_rule_is_the_helpers(partnership, revised):
    """The dashboard's status mix counts CYP 41 Red at Q1 and Green at Q2, as the other reports do."""
    report = build("dashboard", partnership, revised["q2"])
    mix = next(s for s in report.sections if s.heading.startswith("Status mix"))
    by_round = {r[0].value: {c: cell.value for c, cell in zip(mix.columns, r, strict=True)} for r in mix.rows}
    assert by_round["Q1 2006/07"]["Red"] == by_round["Q2 2006/07"]["Red"] + 1


# -- the revisions report ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ALL)
def test_revisions_report_gatekeepers(as_user, partnership, persona):
    response = as_user(persona).get(reverse("report", args=[partnership.slug, "revisions"]))
    assert response.status_code == expected(persona, MEMBERS)


def test_revisions_report_lists_every_revision(as_user, partnership, indicators, revised, personas):
    ni72 = indicators["ni72"]
    ni72.tags.add(IndicatorTag.objects.create(partnership=partnership, name="LAA designated"))
    revise_target(target=ni72.targets.get(kind="target"), new_value=Decimal("56.0"), reason="Trajectory planning",
                  effective_from=datetime.date(2009, 10, 1), user=personas["officer"])
    client = as_user("viewer")
    table = rows(client, partnership, "revisions")
    header = table[next(n for n, r in enumerate(table) if "LAA-designated" in r)]
    data = [dict(zip(header, r, strict=True)) for r in table if len(r) == len(header) and r != header]
    assert [(d["Indicator"][:6], d["LAA-designated"], d["Target period"], d["Old target"], d["New target"],
             d["In force from"], d["Revised by"]) for d in data] == [
        ("CYP 41", "No", "2006/07", "13", "30", "2006-10-01", "officer"),
        ("NI 072", "Yes", "AY 2009/10", "57.2", "56", "2009-10-01", "officer")]
    # A reason that could start a formula is text in the CSV (core/spreadsheets.py).
    assert data[0]["Reason"] == "'=Re-profiled after the safeguarding review"
    # As of a round: only what was in force by its reporting date.
    assert not any("CYP 41" in c for r in rows(client, partnership, "revisions", round=revised["q1"].pk) for c in r)
    assert any("CYP 41" in c for r in rows(client, partnership, "revisions", round=revised["q2"].pk) for c in r)
    # By theme: NI 072 measures "More jobs" (theme 2), CYP 41 "Fewer burglaries" (theme 1).
    jobs = Outcome.objects.get(code="2.1")
    text = str(rows(client, partnership, "revisions", outcome=jobs.pk))
    assert "NI 072" in text and "CYP 41" not in text
    page = client.get(reverse("report", args=[partnership.slug, "revisions"])).content.decode()
    assert "Target revisions" in page and "Trajectory planning" in page


def test_revisions_report_xlsx_and_pdf(as_user, partnership, revised):
    client = as_user("officer")
    book = load_workbook(io.BytesIO(made(client, partnership.slug, "revisions", "xlsx")))
    values = [c.value for row in book.active.iter_rows() for c in row]
    assert "Target revisions" in values
    # The text as typed, in a string cell with Excel's quote prefix: never a formula (core/spreadsheets.py).
    cell = next(c for row in book.active.iter_rows() for c in row if c.value == REASON)
    assert cell.data_type == "s" and cell.quotePrefix
    assert Decimal(str(next(v for v in values if v in (30, Decimal("30"), 30.0)))) == 30
    assert made(client, partnership.slug, "revisions", "pdf")[:4] == b"%PDF"


def test_empty_revisions_report(as_user, partnership):
    page = as_user("officer").get(reverse("report", args=[partnership.slug, "revisions"])).content.decode()
    assert "No target has been revised." in page


# -- query counts --------------------------------------------------------------------------------------------------


def test_query_counts_do_not_grow_with_revisions(as_user, partnership, indicators, revised, personas):
    client = as_user("officer")
    closed = _round(partnership, "Q1 closed", "2006/07 Q1", "2006-07-30")
    assert client.post(reverse("round_close", args=[partnership.slug, closed.pk])).status_code == 302

    def counts():
        found = {}
        for kind in sorted(BUILDERS):
            for round_ in (None, revised["q1"], revised["q2"], closed):
                if kind == "thematic" and round_ is None:
                    continue
                cache.clear()
                with CaptureQueriesContext(connection) as ctx:
                    response = client.get(reverse("report", args=[partnership.slug, kind]),
                                          {"round": round_.pk} if round_ else {})
                    assert response.status_code == 200, (kind, round_)
                found[kind, round_.name if round_ else None] = len(ctx.captured_queries)
        return found

    jobs = Outcome.objects.get(code="2.1")

    def add(n):
        indicator = Indicator.objects.create(
            partnership=partnership, code=f"X {n}", title=f"Extra {n}", value_type="percentage", polarity="lower",
            decimal_places=1, collection_interval="financial_quarter")
        indicator.outcomes.add(jobs)
        indicator.tags.add(IndicatorTag.objects.get_or_create(partnership=partnership, name=f"LAA designated {n}")[0])
        target = add_target(indicator, "2006/07", "10")
        add_actual(indicator, "2006/07 Q1", "12")
        revise_target(target=target, new_value=Decimal("15"), reason="one", effective_from=OCT_1,
                      user=personas["officer"])
        revise_target(target=target, new_value=Decimal("16"), reason="two", user=personas["officer"],
                      effective_from=datetime.date(2006, 12, 1))

    # One indicator revised within and after each round, so that every report takes the same path both times: a
    # round with a target revised after its reporting date assesses afresh (a fixed number of queries more).
    add(0)
    before = counts()
    for n in range(1, 7):
        add(n)
    assert counts() == before


def test_the_demo_revision(db):
    from placeboard.demo import load_all
    from placeboard.performance.demo_revisions import load_demo_revisions

    load_all()  # the demo makes the revision
    assert TargetRevision.objects.count() == 1
    assert load_demo_revisions() == 0  # idempotent
    load_all()  # the seed's printed target again …
    assert load_demo_revisions() == 0  # … and the revision's value back, with no second revision
    assert TargetRevision.objects.count() == 1
    half_year = ReportingRound.objects.get(partnership__slug="coventry", name="Half-year report, 2006/07")
    out_turn = ReportingRound.objects.get(partnership__slug="coventry", name="2005/06 out-turn report")
    for round_, value, note in ((half_year, 52, "revised from 55% to 52% on 1 October 2006"),
                                (out_turn, 55, "revised from 55% to 52% on 1 October 2006, after this round"),
                                (None, 52, "")):
        report = build("spreadsheet", half_year.partnership, round_)
        section = next(s for s in report.sections if any(r[1].value.startswith("CYP 48") for r in s.rows))
        row = next(r for r in section.rows if r[1].value.startswith("CYP 48"))
        cell = row[section.columns.index("Target 2006/07")]
        assert (cell.value, cell.note) == (value, note), round_
