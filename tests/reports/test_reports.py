"""Every report in every format, checked against the data (not only that a file was made)."""

import csv
import io
import subprocess
import sys
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placeboard.core.models import Outcome
from placeboard.demo import load_all
from placeboard.performance.models import ReportingRound, Task, TaskUpdate
from placeboard.reports.builders import BUILDERS
from tests.personas import ALL, MEMBERS, expected
from tests.reports.downloads import made

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


THEMATIC_HEADER = ["Outcome code", "Outcome", "Thematic sub-group", "Action", "Task", "Target", "Position",
                   "Status", "Planned improvement/action needed and deadline"]


def thematic_rows(client, **params):
    """The thematic report's CSV as dicts, checking it is tidy: one header row, then rows as wide as it."""
    body = get(client, "gloucester", "thematic", "csv", round=gloucester_round().pk, **params).content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == THEMATIC_HEADER
    assert all(len(row) == len(THEMATIC_HEADER) for row in rows[1:])
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def counts_by_outcome(rows):
    counts = {}
    for row in rows:
        counts.setdefault(row["Outcome code"], Counter())[row["Status"]] += 1
    return {code: (c["Green"], c["Amber"], c["Red"], c.total()) for code, c in counts.items()}


def test_thematic_csv_is_tidy_with_seed_004_counts(demo):
    rows = thematic_rows(demo)
    assert len(rows) == 11  # one row per task, no title, summary or repeated header rows
    assert counts_by_outcome(rows) == SEED_004
    first = rows[0]
    outcome = Outcome.objects.get(partnership__slug="gloucester", code="2.1")
    assert (first["Outcome code"], first["Outcome"], first["Thematic sub-group"]) == \
        ("2.1", outcome.title, "Stronger Communities Group")
    assert not any(r["Outcome code"].startswith(("Thematic", "Summary", "Section")) for r in rows)


def add_task_without_update(title="Map community buildings"):
    """A task in the round (its outcome's group reports in it) with no update in the round."""
    action = Task.objects.filter(action__partnership__slug="gloucester", action__outcome__code="3.1").first().action
    return Task.objects.create(action=action, ref="z", title=title)


def test_thematic_counts_tasks_without_an_update(demo):
    add_task_without_update()
    rows = thematic_rows(demo)
    assert len(rows) == 12
    missing = next(r for r in rows if r["Task"].endswith("Map community buildings"))
    assert (missing["Outcome code"], missing["Status"], missing["Position"]) == ("3.1", "No update", "")
    assert counts_by_outcome(rows)["3.1"] == (0, 0, 1, 2)
    html = get(demo, "gloucester", "thematic", "html", round=gloucester_round().pk).content.decode()
    section = html.split("Outcome: 3.1")[1].split("</table>")[0]  # its summary table
    assert "No update</strong></th><td class=\"govuk-table__cell govuk-table__cell--numeric\">1<" in section
    assert "Total</th><td class=\"govuk-table__cell govuk-table__cell--numeric\">2<" in section


def test_thematic_xlsx(demo):
    from openpyxl import load_workbook

    add_task_without_update()
    data = get(demo, "gloucester", "thematic", "xlsx", round=gloucester_round().pk).content
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Tasks", "Summary", "About"]
    tasks = book["Tasks"]
    values = [trim([c.value for c in row]) for row in tasks.iter_rows()]
    assert values[0] == THEMATIC_HEADER and tasks.freeze_panes == "A2"
    assert len(values) == 13  # the header and one row per task, nothing else
    status_cells = [row[7] for row in tasks.iter_rows(min_row=2) if row[0].value == "2.1"]
    assert [c.value for c in status_cells] == ["Amber", "Amber", "Green", "Red"]
    assert status_cells[3].fill.fgColor.rgb.endswith("D4351C")
    summary = [trim([c.value for c in row]) for row in book["Summary"].iter_rows()]
    assert summary[0] == ["Outcome code", "Outcome", "Thematic sub-group", "Green – on track",
                          "Amber – needs attention", "Red – needs action", "No update", "Total"]
    by_code = {row[0]: row[3:] for row in summary[1:]}
    assert by_code == {"2.1": [1, 2, 1, 0, 4], "2.2": [2, 2, 2, 0, 6], "3.1": [0, 0, 1, 1, 2]}
    assert isinstance(by_code["2.1"][-1], int)  # numbers are numbers
    about = [row[0].value for row in book["About"].iter_rows()]
    assert about[0] == "Thematic group performance report" and about[2].startswith(gloucester_round().name)


