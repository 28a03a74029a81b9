"""Engagement journeys in Chromium: plan an activity and see the clash warning; axe on the pages."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from placeboard.engagement.models import EngagementActivity
from tests.engagement.conftest import make_activity, routing  # noqa: F401 (the routing fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def survey(partnership):
    return make_activity(partnership, "Place Survey", datetime.date(2009, 5, 1), datetime.date(2009, 6, 30),
                         areas=["Testshire"], topics=["1"], groups=["Older people"],
                         how_to_take_part="Fill in the form posted to you.")


def test_plan_an_activity_and_see_the_clash_warning(page, live_server, sign_in, partnership, personas, survey,
                                                     axe_violations):
    sign_in("provider")  # the police's data provider
    page.goto(live_server.url + reverse("plan_list", args=[partnership.slug]))
    page.get_by_role("link", name="Add an activity").click()
    page.get_by_label("Title").fill("North burglary focus group")
    page.get_by_label("Organiser").select_option(label="Testshire Police")
    page.get_by_label("Method").select_option(label="Focus group")
    page.get_by_label("North").check()
    page.get_by_label("1 Safer communities").check()
    page.get_by_label("Start date").fill("2009-06-10")
    page.get_by_label("End date").fill("2009-06-08")
    page.get_by_role("button", name="Save activity").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The end date must be on or after the start date.")
    page.get_by_label("End date").fill("2009-06-12")
    page.get_by_role("button", name="Save activity").click()
    warning = page.locator("#clash-warning")
    expect(warning).to_contain_text("Place Survey")
    expect(warning).to_contain_text("3 days together")
    assert axe_violations() == []
    assert not EngagementActivity.objects.filter(title="North burglary focus group").exists()
    page.get_by_label("I have seen the clashes and want to save this activity anyway").check()
    page.get_by_role("button", name="Save activity").click()
    expect(page.get_by_role("heading", name="North burglary focus group")).to_be_visible()
    expect(page.locator("#clashes")).to_contain_text("clashes with 1 other")
    page.get_by_role("link", name="Joint forward plan of engagement").click()
    expect(page.locator(".pb-clash-tag")).to_have_count(2)
    page.goto(live_server.url + reverse("plan_calendar", args=[partnership.slug]) + "?month=2009-06")
    expect(page.locator(".pb-clash-tag").first).to_be_visible()
    assert axe_violations() == []
    page.goto(live_server.url + reverse("clash_rules", args=[partnership.slug]))
    assert axe_violations() == []


def test_the_clash_warning_comes_while_the_activity_is_entered(page, live_server, sign_in, partnership, personas,
                                                              survey, axe_violations):
    sign_in("provider")
    page.goto(live_server.url + reverse("activity_create", args=[partnership.slug]))
    live = page.locator("#clash-live")
    expect(live).to_have_attribute("aria-live", "polite")
    expect(live).to_be_empty()
    page.get_by_label("Start date").fill("2009-06-10")
    page.get_by_label("End date").fill("2009-06-12")
    page.get_by_label("North").check()
    page.get_by_label("1 Safer communities").check()
    # Before anything is submitted: the dates, area and topic are enough.
    expect(live).to_contain_text("Place Survey")
    expect(live).to_contain_text("3 days together")
    assert page.url.endswith(reverse("activity_create", args=[partnership.slug]))
    assert EngagementActivity.objects.count() == 1  # only the survey
    assert axe_violations() == []
    # Moved to dates the survey does not cover, the warning goes.
    page.get_by_label("Start date").fill("2009-07-10")
    page.get_by_label("End date").fill("2009-07-12")
    expect(live).to_be_empty()
    # Back on the survey's dates, then submitted: the warning after submitting, with its box, takes over.
    page.get_by_label("End date").fill("2009-06-12")
    page.get_by_label("Start date").fill("2009-06-10")
    expect(live).to_contain_text("Place Survey")
    page.get_by_label("Title").fill("North burglary focus group")
    page.get_by_label("Organiser").select_option(label="Testshire Police")
    page.get_by_label("Method").select_option(label="Focus group")
    page.get_by_role("button", name="Save activity").click()
    expect(page.locator("#clash-live #clash-warning")).to_contain_text("3 days together")
    assert not EngagementActivity.objects.filter(title="North burglary focus group").exists()
    # Ticking the box is not a change the live check answers, so the box stays.
    page.get_by_label("I have seen the clashes and want to save this activity anyway").check()
    page.wait_for_timeout(600)
    expect(page.locator("#clash-warning")).to_be_visible()
    page.get_by_role("button", name="Save activity").click()
    expect(page.get_by_role("heading", name="North burglary focus group")).to_be_visible()


def test_public_engagement_pages_are_accessible(page, live_server, partnership, survey, axe_violations):
    for path in (reverse("public_opportunities", args=[partnership.slug]),
                 reverse("public_activity", args=[partnership.slug, survey.pk]),
                 reverse("public_partnership", args=[partnership.slug])):
        page.goto(live_server.url + path)
        assert axe_violations() == [], path
    page.goto(live_server.url + reverse("public_opportunities", args=[partnership.slug]))
    expect(page.get_by_role("link", name="Place Survey")).to_be_visible()


@pytest.mark.usefixtures("routing")
def test_resident_raises_an_issue_and_follows_it_to_resolution(page, live_server, sign_in, partnership, personas,
                                                                axe_violations):
    import re

    from django.core import mail

    page.goto(live_server.url + reverse("public_issues", args=[partnership.slug]))
    assert axe_violations() == []
    page.get_by_role("link", name="Raise an issue").click()
    page.get_by_label("Title").fill("Broken bench in North park")
    page.get_by_label("Description").fill("The <b>slats</b> are snapped.")
    page.get_by_label("Area").select_option(label="North")
    page.get_by_label("Category").select_option(label="Roads and pavements")
    page.get_by_label("Your name").fill("Ann Resident")
    page.get_by_label("Your email address").fill("ann@example.org")
    page.get_by_role("button", name="Raise the issue").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert axe_violations() == []
    link = re.search(r"http://\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    expect(page.locator("#issue-status")).to_have_text("New")
    expect(page.get_by_text("The <b>slats</b> are snapped.")).to_be_visible()
    assert axe_violations() == []
    issue_url = page.url

    sign_in("other_provider")  # the council's data provider: its queue
    page.goto(live_server.url + reverse("issue_queue", args=[partnership.slug]))
    page.get_by_role("link", name=re.compile("Broken bench")).click()
    page.get_by_label("Accepted").check()
    page.get_by_label("Public update").fill("We will repair it next week.")
    page.get_by_role("button", name="Save and email the reporter").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is now accepted")
    page.get_by_label("Resolved").check()
    page.get_by_role("button", name="Save and email the reporter").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Tell the person who raised it what happened.")
    assert axe_violations() == []
    page.get_by_label("Resolved").check()
    page.get_by_label("Public update").fill("Repaired on Tuesday.")
    page.get_by_role("button", name="Save and email the reporter").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is now resolved")
    assert mail.outbox[-1].subject.endswith("Resolved")

    page.goto(issue_url)
    expect(page.locator("#issue-status")).to_have_text("Resolved")
    expect(page.get_by_text("Repaired on Tuesday.")).to_be_visible()


def test_area_board_pages_are_accessible(page, live_server, sign_in, partnership, personas, axe_violations):
    from django.utils import timezone

    from placeboard.core.models import Area, Group
    from placeboard.engagement.models import AgendaItem, Decision, Meeting

    board = Group.objects.create(partnership=partnership, name="North Area Board", kind="area_board",
                                 area=Area.objects.get(name="North"))
    meeting = Meeting.objects.create(partnership=partnership, board=board, venue="North Library",
                                     starts_at=timezone.now() + datetime.timedelta(days=7))
    item = AgendaItem.objects.create(meeting=meeting, number=1, title="Grants", purpose="decision")
    Decision.objects.create(meeting=meeting, item=item, text="Award £500", responsible="Manager")
    for path in (reverse("public_boards", args=[partnership.slug]),
                 reverse("public_meeting", args=[partnership.slug, meeting.pk]),
                 reverse("public_issues", args=[partnership.slug]),
                 reverse("public_issue_new", args=[partnership.slug])):
        page.goto(live_server.url + path)
        assert axe_violations() == [], path
    sign_in("officer")
    for path in (reverse("board_list", args=[partnership.slug]),
                 reverse("board_detail", args=[partnership.slug, board.pk]),
                 reverse("meeting_detail", args=[partnership.slug, meeting.pk]),
                 reverse("item_create", args=[partnership.slug, meeting.pk]),
                 reverse("decision_create", args=[partnership.slug, meeting.pk]),
                 reverse("paper_upload", args=[partnership.slug, meeting.pk, item.pk]),
                 reverse("issue_queue", args=[partnership.slug]),
                 reverse("issue_routing", args=[partnership.slug])):
        page.goto(live_server.url + path)
        assert axe_violations() == [], path
