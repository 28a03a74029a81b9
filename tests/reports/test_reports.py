"""Every report in every format, checked against the data (not only that a file was made)."""

import csv
import io
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placeboard.demo import load_all
from placeboard.performance.models import ReportingRound, Task, TaskUpdate
from placeboard.reports.builders import BUILDERS
from tests.personas import ALL, MEMBERS, expected

SEED_004 = {"2.1": (1, 2, 1, 4), "2.2": (2, 2, 2, 6), "3.1": (0, 0, 1, 1)}


@pytest.fixture
def demo(db, client):
    load_all()
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "x"))
    return client


def get(client, slug, kind, fmt, **params):
    response = client.get(reverse("report", args=[slug, kind]), {**params, "format": fmt})
    assert response.status_code == 200, response.content[:300]
    return response


def trim(values):
    while values and values[-1] is None:
        values.pop()
    return values


def gloucester_round():
    return ReportingRound.objects.get(partnership__slug="gloucester")


def test_thematic_csv_has_seed_004_counts(demo):
    body = get(demo, "gloucester", "thematic", "csv", round=gloucester_round().pk).content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    counts = {}
    for row in rows:
        if len(row) > 2 and row[1].startswith("Summary: "):
            code = row[0].split()[1]
            counts.setdefault(code, []).append(int(row[2]))
    assert {code: tuple(v) for code, v in counts.items()} == SEED_004
    tasks = [r for r in rows if len(r) > 5 and r[5] in ("Green", "Amber", "Red")]
    assert len(tasks) == 11


def test_thematic_xlsx(demo):
    from openpyxl import load_workbook

    data = get(demo, "gloucester", "thematic", "xlsx", round=gloucester_round().pk).content
    book = load_workbook(io.BytesIO(data))
    assert len(book.worksheets) == 3  # one sheet per outcome
    sheet = book.worksheets[0]
    values = [trim([c.value for c in row]) for row in sheet.iter_rows()]
    assert ["Green – on track", 1] in values and ["Total", 4] in values
    header = values.index(["Action", "Task", "Target", "Position", "Status",
                           "Planned improvement/action needed and deadline"]) + 1
    assert sheet.freeze_panes == f"A{header + 1}"
    status_cells = [row[4] for row in sheet.iter_rows(min_row=header + 1)]
    assert [c.value for c in status_cells] == ["Amber", "Amber", "Green", "Red"]
    assert status_cells[3].fill.fgColor.rgb.endswith("D4351C")
    assert isinstance(values[values.index(["Total", 4])][1], int)  # numbers are numbers


def test_thematic_pdf(demo):
    from pypdf import PdfReader

    data = get(demo, "gloucester", "thematic", "pdf", round=gloucester_round().pk).content
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Thematic group performance report" in text
    assert "Outcome: 2.2 Our diverse communities" in text
    assert "Green – on track" in text and "Red – needs action" in text
    assert f"Page 1 of {len(reader.pages)}" in text


def test_spreadsheet_reports_variance_as_numbers(demo):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(get(demo, "coventry", "spreadsheet", "xlsx").content))
    rows = [[c.value for c in row] for sheet in book.worksheets for row in sheet.iter_rows()]
    cyp36 = next(r for r in rows if r[1] and str(r[1]).startswith("CYP 36 "))
    header = next(r for r in rows if r[0] == "Outcome")
    assert cyp36[header.index("Variance")] == 31.25
    assert cyp36[header.index("Traffic light")] == "Green"
    assert cyp36[header.index("Date of data")] == "2006/07 Q1"
    assert (cyp36[header.index("Update 2005/06")], cyp36[header.index("Update 2006/07")]) == (108, 58)
    html = get(demo, "coventry", "spreadsheet", "html").content.decode()
    assert "Variance is actual minus target" in html


def test_agreement_format(demo):
    rows = list(csv.reader(io.StringIO(get(demo, "wiltshire", "agreement", "csv").content.decode())))
    header = rows[1]
    assert header[:4] == ["Section", "Priority", "Indicator", "Baseline"] and header[-1] == "Lead partners"
    ni72 = next(r for r in rows if r[2].startswith("NI 072"))
    assert ni72[header.index("2009/10")] == "57.2" and ni72[header.index("2010/11")] == "59"
    assert ni72[-1] == "Wiltshire Council"


def test_exception_report(demo):
    body = get(demo, "coventry", "exceptions", "csv").content.decode()
    assert "CYP 41" in body and "CYP 36" not in body
    body = get(demo, "gloucester", "exceptions", "csv", round=gloucester_round().pk).content.decode()
    assert "Tasks off track" in body and "Invite GARAS to next meeting" in body
    assert "Share partners learning around community engagement" not in body  # Green


