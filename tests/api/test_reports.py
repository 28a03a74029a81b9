"""Reports as JSON (issue 19): every registered kind, saying what its CSV says, through the web's filter form."""

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placeboard.core.models import Area, Group, Outcome, Partnership, Theme
from placeboard.core.spreadsheets import restore
from placeboard.funding.models import FundingAmount, FundingStream
from placeboard.performance.models import Action, Indicator, ReportingRound, Task, TaskUpdate
from placeboard.performance.periods import parse_period
from placeboard.performance.reporting import report_kinds
from placeboard.performance.revisions import revise_target
from placeboard.performance.stored import refresh_assessments
from placeboard.reports.builders import BUILDERS
from placeboard.selfassessment import services as selfassessment
from tests.api.test_access import expected
from tests.benchmarking.test_benchmark_reports import add_values
from tests.performance.conftest import add_actual, add_target
from tests.personas import ALL, MEMBERS

pytestmark = pytest.mark.django_db

BASE = "/api/v1/partnerships/testshire/reports/"
KINDS = sorted(BUILDERS)
FILTER_NAMES = ["round", "theme", "group", "outcome", "area"]


def make_round(partnership, name, period, day):
    round_ = ReportingRound(partnership=partnership, name=name, reporting_date=day)
    round_.set_period(parse_period(period))
    round_.save()
    round_.refresh_from_db()
    return round_


@pytest.fixture
def data(partnership, indicators, personas):
    """The API's indicators, two rounds of the Safer Communities Group's tasks (one task Green, then Red; one
    never updated), a target revision after the later round, a self-assessment, a funding stream, comparators'
    figures and figures by area: rows in every kind."""
    safer = Group.objects.get(name="Safer Communities Group")
    earlier = make_round(partnership, "Q4 2005/06", "2005/06 Q4", date(2006, 4, 30))
    round_ = make_round(partnership, "Q1 2006/07", "2006/07 Q1", date(2006, 7, 31))
    round_.groups.add(safer)
    earlier.groups.add(safer)
    action = Action.objects.create(partnership=partnership, outcome=Outcome.objects.get(code="1.1.1"),
                                   title="Target persistent offenders")
    updated = Task.objects.create(action=action, ref="a", title="Agree the list", target="100 names",
                                  due=date(2006, 6, 30))
    Task.objects.create(action=action, ref="b", title="Review monthly")
    TaskUpdate.objects.create(round=round_, task=updated, position="List half agreed", status="red",
                              planned_improvement="Chase the probation service", deadline=date(2006, 8, 31))
    TaskUpdate.objects.create(round=earlier, task=updated, position="Started", status="green")
    revise_target(target=indicators["reregistrations"].targets.get(kind="target"), new_value=Decimal("30"),
                  reason="Re-profiled", effective_from=date(2006, 10, 1), user=personas["officer"])
    selfassessment.open_self_assessment(personas["officer"], partnership, year="2006/07", title="Annual review",
                                        held_on=date(2007, 1, 9), groups=[safer])
    stream = FundingStream.objects.create(partnership=partnership, name="Children's Fund",
                                          theme=Theme.objects.get(code="1"), arrangement="pooled",
                                          pooling="automatic")
    FundingAmount.objects.create(stream=stream, year="2006/07", revenue=Decimal("1250.50"))
    # NI 072 before the round: ranked among comparators, and by area (North the priority neighbourhood).
    ni72 = indicators["ni72"]
    add_values(partnership, ni72, "Unitary councils", "AY 2004/05",
               [("Bath and North East Somerset", "E06000022", "55.0"), ("Testshire", "E06000099", "57.25"),
                ("Bristol", "E06000023", "49.5")], national="52.0")
    county = Area.objects.get(name="Testshire")
    south = Area.objects.create(partnership=partnership, name="South", area_type="community_area", parent=county)
    for period, north, rest in [("AY 2003/04", 40, 60), ("AY 2004/05", "45.5", 59)]:
        add_actual(ni72, period, north, area=Area.objects.get(name="North"))
        add_actual(ni72, period, rest, area=south)
    return {"round": round_, "earlier": earlier, "safer": safer, **indicators}


