"""/api/v1/: the read side of the partnership's data, through the same gatekeepers and querysets as its pages.

No rules live here: the gatekeepers in core.access say who may see what, the models say what is what."""

import hashlib
from datetime import UTC, datetime

from django.db.models import Prefetch
from django.http import HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from ninja import NinjaAPI, Query, Schema
from pydantic import Field, field_validator

from placeboard.api import problems
from placeboard.api.auth import AUTH
from placeboard.api.common import ERRORS, MAX_ID, Id, PageParams, Problem, Slug, page
from placeboard.api.problems import problem
from placeboard.api.schemas import (
    ActualPage,
    AreaPage,
    AssessmentPage,
    IndicatorOut,
    IndicatorPage,
    OutcomePage,
    PartnershipOut,
    PartnershipPage,
    PopulationGroupPage,
    RoundPage,
    TargetPage,
    ThemePage,
    number,
)
from placeboard.api.writes import ActualsIn, SavedOut, record_actuals
from placeboard.core.access import get_object_for_user, get_partnership_for_user, partnerships_for_user
from placeboard.core.models import Area, Outcome, PopulationGroup, Role, Theme
from placeboard.performance.forms import IndicatorFilterForm
from placeboard.performance.models import AssessedPeriod, Indicator, Observation, ReportingRound, Target
from placeboard.performance.reporting import Filters


