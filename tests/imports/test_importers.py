"""Importing actuals, targets and the catalogue from real files: all or nothing, idempotent, history kept."""

import math
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from placeboard.core.access import Access
from placeboard.core.models import AuditEvent, Role
from placeboard.imports import exporters, readers
from placeboard.imports.importers import check, import_file
from placeboard.performance.models import AssessedPeriod, Indicator, IndicatorTag, Observation, Target, ValueChange
from tests.imports.conftest import data_file


def run(partnership, name, kind="actuals", **kwargs):
    filename, data = data_file(name)
    return import_file(kind, partnership, filename, data, None, **kwargs)


def snapshot():
    return (Observation.objects.count(), Target.objects.count(), Indicator.objects.count(),
            ValueChange.objects.count(), AuditEvent.objects.count())


@pytest.mark.parametrize("name", ["actuals_good.csv", "actuals_good.xlsx", "actuals_bom.csv"])
def test_good_file_imports_new_figures_and_leaves_the_same_ones(partnership, indicators, name):
    plan = run(partnership, name)
    assert plan.ok, plan.problems
    assert (plan.rows, plan.created, plan.updated, plan.unchanged) == (5, 4, 0, 1)
    q2 = Observation.objects.get(indicator__code="CYP 36", period="2006/07 Q2")
    assert q2.value == Decimal("71") and q2.note == "Café referrals up"
    north = Observation.objects.get(indicator__code="NI 072", period="AY 2008/09", area__name="North")
    assert north.value == Decimal("52.5") and north.status == "final"
    assert Observation.objects.get(indicator__code="NI 072", area__gss_code="E06000099").value == Decimal("57.1")
    assert Observation.objects.get(population_group__name="Older people").value == 49
    # A history line for each new figure, and one audit event for them all, with the counts.
    assert sorted(ValueChange.objects.filter(what="Actual").values_list("period", "where", "old", "new")) == [
        ("2006/07 Q2", "", "", "71 provisional"), ("AY 2008/09", "North", "", "52.5% final"),
        ("AY 2008/09", "Older people", "", "49.0% provisional"), ("AY 2008/09", "Testshire (E06000099)", "", "57.1% final")]
    event = AuditEvent.objects.get(object_type="actual")
    assert (event.action, event.object_repr) == ("create", f"{name}: 4 new actuals")
    assert event.changes == {"file": ["", name], "new actuals": ["", "4"], "indicators": ["", "CYP 36 (1), NI 072 (3)"]}


def test_windows_1252_file_is_read(partnership, indicators):
    plan = run(partnership, "actuals_cp1252.csv")
    assert plan.ok, plan.problems
    assert Observation.objects.get(period="2006/07 Q2").note == "Café referrals up – £5k pilot"


def test_columns_in_any_order_and_case_with_optional_ones_left_out(partnership, indicators):
    plan = run(partnership, "actuals_other_order.csv")
    assert plan.ok and plan.created == 1


def test_reimporting_the_same_file_changes_nothing(partnership, indicators):
    run(partnership, "actuals_good.csv")
    before = snapshot()
    plan = run(partnership, "actuals_good.csv")
    assert (plan.created, plan.updated, plan.unchanged) == (0, 0, 5)
    assert snapshot() == before


def test_corrected_file_updates_only_the_changed_value_with_history(partnership, indicators):
    run(partnership, "actuals_good.csv")
    others = {o.pk: o.updated_at for o in Observation.objects.exclude(period="2006/07 Q2")}
    plan = run(partnership, "actuals_corrected.csv")
    assert (plan.created, plan.updated, plan.unchanged) == (0, 1, 4)
    assert "71 → 73" in plan.changes[1].description
    assert Observation.objects.get(period="2006/07 Q2").value == 73
    assert {o.pk: o.updated_at for o in Observation.objects.exclude(period="2006/07 Q2")} == others
    change = ValueChange.objects.filter(what="Actual").first()
    assert (change.period, change.old, change.new) == ("2006/07 Q2", "71 provisional", "73 provisional")
    # A changed figure keeps its own audit event, naming the actual, with every field that changed.
    event = AuditEvent.objects.get(object_type="actual", action="update")
    q2 = Observation.objects.get(period="2006/07 Q2")
    assert (event.object_id, event.object_repr, event.changes) == (str(q2.pk), "CYP 36 2006/07 Q2",
                                                                   {"value": ["71", "73"]})


