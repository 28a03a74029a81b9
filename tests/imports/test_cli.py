"""`placeboard import` and `placeboard export`."""

from placeboard.cli import main
from placeboard.performance.models import Observation
from tests.imports.conftest import DATA


def test_import_dry_run_then_for_real(indicators, capsys):
    assert main(["import", "actuals", str(DATA / "actuals_good.csv"), "--partnership", "testshire",
                 "--dry-run"]) == 0
    assert "Would import actuals_good.csv into Testshire Partnership: 5 rows: 4 new" in capsys.readouterr().out
    assert not Observation.objects.filter(period="2006/07 Q2").exists()
    assert main(["import", "actuals", str(DATA / "actuals_good.csv"), "--partnership", "testshire", "-v"]) == 0
    out = capsys.readouterr().out
    assert "row 3: create CYP 36 2006/07 Q2: 71" in out
    assert Observation.objects.filter(period="2006/07 Q2").exists()


def test_import_bad_file_exits_2_listing_problems(indicators, capsys):
    assert main(["import", "actuals", str(DATA / "bad_area.csv"), "--partnership", "testshire"]) == 2
    err = capsys.readouterr().err
    assert "bad_area.csv, row 2, column 'area'" in err and "bad_area.csv, row 3, column 'area'" in err
    assert "2 problem(s); nothing was saved." in err


def test_import_unknown_partnership(indicators, capsys):
    assert main(["import", "actuals", str(DATA / "actuals_good.csv"), "--partnership", "nowhere"]) == 2
    assert "No partnership called 'nowhere' (known: testshire)" in capsys.readouterr().err


def test_export_round_trip(indicators, tmp_path, capsys):
    out = tmp_path / "targets.xlsx"
    assert main(["export", "targets", "--partnership", "testshire", "-o", str(out)]) == 0
    assert main(["import", "targets", str(out), "--partnership", "testshire"]) == 0
    assert "0 new, 0 changed, 4 unchanged" in capsys.readouterr().out
