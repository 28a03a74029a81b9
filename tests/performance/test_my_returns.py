"""What I have to report (issue 15.2): saving one figure saves one figure; the page opens on the period due,
shows each indicator's target and status, and runs a fixed number of queries; 25 indicators a page, counted
over every page (issue 16). And the same new figure
entered by several people at once, on PostgreSQL with real threads (issue 14.6)."""

import html
import re
import threading
from collections import Counter
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placeboard.core import audit
from placeboard.core.models import AuditEvent, Organisation
from placeboard.performance import returns, services
from placeboard.performance.evaluation import latest_row
from placeboard.performance.models import Indicator, Observation, ReportingRound, Target, ValueChange
from placeboard.performance.periods import parse_period
from placeboard.performance.stored import refresh_assessments


def url(name, partnership, *args):
    return reverse(name, args=[partnership.slug, *args])


def page_data(body):
    """What the page's form posts as it stands: every input and textarea, the checked radios only."""
    data = {}
    for tag in re.findall(r"<input[^>]*>", body):
        name, value = re.search(r'name="([^"]*)"', tag), re.search(r'value="([^"]*)"', tag)
        if name and name.group(1) != "csrfmiddlewaretoken" and ('type="radio"' not in tag or "checked" in tag):
            data[name.group(1)] = html.unescape(value.group(1)) if value else ""
    for name, text in re.findall(r'<textarea[^>]*name="([^"]*)"[^>]*>\n?(.*?)</textarea>', body, re.S):
        data[name] = html.unescape(text)
    return data


def test_saving_one_figure_saves_one_figure(as_user, partnership, indicators, personas):
    t, r = indicators["treatment"], indicators["reregistrations"]
    Observation.objects.filter(period="2006/07 Q1").update(source="Return row 7", updated_by=personas["officer"])
    client = as_user("provider")
    path = url("my_returns", partnership)
    data = page_data(client.get(path, {"period": "2006/07 Q1"}).content.decode())
    assert data[f"i{r.pk}-note"] == "Small numbers; reviewed by the safeguarding board."
    data[f"i{t.pk}-value"] = "59"
    events = AuditEvent.objects.count()
    response = client.post(path, data, follow=True)
    assert "Saved 1 figure for 2006/07 Q1." in response.content.decode()
    assert AuditEvent.objects.count() == events + 1
    untouched = Observation.objects.get(indicator=r, period="2006/07 Q1")
    assert untouched.source == "Return row 7" and untouched.updated_by == personas["officer"]
    changed = Observation.objects.get(indicator=t, period="2006/07 Q1")
    assert changed.value == 59 and changed.source == "Return row 7" and changed.updated_by == personas["provider"]
    # Saving the page again as it is now saves nothing.
    data = page_data(client.get(path, {"period": "2006/07 Q1"}).content.decode())
    assert "Nothing was changed for 2006/07 Q1." in client.post(path, data, follow=True).content.decode()
    assert AuditEvent.objects.count() == events + 1


def test_opens_on_the_period_due(as_user, partnership, indicators):
    client = as_user("provider")
    path = url("my_returns", partnership)
    # No reporting round: the latest period the provider's indicators have an actual for.
    body = client.get(path).content.decode()
    assert 'name="period" value="2006/07 Q1"' in body and "2 indicators for 2006/07 Q1" in body
    round_ = ReportingRound(partnership=partnership, name="Q2 round", reporting_date="2006-10-01")
    round_.set_period(parse_period("2006/07 Q2"))
    round_.save()
    audit.record(None, "create", round_)  # as opening a round on its page does: what the page kept is gone
    body = client.get(path).content.decode()
    assert "2 indicators for 2006/07 Q2; 2 still without a figure" in body


def test_shows_target_and_status_and_counts_agree_with_the_indicator_list(as_user, partnership, indicators):
    body = as_user("provider").get(url("my_returns", partnership), {"period": "2006/07 Q1"}).content.decode()
    row = body.split('id="i%d-row"' % indicators["reregistrations"].pk)[1].split("</fieldset>")[0]
    assert "13.0% for 2006/07" in row and "pb-rag--red" in row and "Entered" in row
    counts = body.split("pb-rag-counts")[1].split("</ul>")[0]
    mine = Indicator.objects.filter(pk__in=[indicators["treatment"].pk, indicators["reregistrations"].pk])
    for indicator in mine.with_assessment_data():
        status = latest_row(indicator).status
        assert f"pb-rag--{status.value}" in counts


