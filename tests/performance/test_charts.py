"""The chart family (performance/charts.py), read back by parsing the SVG: every chart opens the same way and
draws the values and labels it is given, not a picture compared with a picture."""

from decimal import Decimal
from types import SimpleNamespace
from xml.etree import ElementTree

import pytest

from placeboard.benchmarking.benchmarking import bar_svg
from placeboard.performance.charts import hbar_svg, sparkline_svg, stacked_status_svg, trend_svg

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg):
    root = ElementTree.fromstring(svg)
    assert root.get("role") == "img" and root.get("class", "").startswith("pb-")
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id and root.find(f"{SVG}desc").get("id") == desc_id
    return root


def texts(root):
    return [t.text for t in root.iter(f"{SVG}text")]


def fmt(value):
    return f"{value:,.1f}"


@pytest.mark.parametrize("make", [
    lambda: trend_svg("T <1>", [("2008/09", Decimal(1)), ("2009/10", Decimal(2))], [("2009/10", Decimal(3))], fmt,
                      id_prefix="a"),
    lambda: hbar_svg("T <1>", "D & d", [("A", Decimal(1), "1", False)], id_prefix="b"),
    lambda: sparkline_svg("T <1>", [("2008/09", Decimal(1)), ("2009/10", Decimal(2))], [], fmt, id_prefix="c"),
    lambda: stacked_status_svg("T <1>", "D & d", [("Round 1", [("green", "Green", 2), ("red", "Red", 1)])],
                               id_prefix="d"),
])
def test_every_chart_opens_the_same_way_with_its_title_escaped(make):
    root = parse(make())
    assert root.find(f"{SVG}title").text == "T <1>"


def test_trend_marks_each_actual_with_a_circle_and_each_target_with_a_square():
    points = [("2007/08", Decimal("53")), ("2008/09", None), ("2009/10", Decimal("57.4"))]
    targets = [("2009/10", Decimal("57.2")), ("2010/11", Decimal("58"))]
    root = parse(trend_svg("NI 072", points, targets, fmt, id_prefix="t"))
    assert len(list(root.iter(f"{SVG}circle"))) == 2 + 1  # two actuals, and the legend's marker
    assert len(list(root.iter(f"{SVG}rect"))) == 2 + 1
    # Every period is on the axis, the targets' own period too; the legend names both series.
    assert {"2007/08", "2008/09", "2009/10", "2010/11", "Actual", "Target"} <= set(texts(root))
    assert "The table below gives the same figures." in root.find(f"{SVG}desc").text


def test_trend_of_nothing_is_no_chart():
    assert trend_svg("Empty", [("2008/09", None)], [], fmt) == ""


def test_bars_go_left_of_zero_for_a_negative_value_and_carry_their_value_text():
    rows = [("Rise", Decimal("10"), "+10", True), ("Fall", Decimal("-5"), "−5", False)]
    root = parse(hbar_svg("Change", "Each area's change", rows, id_prefix="h", reference=("England", 2, "+2")))
    rise, fall = list(root.iter(f"{SVG}rect"))
    assert float(fall.get("x")) < float(rise.get("x"))  # the fall starts left of zero, where the rise starts
    assert abs(float(fall.get("x")) + float(fall.get("width")) - float(rise.get("x"))) < 0.2
    assert float(rise.get("width")) == pytest.approx(2 * float(fall.get("width")), rel=0.01)
    assert rise.get("fill") == "#0b0c0c" and fall.get("fill") == "#b1b4b6"
    assert ["Rise", "+10", "Fall", "−5", "England +2"] == texts(root)
    line = root.find(f"{SVG}line")
    assert line.get("stroke-dasharray")  # the reference is dashed, not only blue


def test_benchmark_bars_mark_the_partnership_and_england():
    indicator = SimpleNamespace(pk=1, code="NI 004", format_number=lambda v: f"{v}%")
    row = SimpleNamespace
    panel = SimpleNamespace(
        rows=[row(authority="Wiltshire", value=Decimal("31.9"), is_partnership=True),
              row(authority="Somewhere", value=Decimal("28.0"), is_partnership=False)],
        national=row(authority="England", value=Decimal("29.8")), period="2008/09",
        group=SimpleNamespace(pk=7, name="Unitary councils"))
    root = parse(bar_svg(panel, indicator))
    assert root.find(f"{SVG}title").text == "NI 004 2008/09: Unitary councils"
    assert texts(root) == ["▶ Wiltshire", "31.9%", "Somewhere", "28.0%", "England 29.8%"]
    assert [t.get("font-weight") for t in root.iter(f"{SVG}text")][:3] == ["bold", "bold", None]
    assert root.get("aria-labelledby") == "bench-1-7-title bench-1-7-desc"
