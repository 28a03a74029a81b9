"""The kinds of framework object a partnership manages, and how each is listed.

The framework views are generic over these kinds, so every kind gets the same
list, detail, add, change and delete pages, permissions and audit trail."""

from dataclasses import dataclass, field

from django.db.models import Count
from django.http import Http404

from placeboard.core import forms
from placeboard.core.models import Area, AreaSet, Group, Organisation, Outcome, PopulationGroup, Theme


@dataclass(frozen=True)
class Kind:
    slug: str
    model: type
    form_class: type
    singular: str
    plural: str
    columns: tuple  # (heading, attribute path) shown in the list
    detail_fields: tuple  # field names shown on the detail page
    select_related: tuple = ()
    prefetch_related: tuple = ()
    annotations: dict = field(default_factory=dict)
    tree: bool = False  # listed as a tree of parent and children
    related: tuple = ()  # (heading, related manager, kind slug[, select_related]) on the detail page
    filters: tuple = ()  # choice fields the list can be filtered by

    def queryset(self, partnership):
        qs = self.model.objects.filter(partnership=partnership)
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.prefetch_related:
            qs = qs.prefetch_related(*self.prefetch_related)
        if self.annotations:
            qs = qs.annotate(**self.annotations)
        return qs


KINDS = [
    Kind(
        slug="organisations",
        filters=("sector",),
        related=(("Outcomes it leads", "led_outcomes", "outcomes"), ("Seats on groups", "group_memberships", None, ("group",))),
        model=Organisation,
        form_class=forms.OrganisationForm,
        singular="organisation",
        plural="organisations",
        columns=(("Name", "name"), ("Short name", "short_name"), ("Sector", "get_sector_display"),
                 ("Outcomes led", "outcome_count")),
        detail_fields=("name", "short_name", "sector"),
        annotations={"outcome_count": Count("led_outcomes", distinct=True)},
    ),
    Kind(
        slug="groups",
        related=(("Groups reporting to it", "children", "groups"), ("Themes it owns", "themes", "themes"), ("Outcomes it owns", "outcomes", "outcomes")),
        filters=("kind",),
        model=Group,
        form_class=forms.GroupForm,
        singular="group",
        plural="groups",
        columns=(("Name", "name"), ("Type", "get_kind_display"), ("Reports to", "parent"),
                 ("Area", "area"), ("Members", "member_count")),
        detail_fields=("name", "kind", "parent", "area", "description"),
        select_related=("parent", "area"),
        annotations={"member_count": Count("members", distinct=True)},
        tree=True,
    ),
    Kind(
        slug="themes",
        related=(("Themes within it", "children", "themes"), ("Outcomes", "outcomes", "outcomes"), ("Outcomes from other themes contributing to it", "contributing_outcomes", "outcomes")),
        model=Theme,
        form_class=forms.ThemeForm,
        singular="theme",
        plural="themes",
        columns=(("Code", "code"), ("Name", "name"), ("Owning group", "group")),
        detail_fields=("code", "name", "parent", "group", "description"),
        select_related=("parent", "group"),
        tree=True,
    ),
    Kind(
        slug="outcomes",
        filters=("theme",),
        model=Outcome,
        form_class=forms.OutcomeForm,
        singular="outcome",
        plural="outcomes",
        columns=(("Code", "code"), ("Title", "title"), ("Theme", "theme"),
                 ("Lead organisation", "lead_organisation"), ("Owning group", "group")),
        detail_fields=("theme", "code", "title", "description", "lead_organisation", "group", "contributes_to"),
        select_related=("theme", "theme__group", "lead_organisation", "group"),
        prefetch_related=("contributes_to",),
    ),
    Kind(
        slug="areas",
        related=(("Areas within it", "children", "areas"), ("Area sets it belongs to", "area_sets", "area-sets"), ("Groups serving it", "groups", "groups")),
        filters=("area_type",),
        model=Area,
        form_class=forms.AreaForm,
        singular="area",
        plural="areas",
        columns=(("Name", "name"), ("GSS code", "gss_code"), ("Type", "get_area_type_display"),
                 ("Part of", "parent")),
        detail_fields=("name", "gss_code", "area_type", "parent"),
        select_related=("parent",),
        tree=True,
    ),
    Kind(
        slug="area-sets",
        model=AreaSet,
        form_class=forms.AreaSetForm,
        singular="area set",
        plural="area sets",
        columns=(("Name", "name"), ("Areas", "area_count"), ("Description", "description")),
        detail_fields=("name", "description", "areas"),
        prefetch_related=("areas",),
        annotations={"area_count": Count("areas", distinct=True)},
    ),
    Kind(
        slug="population-groups",
        model=PopulationGroup,
        form_class=forms.PopulationGroupForm,
        singular="population group",
        plural="population groups",
        columns=(("Name", "name"), ("Description", "description")),
        detail_fields=("name", "description"),
    ),
]
_BY_SLUG = {kind.slug: kind for kind in KINDS}
_BY_MODEL = {kind.model: kind for kind in KINDS}


def get_kind(slug):
    try:
        return _BY_SLUG[slug]
    except KeyError:
        raise Http404(f"There is no kind of framework object called {slug!r}.") from None


def kind_for_model(model):
    return _BY_MODEL[model]


def build_tree(objects):
    """Nest objects under their parents; returns (node, children) pairs.

    Works on an already-fetched list, so a tree costs no extra queries."""
    by_parent = {}
    for obj in objects:
        by_parent.setdefault(obj.parent_id, []).append(obj)
    ids = {obj.pk for obj in objects}

    def nodes(parent_id):
        return [(obj, nodes(obj.pk)) for obj in by_parent.get(parent_id, [])]

    roots = [obj for obj in objects if obj.parent_id is None or obj.parent_id not in ids]
    return [(obj, nodes(obj.pk)) for obj in roots]