def test_a_changed_note_alone_is_in_the_audit_log_not_the_history(partnership, indicators):
    run(partnership, "actuals_good.csv")
    data = data_file("actuals_good.csv")[1].replace(b"Caf\xc3\xa9 referrals up", b"Referrals up")
    history = ValueChange.objects.count()
    plan = import_file("actuals", partnership, "notes.csv", data, None)
    assert (plan.created, plan.updated, plan.unchanged) == (0, 1, 4)
    assert ValueChange.objects.count() == history
    event = AuditEvent.objects.get(object_type="actual", action="update")
    assert event.changes == {"note": ["Caf\u00e9 referrals up", "Referrals up"]}
    assert Observation.objects.get(period="2006/07 Q2").note == "Referrals up"


def test_text_with_tabs_newlines_and_backslashes_is_kept_exactly(partnership, indicators):
    """COPY's text format gives tab, newline, carriage return and backslash meanings of their own (and \\N is
    NULL): notes, expected dates and areas' names holding them are stored as written."""
    from placeboard.core.models import Area

    Area.objects.create(partnership=partnership, name="Back\\slash\tand\\N", area_type="ward")
    note, expected = "Line one\nline\ttwo\r\nC:\\data\\N", "\\N"
    data = ("indicator,period,area,value,status,note,expected\n"
            f'CYP 36,2006/07 Q3,,61,final,"{note}",\n'
            f'CYP 36,2006/07 Q4,,,,,"{expected}"\n'
            '"CYP 36",2007/08 Q1,"Back\\slash\tand\\N",5,final,,\n').encode()
    plan = import_file("actuals", partnership, "escapes.csv", data, None)
    assert plan.ok and plan.created == 3, plan.problems
    assert Observation.objects.get(period="2006/07 Q3").note == note.strip()
    q4 = Observation.objects.get(period="2006/07 Q4")
    assert (q4.value, q4.expected, q4.note) == (None, expected, "")
    assert ValueChange.objects.get(period="2007/08 Q1").where == "Back\\slash\tand\\N"
    assert ValueChange.objects.get(period="2006/07 Q4").new == "expected: \\N"


def test_stored_assessments_follow_an_import(partnership, indicators):
    """The import writes in bulk, past the signals that keep the stored assessments: it reassesses the
    indicators whose whole-place figures or targets it changed itself, in the same transaction."""
    from placeboard.performance.models import AssessedPeriod
    from placeboard.performance.stored import differences

    run(partnership, "actuals_good.csv")
    cyp36 = Indicator.objects.get(code="CYP 36")
    assert AssessedPeriod.objects.filter(indicator=cyp36, period="2006/07 Q2").exists()
    run(partnership, "actuals_corrected.csv")
    run(partnership, "targets_good.csv", "targets")
    assert list(differences(Indicator.objects.filter(partnership=partnership))) == []