class PlaceboardAPI(NinjaAPI):
    def create_response(self, request, data, *, status=None, temporal_response=None):
        """Every successful GET carries an ETag (a hash of its body) and answers If-None-Match with 304."""
        response = super().create_response(request, data, status=status, temporal_response=temporal_response)
        if request.method == "GET" and response.status_code == 200:
            etag = '"%s"' % hashlib.sha256(response.content).hexdigest()[:32]
            patch_vary_headers(response, ["Authorization", "Cookie"])
            response["Cache-Control"] = "private, no-cache"
            if etag in [tag.strip().removeprefix("W/") for tag in request.headers.get("If-None-Match", "").split(",")]:
                not_modified = HttpResponseNotModified()
                for header in ("Vary", "Cache-Control"):
                    not_modified[header] = response[header]
                not_modified["ETag"] = etag
                return not_modified
            response["ETag"] = etag
        return response


    def get_openapi_schema(self, *args, **kwargs):
        """Errors are documented as what they are: problem details (application/problem+json)."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, response in operation["responses"].items():
                    if int(status) >= 400 and "application/json" in response.get("content", {}):
                        response["content"] = {problems.CONTENT_TYPE: response["content"]["application/json"]}
        return schema


api = PlaceboardAPI(
    title="Placeboard API", version="1", urls_namespace="api-v1", auth=AUTH,
    # The interactive docs page loads Swagger UI from a CDN, which the site's CSP forbids (and production may
    # have no way out to): views.docs serves a plain page of the endpoints instead.
    docs_url=None,
    description="A partnership's framework, indicators, targets, actuals and assessments; action plans and task "
                "updates; reports as JSON; benchmarking; the engagement plan and community issues; funding and "
                "participatory budgets. Authenticate with a "
                "personal API token (Authorization: Bearer <token>, made at /account/api-tokens/). Errors are RFC "
                "9457 problem details (application/problem+json).",
)
problems.install(api)

def _indicator(request, slug, pk):
    return get_object_for_user(request, slug, Indicator.objects.all(), pk)[1]


@api.get("/partnerships/", response={200: PartnershipPage, **ERRORS}, tags=["partnerships"])
def partnerships(request, params: Query[PageParams]):
    """The partnerships you have a role in, with your roles in each."""
    mine = Role.objects.filter(user=request.user).select_related("organisation", "group")
    queryset = partnerships_for_user(request.user).prefetch_related(Prefetch("roles", mine, to_attr="mine"))
    return page(request, queryset, lambda p: _partnership(p, [str(role) for role in p.mine]), "slug", params)


def _partnership(partnership, roles):
    return {"slug": partnership.slug, "name": partnership.name, "place": partnership.place,
            "theme_label": partnership.theme_label, "sign_off": partnership.sign_off, "roles": roles}


@api.get("/partnerships/{slug}/", response={200: PartnershipOut, **ERRORS}, tags=["partnerships"])
def partnership(request, slug: Slug):
    access = get_partnership_for_user(request, slug)
    return _partnership(access.partnership, access.role_names)


@api.get("/partnerships/{slug}/themes/", response={200: ThemePage, **ERRORS}, tags=["framework"])
def themes(request, slug: Slug, params: Query[PageParams]):
    access = get_partnership_for_user(request, slug)
    return page(request, Theme.objects.filter(partnership=access.partnership), lambda t: {
        "id": t.pk, "code": t.code, "name": t.name, "description": t.description, "parent_id": t.parent_id,
        "group_id": t.group_id, "public": t.public}, "id", params)


@api.get("/partnerships/{slug}/outcomes/", response={200: OutcomePage, **ERRORS}, tags=["framework"])
def outcomes(request, slug: Slug, params: Query[PageParams]):
    access = get_partnership_for_user(request, slug)
    queryset = Outcome.objects.filter(partnership=access.partnership).select_related("lead_organisation")
    return page(request, queryset, lambda o: {
        "id": o.pk, "code": o.code, "title": o.title, "description": o.description, "theme_id": o.theme_id,
        "lead_organisation": o.lead_organisation.name if o.lead_organisation else None}, "id", params)


@api.get("/partnerships/{slug}/population-groups/", response={200: PopulationGroupPage, **ERRORS},
         tags=["framework"])
def population_groups(request, slug: Slug, params: Query[PageParams]):
    """The groups of people whose figures are reported apart (an actual's population_group_id)."""
    access = get_partnership_for_user(request, slug)
    return page(request, PopulationGroup.objects.filter(partnership=access.partnership), lambda g: {
        "id": g.pk, "name": g.name, "description": g.description}, "name", params)


@api.get("/partnerships/{slug}/areas/", response={200: AreaPage, **ERRORS}, tags=["framework"])
def areas(request, slug: Slug, params: Query[PageParams]):
    access = get_partnership_for_user(request, slug)
    return page(request, Area.objects.filter(partnership=access.partnership), lambda a: {
        "id": a.pk, "name": a.name, "gss_code": a.gss_code, "area_type": a.area_type, "parent_id": a.parent_id},
        "id", params)


def _indicator_out(i):
    return {
        "id": i.pk, "code": i.code, "title": i.title, "definition": i.definition, "rationale": i.rationale,
        "value_type": i.value_type, "units": i.units, "polarity": i.polarity, "decimal_places": i.decimal_places,
        "cumulative": i.cumulative, "collection_interval": i.collection_interval, "data_source": i.data_source,
        "reporting_organisation": i.reporting_organisation, "spatial_level": i.spatial_level,
        "lead_organisation": i.lead_organisation.name if i.lead_organisation else None, "owner": i.owner,
        "minimum_value": number(i.minimum_value), "maximum_value": number(i.maximum_value),
        "band_low": number(i.band_low), "band_high": number(i.band_high),
        "tags": sorted(t.name for t in i.tags.all()), "outcome_ids": sorted(o.pk for o in i.outcomes.all()),
        "public": i.public,
    }


def _indicators():
    return Indicator.objects.select_related("lead_organisation").prefetch_related("tags", "outcomes")


class IndicatorFilters(Schema):
    theme: int | None = Field(None, ge=1, le=MAX_ID, description="Only indicators under this theme (its id), "
                                                                   "at any depth.")
    group: int | None = Field(None, ge=1, le=MAX_ID, description="Only indicators a group owns (its id).")
    outcome: int | None = Field(None, ge=1, le=MAX_ID, description="Only this outcome's indicators (its id).")
    tag: int | None = Field(None, ge=1, le=MAX_ID, description="Only indicators with this tag (its id).")


@api.get("/partnerships/{slug}/indicators/", response={200: IndicatorPage, **ERRORS}, tags=["indicators"])
def indicators(request, slug: Slug, params: Query[PageParams], filters: Query[IndicatorFilters]):
    """Every indicator of the partnership with its metadata, by code; narrowed by theme, group, outcome and tag
    as the indicator list narrows them."""
    access = get_partnership_for_user(request, slug)
    wanted = {name: value for name, value in filters.dict().items() if value is not None}
    form = IndicatorFilterForm(wanted, partnership=access.partnership)
    if not form.is_valid():
        # The list page ignores a filter it does not know; a program is told, so it does not read everything.
        return problem(422, "The request is not valid.", errors=[
            {"loc": ["query", name], "msg": f"No {name} with this id in this partnership."} for name in form.errors])
    chosen = form.cleaned_data
    queryset = Filters(theme=chosen["theme"], group=chosen["group"], outcome=chosen["outcome"]).narrow(
        _indicators().filter(partnership=access.partnership), "outcomes")
    if chosen["tag"]:
        queryset = queryset.filter(tags=chosen["tag"])
    return page(request, queryset.distinct(), _indicator_out, "code", params)


@api.get("/partnerships/{slug}/indicators/{pk}/", response={200: IndicatorOut, **ERRORS}, tags=["indicators"])
def indicator(request, slug: Slug, pk: Id):
    return _indicator_out(get_object_for_user(request, slug, _indicators(), pk)[1])


@api.get("/partnerships/{slug}/indicators/{pk}/targets/", response={200: TargetPage, **ERRORS},
         tags=["indicators"])
def targets(request, slug: Slug, pk: Id, params: Query[PageParams]):
    """Baselines and targets, oldest period first."""
    indicator = _indicator(request, slug, pk)
    return page(request, Target.objects.filter(indicator=indicator), lambda t: {
        "id": t.pk, "kind": t.kind, "period": t.period, "period_start": t.period_start, "period_end": t.period_end,
        "value": number(t.value), "text": t.text, "to_be_set": t.to_be_set, "note": t.note}, "period_start", params)


class ActualFilters(Schema):
    period: str | None = Field(None, max_length=60, pattern=r"^[^\x00]*$", description="Only this period, as labelled, for example 2009/10 Q2.")
    area: int | None = Field(None, ge=1, le=MAX_ID, description="Only this area's figures (its id).")
    changed_since: datetime | None = Field(None, description="Only figures changed at or after this time.")
    unpublished: bool = Field(False, description="Also the figures not yet published where the partnership signs "
                                                 "figures off (submitted, returned or approved), as members see "
                                                 "them on the pages, each with its approval state.")

    @field_validator("changed_since")
    @classmethod
    def _in_utc(cls, value):
        """As UTC, so the database never sees an offset it cannot hold (PostgreSQL takes at most ±15:59);
        a time without an offset is taken as UTC."""
        if value is None:
            return None
        try:
            return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
        except OverflowError:
            raise ValueError("changed_since is out of range") from None

    def narrow(self, queryset):
        if not self.unpublished:
            queryset = queryset.published()
        if self.period:
            queryset = queryset.filter(period=self.period)
        if self.area is not None:
            queryset = queryset.filter(area_id=self.area)
        if self.changed_since:
            queryset = queryset.filter(updated_at__gte=self.changed_since)
        return queryset


def _actual_out(o):
    return {
        "id": o.pk, "indicator_id": o.indicator_id, "period": o.period, "period_start": o.period_start,
        "period_end": o.period_end, "area_id": o.area_id, "population_group_id": o.population_group_id,
        "value": number(o.value), "status": o.status, "approval": o.approval, "commentary": o.note,
        "commentary_public": o.note_public, "source": o.source, "expected": o.expected, "updated_at": o.updated_at}


@api.get("/partnerships/{slug}/indicators/{pk}/actuals/", response={200: ActualPage, **ERRORS},
         tags=["indicators"])
def actuals(request, slug: Slug, pk: Id, params: Query[PageParams], filters: Query[ActualFilters]):
    """Every published actual (whole place, areas and population groups), oldest period first. Where the
    partnership signs figures off, those not yet published come only with unpublished=true."""
    indicator = _indicator(request, slug, pk)
    return page(request, filters.narrow(Observation.objects.filter(indicator=indicator)), _actual_out,
                "period_start", params)


class FeedFilters(ActualFilters):
    indicator: int | None = Field(None, ge=1, le=MAX_ID, description="Only this indicator's figures (its id).")
    theme: int | None = Field(None, ge=1, le=MAX_ID, description="Only figures of indicators under this theme "
                                                                   "(its id), at any depth.")


@api.get("/partnerships/{slug}/actuals/", response={200: ActualPage, **ERRORS}, tags=["actuals"])
def all_actuals(request, slug: Slug, params: Query[PageParams], filters: Query[FeedFilters]):
    """Every published actual of the partnership, in the order they were last changed: for keeping a copy in
    step, ask again with changed_since set to the updated_at of the last figure you read. Where the partnership
    signs figures off, those not yet published come only with unpublished=true."""
    access = get_partnership_for_user(request, slug)
    queryset = Observation.objects.filter(indicator__partnership=access.partnership)
    if filters.indicator is not None:
        queryset = queryset.filter(indicator_id=filters.indicator)
    if filters.theme is not None:
        theme = Theme.objects.filter(partnership=access.partnership, pk=filters.theme).first()
        if theme is None:
            return problem(422, "The request is not valid.", errors=[
                {"loc": ["query", "theme"], "msg": "No theme with this id in this partnership."}])
        queryset = queryset.filter(indicator__in=Filters(theme=theme).narrow(Indicator.objects.all(), "outcomes"))
    return page(request, filters.narrow(queryset), _actual_out, "updated_at", params)


@api.get("/partnerships/{slug}/indicators/{pk}/assessments/", response={200: AssessmentPage, **ERRORS},
         tags=["indicators"])
def assessments(request, slug: Slug, pk: Id, params: Query[PageParams], unpublished: bool = False):
    """The stored assessment of each period (whole place), as the pages and reports read them; a
    performance officer's judgement and a figure becoming overdue are not applied here. Where the partnership
    signs figures off, a period assessed on a figure not yet published comes only with unpublished=true."""
    indicator = _indicator(request, slug, pk)
    assessed = AssessedPeriod.objects.filter(indicator=indicator)
    return page(request, assessed if unpublished else assessed.of_published_figures(), lambda a: {
        "period": a.period, "period_start": a.period_start, "period_end": a.period_end, "position": a.position,
        "status": a.status, "direction": a.direction, "rule": a.rule, "actual": a.actual, "target": a.target,
        "compared_target": a.compared_target, "variance": a.variance, "favourable_variance": a.favourable_variance,
        "percentage_variance": a.percentage_variance, "latest_reported": a.latest_reported}, "position", params)


@api.get("/partnerships/{slug}/rounds/", response={200: RoundPage, **ERRORS}, tags=["rounds"])
def rounds(request, slug: Slug, params: Query[PageParams]):
    access = get_partnership_for_user(request, slug)
    return page(request, ReportingRound.objects.filter(partnership=access.partnership), lambda r: {
        "id": r.pk, "name": r.name, "period": r.period, "reporting_date": r.reporting_date, "due": r.due,
        "closed_at": r.closed_at}, "reporting_date", params)



@api.post("/partnerships/{slug}/actuals/", response={200: SavedOut, 409: Problem, 413: Problem, **ERRORS},
          tags=["actuals"])
def post_actuals(request, slug: Slug, payload: ActualsIn):
    """Record one or many actuals, all or nothing, each as the web's actual form would (the same checks, the
    same history and audit). Needs a read-and-write token of someone who enters the indicators' actuals.
    Problems name each row by its index (from 0); nothing is saved unless every row is good. A body larger than
    the server's upload limit (2.5 MB unless its operator changed it) is refused with 413."""
    return record_actuals(request, slug, payload)


# The rest of the partnership's data, each part in a module of its own; they share api.common.
from placeboard.api import actions, benchmarking, engagement, funding, reports  # noqa: E402

for part in (actions, benchmarking, engagement, funding, reports):
    api.add_router("", part.router)
