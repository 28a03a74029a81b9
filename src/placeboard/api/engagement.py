"""API endpoints: the joint forward plan of engagement and the community issue system (read only).

Every member of a partnership sees its plan and its live issues, as on the pages (plan_views, issue_views); who
may move an issue on is issue_access's rule. Nothing here shows who raised an issue: not the resident's name nor
e-mail address, nor a member's name (the staff pages show the name; an API answer travels further)."""

from datetime import date, datetime
from typing import Literal

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from pydantic import Field, model_validator

from placeboard.api.common import ERRORS, Id, PageParams, Slug, page
from placeboard.api.schemas import page_of
from placeboard.core.access import get_partnership_for_user
from placeboard.engagement import issue_rules, planning
from placeboard.engagement.issue_access import can_handle, mine_q
from placeboard.engagement.issue_views import live_issues
from placeboard.engagement.models import IssueCategory, IssueUpdate
from placeboard.engagement.open311 import STATUSES
from placeboard.engagement.plan_views import activities_for

router = Router()


# The forward plan -------------------------------------------------------------------------------------------


class ClashOut(Schema):
    activity_id: int = Field(description="The other activity.")
    overlap_start: date
    overlap_end: date
    days: int = Field(description="The days the two run together (both ends count).")
    whole_place: bool = Field(description="One of the two covers the whole place.")
    area_ids: list[int] = Field(description="The areas they share (one inside the other counts, if the "
                                            "partnership's clash settings say so).")
    topic_ids: list[int]
    population_group_ids: list[int]


class ActivityOut(Schema):
    id: int
    title: str
    method: str
    status: str
    organiser_id: int
    organiser: str
    description: str
    start_date: date
    end_date: date
    area_ids: list[int] = Field(description="Empty for the whole place.")
    topic_ids: list[int]
    population_group_ids: list[int] = Field(description="Empty for everyone.")
    how_to_take_part: str
    results: str
    you_said_we_did: str
    created_at: datetime
    updated_at: datetime
    clashes: list[ClashOut] = Field(description="As the plan's pages warn of them; only planned and open "
                                                "activities clash.")


ActivityPage = page_of(ActivityOut)


class ActivityFilters(Schema):
    # "from" is a Python keyword, so its field takes another name and the query string the alias.
    from_: date | None = Field(None, alias="from", description="Only activities that end on or after this day "
                                                               "(still running then, or yet to come).")
    to: date | None = Field(None, description="Only activities that start on or before this day.")

    @model_validator(mode="after")
    def _in_order(self):
        if self.from_ and self.to and self.from_ > self.to:
            raise ValueError("from must be on or before to")
        return self


def _clash(c):
    return {"activity_id": c.second, "overlap_start": c.overlap_start, "overlap_end": c.overlap_end,
            "days": c.days, "whole_place": c.whole_place, "area_ids": sorted(c.areas), "topic_ids": sorted(c.topics),
            "population_group_ids": sorted(c.groups)}


def _activity(a, clashes):
    return {
        "id": a.pk, "title": a.title, "method": a.method, "status": a.status, "organiser_id": a.organiser_id,
        "organiser": a.organiser.name, "description": a.description, "start_date": a.start_date,
        "end_date": a.end_date, "area_ids": sorted(x.pk for x in a.areas.all()),
        "topic_ids": sorted(x.pk for x in a.topics.all()),
        "population_group_ids": sorted(x.pk for x in a.population_groups.all()),
        "how_to_take_part": a.how_to_take_part, "results": a.results, "you_said_we_did": a.you_said_we_did,
        "created_at": a.created_at, "updated_at": a.updated_at,
        "clashes": [_clash(c) for c in sorted(clashes.get(a.pk, ()), key=lambda c: (c.overlap_start, c.second))],
    }


@router.get("/partnerships/{slug}/engagement-activities/", response={200: ActivityPage, **ERRORS},
            tags=["engagement"])
def engagement_activities(request, slug: Slug, params: Query[PageParams], filters: Query[ActivityFilters]):
    """The joint forward plan: every partner's consultations and engagement activities, by start date, each with
    the activities it clashes with (as the plan's pages work them out, from the whole plan)."""
    access = get_partnership_for_user(request, slug)
    queryset = activities_for(access.partnership)
    if filters.from_:
        queryset = queryset.filter(end_date__gte=filters.from_)
    if filters.to:
        queryset = queryset.filter(start_date__lte=filters.to)
    clashes = planning.Plan(access.partnership).all_clashes()
    return page(request, queryset, lambda a: _activity(a, clashes), "start_date", params)


