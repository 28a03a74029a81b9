"""The annual self-assessment and its improvement plan (issue 18 §3, seed 003 appendix 2): who may do what, the
data a theme group's assessment is pre-filled with, bad input refused, every write audited, the report in every
format, the round's tracking of the plan and query counts that do not grow with rows."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placeboard.core.models import AreaSet, AuditEvent, Group, Organisation, PopulationGroup
from placeboard.performance.models import ReportingRound
from placeboard.performance.periods import parse_period
from placeboard.selfassessment import services
from placeboard.selfassessment.models import (
    GenericIssue,
    ImprovementAction,
    ImprovementUpdate,
    ProxyMeasure,
    SelfAssessment,
    ThemeAssessment,
)
from tests.performance.conftest import add_actual
from tests.personas import ALL, MANAGERS, MEMBERS, expected

SLUG = "testshire"


def url(name, *args):
    return reverse(name, args=[SLUG, *args])


@pytest.fixture
def safer(partnership):
    return Group.objects.get(name="Safer Communities Group")


@pytest.fixture
def opened(partnership, personas, indicators, safer):
    return services.open_self_assessment(personas["officer"], partnership, year="2006/07", title="Annual review",
                                         held_on=date(2007, 1, 9), groups=[safer])


def make_round(partnership, name="2007/08 Q1 report", period="2007/08 Q1", day=date(2007, 7, 31), closed=False):
    r = ReportingRound(partnership=partnership, name=name, reporting_date=day)
    r.set_period(parse_period(period))
    if closed:
        from django.utils import timezone
        r.closed_at = timezone.now()
    r.save()
    return r


def add_action(assessment, ref="1", **extra):
    values = {"weakness": "Roles unclear", "action": "Write terms of reference", "deadline": date(2007, 3, 31),
              "target": "Agreed by the Board in March", "owner_name": "Development Manager"}
    values.update(extra)
    return ImprovementAction.objects.create(self_assessment=assessment, ref=ref, **values)


# -- the pre-filled data ------------------------------------------------------------------------------------------

def test_opening_prefills_each_group_from_the_stored_assessments(opened, indicators, safer):
    theme = opened.themes.get()
    snap = theme.snapshot
    assert theme.group == safer
    # CYP 36 and CYP 41 sit under theme 1.1, which the Safer group owns through theme 1; NI 072 and 092 do not.
    assert snap["total"] == 2
    counts = {value: count for value, _, count in snap["counts"]}
    assert counts["red"] == 1 and counts["green"] == 1
    [exception] = snap["exceptions"]
    assert exception["code"] == "CYP 41" and exception["status"] == "red"
    assert exception["actual"] == "26.8%" and exception["note"].startswith("Small numbers")
    assert snap["missing_groups"] == ["Older people"]


def test_the_snapshot_takes_population_groups_gap_and_proxies(opened, partnership, indicators, personas):
    older = PopulationGroup.objects.get(name="Older people")
    add_actual(indicators["reregistrations"], "2006/07 Q1", "30", population_group=older)
    from placeboard.core.models import Area
    north, county = Area.objects.get(name="North"), Area.objects.get(name="Testshire")
    south = Area.objects.create(partnership=partnership, name="South", area_type="community_area", parent=county)
    for period, n, s in (("2006/07 Q1", "30", "20"), ("2006/07 Q2", "28", "21")):
        add_actual(indicators["reregistrations"], period, n, area=north)
        add_actual(indicators["reregistrations"], period, s, area=south)
    theme = opened.themes.get()
    ProxyMeasure.objects.create(theme_assessment=theme, population_group=older, indicator=indicators["treatment"],
                                area_set=AreaSet.objects.get(), description="Areas with most older residents")
    services.refresh_snapshot(personas["officer"], theme)
    snap = ThemeAssessment.objects.get(pk=theme.pk).snapshot
    assert snap["population_groups"] == [{"group": "Older people", "figures": [
        {"indicator": "CYP 41 Re-registrations on the child protection register", "period": "2006/07 Q1",
         "value": "30.0%"}]}]
    assert snap["missing_groups"] == []
    [gap] = snap["gap"]
    assert gap["area_set"] == "Priority neighbourhoods" and gap["change"] == "Narrowing"
    [proxy] = snap["proxies"]
    assert proxy["population_group"] == "Older people" and proxy["indicator"].startswith("CYP 36")
    # Refreshing is audited, and the answers stay.
    assert AuditEvent.objects.filter(object_type="theme assessment", action="update").count() == 1


# -- permissions --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("persona", ALL)
def test_who_may_see_and_who_may_change(as_user, persona, opened, partnership):
    theme = opened.themes.get()
    action = add_action(opened, owner_organisation=Organisation.objects.get(name="Testshire Police"))
    round_ = make_round(partnership)
    client = as_user(persona)
    for page in (url("sa_list"), url("sa_detail", opened.pk), url("sa_theme", opened.pk, theme.pk),
                 url("sa_round", round_.pk), url("report", "selfassessment")):
        assert client.get(page).status_code == expected(persona, MEMBERS), page
    for page in (url("sa_open"), url("sa_edit", opened.pk), url("sa_issue_add", opened.pk),
                 url("sa_action_add", opened.pk)):
        assert client.get(page).status_code == expected(persona, MANAGERS), page
    # A theme lead of the group answers its questions.
    assert client.get(url("sa_theme_edit", opened.pk, theme.pk)).status_code == expected(
        persona, MANAGERS | {"theme_lead"})
    # The owning organisation's data provider records the action's progress.
    assert client.get(url("sa_action_update", round_.pk, action.pk)).status_code == expected(
        persona, MANAGERS | {"provider"})


def test_a_theme_lead_of_another_group_may_not_answer(as_user, opened, partnership):
    other = Group.objects.create(partnership=partnership, name="Jobs Group", kind="theme_group")
    theme = ThemeAssessment.objects.create(self_assessment=opened, group=other)
    lead = as_user("theme_lead")
    assert lead.get(url("sa_theme_edit", opened.pk, theme.pk)).status_code == 403
    assert lead.post(url("sa_theme_refresh", opened.pk, theme.pk)).status_code == 403


def test_another_partnerships_self_assessment_is_not_found(as_user, opened, personas):
    from placeboard.core.models import Partnership

    theirs = SelfAssessment.objects.create(partnership=Partnership.objects.get(slug="elsewhere"), year="2006/07",
                                           title="Theirs")
    officer = as_user("officer")
    assert officer.get(url("sa_detail", theirs.pk)).status_code == 404
    assert officer.post(url("sa_status", theirs.pk)).status_code == 404


# -- the steps, audited, and bad input refused ---------------------------------------------------------------------

def test_every_step_is_audited(as_user, partnership, indicators, safer):
    officer = as_user("officer")
    events = AuditEvent.objects.filter(partnership=partnership)

    seen = [events.count()]

    def step(response, more):
        """The response (made before this is called) redirected, and wrote `more` audit events."""
        assert response.status_code == 302, response.context and response.context["form"].errors
        now = events.count()
        written, seen[0] = now - seen[0], now
        return written == more

    assert step(officer.post(url("sa_open"), {"year": "2006/7", "title": "Annual review", "held_on": "2007-01-09",
                                              "groups": [safer.pk]}), 2)  # the self-assessment and one group's
    assessment = SelfAssessment.objects.get()
    assert assessment.year == "2006/07"  # stored as its canonical label
    theme = assessment.themes.get()
    answers = {"summary": "Steady", "progress_rating": "3", "progress_evidence": "Most targets met",
               "barriers_rating": "2", "barriers_evidence": "Data arrives late"}
    lead = as_user("theme_lead")  # the one test client, signed in again for each persona
    assert step(lead.post(url("sa_theme_edit", assessment.pk, theme.pk), answers), 1)
    assert step(lead.post(url("sa_proxy_add", assessment.pk, theme.pk), {
        "population_group": PopulationGroup.objects.get().pk, "description": "North", "area_set":
        AreaSet.objects.get().pk}), 1)
    assert step(lead.post(url("sa_proxy_delete", assessment.pk, theme.pk, ProxyMeasure.objects.get().pk)), 1)
    officer = as_user("officer")
    assert step(officer.post(url("sa_issue_add", assessment.pk), {"text": "Links with partnerships",
                                                                  "arises_from": [theme.pk], "position": 1}), 1)
    assert step(officer.post(url("sa_edit", assessment.pk), {"title": "Annual review", "held_on": "2007-01-09",
                                                             "board_assessment": "Working well.\n- but unclear roles"}), 1)
    assert step(officer.post(url("sa_action_add", assessment.pk), {
        "ref": "1", "weakness": "Roles unclear", "action": "Terms of reference", "owner_group": safer.pk,
        "deadline": "2007-03-31", "target": "Agreed in March"}), 1)
    action = ImprovementAction.objects.get()
    round_ = make_round(partnership)
    lead = as_user("theme_lead")
    assert step(lead.post(url("sa_action_update", round_.pk, action.pk), {"status": "amber",
                                                                          "progress": "Drafted"}), 1)
    assert ImprovementUpdate.objects.get().updated_by.username == "theme_lead"
    officer = as_user("officer")
    assert step(officer.post(url("sa_issue_delete", assessment.pk, GenericIssue.objects.get().pk)), 1)
    assert step(officer.post(url("sa_status", assessment.pk)), 1)
    assessment.refresh_from_db()
    assert not assessment.is_open
    # Closed: answers, issues and the plan are fixed until reopened; the plan is still tracked.
    assert officer.get(url("sa_action_add", assessment.pk)).status_code == 403
    lead = as_user("theme_lead")
    assert lead.post(url("sa_theme_edit", assessment.pk, theme.pk), answers).status_code == 403
    assert step(lead.post(url("sa_action_update", round_.pk, action.pk), {"status": "done",
                                                                          "progress": "Agreed"}), 1)
    kinds = set(events.values_list("object_type", flat=True))
    assert {"self assessment", "theme assessment", "proxy measure", "generic issue", "improvement action",
            "improvement update"} <= kinds


@pytest.mark.parametrize("data, field, message", [
    ({"year": "2006"}, "year", "not a financial year"),
    ({"year": "2006/08"}, "year", "not a year Placeboard can read"),
    ({"year": "2006/07", "groups": []}, "groups", "This field is required"),
])
def test_opening_refuses_bad_input(as_user, partnership, safer, data, field, message):
    form = {"title": "Review", "groups": [safer.pk], **data}
    response = as_user("officer").post(url("sa_open"), form)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "There is a problem" in response.content.decode()
    assert not SelfAssessment.objects.exists()


def test_one_self_assessment_a_year(as_user, opened, safer):
    response = as_user("officer").post(url("sa_open"), {"year": "2006/07", "title": "Again", "groups": [safer.pk]})
    assert "already a self-assessment for 2006/07" in response.context["form"].errors["year"][0]


def test_a_rating_needs_evidence_and_an_action_an_owner(as_user, opened, partnership):
    theme = opened.themes.get()
    response = as_user("theme_lead").post(url("sa_theme_edit", opened.pk, theme.pk), {"gap_rating": "1"})
    assert "Give the evidence" in response.context["form"].errors["gap_evidence"][0]
    assert response.context["form"].errors.keys() == {"gap_evidence"}
    officer = as_user("officer")
    base = {"ref": "1", "weakness": "w", "action": "a", "deadline": "2007-03-31", "target": "t"}
    response = officer.post(url("sa_action_add", opened.pk), base)
    assert "Give the action an owner" in str(response.context["form"].errors)
    add_action(opened)
    response = officer.post(url("sa_action_add", opened.pk), {**base, "owner_name": "Chair"})
    assert "numbered 1" in response.context["form"].errors["ref"][0]
    response = officer.post(url("sa_action_add", opened.pk), {**base, "ref": "2", "owner_name": "Chair",
                                                               "deadline": "31/31/2007"})
    assert "deadline" in response.context["form"].errors
    response = as_user("theme_lead").post(url("sa_proxy_add", opened.pk, theme.pk), {
        "population_group": PopulationGroup.objects.get().pk, "description": "x"})
    assert "Choose the indicator or the area set" in response.context["form"].errors["indicator"][0]
    assert ImprovementAction.objects.count() == 1 and not ProxyMeasure.objects.exists()


def test_a_closed_round_takes_no_updates_and_amber_needs_progress(as_user, opened, partnership):
    action = add_action(opened)
    closed = make_round(partnership, name="Closed", closed=True)
    officer = as_user("officer")
    assert officer.post(url("sa_action_update", closed.pk, action.pk), {"status": "green",
                                                                        "progress": "x"}).status_code == 403
    response = officer.post(url("sa_action_update", make_round(partnership).pk, action.pk), {"status": "purple"})
    errors = response.context["form"].errors
    assert "status" in errors and "progress" in errors
    assert not ImprovementUpdate.objects.exists()


# -- the round tracks the plan ------------------------------------------------------------------------------------

def test_rounds_track_the_plan_until_done(as_user, opened, partnership):
    from placeboard.core.panels import round_page

    action = add_action(opened)
    before = make_round(partnership, name="2005/06 report", period="2005/06", day=date(2006, 6, 30))
    first = make_round(partnership)
    later = make_round(partnership, name="2007/08 Q2 report", period="2007/08 Q2", day=date(2007, 10, 31))
    # A round before the plan's year does not track it.
    assert round_page.sections(before, partnership) == []
    [section] = round_page.sections(first, partnership)
    assert section["rows"] == [(action, None)]
    ImprovementUpdate.objects.create(action=action, round=first, status="done", progress="Agreed in March")
    assert round_page.sections(later, partnership) == []
    page = as_user("viewer").get(url("sa_round", first.pk)).content.decode()
    assert "Agreed in March" in page and "the progress of action" not in page  # a viewer reads but does not record


# -- the report ---------------------------------------------------------------------------------------------------

def test_the_report_reads_like_appendix_2_in_every_format(as_user, opened, partnership, indicators):
    theme = opened.themes.get()
    theme.progress_rating, theme.progress_evidence = 3, "Most targets met"
    theme.save()
    issue = GenericIssue.objects.create(self_assessment=opened, text="Performance management arrangements.")
    issue.arises_from.add(theme)
    opened.board_assessment = "Working well.\n\n- unclear roles"
    opened.save()
    action = add_action(opened)
    round_ = make_round(partnership)
    ImprovementUpdate.objects.create(action=action, round=round_, status="amber", progress="Drafted")
    viewer = as_user("viewer")
    page = viewer.get(url("report", "selfassessment")).content.decode()
    for text in ("Theme group self-assessments", "3 – Good", "Most targets met",
                 "Generic issues arising", "Performance management arrangements.", "Safer Communities Group",
                 "The partnership board&#x27;s own assessment", "- unclear roles", "Improvement plan",
                 "Write terms of reference", "indicators off target when assessed", "CYP 41"):
        assert text in page, text
    csv = viewer.get(url("report", "selfassessment") + f"?format=csv&round={round_.pk}").content.decode()
    assert "Drafted" in csv and "Amber – needs attention" in csv
    xlsx = viewer.get(url("report", "selfassessment") + "?format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_the_report_says_when_there_is_none(as_user, partnership, personas):
    page = as_user("viewer").get(url("report", "selfassessment")).content.decode()
    assert "No self-assessment has been opened" in page


def test_the_report_takes_the_rounds_year_else_the_latest(opened, partnership):
    from placeboard.selfassessment.report import choose

    later = SelfAssessment.objects.create(partnership=partnership, year="2007/08", title="Next")
    assert choose(partnership) == later
    assert choose(partnership, make_round(partnership, name="Q4", period="2006/07 Q4", day=date(2007, 4, 30))) \
        == opened
    assert choose(partnership, make_round(partnership, name="Far", period="2010/11", day=date(2011, 6, 30))) \
        == later


# -- query counts -------------------------------------------------------------------------------------------------

def test_pages_make_the_same_queries_however_many_rows(as_user, opened, partnership, indicators, personas):
    officer = as_user("officer")
    round_ = make_round(partnership)
    theme = opened.themes.get()

    def counts():
        found = []
        for page in (url("sa_list"), url("sa_detail", opened.pk), url("sa_theme", opened.pk, theme.pk),
                     url("sa_round", round_.pk), url("partnership_home"),
                     url("report", "selfassessment") + f"?round={round_.pk}&format=csv"):
            with CaptureQueriesContext(connection) as queries:
                assert officer.get(page).status_code == 200
            found.append(len(queries))
        return found

    def grow(n):
        group = Group.objects.create(partnership=partnership, name=f"Group {n}", kind="theme_group")
        other = ThemeAssessment.objects.create(self_assessment=opened, group=group, progress_rating=2,
                                               progress_evidence="x")
        issue = GenericIssue.objects.create(self_assessment=opened, text=f"Issue {n}")
        issue.arises_from.add(other, theme)
        action = add_action(opened, ref=f"A{n}", owner_group=group)
        ImprovementUpdate.objects.create(action=action, round=round_, status="green", progress="fine")
        ProxyMeasure.objects.create(theme_assessment=theme, population_group=PopulationGroup.objects.get(),
                                    area_set=AreaSet.objects.get(), description=f"Proxy {n}")
        SelfAssessment.objects.create(partnership=partnership, year=f"{2010 + n}/{(11 + n) % 100:02d}", title="x")

    grow(0)
    counts()  # the first visit fills caches the home page's other sections keep
    small = counts()
    for n in range(1, 6):
        grow(n)
    assert counts() == small


def test_edit_forms_show_the_stored_dates_so_saving_keeps_them(as_user, opened, partnership):
    """A date field is <input type="date">, which shows only an ISO value: a value in the site's own format
    (09/01/2007) was dropped by the browser, and saving the page unchanged erased the date."""
    officer = as_user("officer")
    action = add_action(opened)
    assert 'value="2007-01-09"' in officer.get(url("sa_edit", opened.pk)).content.decode()
    page = officer.get(url("sa_action_edit", opened.pk, action.pk)).content.decode()
    assert 'type="date" name="deadline" value="2007-03-31"' in page