def get(client, bearer, path="", persona="officer", **params):
    return client.get(BASE + path, params, **bearer(persona))


def csv_of(client, personas, kind, params):
    """The web's own CSV download of the report, as rows of text."""
    client.force_login(personas["officer"])
    response = client.get(reverse("report", args=["testshire", kind]), {**params, "format": "csv"})
    client.logout()
    assert response.status_code == 200, response.content[:300]
    return [[restore(value) for value in row] for row in csv.reader(io.StringIO(response.content.decode()))]


def written(cell):
    """What the CSV writes for a cell of the JSON: the number where it is one (and no note goes with it), else
    its text with its note in brackets."""
    if cell["number"] is not None and not cell["note"]:
        return cell["number"]
    return f"{cell['text']} ({cell['note']})" if cell["note"] else cell["text"]


def as_csv(report):
    """The JSON report laid out as the CSV lays out a report (reports.render.to_csv), from the JSON alone."""
    if report["tidy"]:
        table = report["tidy"][0]
        return [table["columns"], *[[written(c) for c in row] for row in table["rows"]]]
    rows = [[report["title"], report["partnership"], report["subtitle"]], *[[note] for note in report["notes"]]]
    width = max((len(s["columns"]) for s in report["sections"]), default=0)
    for section in report["sections"]:
        rows.append(["Section", *section["columns"]] + [""] * (width - len(section["columns"])))
        rows += [[section["heading"], f"Summary: {s['label']}", s["number"] or s["text"]] for s in section["summary"]]
        rows += [[section["heading"], *[written(c) for c in row]] for row in section["rows"]]
    return rows


# -- the list of kinds --------------------------------------------------------------------------------------

def test_the_list_gives_every_registered_kind(client, bearer, partnership):
    body = get(client, bearer).json()
    assert body["next"] is None
    assert [k["key"] for k in body["items"]] == [k.slug for k in report_kinds()]
    assert {"selfassessment", "revisions", "funding", "benchmarking", "gap", "thematic"} <= set(KINDS)
    by_key = {k["key"]: k for k in body["items"]}
    assert [k for k, item in by_key.items() if item["needs_round"]] == ["thematic"]
    assert by_key["revisions"]["live_figures"] and not by_key["spreadsheet"]["live_figures"]
    assert by_key["thematic"]["title"] == "Thematic group performance report"
    assert by_key["thematic"]["filters"][0] == {"name": "round", "label": "Round", "required": True}
    for item in body["items"]:
        assert [f["name"] for f in item["filters"]] == FILTER_NAMES
        assert all(not f["required"] for f in item["filters"][1:])


def test_approved_is_a_filter_where_figures_need_sign_off(client, bearer, partnership):
    Partnership.objects.filter(pk=partnership.pk).update(sign_off=True)
    body = get(client, bearer).json()
    assert all([f["name"] for f in k["filters"]] == [*FILTER_NAMES, "approved"] for k in body["items"])
    assert body["items"][0]["filters"][-1] == {"name": "approved", "label": "Figures", "required": False}


