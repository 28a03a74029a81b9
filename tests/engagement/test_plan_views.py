"""The joint forward plan through HTTP: permissions, clash warnings, bad input, thresholds."""

import datetime

import pytest
from django.urls import reverse

from placeboard.core.models import Area, AuditEvent, Organisation, PopulationGroup, Theme
from placeboard.engagement.models import ClashSettings, EngagementActivity
from tests.personas import ALL, MANAGERS, MEMBERS, expected


def url(name, partnership, *args):
    return reverse(name, args=[partnership.slug, *args])


def form_data(partnership, **overrides):
    data = {
        "title": "Older people's safety survey",
        "organiser": Organisation.objects.get(name="Testshire Police").pk,
        "method": "survey",
        "topics": [Theme.objects.get(code="1").pk],
        "areas": [Area.objects.get(name="North").pk],
        "population_groups": [PopulationGroup.objects.get(name="Older people").pk],
        "start_date": "2009-06-01",
        "end_date": "2009-06-20",
        "status": "planned",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("persona", ALL)
def test_gatekeepers(as_user, partnership, plan, persona):
    survey, meeting, _ = plan
    client = as_user(persona)
    planners = MANAGERS | {"provider", "other_provider"}
    assert client.get(url("plan_list", partnership)).status_code == expected(persona, MEMBERS)
    assert client.get(url("plan_calendar", partnership)).status_code == expected(persona, MEMBERS)
    assert client.get(url("activity_detail", partnership, survey.pk)).status_code == expected(persona, MEMBERS)
    assert client.get(url("clash_rules", partnership)).status_code == expected(persona, MEMBERS)
    assert client.get(url("activity_create", partnership)).status_code == expected(persona, planners)
    # The council organises the survey; the police the meeting.
    assert client.get(url("activity_edit", partnership, survey.pk)).status_code == expected(
        persona, MANAGERS | {"other_provider"})
    assert client.get(url("activity_edit", partnership, meeting.pk)).status_code == expected(
        persona, MANAGERS | {"provider"})


def test_both_clashing_activities_are_marked_on_the_list_and_calendar(as_user, partnership, plan):
    survey, meeting, jobs = plan
    client = as_user("viewer")
    body = client.get(url("plan_list", partnership)).content.decode()
    assert "1 pair of activities clashes" in body
    assert body.count("Clashes with 1") == 2
    only = client.get(url("plan_list", partnership) + "?clashes=1").content.decode()
    assert "Place Survey" in only and "North safety meeting" in only and "Jobs fair" not in only
    calendar = client.get(url("plan_calendar", partnership) + "?month=2009-06").content.decode()
    assert "June 2009" in calendar and "Jobs fair" in calendar and "pb-clash-tag" in calendar
    detail = client.get(url("activity_detail", partnership, meeting.pk)).content.decode()
    assert "clashes with 1 other" in detail and "Place Survey" in detail and "1 day together" in detail


def test_list_filters(as_user, partnership, plan):
    client = as_user("viewer")
    north = Area.objects.get(name="North").pk
    body = client.get(url("plan_list", partnership), {"area": north, "topic": Theme.objects.get(code="2").pk}).content.decode()
    assert "Jobs fair" in body and "Place Survey" not in body
    body = client.get(url("plan_list", partnership), {"organiser": "nonsense", "status": "bogus"}).content.decode()
    assert "3 activities" in body


def test_partner_sees_the_clash_warning_before_saving(as_user, partnership, plan, personas):
    client = as_user("provider")
    response = client.post(url("activity_create", partnership), form_data(partnership))
    body = response.content.decode()
    assert response.status_code == 200 and "Clash warning" in body
    assert "Place Survey" in body and "North safety meeting" in body
    assert "20 days together" in body  # 1 to 20 June against the survey to 30 June
    assert not EngagementActivity.objects.filter(title="Older people's safety survey").exists()
    response = client.post(url("activity_create", partnership), form_data(partnership, confirm_clash="on"))
    assert response.status_code == 302
    new = EngagementActivity.objects.get(title="Older people's safety survey")
    assert new.created_by == personas["provider"]
    assert set(new.areas.values_list("name", flat=True)) == {"North"}
    event = AuditEvent.objects.get(object_type="engagement activity", object_id=str(new.pk))
    assert event.user == personas["provider"] and "areas" in event.changes
    body = client.get(url("plan_list", partnership)).content.decode()
    assert "3 pairs of activities clash" in body


def test_no_warning_without_a_clash(as_user, partnership, plan):
    client = as_user("officer")
    data = form_data(partnership, start_date="2010-01-05", end_date="2010-01-05")
    assert client.post(url("activity_create", partnership), data).status_code == 302


def test_cancelled_activities_do_not_clash(as_user, partnership, plan):
    client = as_user("officer")
    assert client.post(url("activity_create", partnership), form_data(partnership, status="cancelled")).status_code == 302


def test_a_partner_plans_only_for_its_own_organisation(as_user, partnership, plan):
    client = as_user("provider")
    council = Organisation.objects.get(name="Testshire Council").pk
    body = client.post(url("activity_create", partnership), form_data(partnership, organiser=council)).content.decode()
    assert "Select a valid choice" in body
    assert EngagementActivity.objects.count() == 3


def test_bad_input_is_refused_with_field_messages(as_user, partnership, plan):
    client = as_user("officer")
    response = client.post(url("activity_create", partnership), {"title": "", "start_date": "2009-02-30"})
    body = response.content.decode()
    assert "Enter a title for the activity." in body and "Enter a real date, like 2009-05-01." in body
    assert "Choose the partner organising the activity." in body and 'href="#id_title"' in body
    body = client.post(url("activity_create", partnership),
                       form_data(partnership, start_date="2009-06-20", end_date="2009-06-01")).content.decode()
    assert "The end date must be on or after the start date." in body and 'href="#id_end_date"' in body
    body = client.post(url("activity_create", partnership), form_data(partnership, areas=["999999"])).content.decode()
    assert "Choose areas of this partnership; 999999 is not one of them." in body
    assert EngagementActivity.objects.count() == 3


def test_areas_of_another_partnership_are_unknown(as_user, partnership, plan, personas):
    from placeboard.core.models import Partnership

    other = Partnership.objects.get(slug="elsewhere")
    foreign = Area.objects.create(partnership=other, name="Far away", area_type="ward")
    client = as_user("officer")
    body = client.post(url("activity_create", partnership),
                       form_data(partnership, areas=[foreign.pk])).content.decode()
    assert f"{foreign.pk} is not one of them" in body


def test_script_in_free_text_is_shown_as_text(as_user, partnership, plan):
    client = as_user("officer")
    data = form_data(partnership, title="<script>alert(1)</script>", description="<b>bold</b>",
                     start_date="2011-01-01", end_date="2011-01-02")
    assert client.post(url("activity_create", partnership), data).status_code == 302
    activity = EngagementActivity.objects.get(title="<script>alert(1)</script>")
    body = client.get(url("activity_detail", partnership, activity.pk)).content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&lt;b&gt;bold&lt;/b&gt;" in body


def test_edit_and_delete_are_audited(as_user, partnership, plan, personas):
    survey, _, _ = plan
    client = as_user("other_provider")  # the council's data provider
    data = form_data(partnership, organiser=survey.organiser_id, title="Place Survey 2009", status="reported",
                     you_said_we_did="You said the buses were late; we changed the timetable.")
    assert client.post(url("activity_edit", partnership, survey.pk), data).status_code == 302
    survey.refresh_from_db()
    assert survey.title == "Place Survey 2009" and survey.status == "reported"
    event = AuditEvent.objects.get(object_type="engagement activity", action="update")
    assert event.changes["title"] == ["Place Survey", "Place Survey 2009"]
    assert client.post(url("activity_delete", partnership, survey.pk)).status_code == 302
    assert not EngagementActivity.objects.filter(pk=survey.pk).exists()
    assert AuditEvent.objects.filter(object_type="engagement activity", action="delete").exists()


def test_database_refuses_end_before_start(partnership):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        EngagementActivity.objects.create(
            partnership=partnership, title="x", method="survey", organiser=Organisation.objects.first(),
            start_date=datetime.date(2009, 2, 2), end_date=datetime.date(2009, 2, 1))


def test_officer_adjusts_thresholds(as_user, partnership, plan, personas):
    client = as_user("viewer")
    body = client.get(url("clash_rules", partnership)).content.decode()
    assert "at least <strong>1 day</strong>" in body and "Save thresholds" not in body
    assert client.post(url("clash_rules", partnership), {"min_overlap_days": 3}).status_code == 403
    client = as_user("officer")
    body = client.post(url("clash_rules", partnership), {"min_overlap_days": 0}).content.decode()
    assert "Enter 1 or more days." in body
    response = client.post(url("clash_rules", partnership), {"min_overlap_days": 2, "count_area_hierarchy": ""})
    assert response.status_code == 302
    settings = ClashSettings.objects.get(partnership=partnership)
    assert (settings.min_overlap_days, settings.count_area_hierarchy) == (2, False)
    assert AuditEvent.objects.filter(object_type="clash settings", user=personas["officer"]).exists()
    # The meeting is in North and the survey across Testshire: without the hierarchy they no longer clash.
    body = client.get(url("plan_list", partnership)).content.decode()
    assert "Clashes with" not in body