def test_a_typed_figure_is_assessed_when_the_page_is_shown_again(as_user, partnership, indicators):
    r = indicators["reregistrations"]
    response = as_user("provider").post(url("my_returns", partnership), {
        "period": "2006/07 Q2", f"i{r.pk}-value": "20", f"i{r.pk}-status": "final", f"i{r.pk}-note": ""})
    row = response.content.decode().split(f'id="i{r.pk}-row"')[1].split("</fieldset>")[0]
    assert "With the figure you typed:" in row and "pb-rag--red" in row


def _people_figures(partnership, personas, n, start):
    police = Organisation.objects.get(name="Testshire Police")
    made = Indicator.objects.bulk_create(
        Indicator(partnership=partnership, code=f"P {start + i}", title=f"Indicator {start + i}", value_type="count",
                  polarity="higher", collection_interval="financial_quarter", lead_organisation=police)
        for i in range(n))
    figures = []
    for ind in made:
        for q in (1, 2, 3, 4):
            o = Observation(indicator=ind, value=q, entered_by=personas["provider"], updated_by=personas["provider"])
            o.set_period(parse_period(f"2007/08 Q{q}"))
            figures.append(o)
    Observation.objects.bulk_create(figures)


def test_query_count_without_a_period_is_fixed(as_user, partnership, indicators, personas):
    client = as_user("provider")
    path = url("my_returns", partnership)

    def count():
        cache.clear()  # the cost of building the page (_people_figures writes no audit events)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        return len(ctx.captured_queries)

    _people_figures(partnership, personas, 5, 0)
    small = count()
    _people_figures(partnership, personas, 60, 5)
    assert count() == small


# -- the same new figure, entered at once by several people (PostgreSQL, real threads) -------------------


def _threads(n, work):
    errors, barrier = [], threading.Barrier(n)

    def run(i):
        try:
            barrier.wait()
            work(i)
        except Exception as exc:  # noqa: BLE001 - any failure is the test's failure
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


postgres_only = pytest.mark.skipif(connection.vendor != "postgresql",
                                   reason="SQLite serialises writers; the logic is tested in test_conflicts")


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_same_new_figure_at_once_on_the_web(partnership, indicators, personas):
    t = indicators["treatment"]
    path = url("my_returns", partnership)
    statuses = []

    def post(i):
        client = Client()
        client.force_login(personas["provider"])
        statuses.append(client.post(path, {"period": "2006/07 Q3", f"i{t.pk}-value": "90", f"i{t.pk}-status": "final",
                                           f"i{t.pk}-based_on": "new"}).status_code)

    assert _threads(10, post) == []
    assert statuses == [302] * 10
    assert Observation.objects.filter(indicator=t, period="2006/07 Q3").count() == 1
    assert ValueChange.objects.filter(indicator=t, period="2006/07 Q3").count() == 1
    assert AuditEvent.objects.filter(object_type="observation", action="create").count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_new_figures_and_targets_at_once_never_fail(partnership, indicators, personas):
    t = indicators["treatment"]

    def enter(i):
        services.record_observation(indicator=t, period=parse_period("2006/07 Q4"), user=personas["provider"],
                                    value=Decimal(100 + i))
        services.set_target(indicator=t, kind="target", period=parse_period("2008/09"), user=personas["officer"],
                            value=Decimal(200 + i))

    assert _threads(12, enter) == []
    assert Observation.objects.filter(indicator=t, period="2006/07 Q4").count() == 1
    history = ValueChange.objects.filter(indicator=t, period="2006/07 Q4", what="Actual")
    assert history.count() == 12 and history.filter(old="").count() == 1
    assert AuditEvent.objects.filter(object_type="observation").count() == 12
    assert ValueChange.objects.filter(indicator=t, period="2008/09", what="Target").count() == 12


# -- a page at a time (issue 16) ---------------------------------------------------------------------------

PERIOD = "2007/08 Q1"


