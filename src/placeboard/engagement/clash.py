"""Clash rules of the joint forward plan of engagement (docs/engagement.md).

Pure Python, no Django: the views hand in plain `Activity` tuples and the
ancestors of each area and theme, and get back the clashes with their reasons.

Two activities clash when all three hold:

1. their dates overlap by at least `min_overlap_days` days (both ends count);
2. they reach the same people in place: they share an area, or, when
   `count_area_hierarchy` is on, one's area lies inside the other's (a
   consultation across Wiltshire overlaps one in Chippenham). An activity with
   no areas covers the whole place: with the hierarchy on it overlaps every
   activity, without it only other whole-place activities;
3. they are about the same thing or the same people: they share a topic (with
   `count_topic_hierarchy` on, a theme and its sub-themes count as shared) or a
   target population group.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta


@dataclass(frozen=True)
class Thresholds:
    min_overlap_days: int = 1
    count_area_hierarchy: bool = True
    count_topic_hierarchy: bool = False

    def __post_init__(self):
        if self.min_overlap_days < 1:
            raise ValueError("min_overlap_days must be at least 1")


@dataclass(frozen=True)
class Activity:
    key: object
    start: date
    end: date
    areas: frozenset = field(default_factory=frozenset)
    topics: frozenset = field(default_factory=frozenset)
    groups: frozenset = field(default_factory=frozenset)

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("an activity cannot end before it starts")


@dataclass(frozen=True)
class Clash:
    """Why two activities clash: the shared days, areas, topics and groups."""

    first: object
    second: object
    overlap_start: date
    overlap_end: date
    areas: frozenset
    topics: frozenset
    groups: frozenset
    whole_place: bool = False

    @property
    def days(self):
        return (self.overlap_end - self.overlap_start).days + 1


def overlap(a_start, a_end, b_start, b_end):
    """The shared (start, end) of two inclusive date ranges, or None."""
    start, end = max(a_start, b_start), min(a_end, b_end)
    return (start, end) if start <= end else None


def overlap_days(a_start, a_end, b_start, b_end):
    shared = overlap(a_start, a_end, b_start, b_end)
    return 0 if shared is None else (shared[1] - shared[0]).days + 1


def _closure(keys, ancestors):
    """The keys and everything above them."""
    result = set(keys)
    for key in keys:
        result.update(ancestors.get(key, ()))
    return result


def shared_with_hierarchy(a, b, ancestors):
    """The keys of a and b that match directly or by one lying inside the other.

    Returns the keys (from either side) that take part in a match."""
    a_up, b_up = _closure(a, ancestors), _closure(b, ancestors)

    def matches(key, other, other_up):
        # The key is the other's area or above it, or lies inside one of the other's.
        return key in other_up or bool(set(ancestors.get(key, ())) & other)

    return frozenset({k for k in a if matches(k, b, b_up)} | {k for k in b if matches(k, a, a_up)})


def shared_areas(a, b, thresholds, area_ancestors):
    """(shared area keys, whether a whole-place activity is involved), or None when no overlap."""
    if not a or not b:
        if not a and not b:
            return frozenset(), True
        if thresholds.count_area_hierarchy:
            return frozenset(a or b), True
        return None
    if thresholds.count_area_hierarchy:
        shared = shared_with_hierarchy(a, b, area_ancestors)
    else:
        shared = frozenset(a & b)
    return (shared, False) if shared else None


def shared_topics(a, b, thresholds, topic_ancestors):
    if thresholds.count_topic_hierarchy:
        return shared_with_hierarchy(a, b, topic_ancestors)
    return frozenset(a & b)


def clash(a, b, thresholds=Thresholds(), area_ancestors=None, topic_ancestors=None):
    """The Clash between two activities, or None."""
    if a.key == b.key:
        return None
    dates = overlap(a.start, a.end, b.start, b.end)
    if dates is None or (dates[1] - dates[0]).days + 1 < thresholds.min_overlap_days:
        return None
    areas = shared_areas(a.areas, b.areas, thresholds, area_ancestors or {})
    if areas is None:
        return None
    topics = shared_topics(a.topics, b.topics, thresholds, topic_ancestors or {})
    groups = frozenset(a.groups & b.groups)
    if not topics and not groups:
        return None
    return Clash(a.key, b.key, dates[0], dates[1], areas[0], topics, groups, whole_place=areas[1])


def clashes_with(candidate, others, thresholds=Thresholds(), area_ancestors=None, topic_ancestors=None):
    """The clashes of one activity with each of the others, in the others' order."""
    found = []
    for other in others:
        c = clash(candidate, other, thresholds, area_ancestors, topic_ancestors)
        if c is not None:
            found.append(c)
    return found


def all_clashes(activities, thresholds=Thresholds(), area_ancestors=None, topic_ancestors=None):
    """Every clashing pair once, as {key: [Clash with key first]} for both members.

    Sorted by start date, an activity only has to be compared with those that
    start before it ends, so a long plan does not cost every pair."""
    ordered = sorted(activities, key=lambda x: (x.start, x.end))
    result = {}
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if b.start > a.end:
                break
            c = clash(a, b, thresholds, area_ancestors, topic_ancestors)
            if c is not None:
                result.setdefault(a.key, []).append(c)
                result.setdefault(b.key, []).append(_swap(c))
    return result


def _swap(c):
    return Clash(c.second, c.first, c.overlap_start, c.overlap_end, c.areas, c.topics, c.groups, c.whole_place)


def month_weeks(year, month):
    """The weeks (Monday first) of a month as lists of 7 dates, padded with days of the next and last months."""
    first = date(year, month, 1)
    start = first - timedelta(days=first.weekday())
    next_month = date(year + (month == 12), month % 12 + 1, 1)
    weeks = []
    day = start
    while day < next_month:
        weeks.append([day + timedelta(days=i) for i in range(7)])
        day += timedelta(days=7)
    return weeks