BAD = [
    ("bad_columns.csv", ["bad_columns.csv, row 1, column 'amount': Unknown column 'amount'",
                         "The column 'value' is missing"]),
    ("bad_unknown_indicator.csv", ["row 2, column 'indicator': There is no indicator with the code 'NI 999'"]),
    ("bad_period.csv", ["row 2, column 'period'", "2006-07 Q5", "row 3, column 'period'", "wrong kind of period"]),
    ("bad_area.csv", ["row 2, column 'area': There is no area with the GSS code or name 'E06000001'",
                      "row 3, column 'area'", "'Atlantis'"]),
    ("bad_value.csv", ["row 2, column 'value': 'seventy' is not a number.",
                       "row 3, column 'value': NI 072 cannot be above 100.0%"]),
    ("bad_mixed.csv", ["row 7, column 'value': 'n/a' is not a number."]),
    ("duplicate_rows.csv", ["row 3: This row repeats row 2 (CYP 36 2006/07 Q2)"]),
    ("empty.csv", ["empty.csv: The file is empty."]),
    ("header_only.csv", ["header row but no data rows"]),
    ("bad_encoding.csv", ["bad_encoding.csv: The file is in UTF-16"]),
    ("not_really.csv", ["not_really.csv: This is not a CSV file"]),
    ("not_really.xlsx", ["not_really.xlsx: This is not a readable XLSX file"]),
    ("formula.xlsx", ["formula.xlsx, sheet 'Actuals', row 3, column 'value': Cell E3 holds a formula (=A1+1)"]),
    ("merged_header.xlsx", ["merged_header.xlsx, sheet 'Actuals', row 1: The header cells A1:B1 are merged"]),
]