# -- every kind --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_answers_for_an_officer(client, bearer, data, kind):
    response = get(client, bearer, f"{kind}/", round=data["round"].pk)
    assert response.status_code == 200, response.content[:500]
    body = response.json()
    assert body["kind"] == kind and body["title"] and body["sections"]
    assert body["filters"] == {"round": data["round"].pk, "theme": None, "group": None, "outcome": None,
                               "area": None, "approved": False}
    assert body["rows"] == sum(len(s["rows"]) for s in body["sections"])
    # Every kind has rows here but the revisions as of the round (the one revision takes effect after it).
    assert (body["rows"] > 0) == (kind != "revisions")
    assert "<svg" not in response.content.decode() and "<" not in json.dumps(body["sections"])
    # Without a round: the kinds the list says need one refuse, naming the parameter; every other answers.
    needs = {k["key"]: k["needs_round"] for k in get(client, bearer).json()["items"]}[kind]
    response = get(client, bearer, f"{kind}/")
    if needs:
        assert response.status_code == 422
        problem = response.json()
        assert problem["errors"] == [{"loc": ["query", "round"], "msg": f"The {kind} report is a snapshot of a "
                                                                        "reporting round: choose a round."}]
    else:
        assert response.status_code == 200, response.content[:500]
        assert response.json()["filters"]["round"] is None


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("which", ["round", "theme and area", "earlier round and group"])
def test_json_says_what_the_csv_says(client, bearer, personas, data, kind, which):
    params = {"round": {"round": data["round"].pk},
              "theme and area": {"theme": Theme.objects.get(code="1").pk, "area": Area.objects.get(name="North").pk,
                                 **({"round": data["round"].pk} if kind == "thematic" else {})},
              "earlier round and group": {"round": data["earlier"].pk, "group": data["safer"].pk}}[which]
    response = get(client, bearer, f"{kind}/", **params)
    assert response.status_code == 200, response.content[:500]
    report = response.json()
    table = csv_of(client, personas, kind, params)
    assert as_csv(report) == table
    assert len(table) > 1


def test_a_reports_content(client, bearer, data):
    """The exception report of the round: CYP 41's 26.8% against the 13% target in force then (Red; raised to 30%
    after the round), its comment, and the round's Red task."""
    body = get(client, bearer, "exceptions/", round=data["round"].pk).json()
    assert (body["title"], body["subtitle"], body["partnership"]) == ("Exception report", "Q1 2006/07",
                                                                      "Testshire Partnership")
    off, tasks = body["sections"]
    assert off["columns"] == ["Indicator", "Period", "Actual", "Target", "Variance", "Status", "Comment"]
    [row] = off["rows"]
    assert [c["text"] for c in row] == [
        "CYP 41 Re-registrations on the child protection register", "2006/07 Q1", "26.8", "13", "13.8", "Red",
        "Small numbers; reviewed by the safeguarding board."]
    assert row[2] == {"text": "26.8", "number": "26.8", "status": None, "note": "", "link": None}
    assert row[3] == {"text": "13", "number": "13", "status": None, "link": None,
                      "note": "revised from 13.0% to 30.0% on 1 October 2006, after this round"}
    assert row[5] == {"text": "Red", "number": None, "status": "red", "note": "", "link": None}
    assert [[c["text"] for c in r] for r in tasks["rows"]] == [
        ["1.1.1 Fewer burglaries", "a) Agree the list", "List half agreed", "Red", "Chase the probation service"]]


def test_links_are_absolute_and_charts_left_out(client, bearer, data):
    body = get(client, bearer, "dashboard/", round=data["round"].pk).json()
    scorecards = body["sections"][0]
    assert scorecards["layout"] == "tiles"
    theme = Theme.objects.get(code="1")
    assert scorecards["rows"][0][0]["link"] == f"http://testserver/p/testshire/themes/{theme.pk}/"
    mix = next(s for s in body["sections"] if s["heading"].startswith("Status mix"))
    assert mix["charts"] == ["The status mix in each round"]
    assert [r[0]["text"] for r in mix["rows"]] == ["Q4 2005/06", "Q1 2006/07"]
    assert [int(r[-1]["number"]) for r in mix["rows"]] == [4, 4]
    ambition = next(s for s in body["sections"] if s["heading"] == "Ambition: 1 Safer communities")
    treatment = next(r for r in ambition["rows"] if r[0]["text"].startswith("CYP 36"))
    assert treatment[0]["link"] == f"http://testserver/p/testshire/indicators/{data['treatment'].pk}/"
    assert treatment[6]["text"].startswith("2006/07 Q1: 58") and "<" not in treatment[6]["text"]


