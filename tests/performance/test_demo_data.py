"""The demo's indicator figures (performance/demo_data/*.toml) fit the models the demo loads them into.

TOML checks only its own syntax, so a misspelt key or a value the models do not know would otherwise load
silently (or not at all): these are the checks demo_indicators.py's old __main__ validator made, against the
models' choices and lengths."""

import re
from decimal import Decimal, InvalidOperation
from importlib.resources import files

import pytest

from placeboard.performance import demo
from placeboard.performance.demo_indicators import INDICATORS, PARTNERSHIPS
from placeboard.performance.models import Indicator, IndicatorTag, Observation, Target

PERIOD = re.compile(
    r"\d{4}/\d{2}(?: Q[1-4]| H[12])?"  # financial or academic year, quarter, half year
    r"|\d{4}"  # calendar year
    r"|\d{4}-\d{2}"  # rolling multi-year, e.g. 2001-03
)
KEYS = {
    "indicator": {"code", "title", "tags", "units", "polarity", "decimal_places", "cumulative", "outcome_code",
                  "source_row", "values", "published", "expected", "benchmark",
                  "row", "units_text", "title_incomplete", "skipped"},
    "value": {"kind", "period", "value", "status", "note", "text", "period_type", "period_text"},
    "published": {"on_target", "variance", "traffic_light", "comment"},
    "benchmark": {"period", "national", "rank", "group_size", "group", "direction"},
    "skipped": {"cell", "printed", "reason"},
}
SEEDS = {"wiltshire": "seed 000 ", "coventry": "seed 003 "}


def max_length(model, field):
    return model._meta.get_field(field).max_length


def choices(model, field):
    return {value for value, _ in model._meta.get_field(field).choices}


def is_decimal(text):
    try:
        Decimal(text)
    except (InvalidOperation, TypeError):
        return False
    return True


def every_indicator():
    return [(slug, indicator) for slug in PARTNERSHIPS for indicator in INDICATORS[slug]]


def test_one_file_per_partnership():
    names = {f.name for f in (files("placeboard.performance") / "demo_data").iterdir() if f.name.endswith(".toml")}
    assert names == {f"indicators_{slug}.toml" for slug in PARTNERSHIPS}
    assert list(INDICATORS) == list(PARTNERSHIPS) and all(INDICATORS.values())


@pytest.mark.parametrize("slug", PARTNERSHIPS)
def test_codes_are_unique_and_coventry_rows_in_paper_order(slug):
    codes = [indicator["code"] for indicator in INDICATORS[slug]]
    assert len(codes) == len(set(codes))
    rows = [indicator["row"] for indicator in INDICATORS[slug] if indicator.get("row") is not None]
    assert rows == sorted(set(rows))


@pytest.mark.parametrize(("slug", "indicator"), every_indicator(), ids=lambda x: x if isinstance(x, str) else x["code"])
def test_indicator_fits_the_models(slug, indicator):
    assert KEYS["indicator"] - {"row", "units_text", "title_incomplete", "skipped"} <= set(indicator)
    assert set(indicator) <= KEYS["indicator"]
    assert 0 < len(indicator["code"]) <= max_length(Indicator, "code")
    assert 0 < len(indicator["title"]) <= max_length(Indicator, "title")
    assert demo.VALUE_TYPES[indicator["units"]] in choices(Indicator, "value_type")
    assert indicator["polarity"] in choices(Indicator, "polarity")
    assert all(len(demo.TAGS[tag]) <= max_length(IndicatorTag, "name") for tag in indicator["tags"])
    assert type(indicator["decimal_places"]) is int and 0 <= indicator["decimal_places"] <= 6
    assert type(indicator["cumulative"]) is bool
    # Every indicator says where in the seeds it comes from.
    assert indicator["source_row"].startswith(SEEDS[slug])
    assert len(demo.PAPERS[slug]) <= min(max_length(Indicator, "data_source"), max_length(Observation, "source"))
    assert indicator["expected"] is None or len(indicator["expected"]) <= max_length(Observation, "expected")
    for skipped in indicator.get("skipped", []):
        assert set(skipped) == KEYS["skipped"]

    assert indicator["values"]
    academic = any(v.get("period_type") == "academic" for v in indicator["values"])
    seen = set()
    for value in indicator["values"]:
        assert set(value) <= KEYS["value"] and {"kind", "period", "value"} <= set(value), value
        assert value["kind"] in choices(Target, "kind") | {"actual"}
        if value["period"] is None:
            assert value["period_text"], value
        else:
            assert PERIOD.fullmatch(value["period"]), value
            assert len(demo._label(value, academic).label) <= max_length(Target, "period")
        if value["value"] is None:
            assert value["kind"] == "target" and value["text"], value
            assert len(value["text"]) <= max_length(Target, "text")
        else:
            assert isinstance(value["value"], str) and is_decimal(value["value"]), value
        if value["kind"] == "actual":
            assert value["status"] in choices(Observation, "status") | {None}
        else:
            assert "status" not in value
        assert value.get("period_type") in (None, "academic", "financial")
        key = (value["kind"], value["period"] or value["period_text"])
        assert key not in seen, f"two {key} values"
        seen.add(key)

    published = indicator["published"]
    assert set(published) == KEYS["published"]
    assert published["on_target"] in (None, "Y", "N")
    for period, variance in (published["variance"] or {}).items():
        assert PERIOD.fullmatch(period)
        assert variance == "NA" or is_decimal(variance.rstrip("%"))

    benchmark = indicator["benchmark"]
    if benchmark is not None:
        assert set(benchmark) == KEYS["benchmark"]
        assert PERIOD.fullmatch(benchmark["period"]) and is_decimal(benchmark["national"])
        assert benchmark["rank"] is None or 1 <= benchmark["rank"] <= benchmark["group_size"]
