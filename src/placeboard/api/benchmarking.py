"""API endpoints: comparator groups, the authorities in them and their benchmark values, read only.

Everyone with a role in the partnership may read them, as on the pages (benchmarking.comparator_views)."""

from datetime import date

from django.db.models import F, Max, Prefetch, Subquery
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from pydantic import Field

from placeboard.api.common import ERRORS, MAX_ID, Id, PageParams, Slug, page
from placeboard.api.schemas import number, page_of
from placeboard.benchmarking.models import BenchmarkValue, ComparatorGroup
from placeboard.core.access import get_partnership_for_user

router = Router()


class ComparatorMemberOut(Schema):
    authority: str
    gss_code: str
    is_national: bool


class ComparatorGroupOut(Schema):
    id: int
    name: str
    description: str
    authority_count: int
    indicator_count: int
    period_count: int
    value_count: int
    latest_period: str | None
    members: list[ComparatorMemberOut]


ComparatorGroupPage = page_of(ComparatorGroupOut)


class BenchmarkValueOut(Schema):
    id: int
    group_id: int
    indicator_id: int
    indicator_code: str
    period: str
    period_start: date
    authority: str
    gss_code: str
    value: str
    is_national: bool


BenchmarkValuePage = page_of(BenchmarkValueOut)


class BenchmarkFilters(Schema):
    indicator: int | None = Field(None, ge=1, le=MAX_ID, description="Only this indicator's values (its id).")
    period: str | None = Field(None, max_length=60, pattern=r"^[^\x00]*$",
                               description="Only this period, as labelled in the benchmarks file, for example 2008/09.")


def _groups(partnership):
    """The groups annotated as the list page has them, each with its members: every authority it holds values
    for, once, with the GSS code of its latest imported row. One query more, whatever the groups hold."""
    latest = (BenchmarkValue.objects.filter(group__partnership=partnership).order_by()
              .values("group", "authority").annotate(last=Max("pk")).values("last"))
    members = BenchmarkValue.objects.filter(pk__in=Subquery(latest)).only(
        "group_id", "authority", "gss_code", "is_national").order_by("is_national", "authority", "pk")
    return ComparatorGroup.objects.filter(partnership=partnership).with_holdings().prefetch_related(Prefetch("values", members, to_attr="members"))


def _group(g):
    return {
        "id": g.pk, "name": g.name, "description": g.description, "authority_count": g.authority_count,
        "indicator_count": g.indicator_count, "period_count": g.period_count, "value_count": g.value_count,
        "latest_period": g.latest_period,
        "members": [{"authority": m.authority, "gss_code": m.gss_code, "is_national": m.is_national}
                    for m in g.members],
    }


@router.get("/partnerships/{slug}/comparator-groups/", response={200: ComparatorGroupPage, **ERRORS},
            tags=["benchmarking"])
def comparator_groups(request, slug: Slug, params: Query[PageParams]):
    """The groups of authorities the partnership compares itself with, by name, each with what it holds and its
    members (the national figure's row marked, and last)."""
    access = get_partnership_for_user(request, slug)
    return page(request, _groups(access.partnership), _group, "name", params)


@router.get("/partnerships/{slug}/comparator-groups/{pk}/", response={200: ComparatorGroupOut, **ERRORS},
            tags=["benchmarking"])
def comparator_group(request, slug: Slug, pk: Id):
    access = get_partnership_for_user(request, slug)
    return _group(get_object_or_404(_groups(access.partnership), pk=pk))


@router.get("/partnerships/{slug}/comparator-groups/{pk}/values/", response={200: BenchmarkValuePage, **ERRORS},
            tags=["benchmarking"])
def benchmark_values(request, slug: Slug, pk: Id, params: Query[PageParams], filters: Query[BenchmarkFilters]):
    """The group's benchmark values, one for each authority, indicator and period, oldest period first; the
    national figure is marked. Filters: `indicator` (an id) and `period`. Ranks and quartiles are worked out on
    the indicator page and in the benchmarking report, not here."""
    access = get_partnership_for_user(request, slug)
    group = get_object_or_404(ComparatorGroup, partnership=access.partnership, pk=pk)
    queryset = BenchmarkValue.objects.filter(group=group).annotate(indicator_code=F("indicator__code"))
    if filters.indicator is not None:
        queryset = queryset.filter(indicator_id=filters.indicator)
    if filters.period:
        queryset = queryset.filter(period=filters.period)
    return page(request, queryset, lambda v: {
        "id": v.pk, "group_id": v.group_id, "indicator_id": v.indicator_id, "indicator_code": v.indicator_code,
        "period": v.period, "period_start": v.period_start, "authority": v.authority, "gss_code": v.gss_code,
        "value": number(v.value), "is_national": v.is_national}, "period_start", params)