def _many(partnership, personas, n=40):
    """n quarterly indicators of the provider's organisation, P 000 onwards, each with a target of 100 for
    PERIOD: every third one on target (Green), the next below it (Red), the next without a figure. And one
    of another organisation's, which only the officer reports."""
    police = Organisation.objects.get(name="Testshire Police")
    council = Organisation.objects.get(name="Testshire Council")
    made = Indicator.objects.bulk_create(
        Indicator(partnership=partnership, code=f"P {i:03}", title=f"Indicator {i}", value_type="count",
                  polarity="higher", collection_interval="financial_quarter",
                  lead_organisation=council if i == n else police)
        for i in range(n + 1))
    targets, actuals = [], []
    for k, ind in enumerate(made):
        target = Target(indicator=ind, kind="target", value=100)
        target.set_period(parse_period(PERIOD))
        targets.append(target)
        if k % 3 < 2:
            o = Observation(indicator=ind, value=100 if k % 3 == 0 else 50, note="Checked.",
                            entered_by=personas["provider"], updated_by=personas["provider"])
            o.set_period(parse_period(PERIOD))
            actuals.append(o)
    Target.objects.bulk_create(targets)
    Observation.objects.bulk_create(actuals)
    refresh_assessments([ind.pk for ind in made])
    return made


def rows(body):
    return [int(pk) for pk in re.findall(r'id="i(\d+)-row"', body)]


def counts(body):
    block = body.split("pb-rag-counts")[1].split("</ul>")[0]
    return dict(re.findall(r'pb-rag--(\w+)">[^<]*</strong>\s*(\d+)', block))


def test_pages_of_25_keep_the_period_and_count_every_page(as_user, partnership, personas):
    made = _many(partnership, personas)
    client = as_user("provider")
    path = url("my_returns", partnership)
    first = client.get(path, {"period": PERIOD}).content.decode()
    second = client.get(path, {"period": PERIOD, "page": "2"}).content.decode()
    assert rows(first) == [i.pk for i in made[:25]] and rows(second) == [i.pk for i in made[25:40]]
    for body in (first, second):  # the counts are of all 40, not of the page's
        assert "40 indicators for 2007/08 Q1; 13 still without a figure." in body
        assert counts(body) == {"green": "14", "red": "13", "no_data": "13"}
        assert '<nav class="govuk-pagination" aria-label="Pages of indicators">' in body
    assert "<title>What I have to report (page 1 of 2)" in first and "Showing 1 to 25 of 40" in first
    assert 'href="?period=2007%2F08+Q1&amp;page=2" aria-label="Page 2"' in first
    assert 'href="?period=2007%2F08+Q1&amp;page=2" rel="next"' in first and 'rel="prev"' not in first
    assert 'aria-label="Page 1" aria-current="page">1</a>' in first
    assert 'href="?period=2007%2F08+Q1&amp;page=1" rel="prev"' in second and 'rel="next"' not in second
    assert 'aria-label="Page 2" aria-current="page">2</a>' in second and "Showing 26 to 40 of 40" in second
    # The officer reports the other organisation's indicator too.
    body = as_user("officer").get(path, {"period": PERIOD, "page": "2"}).content.decode()
    assert "41 indicators for 2007/08 Q1" in body and rows(body) == [i.pk for i in made[25:]]


def test_links_keep_the_period_the_page_opened_on(as_user, partnership, personas):
    _many(partnership, personas)
    round_ = ReportingRound(partnership=partnership, name="Q1 round", reporting_date="2007-07-01")
    round_.set_period(parse_period(PERIOD))
    round_.save()
    body = as_user("provider").get(url("my_returns", partnership)).content.decode()
    assert 'href="?period=2007%2F08+Q1&amp;page=2" rel="next"' in body


def test_a_page_beyond_the_end_is_the_last_and_one_that_is_not_a_number_the_first(as_user, partnership, personas):
    made = _many(partnership, personas)
    client = as_user("provider")
    path = url("my_returns", partnership)
    assert rows(client.get(path, {"period": PERIOD, "page": "99"}).content.decode()) == [i.pk for i in made[25:40]]
    assert rows(client.get(path, {"period": PERIOD, "page": "first"}).content.decode()) == [i.pk for i in made[:25]]


def test_one_page_has_no_pagination(as_user, partnership, indicators):
    body = as_user("provider").get(url("my_returns", partnership), {"period": "2006/07 Q1"}).content.decode()
    assert "govuk-pagination" not in body and "(page 1 of 1)" not in body


