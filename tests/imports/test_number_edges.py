"""Numbers at the edges of what a figure's column stores, and cells with no column heading (issue 14, 4)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from placeboard.benchmarking.models import BenchmarkValue
from placeboard.cli import main
from placeboard.imports import importers
from placeboard.imports.models import ImportBatch
from placeboard.performance.models import Indicator, Observation, Target, ValueChange

TOO_MANY = "has more digits than can be stored: at most 14 before the decimal point and 6 after"


def csv(*lines):
    return ("\n".join(lines) + "\n").encode()


def counts():
    return (Observation.objects.count(), Target.objects.count(), Indicator.objects.count(),
            BenchmarkValue.objects.count(), ValueChange.objects.count())


@pytest.mark.parametrize("value", ["99999999999999.9999999", "100000000000000", "57.1234567", "0.0000001",
                                   "1E+14", "-99999999999999.9999995"])
def test_actuals_that_cannot_be_stored_exactly_are_refused(indicators, value):
    before = counts()
    data = csv("indicator,period,value", "CYP 36,2006/07 Q2,71", *[""] * 4, f"CYP 36,2006/07 Q3,{value}")
    plan = importers.check("actuals", indicators["treatment"].partnership, "a.csv", data)
    assert [str(p) for p in plan.problems] == [f"a.csv, row 7, column 'value': {value} {TOO_MANY}."]
    with pytest.raises(ValueError):
        importers.apply(plan, None, indicators["treatment"].partnership)
    assert counts() == before


def test_the_largest_storable_figure_passes_the_check(indicators):
    # Q3 is Red against its target to date, so it needs commentary like any off-target figure (issue 15).
    data = csv("indicator,period,value,note", "CYP 36,2006/07 Q2,99999999999999.999999,",
               "CYP 36,2006/07 Q3,-1E+13,Checked")
    assert importers.check("actuals", indicators["treatment"].partnership, "a.csv", data).ok


# (SQLite keeps a decimal as a float, so these stay within its 15 significant digits; PostgreSQL keeps all 20.)
@pytest.mark.parametrize("value", ["57.123456", "57.1234560000", "12345678.123456", "-99999999999999"])
def test_the_finest_storable_figures_import_and_reimport_unchanged(indicators, value):
    partnership = indicators["treatment"].partnership
    # The negative one is Red against its target to date: commentary is required (issue 15).
    data = csv("indicator,period,value,note", f"CYP 36,2006/07 Q2,{value},Checked")
    plan = importers.check("actuals", partnership, "a.csv", data)
    assert plan.ok, plan.problems
    importers.apply(plan, None, partnership)
    again = importers.check("actuals", partnership, "a.csv", data)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


@pytest.mark.parametrize("kind, lines", [
    ("targets", ["indicator,kind,period,value", "CYP 36,target,2008/09,99999999999999.9999999"]),
    ("benchmarks", ["group,indicator,period,authority,gss_code,value",
                    "Unitary,CYP 36,2006/07,Swindon,E06000030,99999999999999.9999999"]),
    ("indicators", ["code,title,value_type,polarity,collection_interval,maximum_value",
                    "NEW 1,New,count,higher,financial_year,99999999999999.9999999"]),
])
def test_every_kind_refuses_figures_that_cannot_be_stored(indicators, kind, lines):
    before = counts()
    plan = importers.check(kind, indicators["treatment"].partnership, "f.csv", csv(*lines))
    assert len(plan.problems) == 1 and TOO_MANY in str(plan.problems[0])
    assert "row 2" in str(plan.problems[0])
    assert counts() == before


def test_a_tolerance_is_refused_beyond_its_own_column(indicators):
    plan = importers.check("indicators", indicators["treatment"].partnership, "f.csv", csv(
        "code,title,value_type,polarity,collection_interval,tolerance_kind,tolerance_amount",
        "NEW 1,New,count,higher,financial_year,absolute,123456789"))
    assert [p.message for p in plan.problems] == [
        "123456789 has more digits than can be stored: at most 8 before the decimal point and 4 after."]


def test_stray_cells_are_named(indicators):
    # Q3 and Q4 are Red against their targets, so they carry commentary (issue 15).
    data = csv("indicator,period,value,,status,note", "CYP 36,2006/07 Q2,71,,final",
               "CYP 36,2006/07 Q3,72,oops,final,Behind", "CYP 36,2006/07 Q4,73,,final,Behind,extra")
    plan = importers.check("actuals", indicators["treatment"].partnership, "a.csv", data)
    assert [str(p) for p in plan.problems] == [
        "a.csv, row 3, column 'D': A value with no column heading.",
        "a.csv, row 4, column 'G': A value with no column heading.",
    ]
    assert not plan.changes


def test_stray_cells_in_xlsx_are_named(indicators, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["indicator", "period", "value"])
    sheet.append(["CYP 36", "2006/07 Q2", 71, None, None, None, "left over"])
    path = tmp_path / "a.xlsx"
    book.save(path)
    plan = importers.check("actuals", indicators["treatment"].partnership, "a.xlsx", path.read_bytes())
    assert [str(p) for p in plan.problems] == [
        "a.xlsx, sheet 'Sheet', row 2, column 'G': A value with no column heading."]


def test_command_line_refuses_and_saves_nothing(indicators, tmp_path, capsys):
    path = tmp_path / "edges.csv"
    path.write_bytes(csv("indicator,period,value", "CYP 36,2006/07 Q2,99999999999999.9999999",
                         "CYP 36,2006/07 Q3,5,,,,stray"))
    before = counts()
    assert main(["import", "actuals", str(path), "--partnership", "testshire"]) == 2
    err = capsys.readouterr().err
    assert f"row 2, column 'value': 99999999999999.9999999 {TOO_MANY}" in err
    assert "row 3, column 'G': A value with no column heading." in err
    assert counts() == before


def test_web_upload_refuses_and_confirm_saves_nothing(as_user, indicators):
    client = as_user("officer")
    before = counts()
    data = csv("indicator,period,value", "CYP 36,2006/07 Q2,99999999999999.9999999")
    response = client.post(reverse("import_start", args=["testshire"]),
                           {"kind": "actuals", "file": SimpleUploadedFile("edges.csv", data)})
    assert response.status_code < 500
    batch = ImportBatch.objects.get()
    preview = client.get(reverse("import_preview", args=["testshire", batch.pk]))
    assert preview.status_code == 200 and TOO_MANY in preview.content.decode()
    confirm = client.post(reverse("import_confirm", args=["testshire", batch.pk]))
    assert confirm.status_code < 500
    assert counts() == before


def test_a_huge_id_for_the_data_return_is_not_found(as_user, partnership, personas):
    url = reverse("return_template", args=[partnership.slug])
    response = as_user("officer").get(url, {"round": "9" * 25, "organisation": "1"})
    assert response.status_code == 404
