"""Indicator pages, targets, data entry and judgements through HTTP."""

from decimal import Decimal

import pytest
from django.urls import reverse

from placeboard.core.models import AuditEvent, Organisation, Outcome
from placeboard.performance.models import Indicator, Judgement, Observation, Target, ValueChange
from tests.personas import ALL, MANAGERS, MEMBERS, expected


def url(name, partnership, *args):
    return reverse(name, args=[partnership.slug, *args])


# -- permissions ----------------------------------------------------------------------


@pytest.mark.parametrize("persona", ALL)
def test_view_gatekeepers(as_user, partnership, indicators, persona):
    client = as_user(persona)
    ind = indicators["treatment"]
    assert client.get(url("indicator_list", partnership)).status_code == expected(persona, MEMBERS)
    assert client.get(url("indicator_detail", partnership, ind.pk)).status_code == expected(persona, MEMBERS)
    assert client.get(url("my_returns", partnership)).status_code == expected(persona, MEMBERS)


@pytest.mark.parametrize("persona", ALL)
def test_officer_only_pages(as_user, partnership, indicators, persona):
    client = as_user(persona)
    ind = indicators["treatment"]
    managers = MANAGERS
    for path in (url("indicator_create", partnership), url("indicator_edit", partnership, ind.pk),
                 url("indicator_targets", partnership, ind.pk), url("indicator_delete", partnership, ind.pk),
                 url("judgement", partnership, ind.pk, "2006/07 Q1")):
        assert client.get(path).status_code == expected(persona, managers), path


@pytest.mark.parametrize("persona", ALL)
def test_entering_actuals_is_for_the_lead_organisation(as_user, partnership, indicators, persona):
    # CYP 36 is led by the police, so the police's data provider may enter it.
    path = url("observation_entry", partnership, indicators["treatment"].pk)
    assert as_user(persona).get(path).status_code == expected(persona, {"officer", "superuser", "provider"})


def test_indicator_of_another_partnership_is_not_found(as_user, partnership, indicators):
    from placeboard.core.models import Partnership

    other = Partnership.objects.create(slug="other", name="Other", place="Other")
    foreign = Indicator.objects.create(partnership=other, code="X 1", title="Foreign", value_type="count",
                                       polarity="higher", collection_interval="financial_year")
    client = as_user("officer")
    assert client.get(url("indicator_detail", partnership, foreign.pk)).status_code == 404
    assert client.get(url("indicator_targets", partnership, foreign.pk)).status_code == 404


# -- the indicator page ---------------------------------------------------------------------


def test_indicator_page_shows_assessment_of_each_period(as_user, partnership, indicators):
    body = as_user("viewer").get(url("indicator_detail", partnership, indicators["treatment"].pk)).content.decode()
    assert "2006/07 Q1" in body
    assert "26.75" in body or "27" in body  # the profiled target for Q1 of 107
    assert "profiled from 107" in body
    assert "pb-rag--green" in body
    assert "<svg" in body and 'role="img"' in body
    body = as_user("viewer").get(url("indicator_detail", partnership, indicators["reregistrations"].pk)).content.decode()
    assert "pb-rag--red" in body
    assert "13.8" in body  # favourable variance -13.8
    assert "Small numbers; reviewed by the safeguarding board." in body


def test_direction_of_travel_on_the_list(as_user, partnership, indicators):
    body = as_user("viewer").get(url("indicator_list", partnership)).content.decode()
    assert body.count("Improving") >= 2  # NI 072 rose, NI 092 (lower is better) fell


def test_list_filters(as_user, partnership, indicators):
    client = as_user("viewer")
    crime_theme = Outcome.objects.get(code="1.1.1").theme.parent  # theme 1, two levels up
    body = client.get(url("indicator_list", partnership), {"theme": crime_theme.pk}).content.decode()
    assert "CYP 36" in body and "NI 072" not in body
    body = client.get(url("indicator_list", partnership), {"status": "red"}).content.decode()
    assert "CYP 41" in body and "CYP 36" not in body
    body = client.get(url("indicator_list", partnership), {"q": "treatment"}).content.decode()
    assert "CYP 36" in body and "CYP 41" not in body
    assert client.get(url("indicator_list", partnership), {"theme": "999999"}).status_code == 200