@pytest.mark.parametrize("name,messages", BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_named_plainly_and_nothing_is_saved(partnership, indicators, name, messages):
    before = snapshot()
    plan = run(partnership, name)
    assert not plan.ok
    text = "\n".join(str(p) for p in plan.problems)
    for message in messages:
        assert message in text
    assert snapshot() == before


def test_bad_period_lists_every_problem_not_just_the_first(partnership, indicators):
    plan = run(partnership, "bad_period.csv")
    assert [p.row for p in plan.problems] == [2, 3]


def test_file_over_the_size_limit(partnership, indicators, monkeypatch):
    monkeypatch.setattr(readers, "MAX_BYTES", 100)
    plan = run(partnership, "actuals_good.csv")
    assert "actuals_good.csv: The file is 0.0 MB; the limit is 0 MB" in str(plan.problems[0])
    assert Observation.objects.filter(period="2006/07 Q2").count() == 0


def test_dry_run_saves_nothing(partnership, indicators):
    before = snapshot()
    plan = run(partnership, "actuals_good.csv", dry_run=True)
    assert plan.ok and plan.created == 4
    assert snapshot() == before


def test_data_provider_imports_only_for_their_organisations_indicators(partnership, indicators, personas):
    provider = personas["provider"]  # Testshire Police leads CYP 36 and CYP 41, not NI 072
    access = Access(partnership=partnership, user=provider, roles=list(Role.objects.filter(user=provider)))
    filename, data = data_file("actuals_good.csv")
    plan = check("actuals", partnership, filename, data, access=access)
    assert [(p.row, p.column) for p in plan.problems] == [(4, "indicator"), (5, "indicator"), (6, "indicator")]
    assert "NI 072 is led by another organisation" in plan.problems[0].message
    filename, data = data_file("actuals_other_order.csv")
    assert check("actuals", partnership, filename, data, access=access).ok


def test_targets_import_and_reimport(partnership, indicators):
    plan = run(partnership, "targets_good.csv", "targets")
    assert plan.ok, plan.problems
    assert plan.created == 4
    assert Target.objects.get(indicator__code="CYP 41", period="2007/08").to_be_set
    assert Target.objects.get(indicator__code="NI 092", period="AY 2010/11").text == "less than 30"
    assert Target.objects.get(kind="baseline", indicator__code="NI 072").value == Decimal("55.5")
    before = snapshot()
    again = run(partnership, "targets_good.csv", "targets")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert snapshot() == before


def test_indicator_catalogue_import_creates_and_updates(partnership, indicators):
    plan = run(partnership, "indicators_good.csv", "indicators")
    assert plan.ok, plan.problems
    assert (plan.created, plan.updated) == (1, 1)
    ni111 = Indicator.objects.get(code="NI 111")
    assert ni111.lead_organisation.name == "Testshire Police" and ni111.value_type == "rate_100000"
    assert sorted(t.name for t in ni111.tags.all()) == ["LAA designated", "Stretch"]
    assert [o.code for o in ni111.outcomes.all()] == ["1.1.1"]
    before = snapshot()
    assert run(partnership, "indicators_good.csv", "indicators").unchanged == 2
    assert snapshot() == before


def test_bad_catalogue(partnership, indicators):
    before = snapshot()
    plan = run(partnership, "indicators_bad.csv", "indicators")
    text = "\n".join(str(p) for p in plan.problems)
    assert "row 2, column 'value_type': 'rate' is not one of" in text
    assert "row 3, column 'band_low': An indicator judged within a band needs a low and a high end." in text
    assert snapshot() == before


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", ["actuals", "targets", "indicators", "benchmarks"])
def test_export_then_import_round_trips(partnership, indicators, kind, fmt):
    run(partnership, "actuals_good.csv")
    run(partnership, "targets_good.csv", "targets")
    run(partnership, "indicators_good.csv", "indicators")
    run(partnership, "benchmarks_unitary.csv", "benchmarks")
    Observation.objects.filter(period="2006/07 Q2").update(note="=not a formula, just text", value=Decimal("0.1"))
    data, _, name = exporters.export(kind, partnership, fmt)
    before = snapshot()
    plan = import_file(kind, partnership, name, data, None)
    assert plan.ok, plan.problems
    assert plan.created == plan.updated == 0 and plan.unchanged == plan.rows > 0
    assert snapshot() == before
    assert exporters.export(kind, partnership, fmt)[0] == data or fmt == "xlsx"


def _actuals_csv(rows):
    lines = ["indicator,period,area,value,status"]
    quarters = ["Q1", "Q2", "Q3", "Q4"]
    for n in range(rows):
        year = 2010 + n // 8
        area = "North" if n % 8 >= 4 else ""
        lines.append(f"CYP 36,{year}/{str(year + 1)[2:]} {quarters[n % 4]},{area},{n},final")
    return ("\n".join(lines) + "\n").encode()


def test_query_count_does_not_grow_with_rows(partnership, indicators):
    """Reads and updates are a fixed number of queries; inserts come in batches (SQLite caps a statement's
    parameters, so its batches are smaller than PostgreSQL's, which uses one COPY per table)."""
    other, inserts = [], []
    for rows in (8, 400):
        Observation.objects.filter(indicator__code="CYP 36").exclude(period="2006/07 Q1").delete()
        with CaptureQueriesContext(connection) as ctx:
            plan = import_file("actuals", partnership, "many.csv", _actuals_csv(rows), None)
        assert plan.ok, plan.problems[:3]
        sql = [q["sql"].lstrip().upper() for q in ctx.captured_queries]
        inserts.append(sum(1 for q in sql if q.startswith(("INSERT", "COPY"))))
        other.append(len(sql) - inserts[-1])
    assert other[0] == other[1]
    # Observations, history, the one audit event of the new actuals and the stored assessments: one each.
    assert inserts[0] == 4
    # The audit event stays at one; the actuals, their history and the stored assessments (at most one row per
    # actual) come in as many batches as the database's cap on a statement's parameters needs at most (every
    # column counted): on SQLite, which caps them, batches of 45, 111 and 55 rows; one each on PostgreSQL.
    batches = sum(math.ceil(400 / connection.ops.bulk_batch_size(model._meta.concrete_fields, [None] * 400))
                  for model in (Observation, ValueChange, AssessedPeriod))
    assert inserts[1] <= batches + 1


def test_period_that_excel_turned_into_a_date(partnership, indicators):
    from datetime import datetime

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["indicator", "period", "value"])
    workbook.active.append(["CYP 36", datetime(2008, 9, 1), 5])
    import io

    out = io.BytesIO()
    workbook.save(out)
    plan = import_file("actuals", partnership, "dates.xlsx", out.getvalue(), None)
    assert "row 2, column 'period'" in str(plan.problems[0])
    assert "Excel may have turned the period into a date" in str(plan.problems[0])


