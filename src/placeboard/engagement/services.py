"""Writes of the engagement app that touch several rows, each with its audit record, atomically."""

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from placeboard.core import audit
from placeboard.core.models import Area
from placeboard.engagement import issue_rules
from placeboard.engagement.models import CommunityIssue, IssueCategory, IssueUpdate, Paper, RoutingRule
from placeboard.engagement.planning import ancestors_of_ordered

ACTIVITY_FIELDS = ["title", "organiser", "method", "description", "topics", "areas", "population_groups",
                   "start_date", "end_date", "status", "how_to_take_part", "results", "you_said_we_did"]


def save_activity(user, form):
    """Save an activity form (with its topics, areas and groups) and its audit record together."""
    if form.instance._state.adding:
        form.instance.created_by = user if user.is_authenticated else None
    return audit.save_form(form, user, fields=ACTIVITY_FIELDS)


# The community issue system.

def route_issue(issue):
    """The organisation the routing rules send this issue to, or None."""
    rules = [(r.area_id, r.category_id, r.organisation_id)
             for r in RoutingRule.objects.filter(partnership=issue.partnership)]
    org_id = issue_rules.route(issue.area_id, issue.category_id, rules, ancestors_of_ordered(Area, issue.partnership))
    return org_id


def raise_issue(form, user, *, confirmed):
    """Save a new issue, routed to a partner; a member's issue is live at once, a resident's once confirmed."""
    with transaction.atomic():
        issue = form.save(commit=False)
        issue.confirm_token = secrets.token_urlsafe(32)
        issue.organisation_id = route_issue(issue)
        if user is not None and user.is_authenticated:
            issue.raised_by = user
        if confirmed:
            issue.confirmed_at = timezone.now()
        issue.save()
        if confirmed:
            IssueUpdate.objects.create(issue=issue, by=issue.raised_by, new_status=issue.status,
                                       organisation=issue.organisation)
        audit.record(user, "create", issue, {
            "title": ["", issue.title], "area": ["", str(issue.area)], "category": ["", str(issue.category)],
            "held by": ["", str(issue.organisation or "")], "status": ["", issue.get_status_display()]})
    return issue


def confirm_issue(issue):
    """The reporter followed the link in the email: the issue goes live. Idempotent."""
    with transaction.atomic():
        issue = CommunityIssue.objects.select_for_update().get(pk=issue.pk)
        if issue.confirmed_at is not None:
            return issue, False
        issue.confirmed_at = timezone.now()
        issue.save(update_fields=["confirmed_at"])
        IssueUpdate.objects.create(issue=issue, new_status=issue.status, organisation=issue.organisation)
        audit.record(None, "update", issue, {"confirmed": ["", "by the reporter's email link"]})
    return issue, True


def change_issue_status(user, issue, data):
    """Move an issue on (status, holder, duplicate, links) with its public update and audit record."""
    with transaction.atomic():
        issue = CommunityIssue.objects.select_for_update(of=("self",)).select_related(
            "organisation", "outcome", "action", "partnership", "area", "category").get(pk=issue.pk)
        before = {"status": issue.get_status_display(), "held by": str(issue.organisation or ""),
                  "outcome": str(issue.outcome or ""), "action": str(issue.action or ""),
                  "duplicate of": str(issue.duplicate_of or "")}
        old_status = issue.status
        issue.status = data["status"]
        if data["status"] == "referred":
            issue.organisation = data["organisation"]
        if data["status"] == "closed_duplicate":
            issue.duplicate_of = data["duplicate_of"]
        elif data["status"] == "new":
            issue.duplicate_of = None
            issue.organisation_id = route_issue(issue)
        issue.outcome = data.get("outcome")
        issue.action = data.get("action")
        issue.status_changed_at = timezone.now()
        issue.save()
        update = IssueUpdate.objects.create(issue=issue, by=user, old_status=old_status, new_status=issue.status,
                                            organisation=issue.organisation, message=data.get("message", "").strip())
        after = {"status": issue.get_status_display(), "held by": str(issue.organisation or ""),
                 "outcome": str(issue.outcome or ""), "action": str(issue.action or ""),
                 "duplicate of": str(issue.duplicate_of or "")}
        audit.record(user, "update", issue, audit.diff(before, after))
    return issue, update


RULE_EXISTS = "There is already a rule for this area and category; remove it first."
CATEGORY_EXISTS = "There is already a category with this name."


def add_routing_rule(user, partnership, data):
    """A routing rule (area, category, organisation from a valid form's cleaned data) and its audit record.
    When someone else added the same rule since the form checked, a ValidationError, not a server error: checked
    again in the transaction (SQLite, whose writers queue, has no constraint for an empty area or category), and
    the database's constraint (PostgreSQL) caught."""
    try:
        with transaction.atomic():
            if RoutingRule.objects.filter(partnership=partnership, area=data.get("area"),
                                          category=data.get("category")).exists():
                raise ValidationError(RULE_EXISTS)
            rule = RoutingRule.objects.create(partnership=partnership, **data)
            audit.record(user, "create", rule, {"rule": ["", str(rule)]})
    except IntegrityError:
        raise ValidationError(RULE_EXISTS) from None
    return rule


def add_category(user, partnership, name):
    """A category and its audit record; a ValidationError if the partnership has one by that name already."""
    try:
        with transaction.atomic():  # checked inside: SQLite's writers queue, and the constraint minds case
            if IssueCategory.objects.filter(partnership=partnership, name__iexact=name).exists():
                raise ValidationError(CATEGORY_EXISTS)
            category = IssueCategory.objects.create(partnership=partnership, name=name)
            audit.record(user, "create", category, {"name": ["", name]})
    except IntegrityError:  # added by someone else since the check above
        raise ValidationError(CATEGORY_EXISTS) from None
    return category


def delete_routing_rule(user, rule):
    audit.delete(rule, user, changes={"rule": [str(rule), ""]})


# Area boards.

def save_paper(user, item, form, partnership):
    checked = form.checked  # the upload as core.uploads.check_upload accepted it, with its name cleaned
    with transaction.atomic():
        paper = Paper.objects.create(item=item, title=form.cleaned_data["title"], filename=checked.filename,
                                     content_type=checked.content_type, size=len(checked.content),
                                     content=checked.content, uploaded_by=user)
        audit.record(user, "create", paper, {"title": ["", paper.title], "file": ["", paper.filename]},
                     partnership=partnership)
    return paper

