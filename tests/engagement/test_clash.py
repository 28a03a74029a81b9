"""The clash rules of the joint forward plan (engagement/clash.py), without Django."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from placeboard.engagement import clash as rules
from placeboard.engagement.clash import Activity, Thresholds

D = date(2009, 5, 1)
# Areas: 1 county > 2 district > 3 ward; 4 another district (sibling of 2) > 5.
AREAS = {1: set(), 2: {1}, 3: {2, 1}, 4: {1}, 5: {4, 1}}
# Themes: 10 > 11 > 12; 20 alone.
TOPICS = {10: set(), 11: {10}, 12: {11, 10}, 20: set()}


def act(key, start=0, length=10, areas=(2,), topics=(10,), groups=()):
    return Activity(key, D + timedelta(days=start), D + timedelta(days=start + length - 1),
                    frozenset(areas), frozenset(topics), frozenset(groups))


def clash(a, b, **thresholds):
    return rules.clash(a, b, Thresholds(**thresholds), AREAS, TOPICS)


def test_same_dates_area_and_topic_clash():
    c = clash(act("a"), act("b"))
    assert c is not None
    assert (c.first, c.second, c.days, c.areas, c.topics, c.groups) == ("a", "b", 10, {2}, {10}, set())
    assert (c.overlap_start, c.overlap_end) == (D, D + timedelta(days=9))


def test_dates_that_only_touch_count_as_one_day():
    assert clash(act("a", 0, 10), act("b", 9, 5)).days == 1
    assert clash(act("a", 0, 10), act("b", 10, 5)) is None


def test_minimum_overlap_days():
    a, b = act("a", 0, 10), act("b", 7, 10)  # three days together
    assert clash(a, b, min_overlap_days=3).days == 3
    assert clash(a, b, min_overlap_days=4) is None


def test_thresholds_refuse_less_than_one_day():
    with pytest.raises(ValueError):
        Thresholds(min_overlap_days=0)


def test_an_activity_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        Activity("x", D, D - timedelta(days=1))


def test_one_day_events():
    assert clash(act("a", 3, 1), act("b", 3, 1)).days == 1
    assert clash(act("a", 3, 1), act("b", 4, 1)) is None


def test_different_areas_do_not_clash():
    assert clash(act("a", areas={2}), act("b", areas={4})) is None
    assert clash(act("a", areas={3}), act("b", areas={5})) is None


def test_area_inside_another_clashes_only_with_hierarchy_on():
    ward, county = act("a", areas={3}), act("b", areas={1})
    c = clash(ward, county)
    assert c is not None and c.areas == {1, 3}
    assert clash(ward, county, count_area_hierarchy=False) is None


def test_siblings_inside_the_same_parent_do_not_clash():
    assert clash(act("a", areas={2}), act("b", areas={4})) is None


def test_whole_place_activities():
    everywhere, ward = act("a", areas=()), act("b", areas={3})
    c = clash(everywhere, ward)
    assert c is not None and c.whole_place and c.areas == {3}
    assert clash(everywhere, ward, count_area_hierarchy=False) is None
    both = clash(everywhere, act("c", areas=()), count_area_hierarchy=False)
    assert both is not None and both.whole_place and both.areas == set()


def test_needs_a_shared_topic_or_group():
    assert clash(act("a", topics={10}), act("b", topics={20})) is None
    c = clash(act("a", topics={10}, groups={7}), act("b", topics={20}, groups={7, 8}))
    assert c is not None and c.topics == set() and c.groups == {7}
    assert clash(act("a", topics=(), groups=()), act("b", topics=(), groups=())) is None


def test_topic_hierarchy():
    sub, theme = act("a", topics={12}), act("b", topics={10})
    assert clash(sub, theme) is None
    assert clash(sub, theme, count_topic_hierarchy=True).topics == {10, 12}


def test_an_activity_does_not_clash_with_itself():
    a = act("a")
    assert clash(a, a) is None


def test_clashes_with_keeps_order_and_skips_non_clashes():
    a = act("a")
    others = [act("b"), act("c", areas={4}), act("d", start=5)]
    assert [c.second for c in rules.clashes_with(a, others, Thresholds(), AREAS, TOPICS)] == ["b", "d"]


def test_all_clashes_lists_both_members():
    found = rules.all_clashes([act("a"), act("b", start=5), act("c", start=30)], Thresholds(), AREAS, TOPICS)
    assert set(found) == {"a", "b"}
    assert [c.second for c in found["a"]] == ["b"] and [c.second for c in found["b"]] == ["a"]


def test_overlap_helpers():
    assert rules.overlap(D, D, D, D) == (D, D)
    assert rules.overlap_days(D, D + timedelta(days=3), D + timedelta(days=2), D + timedelta(days=9)) == 2
    assert rules.overlap_days(D, D, D + timedelta(days=1), D + timedelta(days=1)) == 0


def test_month_weeks():
    weeks = rules.month_weeks(2009, 5)  # 1 May 2009 was a Friday
    assert weeks[0][0] == date(2009, 4, 27) and weeks[-1][-1] == date(2009, 5, 31)
    assert all(len(w) == 7 for w in weeks)
    assert rules.month_weeks(2009, 12)[-1][-1] >= date(2009, 12, 31)


# Property tests.
dates = st.integers(min_value=0, max_value=60)
keysets = st.frozensets(st.integers(min_value=1, max_value=5), max_size=3)
topicsets = st.frozensets(st.sampled_from([10, 11, 12, 20]), max_size=3)
groupsets = st.frozensets(st.integers(min_value=1, max_value=3), max_size=2)


@st.composite
def activities(draw, key=None):
    start = draw(dates)
    length = draw(st.integers(min_value=1, max_value=30))
    return act(key if key is not None else draw(st.integers()), start, length, draw(keysets), draw(topicsets),
               draw(groupsets))


thresholds = st.builds(Thresholds, min_overlap_days=st.integers(min_value=1, max_value=10),
                       count_area_hierarchy=st.booleans(), count_topic_hierarchy=st.booleans())


@settings(max_examples=300, deadline=None)
@given(activities(key="a"), activities(key="b"), thresholds)
def test_clash_is_symmetric(a, b, t):
    ab, ba = rules.clash(a, b, t, AREAS, TOPICS), rules.clash(b, a, t, AREAS, TOPICS)
    assert (ab is None) == (ba is None)
    if ab is not None:
        assert (ab.overlap_start, ab.overlap_end, ab.areas, ab.topics, ab.groups) == (
            ba.overlap_start, ba.overlap_end, ba.areas, ba.topics, ba.groups)


@settings(max_examples=300, deadline=None)
@given(activities(key="a"), activities(key="b"), thresholds)
def test_a_clash_needs_all_three(a, b, t):
    c = rules.clash(a, b, t, AREAS, TOPICS)
    if c is None:
        return
    assert c.days >= t.min_overlap_days
    assert a.start <= c.overlap_start <= c.overlap_end <= a.end and b.start <= c.overlap_start
    assert c.topics or c.groups
    assert c.groups <= a.groups & b.groups
    if not t.count_area_hierarchy:
        assert a.areas == b.areas == frozenset() or c.areas <= a.areas & b.areas


@settings(max_examples=200, deadline=None)
@given(activities(key="a"), activities(key="b"))
def test_looser_thresholds_find_at_least_as_much(a, b):
    strict = Thresholds(min_overlap_days=5, count_area_hierarchy=False, count_topic_hierarchy=False)
    loose = Thresholds(min_overlap_days=1, count_area_hierarchy=True, count_topic_hierarchy=True)
    if rules.clash(a, b, strict, AREAS, TOPICS) is not None:
        assert rules.clash(a, b, loose, AREAS, TOPICS) is not None


@settings(max_examples=100, deadline=None)
@given(st.lists(activities(), max_size=8, unique_by=lambda x: x.key), thresholds)
def test_all_clashes_matches_every_pair(plan, t):
    found = rules.all_clashes(plan, t, AREAS, TOPICS)
    for a in plan:
        expected = {b.key for b in plan if rules.clash(a, b, t, AREAS, TOPICS) is not None}
        assert {c.second for c in found.get(a.key, [])} == expected
