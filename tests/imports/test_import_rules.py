"""Imports follow the observation form's rules (issue 15): an off-target headline actual needs commentary, and
the preview shows the status each new or changed figure will get."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placeboard.cli import main
from placeboard.imports.importers import check, import_file
from placeboard.imports.models import ImportBatch
from placeboard.performance.models import Observation, ProfilePoint
from tests.performance.conftest import add_actual, add_target

RED_MESSAGE = "NI 072 is Red against its target of 57.2%: say why and what is being done."


def csv(*lines):
    return ("\n".join(lines) + "\n").encode()


def upload(client, data, name="rules.csv"):
    return client.post(reverse("import_start", args=["testshire"]),
                       {"kind": "actuals", "file": SimpleUploadedFile(name, data)})


# NI 072: a percentage, higher is better, target 57.2 for AY 2009/10 (tests/performance/conftest.py).
OFF_TARGET_SAVED = Decimal("57.4")
OFF_TARGET = csv("indicator,period,area,value,note",
                 "NI 092,AY 2009/10,,30,",  # Green (lower is better, target 32.4): no commentary needed
                 "NI 072,AY 2009/10,North,40,",  # a breakdown: the form does not assess it either
                 "NI 072,AY 2009/10,,50.1,")  # Red, without commentary


def test_upload_refuses_an_off_target_figure_without_commentary_naming_row_and_column(as_user, indicators):
    client = as_user("officer")
    data = csv("indicator,period,value,note", "NI 072,AY 2009/10,50.1,")
    response = upload(client, data)
    page = client.get(response.url).content.decode()
    assert "has 1 problem; nothing was saved" in page
    row = ('<td class="govuk-table__cell govuk-table__cell--numeric">2</td><td class="govuk-table__cell">note</td>'
           f'<td class="govuk-table__cell">{RED_MESSAGE}</td>')
    assert row in page
    assert ImportBatch.objects.get().state == "rejected"
    assert Observation.objects.get(indicator__code="NI 072", period="AY 2009/10", area=None).value == OFF_TARGET_SAVED


def test_every_refused_row_is_named_and_nothing_is_saved(indicators):
    plan = import_file("actuals", indicators["ni72"].partnership, "rules.csv", OFF_TARGET, None)
    assert [(p.row, p.column, p.message) for p in plan.problems] == [(4, "note", RED_MESSAGE)]
    assert not Observation.objects.filter(area__name="North").exists()


def test_commentary_lets_the_figure_in(indicators):
    data = OFF_TARGET.replace(b"50.1,\n", b"50.1,Fewer children assessed; a moderation review is under way\n")
    plan = import_file("actuals", indicators["ni72"].partnership, "rules.csv", data, None)
    assert plan.ok, plan.problems
    assert Observation.objects.get(indicator__code="NI 072", period="AY 2009/10", area=None).value == Decimal("50.1")


def test_a_profiled_target_is_named_as_the_target_to_date(indicators):
    # CYP 36 counts up over the year to 107; by Q3 the target to date is 80.25.
    plan = check("actuals", indicators["treatment"].partnership, "q3.csv",
                 csv("indicator,period,value", "CYP 36,2006/07 Q3,40"))
    assert [p.message for p in plan.problems] == [
        "CYP 36 is Red against its target to date of 80: say why and what is being done."]


def test_an_unchanged_row_is_not_refused(indicators):
    """Figures saved before the rule (or by an officer since) re-import unchanged: the row writes nothing."""
    add_actual(indicators["ni72"], "AY 2010/11", "20")
    add_target(indicators["ni72"], "AY 2010/11", "60")
    plan = check("actuals", indicators["ni72"].partnership, "same.csv",
                 csv("indicator,period,value", "NI 072,AY 2010/11,20"))
    assert plan.ok and plan.unchanged == 1


def test_removing_the_commentary_of_an_off_target_figure_is_refused(indicators):
    plan = check("actuals", indicators["reregistrations"].partnership, "blank.csv",
                 csv("indicator,period,value,note", "CYP 41,2006/07 Q1,26.8,"))
    assert [(p.row, p.column) for p in plan.problems] == [(2, "note")]
    assert plan.problems[0].message.startswith("CYP 41 is Red against its target")


def test_command_line_import_refuses_too(indicators, tmp_path, capsys):
    path = tmp_path / "off_target.csv"
    path.write_bytes(OFF_TARGET)
    assert main(["import", "actuals", str(path), "--partnership", "testshire"]) == 2
    err = capsys.readouterr().err
    assert f"off_target.csv, row 4, column 'note': {RED_MESSAGE}" in err
    assert "1 problem(s); nothing was saved." in err
    assert not Observation.objects.filter(area__name="North").exists()


def test_data_return_refuses_too(indicators):
    data = csv("indicator,title,period,value,note", "NI 072,EYFS,AY 2009/10,50.1,")
    plan = check("return", indicators["ni72"].partnership, "return.csv", data)
    assert [(p.row, p.column, p.message) for p in plan.problems] == [(2, "note", RED_MESSAGE)]


def test_preview_shows_the_status_each_new_or_changed_figure_will_get(as_user, indicators):
    client = as_user("officer")
    data = csv("indicator,period,area,value,note",
               "NI 072,AY 2009/10,,50.1,Behind: see the moderation review",  # changed, Red
               "NI 092,AY 2009/10,,33,Slightly behind",  # changed, Amber (lower is better, target 32.4)
               "CYP 41,2007/08 Q1,,12,",  # new, no target for 2007/08
               "NI 072,AY 2009/10,North,40,",  # a breakdown: no status
               "NI 092,AY 2008/09,,31.4,")  # unchanged: not listed
    page = client.get(upload(client, data).url).content.decode()
    assert '<th scope="col" class="govuk-table__header">Status</th>' in page
    rows = page.split('<tbody class="govuk-table__body">')[1].split("</tbody>")[0].split("</tr>")
    assert "Red</strong>" in rows[0] and "govuk-tag--red" in rows[0]
    assert "Amber</strong>" in rows[1] and "govuk-tag--orange" in rows[1]
    assert "No target</strong>" in rows[2]
    assert "North" in rows[3] and "govuk-tag" not in rows[3]
    client.post(reverse("import_confirm", args=["testshire", ImportBatch.objects.get().pk]))
    assert ImportBatch.objects.get().state == "imported"
    # The imported batch's page keeps the statuses (they are stored with its preview).
    done = client.get(reverse("import_preview", args=["testshire", ImportBatch.objects.get().pk])).content.decode()
    assert "Amber</strong>" in done


def _headline_csv(rows):
    lines = ["indicator,period,value,note"]
    for n in range(rows):
        year = 2007 + n // 4
        lines.append(f"CYP 36,{year}/{str(year + 1)[2:]} Q{n % 4 + 1},{100 if n % 2 else 0},Checked")
    return csv(*lines)


@pytest.mark.parametrize("rows", [8])
def test_assessing_every_row_adds_no_queries_per_row(indicators, rows):
    """The targets and their profiles are fetched once, however many headline figures the file has."""
    treatment = indicators["treatment"]
    for year in range(2007, 2107):
        target = add_target(treatment, f"{year}/{str(year + 1)[2:]}", "100")
        ProfilePoint.objects.create(target=target, period=f"{year}/{str(year + 1)[2:]} Q2", value=40)
    counts = []
    for size in (rows, 400):
        with CaptureQueriesContext(connection) as ctx:
            plan = check("actuals", treatment.partnership, "many.csv", _headline_csv(size))
        assert plan.ok, plan.problems[:3]
        assert {c.status for c in plan.changes} >= {"red", "green"}
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_the_import_assesses_each_figure_as_the_form_does(indicators):
    """The import assesses each proposed headline figure itself (without an unsaved Observation, for speed):
    the same status as Indicator.assess_value, the form's, for figures on every side of the targets."""
    from placeboard.performance.models import Indicator
    from placeboard.performance.periods import parse_period

    ProfilePoint.objects.create(target=indicators["treatment"].targets.get(period="2006/07"), period="2006/07 Q2",
                                value=Decimal("50"))
    rows = [(code, period, value) for code, period in (("NI 072", "AY 2009/10"), ("NI 092", "AY 2009/10"),
                                                         ("CYP 36", "2006/07 Q2"), ("CYP 36", "2007/08 Q1"))
            for value in ("0", "29.6", "31", "32.4", "40", "50", "56", "57.2", "60", "99", "100")]
    Observation.objects.all().delete()  # so each row below is a new figure
    statuses, expected = [], []
    for code, period, value in rows:
        plan = check("actuals", indicators["ni72"].partnership, "statuses.csv",
                     csv("indicator,period,value,note", f"{code},{period},{value},A note"))
        assert plan.ok, plan.problems
        statuses.append(plan.changes[0].status)
        indicator = Indicator.objects.get(code=code)
        expected.append(indicator.assess_value(parse_period(period), Decimal(value)).status.value)
    assert statuses == expected
    assert {"red", "amber", "green"} <= set(expected)