def test_dashboard_changes_and_overdue(demo):
    first = gloucester_round()
    second = ReportingRound.objects.create(partnership=first.partnership, name="Later round",
                                           reporting_date="2008-12-01", period="2008/09 Q3",
                                           period_start="2008-10-01", period_end="2008-12-31")
    second.groups.set(first.groups.all())
    task = Task.objects.get(title__startswith="Support joint learning")
    task.due = "2008-11-01"
    task.save()
    TaskUpdate.objects.create(round=second, task=task, position="Training day held", status="green")
    rows = list(csv.reader(io.StringIO(get(demo, "gloucester", "dashboard", "csv", round=second.pk).content.decode())))
    changed = [r for r in rows if r[0].startswith("Changed since Stronger Communities report")]
    assert len(changed) == 11  # one task went Red to Green, the ten others have no update yet
    assert any(r[1].startswith("e) Support joint learning") and r[2:4] == ["Red", "Green"] for r in changed)
    overdue = [r for r in rows if r[0] == "Overdue"]
    assert overdue == []  # the overdue task is now Green
    body = get(demo, "wiltshire", "dashboard", "html").content.decode()
    assert "Indicators by ambition" in body


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("kind", sorted(BUILDERS))
def test_report_gatekeepers(as_user, partnership, persona, kind):
    response = as_user(persona).get(reverse("report", args=[partnership.slug, kind]))
    allowed = 200 if kind != "thematic" else 400  # the thematic report needs a round
    want = expected(persona, MEMBERS)
    assert response.status_code == (allowed if want == 200 else want)


def test_bad_addresses(demo):
    assert demo.get(reverse("report", args=["gloucester", "horoscope"])).status_code == 404
    assert demo.get(reverse("report", args=["gloucester", "dashboard"]), {"round": 999}).status_code == 404
    assert demo.get(reverse("report", args=["gloucester", "dashboard"]), {"format": "docx"}).status_code == 404
    response = demo.get(reverse("report", args=["gloucester", "thematic"]))
    assert response.status_code == 400 and "choose a round" in response.content.decode()
    other = ReportingRound.objects.create(partnership=gloucester_round().partnership.__class__.objects.get(
        slug="wiltshire"), name="W", reporting_date="2009-01-01", period="2008/09 Q3",
        period_start="2008-10-01", period_end="2008-12-31")
    # Another partnership's round is not found here.
    assert demo.get(reverse("report", args=["gloucester", "dashboard"]), {"round": other.pk}).status_code == 404


def test_report_query_count_does_not_grow(demo):
    round_ = gloucester_round()


    def count(kind):
        with CaptureQueriesContext(connection) as ctx:
            assert demo.get(reverse("report", args=["gloucester", kind]), {"round": round_.pk}).status_code == 200
        return len(ctx.captured_queries)

    def older(name, day):
        ReportingRound.objects.create(partnership=round_.partnership, name=name, reporting_date=day,
                                      period="2007/08 Q3", period_start="2007-10-01", period_end="2007-12-31")

    older("Older round", "2008-01-01")
    before = {kind: count(kind) for kind in BUILDERS}
    action = Task.objects.filter(action__partnership__slug="gloucester").first().action
    for i in range(40):
        task = Task.objects.create(action=action, ref=f"z{i}", title=f"Extra {i}", due="2008-01-01")
        TaskUpdate.objects.create(round=round_, task=task, position="p", status="red", planned_improvement="x")
    for i in range(5):
        older(f"Oldest round {i}", f"2007-0{i + 1}-01")
    assert {kind: count(kind) for kind in BUILDERS} == before



def run_cli(*args, data_dir):
    import os

    env = {**os.environ, "PLACEBOARD_DATA_DIR": str(data_dir), "DEBUG": "1"}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run([sys.executable, "-m", "placeboard.cli", *args], env=env, capture_output=True, text=True,
                          timeout=300)