def test_thematic_pdf(demo):
    from pypdf import PdfReader

    data = made(demo, "gloucester", "thematic", "pdf", round=gloucester_round().pk)  # made by the worker
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
    # The thematic report needs a round; with none yet, it says so (issue 15), so every member gets 200.
    assert response.status_code == expected(persona, MEMBERS)


@pytest.mark.parametrize("persona", ["officer", "viewer"])
def test_thematic_report_without_rounds_says_how_to_open_one(as_user, partnership, persona):
    client = as_user(persona)
    index = client.get(reverse("report_index", args=[partnership.slug])).content.decode()
    link = reverse("report", args=[partnership.slug, "thematic"])
    assert f'href="{link}"' in index  # the index links it without a round
    response = client.get(link)
    text = response.content.decode()
    assert response.status_code == 200 and "No reporting rounds yet" in text
    create = reverse("round_create", args=[partnership.slug])
    assert (f'href="{create}"' in text) == (persona == "officer")  # only who may open a round is offered to
    assert client.get(link, {"format": "csv"}).status_code == 404  # a download has nothing to show


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
        cache.clear()  # the cost of building the report (the rows below are added without audit events)
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
    env.pop("DATABASE_REPLICA_URL", None)  # the demo runs on SQLite, which has no replica
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run([sys.executable, "-m", "placeboard.cli", *args], env=env, capture_output=True, text=True,
                          timeout=300)


def test_command_line(tmp_path):
    assert run_cli("demo", "--data-dir", str(tmp_path), "--no-serve", data_dir=tmp_path).returncode == 0
    out = tmp_path / "report.csv"
    done = run_cli("report", "thematic", "--partnership", "gloucester", "--round",
                   "Stronger Communities report, September 2008", "--format", "csv", "-o", str(out), data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(out.read_text())))
    assert rows[0][:3] == ["Outcome code", "Outcome", "Thematic sub-group"] and len(rows) == 12
    done = run_cli("report", "thematic", "--partnership", "gloucester", "--round",
                   "Stronger Communities report, September 2008", "--outcome", "2.1", "--format", "csv",
                   "-o", str(out), data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(out.read_text())))
    assert len(rows) == 5 and {r[0] for r in rows[1:]} == {"2.1"}
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

    # The thematic report by outcome: only that outcome's tasks.
    o22 = Outcome.objects.get(partnership__slug="gloucester", code="2.2")
    assert {r["Outcome code"] for r in thematic_rows(demo, outcome=o22.pk)} == {"2.2"}
    # By group: the Stronger Communities group owns all three outcomes.
    group = o22.group or o22.theme.group
    assert {r["Outcome code"] for r in thematic_rows(demo, group=group.pk)} == set(SEED_004)

    # By area: a place with no figures of its own gives no actuals, not the whole place's.
    ward = Area.objects.filter(partnership__slug="coventry").exclude(parent=None).first()
    body = get(demo, "coventry", "spreadsheet", "csv", area=ward.pk).content.decode()
    assert f"area: {ward}" in body
    rows = list(csv.reader(io.StringIO(body)))
    header = next(r for r in rows if r[0] == "Section")
    data = [r for r in rows[1:] if len(r) == len(header) and r[0] != "Section"]
    assert len(data) == len(everything)
    assert all(r[header.index("Latest update")] == "" for r in data)