# Community issues -------------------------------------------------------------------------------------------


class CategoryOut(Schema):
    id: int
    name: str


CategoryPage = page_of(CategoryOut)


@router.get("/partnerships/{slug}/issue-categories/", response={200: CategoryPage, **ERRORS},
            tags=["community issues"])
def issue_categories(request, slug: Slug, params: Query[PageParams]):
    """What issues are about, by name (Open311's services)."""
    access = get_partnership_for_user(request, slug)
    return page(request, IssueCategory.objects.filter(partnership=access.partnership),
                lambda c: {"id": c.pk, "name": c.name}, "name", params)


class IssueUpdateOut(Schema):
    at: datetime
    status: str
    held_by_id: int | None
    held_by: str | None
    message: str


class IssueOut(Schema):
    id: int
    title: str
    description: str
    area_id: int
    area: str
    category_id: int
    category: str
    location: str = Field(description="The street, landmark or postcode of the issue, as the public page shows it.")
    status: str
    state: Literal["open", "closed"] = Field(description="Open311's status.")
    extended_status: str = Field(description="Open311's extended status (FixMyStreet's name).")
    held_by_id: int | None
    held_by: str | None = Field(description="The partner holding it; none until it is routed.")
    duplicate_of_id: int | None
    outcome_id: int | None
    action_id: int | None
    raised_at: datetime = Field(description="When it went live (was confirmed).")
    status_changed_at: datetime | None
    due: date | None = Field(description="The day an open issue is due to be dealt with by; none once closed.")
    overdue: bool
    updates: list[IssueUpdateOut] = Field(description="Each change of status or holder with its public message, "
                                                      "oldest first.")


class IssueDetailOut(IssueOut):
    can_handle: bool = Field(description="Whether you may move it on: performance officers, the holding "
                                         "partner's data providers and the manager of its area's board.")


IssuePage = page_of(IssueOut)


class IssueFilters(Schema):
    state: Literal["open", "closed"] | None = Field(None, description="Only open, or only resolved and closed, "
                                                                      "issues.")
    mine: bool = Field(False, description="Only issues held by your organisation or in the area of a board you "
                                          "run (the issue queue's own list).")


def _with_updates(queryset):
    # In IssueUpdate's own order: the timeline's, oldest first.
    return queryset.prefetch_related(Prefetch("updates", IssueUpdate.objects.select_related("organisation")))


def _update(u):
    return {"at": u.at, "status": u.new_status, "held_by_id": u.organisation_id,
            "held_by": u.organisation.name if u.organisation_id else None, "message": u.message}


def _issue(i):
    state, extended = STATUSES[i.status]
    return {
        "id": i.pk, "title": i.title, "description": i.description, "area_id": i.area_id, "area": i.area.name,
        "category_id": i.category_id, "category": i.category.name, "location": i.location, "status": i.status,
        "state": state, "extended_status": extended, "held_by_id": i.organisation_id,
        "held_by": i.organisation.name if i.organisation_id else None, "duplicate_of_id": i.duplicate_of_id,
        "outcome_id": i.outcome_id, "action_id": i.action_id, "raised_at": i.confirmed_at,
        "status_changed_at": i.status_changed_at, "due": i.due if i.is_open else None, "overdue": i.is_overdue,
        "updates": [_update(u) for u in i.updates.all()],
    }


@router.get("/partnerships/{slug}/community-issues/", response={200: IssuePage, **ERRORS},
            tags=["community issues"])
def community_issues(request, slug: Slug, params: Query[PageParams], filters: Query[IssueFilters]):
    """The live (confirmed) community issues, as every member sees them on the issue pages, in the order they
    were raised."""
    access = get_partnership_for_user(request, slug)
    queryset = _with_updates(live_issues(access.partnership))
    if filters.mine:
        queryset = queryset.filter(mine_q(access))
    if filters.state == "open":
        queryset = queryset.filter(status__in=issue_rules.OPEN)
    elif filters.state == "closed":
        queryset = queryset.exclude(status__in=issue_rules.OPEN)
    return page(request, queryset, _issue, "id", params)


@router.get("/partnerships/{slug}/community-issues/{pk}/", response={200: IssueDetailOut, **ERRORS},
            tags=["community issues"])
def community_issue(request, slug: Slug, pk: Id):
    """One live issue with its updates, as its staff page shows it, and whether you may move it on."""
    access = get_partnership_for_user(request, slug)
    issue = get_object_or_404(_with_updates(live_issues(access.partnership)), pk=pk)
    return {**_issue(issue), "can_handle": can_handle(access, issue)}
