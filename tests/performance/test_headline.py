"""The headline status (docs/assessment.md, "The headline status"): one rule wherever one status stands
for an indicator, so a Red figure is never hidden behind an earlier period's missing figure."""

from datetime import date

import pytest
from django.urls import reverse

from placeboard.core.models import Outcome
from placeboard.performance.assessment import Status
from placeboard.performance.evaluation import latest_row, period_rows
from placeboard.performance.models import Indicator, ReportingRound
from tests.performance.conftest import add_actual, add_target


@pytest.fixture
def ni87(partnership):
    """Seed 000's NI 087: quarterly reporting, an annual target, the Q2 figure not yet available."""
    ni87 = Indicator.objects.create(
        partnership=partnership, code="NI 087", title="Secondary school persistent absence rate",
        value_type="percentage", polarity="lower", decimal_places=1, collection_interval="financial_quarter")
    add_target(ni87, "2009/10", "5.2")
    add_actual(ni87, "2008/09", "5.2", status="final")
    add_actual(ni87, "2009/10 Q2", None, expected="At the end of the academic year 09/10")
    add_actual(ni87, "2009/10", "7.0", status="final")
    ni87.outcomes.add(Outcome.objects.get(code="2.1"))
    return Indicator.objects.with_assessment_data().get(pk=ni87.pk)


def round_for(partnership, period_start, period_end, due):
    return ReportingRound.objects.create(
        partnership=partnership, name=f"Round to {period_end}", reporting_date=period_end, due=due,
        period="2009/10 Q2", period_start=period_start, period_end=period_end)


def test_the_annual_out_turn_stands_over_an_earlier_quarter_without_a_figure(ni87):
    row = latest_row(ni87)
    assert (row.period.label, row.status) == ("2009/10", Status.RED)


def test_a_red_figure_is_counted_everywhere_one_status_is_shown(as_user, partnership, ni87):
    officer = as_user("officer")
    listed = officer.get(reverse("indicator_list", args=[partnership.slug]), {"status": "red"}).content.decode()
    assert "NI 087" in listed
    home = officer.get(reverse("partnership_home", args=[partnership.slug])).content.decode()
    table = home[home.index('id="rag-by-theme"'):]
    row = table[table.index("2 Economic growth"):].split("</tr>")[0]
    # Columns: Green, Amber, Red, Too early, No target, Overdue, No data, Monitor only, Total.
    assert [cell.split(">")[-1] for cell in row.split("</td>")[:-1]] == ["0", "0", "1", "0", "0", "0", "0", "0", "1"]
    exceptions = officer.get(reverse("report", args=[partnership.slug, "exceptions"]),
                             {"format": "csv"}).content.decode()
    assert "NI 087" in exceptions and "Red" in exceptions
    dashboard = officer.get(reverse("report", args=[partnership.slug, "dashboard"]), {"format": "csv"}).content.decode()
    assert "Red" in dashboard


def test_a_missing_figure_past_its_rounds_deadline_is_overdue(partnership, ni87):
    rows = {r.period.label: r for r in period_rows(ni87)}
    assert rows["2009/10 Q2"].status == Status.NO_DATA  # no round, so no deadline
    round_for(partnership, date(2009, 7, 1), date(2009, 9, 30), due=date(2009, 10, 31))
    indicator = Indicator.objects.with_assessment_data().get(pk=ni87.pk)
    rows = {r.period.label: r for r in period_rows(indicator)}
    assert rows["2009/10 Q2"].status == Status.OVERDUE
    assert "deadline" in rows["2009/10 Q2"].assessment.rule
    assert "end of the academic year" in rows["2009/10 Q2"].assessment.rule
    assert latest_row(indicator).status == Status.RED  # the later out-turn still stands


def test_a_round_not_yet_due_makes_nothing_overdue(partnership, ni87):
    round_for(partnership, date(2009, 7, 1), date(2009, 9, 30), due=date.today().replace(year=date.today().year + 1))
    indicator = Indicator.objects.with_assessment_data().get(pk=ni87.pk)
    assert {r.period.label: r for r in period_rows(indicator)}["2009/10 Q2"].status == Status.NO_DATA


def test_only_overdue_periods_stand_as_overdue_headline(partnership):
    indicator = Indicator.objects.create(
        partnership=partnership, code="X 1", title="Nothing reported yet", value_type="count", polarity="higher",
        collection_interval="financial_quarter")
    add_target(indicator, "2009/10 Q1", "10")
    add_target(indicator, "2009/10 Q3", "10")
    round_for(partnership, date(2009, 4, 1), date(2009, 6, 30), due=date(2009, 7, 31))
    row = latest_row(Indicator.objects.with_assessment_data().get(pk=indicator.pk))
    assert (row.period.label, row.status) == ("2009/10 Q1", Status.OVERDUE)


