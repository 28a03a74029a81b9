"""The kinds of framework object a partnership manages, and how each is listed.

The framework views are generic over these kinds, so every kind gets the same
list, detail, add, change and delete pages, permissions and audit trail."""

from dataclasses import dataclass, field

from django.db.models import Count
from django.http import Http404
from django.urls import reverse

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

    def detail_queryset(self):
        """For one object's page: its linked objects in the same query, without the list's counts."""
        return self.model.objects.select_related(*self.select_related).prefetch_related(*self.prefetch_related)


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


@dataclass(frozen=True)
class DetailRow:
    """One row of a detail page's summary list: plain text, or links to other framework objects.

    A dataclass, not a dict: a template looking up row.items on a dict gets dict.items() and printed each
    (key, value) pair as a Python tuple."""

    label: str
    text: object = ""
    links: tuple = ()  # (text, url) pairs
    is_link: bool = False  # a relation: "None" when there are no links


def object_url(partnership, obj):
    """A framework object's page, without obj.get_absolute_url()'s query for the partnership's slug."""
    return reverse("framework_detail", args=[partnership.slug, kind_for_model(type(obj)).slug, obj.pk])


def detail_rows(obj, kind, partnership):
    rows = []
    for name in kind.detail_fields:
        field_ = obj._meta.get_field(name)
        label = field_.verbose_name[:1].upper() + field_.verbose_name[1:]
        if field_.many_to_many:
            links = tuple((str(o), object_url(partnership, o)) for o in getattr(obj, name).all())
            rows.append(DetailRow(label, links=links, is_link=True))
        elif field_.is_relation:
            related = getattr(obj, name)
            links = ((str(related), object_url(partnership, related)),) if related is not None else ()
            rows.append(DetailRow(label, links=links, is_link=True))
        elif field_.choices:
            rows.append(DetailRow(label, text=getattr(obj, f"get_{name}_display")()))
        else:
            rows.append(DetailRow(label, text=getattr(obj, name)))
    return rows


def related_sections(obj, kind, partnership):
    """The objects that refer to this one, as headed lists of links; a seat on a group links to the group."""
    sections = []
    for heading, manager, target, *joins in kind.related:
        items = getattr(obj, manager).all()
        if joins:
            items = items.select_related(*joins[0])
        if target is None:  # seats (GroupMember): the group and the role held
            links = [(f"{m.group}: {m.get_role_display()}", object_url(partnership, m.group)) for m in items]
        else:
            links = [(str(item), reverse("framework_detail", args=[partnership.slug, target, item.pk]))
                     for item in items]
        sections.append({"heading": heading, "links": links})
    return sections


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