def test_command_line(tmp_path):
    assert run_cli("demo", "--data-dir", str(tmp_path), "--no-serve", data_dir=tmp_path).returncode == 0
    out = tmp_path / "report.csv"
    done = run_cli("report", "thematic", "--partnership", "gloucester", "--round",
                   "Stronger Communities report, September 2008", "--format", "csv", "-o", str(out), data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Summary: Total,6" in out.read_text()
    done = run_cli("report", "thematic", "--partnership", "gloucester", "--round",
                   "Stronger Communities report, September 2008", "--outcome", "2.1", "--format", "csv",
                   "-o", str(out), data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Summary: Total,4" in out.read_text() and "Summary: Total,6" not in out.read_text()
    bad = run_cli("report", "thematic", "--partnership", "gloucester", "--outcome", "9.9", "--format", "csv",
                  "-o", str(out), data_dir=tmp_path)
    assert bad.returncode == 2 and "No outcome with the code '9.9' in Gloucester" in bad.stderr
    bad = run_cli("report", "thematic", "--partnership", "nowhere", "--format", "csv", "-o", str(out),
                  data_dir=tmp_path)
    assert bad.returncode == 2 and "No partnership called 'nowhere'" in bad.stderr
    bad = run_cli("report", "thematic", "--partnership", "gloucester", "--round", "Q9", "--format", "csv",
                  "-o", str(out), data_dir=tmp_path)
    assert bad.returncode == 2 and "No reporting round 'Q9'" in bad.stderr
    bad = run_cli("report", "horoscope", "--partnership", "gloucester", "--format", "csv", "-o", str(out),
                  data_dir=tmp_path)
    assert bad.returncode == 2 and "There is no report called 'horoscope'" in bad.stderr
    bad = run_cli("report", "thematic", "--partnership", "gloucester", "--format", "csv", "-o", str(out),
                  data_dir=tmp_path)
    assert bad.returncode == 2 and "choose a round" in bad.stderr


def test_closed_round_keeps_its_figures_and_marks_revisions(as_user, partnership, indicators, personas):
    from placeboard.performance.periods import parse_period
    from placeboard.performance.services import record_observation

    round_ = ReportingRound(partnership=partnership, name="Q1 2006/07", reporting_date="2006-07-31")
    round_.set_period(parse_period("2006/07 Q1"))
    round_.save()
    officer = as_user("officer")
    assert officer.post(reverse("round_close", args=[partnership.slug, round_.pk])).status_code == 302
    round_.refresh_from_db()
    assert round_.is_closed
    # A correction after the round closed.
    record_observation(indicator=indicators["reregistrations"], period=parse_period("2006/07 Q1"),
                       user=personas["provider"], value=12, status="final", note="Corrected count")
    params = {"round": round_.pk, "format": "csv"}
    body = officer.get(reverse("report", args=[partnership.slug, "exceptions"]), params).content.decode()
    row = next(r for r in csv.reader(io.StringIO(body)) if len(r) > 1 and r[1].startswith("CYP 41"))
    assert row[3] == "26.8 (revised since: now 12)"
    assert "as they stood when the round closed" in body
    # Today's figures: 12 against 13 (lower is better) is on target, so no exception.
    body = officer.get(reverse("report", args=[partnership.slug, "exceptions"]), {"format": "csv"}).content.decode()
    assert "CYP 41" not in body
    # The round's task updates are part of the record now.
    from placeboard.performance.models import Action

    action = Action.objects.create(partnership=partnership, outcome=indicators["reregistrations"].outcomes.get(),
                                   title="Review")
    task = Task.objects.create(action=action, title="Audit cases")
    round_.groups.add(partnership.group_set.get(name="Safer Communities Group"))
    response = officer.get(reverse("task_update", args=[partnership.slug, round_.pk, task.pk]))
    assert response.status_code == 403


def _indicator_codes(body):
    """The indicator codes (e.g. "CYP 36") in the measure column of a performance spreadsheet CSV."""
    rows = list(csv.reader(io.StringIO(body)))
    return {" ".join(r[2].split()[:2]) for r in rows[1:] if len(r) > 2 and r[0] != "Section" and r[2]}


def test_filters_narrow_every_report(demo):
    from placeboard.core.models import Area, Outcome, Theme
    from placeboard.performance.models import Indicator

    coventry = Theme.objects.get(partnership__slug="coventry", code="CYP")
    everything = _indicator_codes(get(demo, "coventry", "spreadsheet", "csv").content.decode())
    assert len(everything) > 10
    by_theme = _indicator_codes(get(demo, "coventry", "spreadsheet", "csv", theme=coventry.pk).content.decode())
    assert by_theme and by_theme <= everything
    other = Theme.objects.filter(partnership__slug="coventry", parent=None).exclude(pk=coventry.pk).first()
    assert _indicator_codes(get(demo, "coventry", "spreadsheet", "csv", theme=other.pk).content.decode()) == set()

    outcome = Outcome.objects.filter(indicators__code="CYP 36").get()
    by_outcome = _indicator_codes(get(demo, "coventry", "spreadsheet", "csv", outcome=outcome.pk).content.decode())
    expected_codes = {" ".join(i.code.split()[:2]) for i in Indicator.objects.filter(outcomes=outcome)}
    assert by_outcome == expected_codes

    # The thematic report by outcome: only that outcome's tasks and summary.
    gloucester = gloucester_round()
    o22 = Outcome.objects.get(partnership__slug="gloucester", code="2.2")
    rows = list(csv.reader(io.StringIO(get(demo, "gloucester", "thematic", "csv", round=gloucester.pk,
                                           outcome=o22.pk).content.decode())))
    summaries = {r[0].split()[1] for r in rows if len(r) > 2 and r[1].startswith("Summary: ")}
    assert summaries == {"2.2"}
    # By group: the Stronger Communities group owns all three outcomes.
    group = o22.group or o22.theme.group
    rows = list(csv.reader(io.StringIO(get(demo, "gloucester", "thematic", "csv", round=gloucester.pk,
                                           group=group.pk).content.decode())))
    assert {r[0].split()[1] for r in rows if len(r) > 2 and r[1].startswith("Summary: ")} == set(SEED_004)

    # By area: a place with no figures of its own gives no actuals, not the whole place's.
    ward = Area.objects.filter(partnership__slug="coventry").exclude(parent=None).first()
    body = get(demo, "coventry", "spreadsheet", "csv", area=ward.pk).content.decode()
    assert f"area: {ward}" in body
    rows = list(csv.reader(io.StringIO(body)))
    header = next(r for r in rows if r[0] == "Section")
    data = [r for r in rows[1:] if len(r) == len(header) and r[0] != "Section"]
    assert len(data) == len(everything)
    assert all(r[header.index("Latest update")] == "" for r in data)
