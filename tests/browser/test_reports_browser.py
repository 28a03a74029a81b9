"""A theme lead updates a task in a reporting round and the officer reads the report, in a real browser."""

import pytest
from django.urls import reverse

from placeboard.core.models import Group, Outcome
from placeboard.performance.models import Action, ReportingRound, Task, TaskUpdate
from placeboard.performance.periods import parse_period
from tests.browser.conftest import click_to_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def round_with_tasks(partnership, personas):
    outcome = Outcome.objects.get(code="1.1.1")
    action = Action.objects.create(partnership=partnership, outcome=outcome, title="Target burglary hot spots")
    task = Task.objects.create(action=action, ref="a", title="Cocoon watch in repeat-victim streets",
                               target="20 streets by March")
    round_ = ReportingRound(partnership=partnership, name="Q1 round", reporting_date="2008-07-01")
    round_.set_period(parse_period("2008/09 Q1"))
    round_.save()
    round_.groups.add(Group.objects.get(name="Safer Communities Group"))
    return round_, task


def test_theme_lead_updates_a_task_and_the_report_shows_it(page, live_server, sign_in, partnership,
                                                            round_with_tasks, axe_violations):
    round_, task = round_with_tasks
    sign_in("theme_lead")
    page.goto(live_server.url + reverse("round_detail", args=[partnership.slug, round_.pk]))
    assert "You still owe 1 update" in page.locator("main").inner_text()
    page.get_by_role("link", name=str(task)).first.click()
    page.get_by_label("Red").check()
    page.get_by_label("Position").fill("Only 4 streets signed up")
    click_to_load(page.get_by_role("button", name="Save update"))
    assert "Amber and Red need a planned improvement or action" in page.locator(".govuk-error-summary").inner_text()
    assert not TaskUpdate.objects.exists()
    assert axe_violations() == []
    page.get_by_label("Planned improvement or action needed").fill("Door-knock with the neighbourhood team")
    page.get_by_role("button", name="Save update").click()
    assert TaskUpdate.objects.get().status == "red"

    page.goto(live_server.url + reverse("report", args=[partnership.slug, "thematic"]) + f"?round={round_.pk}")
    main = page.locator("main").inner_text()
    assert "Door-knock with the neighbourhood team" in main and "Red" in main
    assert axe_violations() == []
    # Printing hides the filters and keeps a word beside every colour.
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="Show report").is_visible()
    assert page.locator(".pb-rag--red", has_text="Red").first.is_visible()