def test_the_thematic_report_gives_its_tidy_tables(client, bearer, data):
    body = get(client, bearer, "thematic/", round=data["round"].pk).json()
    [section] = body["sections"]
    assert section["heading"] == "Outcome: 1.1.1 Fewer burglaries"
    assert section["summary"] == [
        {"label": "Green – on track", "text": "0", "number": "0", "status": "green"},
        {"label": "Amber – needs attention", "text": "0", "number": "0", "status": "amber"},
        {"label": "Red – needs action", "text": "1", "number": "1", "status": "red"},
        {"label": "No update", "text": "1", "number": "1", "status": "no_data"},
        {"label": "Total", "text": "2", "number": "2", "status": None}]
    tasks, summary = body["tidy"]
    assert [tasks["heading"], summary["heading"]] == ["Tasks", "Summary"]
    assert [[c["text"] for c in r][3:] for r in tasks["rows"]] == [
        ["Target persistent offenders", "a) Agree the list", "100 names", "List half agreed", "Red",
         "Chase the probation service (by 31 Aug 2006)"],
        ["Target persistent offenders", "b) Review monthly", "", "", "No update", ""]]
    assert body["rows"] == 2


def test_a_closed_round_says_so_and_marks_revisions(client, bearer, data, personas):
    """Made by the one build(), which adds the closed round's note the builders do not."""
    from placeboard.performance.services import record_observation

    client.force_login(personas["officer"])
    assert client.post(reverse("round_close", args=["testshire", data["round"].pk])).status_code == 302
    client.logout()
    record_observation(indicator=data["reregistrations"], period=parse_period("2006/07 Q1"),
                       user=personas["provider"], value=12, status="final", note="Corrected count")
    body = get(client, bearer, "exceptions/", round=data["round"].pk).json()
    assert body["notes"][0].startswith("Figures as they stood when the round closed on")
    actual = body["sections"][0]["rows"][0][2]
    assert (actual["text"], actual["number"], actual["note"]) == ("26.8", "26.8", "revised since: now 12")


def test_approved_figures_only(client, bearer, data, personas):
    Partnership.objects.filter(pk=data["round"].partnership_id).update(sign_off=True)
    every = get(client, bearer, "spreadsheet/").json()
    approved = get(client, bearer, "spreadsheet/", approved="1").json()
    assert (every["filters"]["approved"], approved["filters"]["approved"]) == (False, True)
    assert "Approved figures only" in approved["notes"]
    assert as_csv(approved) == csv_of(client, personas, "spreadsheet", {"approved": "1"})
    assert as_csv(approved) != as_csv(every)


def test_etag(client, bearer, data):
    first = get(client, bearer, "agreement/")
    assert first.status_code == 200 and first["ETag"]
    again = client.get(BASE + "agreement/", HTTP_IF_NONE_MATCH=first["ETag"], **bearer("officer"))
    assert again.status_code == 304


# -- who may ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("path", ["", *[f"{kind}/" for kind in KINDS]])
def test_personas(client, bearer, data, persona, path):
    response = get(client, bearer, path, persona, round=data["round"].pk)
    assert response.status_code == expected(persona, MEMBERS)
    if response.status_code != 200:
        assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("persona", sorted(MEMBERS))
def test_a_read_only_token_reads(client, bearer, data, persona):
    assert client.get(BASE + "spreadsheet/", **bearer(persona, "read")).status_code == 200


def test_another_partnerships_round_and_filters(client, bearer, data, personas):
    elsewhere = Partnership.objects.get(slug="elsewhere")
    theirs = make_round(elsewhere, "Theirs", "2006/07 Q1", date(2006, 7, 31))
    their_theme = Theme.objects.create(partnership=elsewhere, code="9", name="Theirs")
    for name, pk in [("round", theirs.pk), ("theme", their_theme.pk)]:
        response = get(client, bearer, "spreadsheet/", **{name: pk})
        assert response.status_code == 422
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["errors"] == [{"loc": ["query", name], "msg": "Select a valid choice. That choice "
                                                                             "is not one of the available choices."}]
        # The web page finds nothing there either.
        client.force_login(personas["officer"])
        assert client.get(reverse("report", args=["testshire", "spreadsheet"]), {name: pk}).status_code == 404
        client.logout()
    # Their partnership, asked for by its slug, is not found for one of ours.
    response = client.get("/api/v1/partnerships/elsewhere/reports/spreadsheet/", **bearer("officer"))
    assert response.status_code == 404