def test_home_page_counts_rag_by_theme(as_user, partnership, indicators):
    body = as_user("viewer").get(url("partnership_home", partnership)).content.decode()
    table = body[body.index('id="rag-by-theme"'):]
    table = table[:table.index("</table>")]
    # Theme 1 holds CYP 36 (green) and CYP 41 (red); theme 2 holds NI 072 and NI 092 (both green).
    row1 = table[table.index("1 Safer communities"):].split("</tr>")[0]
    # Columns: Green, Amber, Red, Too early, No target, Overdue, No data, Monitor only, Total.
    assert [cell.split(">")[-1] for cell in row1.split("</td>")[:-1]] == ["1", "0", "1", "0", "0", "0", "0", "0", "2"]


# -- indicators ----------------------------------------------------------------------------


def test_officer_adds_an_indicator(as_user, partnership, indicators):
    council = Organisation.objects.get(name="Testshire Council")
    response = as_user("officer").post(url("indicator_create", partnership), {
        "code": "NI 110", "title": "Young people's participation in positive activities",
        "value_type": "percentage", "polarity": "higher", "decimal_places": "1",
        "collection_interval": "financial_year", "spatial_level": "local_authority",
        "lead_organisation": council.pk, "outcomes": [Outcome.objects.get(code="2.1").pk],
    })
    assert response.status_code == 302
    ind = Indicator.objects.get(code="NI 110")
    assert ind.outcomes.get().code == "2.1"
    assert AuditEvent.objects.filter(action="create", object_repr__startswith="NI 110").exists()


