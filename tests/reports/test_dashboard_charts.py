"""The dashboard's two charts, read back by parsing their SVG: the values and labels, not a picture."""

from decimal import Decimal
from xml.etree import ElementTree

from placeboard.performance.charts import figures_text, sparkline_svg, stacked_status_svg

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg):
    root = ElementTree.fromstring(svg)
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id and root.find(f"{SVG}desc").get("id") == desc_id
    return root


def fmt(value):
    return f"{value:.1f}%"


def test_sparkline_draws_and_describes_the_figures_and_targets():
    points = [("2007/08", Decimal("53")), ("2008/09", Decimal("57")), ("2009/10 Q1", None),
              ("2009/10 Q2", Decimal("57.4"))]
    targets = [("2007/08", None), ("2008/09", None), ("2009/10 Q1", None), ("2009/10 Q2", Decimal("57.2"))]
    root = parse(sparkline_svg("NI 072: the last 4 figures and targets", points, targets, fmt, id_prefix="s1"))
    assert root.find(f"{SVG}title").text == "NI 072: the last 4 figures and targets"
    assert "solid line" in root.find(f"{SVG}desc").text
    # The figures in words, which the report's cell writes beside the chart.
    assert figures_text(points, targets, fmt) == ("2007/08: 53.0%; 2008/09: 57.0%; 2009/10 Q1: no figure; "
                                                  "2009/10 Q2: 57.4% (target 57.2%)")
    circles = root.findall(f"{SVG}circle")
    assert [c.get("data-value") for c in circles] == ["53", "57", "57.4"]
    # Each period in its place along the line: the missing 2009/10 Q1 leaves a gap, not a point.
    xs = [float(c.get("cx")) for c in circles]
    assert abs((xs[1] - xs[0]) * 2 - (xs[2] - xs[1])) < 0.2
    assert float(circles[-1].get("r")) > float(circles[0].get("r"))  # the latest stands out by size, not colour
    [target] = root.findall(f"{SVG}rect")
    assert target.get("data-target") == "57.2" and float(target.get("x")) + 2 == xs[2]  # beside the latest
    actual = root.find(f"{SVG}polyline[@data-series='actual']")
    assert len(actual.get("points").split()) == 3  # the missing figure is skipped, not drawn as zero
    # Higher figures are drawn higher (smaller y).
    ys = [float(c.get("cy")) for c in circles]
    assert ys[0] > ys[1] > ys[2]


def test_sparkline_of_nothing_is_nothing():
    assert sparkline_svg("x", [("2008/09", None)], [("2008/09", None)], fmt, id_prefix="s2") == ""
    assert sparkline_svg("x", [], [], fmt, id_prefix="s3") == ""


def test_sparkline_escapes_labels():
    root = parse(sparkline_svg("A <b> & c", [("Q<1>", Decimal(1)), ("Q2", Decimal(2))], [], str, id_prefix="e"))
    assert root.find(f"{SVG}title").text == "A <b> & c"
    assert [c.get("data-value") for c in root.findall(f"{SVG}circle")] == ["1", "2"]


def test_stacked_status_bars_give_each_count_and_name_each_status():
    bars = [("Round 1", [("green", "Green", 2), ("amber", "Amber", 0), ("red", "Red", 3), ("no_data", "No data", 1)]),
            ("Round 2", [("green", "Green", 4), ("amber", "Amber", 1), ("red", "Red", 1), ("no_data", "No data", 0)])]
    root = parse(stacked_status_svg("Indicators by status in each round", "One bar per round.", bars,
                                    id_prefix="mix"))
    segments = [(r.get("data-status"), r.get("data-count")) for r in root.iter(f"{SVG}rect") if r.get("data-status")]
    assert segments == [("green", "2"), ("red", "3"), ("no_data", "1"), ("green", "4"), ("amber", "1"), ("red", "1")]
    # Each segment has its words as a tooltip, and its count written on it.
    tips = [t.text for r in root.iter(f"{SVG}rect") if r.get("data-status") for t in r.findall(f"{SVG}title")]
    assert tips[0] == "Round 1: Green 2" and tips[-1] == "Round 2: Red 1"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts[:5] == ["Round 1", "2", "3", "1", "Round 2"]
    # The legend names every status drawn, in order, each beside its patterned swatch: it reads in black and white.
    assert texts[-4:] == ["Green", "Amber", "Red", "No data"]
    patterns = {p.get("id") for p in root.iter(f"{SVG}pattern")}
    assert patterns == {"mix-green", "mix-amber", "mix-red", "mix-no_data"}
    fills = {r.get("fill") for r in root.iter(f"{SVG}rect") if r.get("data-status")}
    assert fills == {"url(#mix-green)", "url(#mix-amber)", "url(#mix-red)", "url(#mix-no_data)"}
    # Each bar is as long as the whole: its segments' widths share it in proportion.
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect") if r.get("data-status")]
    assert abs(sum(widths[:3]) - sum(widths[3:])) < 0.5
    assert abs(widths[1] / widths[0] - 3 / 2) < 0.01


def test_stacked_status_bars_of_nothing():
    assert stacked_status_svg("t", "d", [], id_prefix="x") == ""
    root = parse(stacked_status_svg("t", "d", [("Empty round", [("green", "Green", 0)])], id_prefix="y"))
    assert "No indicators" in [t.text for t in root.iter(f"{SVG}text")]
