"""The live clash check htmx calls while an activity is entered: what it returns, who may call it, its cost."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placeboard.core.models import AuditEvent
from placeboard.engagement.models import EngagementActivity
from tests.engagement.conftest import make_activity
from tests.engagement.test_plan_views import form_data, url
from tests.personas import ALL, MANAGERS, expected

PLANNERS = MANAGERS | {"provider", "other_provider"}


def check(client, partnership, data, activity=None):
    if activity is None:
        return client.post(url("activity_create_clashes", partnership), data)
    return client.post(url("activity_edit_clashes", partnership, activity.pk), data)


def test_a_clash_comes_back_with_the_submit_time_wording(as_user, partnership, plan):
    client = as_user("provider")
    response = check(client, partnership, form_data(partnership))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Clash warning" in body and 'id="clash-live-warning"' in body
    assert "This activity clashes with 2 others on the plan" in body
    assert "Place Survey" in body and "North safety meeting" in body and "Jobs fair" not in body
    assert "20 days together" in body  # the same list as after submitting
    # No confirmation box here: confirming stays with the check after submitting.
    assert "confirm_clash" not in body and "you will be asked to confirm" in body
    # The page it goes into is a fragment, not a whole page.
    assert "<html" not in body


def test_only_the_fields_the_rules_read_need_filling_in(as_user, partnership, plan):
    client = as_user("provider")
    data = form_data(partnership, title="", organiser="", method="", start_date="2009-06-10",
                     end_date="2009-06-10")
    body = check(client, partnership, data).content.decode()
    assert "clashes with 2 others" in body and "1 day together" in body


@pytest.mark.parametrize("overrides", [
    {"start_date": "2010-01-05", "end_date": "2010-01-05"},  # no clash
    {"status": "cancelled"},  # a status that never clashes
    {"start_date": ""},  # not entered yet
    {"end_date": "2009-02-30"},  # not a date
    {"start_date": "2009-06-20", "end_date": "2009-06-01"},  # ends before it starts
    {"areas": ["999999"]},  # not an area of this partnership
    {"status": ""},
])
def test_no_clash_or_unusable_input_gives_an_empty_panel(as_user, partnership, plan, overrides):
    client = as_user("officer")
    response = check(client, partnership, form_data(partnership, **overrides))
    assert response.status_code == 200
    assert response.content.decode().strip() == ""
    # The same data with the clashing dates does warn, so the empty answer is the input's doing.
    assert "Clash warning" in check(client, partnership, form_data(partnership)).content.decode()


def test_an_empty_post_gives_an_empty_panel(as_user, partnership, plan):
    response = check(as_user("officer"), partnership, {})
    assert response.status_code == 200 and response.content.decode().strip() == ""


def test_editing_an_activity_does_not_clash_with_itself(as_user, partnership, plan):
    survey, meeting, _ = plan
    client = as_user("provider")  # the police organise the meeting
    data = form_data(partnership, title=meeting.title, start_date="2009-06-10", end_date="2009-06-10",
                     population_groups=[])
    body = check(client, partnership, data, meeting).content.decode()
    assert "clashes with 1 other on the plan" in body and "Place Survey" in body
    assert "North safety meeting" not in body


@pytest.mark.parametrize("persona", ALL)
def test_gatekeepers_match_adding_and_changing(as_user, partnership, plan, persona):
    survey, meeting, _ = plan
    client = as_user(persona)
    assert check(client, partnership, form_data(partnership)).status_code == expected(persona, PLANNERS)
    assert check(client, partnership, form_data(partnership), survey).status_code == expected(
        persona, MANAGERS | {"other_provider"})
    assert check(client, partnership, form_data(partnership), meeting).status_code == expected(
        persona, MANAGERS | {"provider"})


def test_signed_out_visitors_are_sent_to_sign_in(as_user, partnership, plan):
    response = check(as_user("anonymous"), partnership, form_data(partnership))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_an_activity_of_another_partnership_is_not_found(as_user, partnership, plan):
    from placeboard.core.models import Organisation, Partnership

    other = Partnership.objects.get(slug="elsewhere")
    Organisation.objects.create(partnership=other, name="Testshire Council", sector="public")
    foreign = make_activity(other, "Far away survey", datetime.date(2009, 6, 1), datetime.date(2009, 6, 2))
    assert check(as_user("officer"), partnership, form_data(partnership), foreign).status_code == 404


def test_get_is_refused(as_user, partnership, plan):
    client = as_user("officer")
    assert client.get(url("activity_create_clashes", partnership)).status_code == 405


def test_nothing_is_saved(as_user, partnership, plan):
    survey, _, _ = plan
    client = as_user("officer")
    before = EngagementActivity.objects.count()
    events = AuditEvent.objects.count()
    check(client, partnership, form_data(partnership, confirm_clash="on"))
    check(client, partnership, form_data(partnership, title="Renamed", organiser=survey.organiser_id,
                                         confirm_clash="on"), survey)
    assert EngagementActivity.objects.count() == before and AuditEvent.objects.count() == events
    survey.refresh_from_db()
    assert survey.title == "Place Survey" and set(survey.areas.values_list("name", flat=True)) == {"Testshire"}


def test_csrf_is_enforced(partnership, plan, personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["provider"])
    assert check(client, partnership, form_data(partnership)).status_code == 403
    # The form page sets the token htmx posts back with the form's fields.
    page = client.get(url("activity_create", partnership))
    token = page.context["csrf_token"]
    assert f'value="{token}"' in page.content.decode()
    response = check(client, partnership, form_data(partnership, csrfmiddlewaretoken=token))
    assert response.status_code == 200 and "Place Survey" in response.content.decode()


def test_the_form_page_carries_the_live_region_and_the_trigger(as_user, partnership, plan):
    survey, _, _ = plan
    client = as_user("officer")
    body = client.get(url("activity_create", partnership)).content.decode()
    assert '<div id="clash-live" aria-live="polite">' in body
    assert f'hx-post="{url("activity_create_clashes", partnership)}"' in body and 'hx-target="#clash-live"' in body
    body = client.get(url("activity_edit", partnership, survey.pk)).content.decode()
    assert f'hx-post="{url("activity_edit_clashes", partnership, survey.pk)}"' in body
    # After submitting, the warning with its confirmation box is in the same live region.
    body = client.post(url("activity_create", partnership), form_data(partnership)).content.decode()
    live = body.index('<div id="clash-live" aria-live="polite">')
    assert live < body.index('id="clash-warning"') < body.index('name="confirm_clash"') < body.index('hx-post=')


def test_query_count_does_not_grow_with_the_plan(as_user, partnership, plan):
    survey, meeting, _ = plan
    client = as_user("officer")
    counts = []
    for size in (2, 12):
        while EngagementActivity.objects.count() < 3 + size * 2:
            n = EngagementActivity.objects.count()
            # Half clash with the activity being entered, half do not.
            make_activity(partnership, f"Clashing {n}", datetime.date(2009, 6, 5), datetime.date(2009, 6, 6),
                          areas=["North"], topics=["1"], groups=["Older people"])
            make_activity(partnership, f"Elsewhere {n}", datetime.date(2011, 6, 5), datetime.date(2011, 6, 6),
                          areas=["North"], topics=["1"])
        with CaptureQueriesContext(connection) as ctx:
            added = check(client, partnership, form_data(partnership)).content.decode()
            changed = check(client, partnership, form_data(partnership, organiser=meeting.organiser_id),
                            meeting).content.decode()
        assert f"clashes with {size + 2} others" in added and f"clashes with {size + 1} others" in changed
        counts.append(len(ctx))
    assert counts[0] == counts[1]