# -- bad input --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("params, field, message", [
    ({"round": "abc"}, "round", "Select a valid choice. That choice is not one of the available choices."),
    ({"round": str(2 ** 63 - 1)}, "round", "Select a valid choice. That choice is not one of the available choices."),
    ({"round": str(2 ** 70)}, "round", "Select a valid choice. That choice is not one of the available choices."),
    ({"area": "-1"}, "area", "Select a valid choice. That choice is not one of the available choices."),
    ({"outcome": "1.5"}, "outcome", "Select a valid choice. That choice is not one of the available choices."),
    ({"group": "x" * 40}, "group", "Select a valid choice. That choice is not one of the available choices."),
])
def test_bad_filters_are_named_in_the_forms_words(client, bearer, data, params, field, message):
    response = get(client, bearer, "dashboard/", **params)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["errors"] == [{"loc": ["query", field], "msg": message}]
    assert body["detail"] == f"{field}: {message}"


def test_bad_filters_together(client, bearer, data):
    body = get(client, bearer, "spreadsheet/", round="x", area="y", theme=str(Theme.objects.get(code="1").pk)).json()
    assert [e["loc"] for e in body["errors"]] == [["query", "round"], ["query", "area"]]


@pytest.mark.parametrize("params", [{"round": "1\x00"}, {"theme": "9" * 41}])
def test_text_the_database_cannot_take_is_refused_before_the_form(client, bearer, data, params):
    response = get(client, bearer, "dashboard/", **params)
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["query", next(iter(params))]


def test_approved_without_sign_off_is_ignored_as_on_the_web(client, bearer, data):
    response = get(client, bearer, "spreadsheet/", approved="1")
    assert response.status_code == 200 and response.json()["filters"]["approved"] is False
    Partnership.objects.filter(pk=data["round"].partnership_id).update(sign_off=True)
    response = get(client, bearer, "spreadsheet/", approved="yes")
    assert response.status_code == 422
    assert response.json()["errors"] == [{"loc": ["query", "approved"], "msg": "Select a valid choice. yes is not "
                                                                               "one of the available choices."}]


@pytest.mark.parametrize("kind", ["horoscope", "packs", "x" * 50])
def test_an_unknown_kind_is_not_found(client, bearer, data, kind):
    response = get(client, bearer, f"{kind}/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("kind", ["horo%00scope", "x" * 51, "a.b"])
def test_a_kind_no_report_could_be_called_is_refused(client, bearer, data, kind):
    response = get(client, bearer, f"{kind}/")
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["path", "kind"]


# -- cost -------------------------------------------------------------------------------------------------

def add_indicators(partnership, count):
    jobs, crime = Outcome.objects.get(code="2.1"), Outcome.objects.get(code="1.1.1")
    added = []
    for n in range(count):
        indicator = Indicator.objects.create(partnership=partnership, code=f"EXTRA {n}", title=f"Extra {n}",
                                             value_type="count", polarity="higher",
                                             collection_interval="financial_quarter")
        indicator.outcomes.add(jobs if n % 2 else crime)
        add_target(indicator, "2006/07", "100")
        add_actual(indicator, "2006/07 Q1", str(20 + n), note="Behind")
        added.append(indicator.pk)
    refresh_assessments(added)


@pytest.mark.parametrize("kind", KINDS)
def test_queries_do_not_grow_with_indicators(client, bearer, data, kind):
    headers = bearer("officer")
    client.get(BASE, **headers)  # the token's first use is recorded once

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"{BASE}{kind}/", {"round": data["round"].pk}, **headers)
        assert response.status_code == 200
        return len(ctx.captured_queries), response.json()["rows"]

    small, rows = count()
    add_indicators(data["round"].partnership, 10)
    large, more_rows = count()
    assert large == small
    if kind in ("spreadsheet", "agreement", "exceptions", "dashboard"):
        assert more_rows > rows