@pytest.mark.parametrize("data, message", [
    ({"code": "NI 072"}, "already exists"),
    ({"polarity": "band"}, "needs a low and a high end"),
    ({"minimum_value": "10", "maximum_value": "5"}, "The minimum must not be above the maximum."),
    ({"tolerance_amount": "3"}, "Give both the kind and the amount of tolerance"),
    ({"decimal_places": "two"}, "Enter a whole number."),
])
def test_invalid_indicator(as_user, partnership, indicators, data, message):
    base = {"code": "NEW 1", "title": "New", "value_type": "count", "polarity": "higher", "decimal_places": "0",
            "collection_interval": "financial_year", "spatial_level": "local_authority"}
    before = Indicator.objects.count()
    response = as_user("officer").post(url("indicator_create", partnership), {**base, **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Indicator.objects.count() == before


# -- targets ----------------------------------------------------------------------------------


def test_targets_numbers_text_and_to_be_set(as_user, partnership, indicators):
    client = as_user("officer")
    ind = indicators["treatment"]
    path = url("indicator_targets", partnership, ind.pk)
    assert client.post(path, {"kind": "target", "period": "2007/08", "value": "120"}).status_code == 302
    assert client.post(path, {"kind": "target", "period": "2008/09", "text": "less than 15 across all phases"}).status_code == 302
    assert client.post(path, {"kind": "target", "period": "2009/10", "to_be_set": "on", "note": "after the refresh"}).status_code == 302
    assert client.post(path, {"kind": "baseline", "period": "2005/06", "value": "90"}).status_code == 302
    displays = {t.period: t.display() for t in Target.objects.filter(indicator=ind)}
    assert displays["2007/08"] == "120"
    assert displays["2008/09"] == "less than 15 across all phases"
    assert displays["2009/10"] == "To be set (after the refresh)"
    # Changing a target keeps the old value in the history.
    client.post(path, {"kind": "target", "period": "2007/08", "value": "125"})
    change = ValueChange.objects.filter(indicator=ind, what="Target", period="2007/08").first()
    assert (change.old, change.new) == ("120", "125")


@pytest.mark.parametrize("data, field, message", [
    ({"period": "2008/10", "value": "5"}, "period", "is not a period"),
    ({"period": "2009/10 Q5", "value": "5"}, "period", "is not a period"),
    ({"period": "AY 2009/10", "value": "5"}, "period", "wrong kind of period"),
    ({"period": "2009/10", "value": "lots"}, "value", "is not a number"),
    ({"period": "2009/10"}, "value", "Enter a number, a target in words"),
    ({"period": "2009/10", "value": "5", "text": "five"}, "value", "only one of them"),
])
def test_invalid_targets_are_refused(as_user, partnership, indicators, data, field, message):
    before = Target.objects.count()
    response = as_user("officer").post(url("indicator_targets", partnership, indicators["treatment"].pk),
                                       {"kind": "target", **data})
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body and f'href="#id_{field}' in body
    assert Target.objects.count() == before


def test_percentage_target_out_of_range(as_user, partnership, indicators):
    response = as_user("officer").post(url("indicator_targets", partnership, indicators["ni72"].pk),
                                       {"kind": "target", "period": "AY 2010/11", "value": "140"})
    assert "cannot be above 100.0%" in response.content.decode()


# -- actuals ---------------------------------------------------------------------------------


def test_what_i_have_to_report_lists_my_organisations_indicators(as_user, partnership, indicators):
    body = as_user("provider").get(url("my_returns", partnership), {"period": "2006/07 Q2"}).content.decode()
    assert "CYP 36" in body and "CYP 41" in body
    assert "NI 072" not in body  # led by the council
    body = as_user("viewer").get(url("my_returns", partnership), {"period": "2006/07 Q2"}).content.decode()
    assert "0 indicators" in body


def test_unknown_period_on_what_i_have_to_report(as_user, partnership, indicators):
    body = as_user("provider").get(url("my_returns", partnership), {"period": "Q7"}).content.decode()
    assert "There is a problem" in body and "is not a period" in body


def test_entering_returns(as_user, partnership, indicators, personas):
    client = as_user("provider")
    t, r = indicators["treatment"], indicators["reregistrations"]
    path = url("my_returns", partnership)
    data = {"period": "2006/07 Q2",
            f"i{t.pk}-value": "70", f"i{t.pk}-status": "provisional", f"i{t.pk}-note": "",
            f"i{r.pk}-value": "20", f"i{r.pk}-status": "final", f"i{r.pk}-note": ""}
    response = client.post(path, data)
    body = response.content.decode()
    # CYP 41 at 20 against 13 (lower is better) is off target, so it needs a comment;
    # nothing is saved, not even the valid CYP 36 figure.
    assert response.status_code == 200
    assert "CYP 41, commentary: A comment is required because this is off target" in body
    assert not Observation.objects.filter(period="2006/07 Q2").exists()
    data[f"i{r.pk}-note"] = "Two large families re-registered."
    response = client.post(path, data)
    assert response.status_code == 302
    obs = Observation.objects.get(indicator=t, period="2006/07 Q2")
    assert obs.value == Decimal("70") and obs.entered_by == personas["provider"]
    assert Observation.objects.get(indicator=r, period="2006/07 Q2").status == "final"
    # Saving the same figures again changes nothing.
    changes = ValueChange.objects.count()
    client.post(path, data)
    assert ValueChange.objects.count() == changes


@pytest.mark.parametrize("value, message", [
    ("abc", "is not a number"),
    ("140", "cannot be above 100.0%"),
    ("-3", "cannot be below 0.0%"),
])
def test_bad_actuals_are_refused(as_user, partnership, indicators, value, message):
    r = indicators["reregistrations"]
    response = as_user("provider").post(url("my_returns", partnership), {
        "period": "2006/07 Q2", f"i{r.pk}-value": value, f"i{r.pk}-status": "final", f"i{r.pk}-note": "x"})
    assert message in response.content.decode()
    assert not Observation.objects.filter(period="2006/07 Q2").exists()


def test_data_not_yet_available(as_user, partnership, indicators):
    t = indicators["treatment"]
    response = as_user("provider").post(url("my_returns", partnership), {
        "period": "2006/07 Q3", f"i{t.pk}-value": "", f"i{t.pk}-status": "provisional",
        f"i{t.pk}-expected": "Data available Q4"})
    assert response.status_code == 302
    obs = Observation.objects.get(indicator=t, period="2006/07 Q3")
    assert obs.value is None and obs.expected == "Data available Q4"
    body = as_user("viewer").get(url("indicator_detail", partnership, t.pk)).content.decode()
    assert "Data available Q4" in body


def test_actual_by_area_and_population_group(as_user, partnership, indicators):
    from placeboard.core.models import Area, PopulationGroup

    t = indicators["treatment"]
    north = Area.objects.get(name="North")
    older = PopulationGroup.objects.get(name="Older people")
    client = as_user("provider")
    path = url("observation_entry", partnership, t.pk)
    response = client.post(path, {"period": "2006/07 Q1", "area": north.pk, "population_group": older.pk,
                                  "value": "4", "status": "final"})
    assert response.status_code == 302
    response = client.post(path, {"period": "2006/07 Q1", "area": north.pk, "population_group": older.pk,
                                  "value": "5", "status": "final"})
    assert response.status_code == 302
    assert Observation.objects.filter(indicator=t, area=north, population_group=older).count() == 1
    change = ValueChange.objects.filter(indicator=t, where__contains="North").first()
    assert change.old.startswith("5") is False and change.new.startswith("5")
    body = client.get(url("indicator_detail", partnership, t.pk)).content.decode()
    assert "By area and population group" in body and "North" in body


def test_wrong_kind_of_period_for_actual(as_user, partnership, indicators):
    response = as_user("provider").post(url("observation_entry", partnership, indicators["treatment"].pk),
                                        {"period": "2006", "value": "4", "status": "final"})
    assert "wrong kind of period" in response.content.decode()
    assert not Observation.objects.filter(period="2006").exists()


# -- judgements -----------------------------------------------------------------------------


def test_judgement_overrides_and_both_are_shown(as_user, partnership, indicators, personas):
    client = as_user("officer")
    r = indicators["reregistrations"]
    path = url("judgement", partnership, r.pk, "2006/07 Q1")
    response = client.post(path, {"status": "amber", "reason": ""})
    assert "Reason: This field is required." in response.content.decode()
    assert not Judgement.objects.exists()
    response = client.post(path, {"status": "amber", "reason": "Small numbers: 3 children."})
    assert response.status_code == 302
    body = client.get(url("indicator_detail", partnership, r.pk)).content.decode()
    assert "pb-rag--amber" in body and "computed Red" in body and "Small numbers: 3 children." in body
    assert AuditEvent.objects.filter(object_type="judgement", user=personas["officer"]).exists()
    response = client.post(path, {"withdraw": "1"})
    assert response.status_code == 302 and not Judgement.objects.exists()
    assert ValueChange.objects.filter(what="Judgement", new="(withdrawn)").exists()


def test_partnership_default_tolerance_applies(as_user, partnership, indicators):
    # CYP 41: 26.8 against 13 is Red with 5%; with an absolute default of 15 it is Amber.
    partnership.default_tolerance_kind, partnership.default_tolerance_amount = "absolute", 15
    partnership.save()
    body = as_user("viewer").get(url("indicator_detail", partnership, indicators["reregistrations"].pk)).content.decode()
    assert "pb-rag--amber" in body and "pb-rag--red" not in body


def test_in_year_profile(as_user, partnership, indicators):
    client = as_user("officer")
    t = indicators["treatment"]
    path = url("indicator_targets", partnership, t.pk)
    response = client.post(path, {"form": "profile", "profile-period": "2007/08 Q1", "profile-value": "20"})
    assert "already has an annual target" in response.content.decode()
    response = client.post(path, {"form": "profile", "profile-period": "2006/07 Q1", "profile-value": "60"})
    assert response.status_code == 302
    # With 60 due by the end of Q1, 58 is now worse than the profiled target.
    body = client.get(url("indicator_detail", partnership, t.pk)).content.decode()
    assert "pb-rag--green" not in body.split('id="periods"')[1].split("</table>")[0]
    assert ValueChange.objects.filter(what="Profile").exists()


def test_what_i_have_to_report_offers_recent_periods(as_user, partnership, indicators):
    body = as_user("provider").get(url("my_returns", partnership)).content.decode()
    assert "?period=2006/07%20Q1" in body and "?period=2006/07%20H1" not in body