def test_a_past_figure_with_no_target_says_no_target(partnership):
    indicator = Indicator.objects.create(
        partnership=partnership, code="X 2", title="No target", value_type="count", polarity="higher",
        collection_interval="financial_year")
    add_actual(indicator, "2008/09", "44")
    words = Indicator.objects.create(
        partnership=partnership, code="X 3", title="Target in words", value_type="count", polarity="higher",
        collection_interval="financial_year")
    add_target(words, "2008/09", None, text="less than 15 across all phases")
    add_actual(words, "2008/09", "12")
    assert latest_row(Indicator.objects.with_assessment_data().get(pk=indicator.pk)).status == Status.NO_TARGET
    assert latest_row(Indicator.objects.with_assessment_data().get(pk=words.pk)).status == Status.TOO_EARLY


def test_the_longer_period_stands_when_two_end_together(partnership):
    indicator = Indicator.objects.create(
        partnership=partnership, code="X 4", title="Quarter and year", value_type="count", polarity="higher",
        collection_interval="financial_quarter")
    add_target(indicator, "2009/10", "10")
    add_actual(indicator, "2009/10 Q4", "12")
    add_actual(indicator, "2009/10", "8")
    row = latest_row(Indicator.objects.with_assessment_data().get(pk=indicator.pk))
    assert row.period.label == "2009/10" and row.status == Status.RED


# -- direction of travel (docs/assessment.md, "Direction of travel") ------------------------------------


def test_a_level_is_compared_with_last_years_out_turn_when_no_quarter_is_comparable(partnership):
    rate = Indicator.objects.create(
        partnership=partnership, code="NI 099", title="A level", value_type="percentage", polarity="higher",
        decimal_places=1, collection_interval="financial_quarter")
    add_actual(rate, "2008/09", "44")
    add_actual(rate, "2009/10 Q2", "46.5")
    row = latest_row(Indicator.objects.with_assessment_data().get(pk=rate.pk))
    assert row.direction.value == "improving" and row.direction_words == "Improving (against 2008/09)"


def test_a_count_building_up_over_the_year_is_only_compared_like_with_like(partnership):
    count = Indicator.objects.create(
        partnership=partnership, code="CYP 36", title="A count", value_type="count", polarity="higher",
        cumulative=True, collection_interval="financial_quarter")
    add_actual(count, "2008/09", "107")
    add_actual(count, "2009/10 Q1", "58")
    row = latest_row(Indicator.objects.with_assessment_data().get(pk=count.pk))
    assert row.direction.value == "not_comparable"
    assert "no figure a year earlier or for the period before" in row.direction_words
    add_actual(count, "2008/09 Q1", "40")
    row = latest_row(Indicator.objects.with_assessment_data().get(pk=count.pk))
    assert row.direction_words == "Improving (against 2008/09 Q1)"


def test_a_figure_not_yet_given_is_not_compared_with(partnership, as_user):
    rate = Indicator.objects.create(
        partnership=partnership, code="X 5", title="A level", value_type="percentage", polarity="lower",
        decimal_places=1, collection_interval="financial_quarter")
    add_actual(rate, "2008/09 Q2", None, expected="Later")
    add_actual(rate, "2009/10 Q1", "30")
    add_actual(rate, "2009/10 Q2", "25")
    row = latest_row(Indicator.objects.with_assessment_data().get(pk=rate.pk))
    assert row.direction_words == "Improving (against 2009/10 Q1)"
    page = as_user("officer").get(reverse("indicator_detail", args=[partnership.slug, rate.pk])).content.decode()
    assert "Improving (against 2009/10 Q1)" in page


def test_the_indicator_page_headline_uses_the_same_rule(as_user, partnership, ni87):
    page = as_user("officer").get(reverse("indicator_detail", args=[partnership.slug, ni87.pk])).content.decode()
    headline_text = page[page.index("Latest:"):page.index("</p>", page.index("Latest:"))]
    assert "7.0%" in headline_text and "2009/10" in headline_text and "Red" in headline_text
    assert "Q2" not in headline_text


def test_the_indicator_page_says_when_the_headline_has_no_figure(as_user, partnership):
    indicator = Indicator.objects.create(
        partnership=partnership, code="X 6", title="Awaited", value_type="count", polarity="higher",
        collection_interval="financial_year")
    add_target(indicator, "2009/10", "10")
    page = as_user("officer").get(reverse("indicator_detail", args=[partnership.slug, indicator.pk])).content.decode()
    assert "Latest: no figure for 2009/10" in page
