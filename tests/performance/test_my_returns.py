"""What I have to report (issue 15.2): saving one figure saves one figure; the page opens on the period due,
shows each indicator's target and status, and runs a fixed number of queries. And the same new figure
entered by several people at once, on PostgreSQL with real threads (issue 14.6)."""

import html
import re
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placeboard.core.models import AuditEvent, Organisation
from placeboard.performance import services
from placeboard.performance.evaluation import latest_row
from placeboard.performance.models import Indicator, Observation, ReportingRound, ValueChange
from placeboard.performance.periods import parse_period


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