def _catalogue_csv(rows, title="Indicator", tags="LAA designated; Stretch"):
    lines = ["code,title,value_type,polarity,collection_interval,lead_organisation,tags,outcomes"]
    for n in range(rows):
        lines.append(f"CAT {n},{title} {n},count,higher,financial_year,Testshire Police,{tags}; Tag {n % 3},"
                     f"1.1.1;2.1")
    return ("\n".join(lines) + "\n").encode()


def test_catalogue_import_query_count_does_not_grow_with_indicators(partnership, indicators):
    """New indicators, their tags and outcome links and the audit events are written in bulk; so are the
    changes of a second import (new titles and tags)."""
    counts = {}
    for rows in (3, 60):
        for step, (title, tags) in enumerate((("Indicator", "LAA designated"), ("Renamed", "Stretch"))):
            with CaptureQueriesContext(connection) as ctx:
                plan = import_file("indicators", partnership, "catalogue.csv",
                                   _catalogue_csv(rows, title, tags), None)
            assert plan.ok, plan.problems[:3]
            assert (plan.created, plan.updated) == ((rows, 0) if step == 0 else (0, rows))
            sql = [q["sql"].lstrip().upper() for q in ctx.captured_queries]
            writes = sum(1 for q in sql if q.startswith(("INSERT", "COPY", "UPDATE", "DELETE")))
            counts[rows, step] = (len(sql) - writes, writes)
        indicator = Indicator.objects.get(code=f"CAT {rows - 1}")
        assert indicator.title == f"Renamed {rows - 1}"
        assert sorted(t.name for t in indicator.tags.all()) == ["Stretch", f"Tag {(rows - 1) % 3}"]
        assert sorted(o.code for o in indicator.outcomes.all()) == ["1.1.1", "2.1"]
        events = AuditEvent.objects.filter(object_type="indicator", object_id=str(indicator.pk))
        assert [e.action for e in events.order_by("id")] == ["create", "update"]
        assert events.get(action="update").changes["tags"] == ["LAA designated; Tag %d" % ((rows - 1) % 3),
                                                               "Stretch; Tag %d" % ((rows - 1) % 3)]
        Indicator.objects.filter(code__startswith="CAT ").delete()
        IndicatorTag.objects.filter(name__in=["Stretch", "Tag 0", "Tag 1", "Tag 2"]).delete()
    for step in (0, 1):
        assert counts[3, step][0] == counts[60, step][0], counts  # reads
        # Writes: a statement or two per table (SQLite splits the 60 indicators' insert and update in two,
        # 999 parameters at most), not one per indicator.
        assert counts[60, step][1] <= counts[3, step][1] + 1, counts


def test_summary_groups_thousands():
    from placeboard.imports.importers import Change, Plan

    plan = Plan("actuals", "big.csv", changes=[Change(n, "create", "") for n in range(1200)], rows=1250)
    plan.changes += [Change(n, "unchanged", "") for n in range(50)]
    assert plan.summary() == "1,250 rows: 1,200 new, 0 changed, 50 unchanged"


def test_commentary_changed_by_an_import_is_private_again(partnership, indicators):
    # An officer published the commentary (docs/public-performance.md); a file that changes it unpublishes it,
    # as the actual form does, and one that leaves it alone leaves it published.
    run(partnership, "actuals_good.csv")
    Observation.objects.filter(note__isnull=False).exclude(note="").update(note_public=True)
    published = set(Observation.objects.filter(note_public=True).values_list("period", flat=True))
    assert "2006/07 Q2" in published and len(published) > 1
    data = data_file("actuals_good.csv")[1].replace(b"Caf\xc3\xa9 referrals up", b"Referrals up")
    import_file("actuals", partnership, "notes.csv", data, None)
    assert not Observation.objects.get(period="2006/07 Q2").note_public
    assert set(Observation.objects.filter(note_public=True).values_list("period", flat=True)) == published - {
        "2006/07 Q2"}
