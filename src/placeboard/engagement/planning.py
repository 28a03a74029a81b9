"""Glue between the forward plan's rows and the pure clash rules in clash.py.

Every function here costs a fixed number of queries, however long the plan."""

from collections import defaultdict

from placeboard.core.models import Area, PopulationGroup, Theme
from placeboard.engagement import clash as rules
from placeboard.engagement.models import ClashSettings, EngagementActivity


def ancestors_of_ordered(model, partnership):
    """{pk: [the pks above it, nearest first]} for a tree model, from one query."""
    parents = dict(model.objects.filter(partnership=partnership).values_list("pk", "parent_id"))
    result = {}
    for pk in parents:
        chain, node = [], parents.get(pk)
        while node is not None and node not in chain:
            chain.append(node)
            node = parents.get(node)
        result[pk] = chain
    return result


def ancestors_of(model, partnership):
    """{pk: set of the pks above it} for a tree model, from one query."""
    return {pk: set(chain) for pk, chain in ancestors_of_ordered(model, partnership).items()}


def within(ancestors, roots):
    """The pks that are one of the roots or lie inside one, given {pk: the pks above it}."""
    roots = set(roots)
    return {pk for pk, above in ancestors.items() if pk in roots or not roots.isdisjoint(above)}


def areas_within(partnership, roots):
    """The pks of the partnership's areas that are one of the roots or lie inside one, from one query (an area
    board's area and everything in it)."""
    return within(ancestors_of_ordered(Area, partnership), roots)


def _links(activity_ids):
    """The area, topic and group pks of each activity, from three queries."""
    through = EngagementActivity
    links = {name: defaultdict(set) for name in ("areas", "topics", "population_groups")}
    for name, column in (("areas", "area_id"), ("topics", "theme_id"), ("population_groups", "populationgroup_id")):
        model = getattr(through, name).through
        for activity_id, target in model.objects.filter(engagementactivity_id__in=activity_ids).values_list(
                "engagementactivity_id", column):
            links[name][activity_id].add(target)
    return links


def as_rule(key, start, end, areas, topics, groups):
    return rules.Activity(key=key, start=start, end=end, areas=frozenset(areas), topics=frozenset(topics),
                          groups=frozenset(groups))


class Plan:
    """The partnership's clashing-status activities and everything needed to compare them."""

    def __init__(self, partnership):
        self.partnership = partnership
        self.settings = ClashSettings.for_partnership(partnership)
        self.thresholds = self.settings.thresholds()
        self.area_ancestors = ancestors_of(Area, partnership)
        self.topic_ancestors = ancestors_of(Theme, partnership)
        rows = list(EngagementActivity.objects.filter(
            partnership=partnership, status__in=EngagementActivity.CLASHING_STATUSES
        ).values_list("pk", "start_date", "end_date"))
        links = _links([pk for pk, _, _ in rows])
        self.activities = [
            as_rule(pk, start, end, links["areas"][pk], links["topics"][pk], links["population_groups"][pk])
            for pk, start, end in rows
        ]

    def all_clashes(self):
        """{activity pk: [Clash]}, both members of each pair."""
        return rules.all_clashes(self.activities, self.thresholds, self.area_ancestors, self.topic_ancestors)

    def clashes_for(self, candidate):
        others = [a for a in self.activities if a.key != candidate.key]
        return rules.clashes_with(candidate, others, self.thresholds, self.area_ancestors, self.topic_ancestors)


def candidate_from_form(form, pk=None):
    """The rule view of a valid ActivityForm (before it is saved)."""
    data = form.cleaned_data
    return as_rule(pk or "new", data["start_date"], data["end_date"],
                   {a.pk for a in data.get("areas") or ()}, {t.pk for t in data.get("topics") or ()},
                   {g.pk for g in data.get("population_groups") or ()})


# The fields the clash rules read; the rest of the form need not be filled in yet.
CLASH_FIELDS = ("start_date", "end_date", "areas", "topics", "population_groups", "status")


def form_clashes(form, partnership, pk=None):
    """The described clashes of the activity in a validated ActivityForm, before it is saved.

    The one check behind both the warning after submitting and the live one
    while entering. [] when it clashes with nothing, when its status never
    clashes, or when a field the rules read is missing or invalid (a live check
    of a half-filled form); `pk` is the activity being changed, so that it does
    not clash with itself."""
    data = form.cleaned_data
    if any(name in form.errors or name not in data for name in CLASH_FIELDS):
        return []
    if data["status"] not in EngagementActivity.CLASHING_STATUSES:
        return []
    return describe(Plan(partnership).clashes_for(candidate_from_form(form, pk)), partnership)


def describe(clashes, partnership):
    """[(other activity, Clash, names of shared areas, topics and groups)] for showing a list of clashes."""
    if not clashes:
        return []
    others = EngagementActivity.objects.filter(partnership=partnership, pk__in=[c.second for c in clashes]) \
        .select_related("organiser", "partnership").in_bulk()
    area_ids = set().union(*(c.areas for c in clashes))
    topic_ids = set().union(*(c.topics for c in clashes))
    group_ids = set().union(*(c.groups for c in clashes))

    areas = Area.objects.filter(pk__in=area_ids).in_bulk()
    topics = Theme.objects.filter(pk__in=topic_ids).in_bulk()
    groups = PopulationGroup.objects.filter(pk__in=group_ids).in_bulk()
    described = []
    for c in clashes:
        if c.second not in others:
            continue
        described.append({
            "other": others[c.second],
            "clash": c,
            "areas": sorted(areas[k].name for k in c.areas if k in areas),
            "topics": sorted(str(topics[k]) for k in c.topics if k in topics),
            "groups": sorted(groups[k].name for k in c.groups if k in groups),
        })
    return described