def test_saving_a_page_saves_its_rows_and_returns_to_it(as_user, partnership, personas):
    made = _many(partnership, personas)
    client = as_user("provider")
    path = url("my_returns", partnership)
    data = page_data(client.get(path, {"period": PERIOD, "page": "2"}).content.decode())
    assert data["page"] == "2" and not any(k.startswith(f"i{made[0].pk}-") for k in data)
    data[f"i{made[27].pk}-value"] = "120"
    events = AuditEvent.objects.count()
    response = client.post(path, data)
    assert response.status_code == 302 and response["Location"] == f"{path}?period=2007%2F08+Q1&page=2"
    assert "Saved 1 figure for 2007/08 Q1." in client.get(response["Location"]).content.decode()
    assert AuditEvent.objects.count() == events + 1
    assert Observation.objects.get(indicator=made[27], period=PERIOD).value == 120


def test_a_page_shown_again_with_errors_is_the_same_page(as_user, partnership, personas):
    made = _many(partnership, personas)
    client = as_user("provider")
    path = url("my_returns", partnership)
    data = page_data(client.get(path, {"period": PERIOD, "page": "2"}).content.decode())
    data[f"i{made[28].pk}-value"] = "lots"
    data[f"i{made[27].pk}-value"] = "60"
    data[f"i{made[27].pk}-note"] = ""
    body = client.post(path, data).content.decode()
    assert "P 028, actual:" in body and "P 027, commentary: A comment is required" in body
    assert rows(body) == [i.pk for i in made[25:40]] and 'name="page" value="2"' in body
    assert 'aria-label="Page 2" aria-current="page"' in body
    assert counts(body) == {"green": "14", "red": "13", "no_data": "13"}
    assert Observation.objects.get(indicator=made[27], period=PERIOD).value == 100


def test_a_stale_row_on_a_later_page_is_a_conflict(as_user, partnership, personas):
    made = _many(partnership, personas)
    client = as_user("provider")
    path = url("my_returns", partnership)
    data = page_data(client.get(path, {"period": PERIOD, "page": "2"}).content.decode())
    services.record_observation(indicator=made[30], period=parse_period(PERIOD), user=personas["officer"],
                                value=Decimal("90"), note="Revised.")
    data[f"i{made[30].pk}-value"] = "95"
    body = client.post(path, data).content.decode()
    assert f'href="#i{made[30].pk}-resolve">P 030: officer changed this figure' in body
    assert Observation.objects.get(indicator=made[30], period=PERIOD).value == 90


def test_saving_saves_the_rows_shown_even_if_the_pages_have_moved(as_user, partnership, personas):
    """An indicator added since the page was shown moves every later one along: the save is of the rows the
    person saw, not of what page 2 holds now (which would ask for a figure for a row they never saw)."""
    made = _many(partnership, personas)
    client = as_user("provider")
    path = url("my_returns", partnership)
    data = page_data(client.get(path, {"period": PERIOD, "page": "2"}).content.decode())
    data[f"i{made[39].pk}-value"] = "75"
    Indicator.objects.create(partnership=partnership, code="A 1", title="Added since", value_type="count",
                             polarity="higher", collection_interval="financial_quarter",
                             lead_organisation=made[0].lead_organisation)
    response = client.post(path, data, follow=True)
    assert "Saved 1 figure for 2007/08 Q1." in response.content.decode()
    assert Observation.objects.get(indicator=made[39], period=PERIOD).value == 75
    assert Observation.objects.get(indicator=made[24], period=PERIOD).value == 100


def test_the_counts_are_those_of_the_rows(as_user, partnership, personas, indicators):
    """returns.summary, without forms, agrees with the entries (with forms) over every indicator."""
    _many(partnership, personas)
    period = parse_period(PERIOD)
    every = returns.due(Indicator.objects.filter(partnership=partnership).with_headlines(period=PERIOD), period)
    entries = returns.entries_for(every, period)
    outstanding, found = returns.summary(every, period)
    assert len(entries) == 43  # not the academic-year NI 072 and NI 092
    assert outstanding == sum(1 for e in entries if e.observation is None or e.observation.value is None) == 15
    assert dict(found) == dict(Counter(e.status for e in entries))
