"""The community issue system: residents raise issues, partners and boards handle them.

Public pages need no account; the rest fetch the partnership through core.access."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from placeboard.core import ratelimit
from placeboard.core.access import get_manager_access, get_object_for_user, get_partnership_for_user, is_member
from placeboard.core.models import Area, Group, Partnership
from placeboard.core.params import int_param
from placeboard.engagement import issue_rules, notify, services
from placeboard.engagement.issue_access import can_handle, mine_q
from placeboard.engagement.issue_forms import CategoryForm, IssueForm, IssueStatusForm, RoutingRuleForm
from placeboard.engagement.models import CommunityIssue, Decision, IssueCategory, RoutingRule
from placeboard.engagement.planning import areas_within
from placeboard.engagement.public_views import table_response

# Counted per e-mail address and per client address, so one resident behind a shared proxy is not
# limited for everyone (see core.ratelimit.client_ip and TRUSTED_PROXIES).
ISSUE_LIMIT = ratelimit.Limit(
    "issue", "ENGAGEMENT_ISSUE_RATE_LIMIT", "ENGAGEMENT_ISSUE_RATE_WINDOW",
    message="You have raised several issues in the last {period}. Please wait {wait} before raising another.")


def _rate_keys(request, email):
    return [email.strip().lower(), ratelimit.client_ip(request)]


def over_rate_limit(request, email):
    return ISSUE_LIMIT.over(_rate_keys(request, email))


def count_towards_rate_limit(request, email):
    ISSUE_LIMIT.count(_rate_keys(request, email))


def live_issues(partnership):
    return (CommunityIssue.objects.filter(partnership=partnership, confirmed_at__isnull=False)
            .select_related("area", "category", "organisation", "partnership"))


def _duplicates(form, partnership):
    data = form.cleaned_data
    candidates = live_issues(partnership).filter(
        area=data["area"], category=data["category"],
        status__in=issue_rules.OPEN).values_list("pk", "title")
    keys = [k for k, _ in issue_rules.possible_duplicates(data["title"], list(candidates))]
    found = CommunityIssue.objects.in_bulk(keys)
    return [found[k] for k in keys]


def raise_issue(request, slug):
    """Public form: honeypot, rate limit, duplicate suggestions, then an email confirmation."""
    partnership = get_object_or_404(Partnership, slug=slug)
    member = is_member(request.user, partnership)
    initial = {}
    if member:
        initial = {"reporter_name": request.user.get_full_name() or request.user.get_username(),
                   "reporter_email": request.user.email}
    form = IssueForm(request.POST or None, partnership=partnership, initial=initial)
    duplicates = []
    if request.method == "POST":
        if form.is_spam():
            # Say nothing useful to a bot; save nothing.
            return render(request, "engagement/issue_check_email.html", {"partnership": partnership})
        if form.is_valid():
            email = form.cleaned_data["reporter_email"]
            if over_rate_limit(request, email):
                form.add_error(None, ISSUE_LIMIT.refusal())
            else:
                duplicates = _duplicates(form, partnership)
                if not duplicates or form.cleaned_data.get("not_a_duplicate"):
                    count_towards_rate_limit(request, email)
                    issue = services.raise_issue(form, request.user, confirmed=member)
                    if member:
                        messages.success(request, f"Raised issue #{issue.pk}; it has gone to "
                                                  f"{issue.organisation or 'the performance officers'}.")
                        return redirect(issue.get_absolute_url())
                    notify.send_confirmation(request, issue)
                    return render(request, "engagement/issue_check_email.html",
                                  {"partnership": partnership, "email": email})
    return render(request, "engagement/issue_form.html", {
        "partnership": partnership, "form": form, "duplicates": duplicates,
    })


def confirm_issue(request, slug, token):
    partnership = get_object_or_404(Partnership, slug=slug)
    issue = get_object_or_404(CommunityIssue, partnership=partnership, confirm_token=token)
    issue, newly = services.confirm_issue(issue)
    if newly:
        messages.success(request, "Thank you: your issue is confirmed and has gone to the partner responsible.")
    return redirect(issue.get_absolute_url())


def public_issues(request, slug):
    partnership = get_object_or_404(Partnership, slug=slug)
    areas = Area.objects.filter(partnership=partnership)
    issues = live_issues(partnership)
    chosen_area = int_param(request.GET, "area")
    if chosen_area:
        issues = issues.filter(area_id=chosen_area)
    status = request.GET.get("status")
    if status == "open":
        issues = issues.filter(status__in=issue_rules.OPEN)
    elif status == "closed":
        issues = issues.exclude(status__in=issue_rules.OPEN)
    return render(request, "engagement/public_issues.html", {
        "partnership": partnership, "issues": issues, "areas": areas, "chosen_area": chosen_area,
        "status": status, "now": timezone.now(),
    })


def public_issue(request, slug, pk):
    partnership = get_object_or_404(Partnership, slug=slug)
    issue = get_object_or_404(live_issues(partnership).select_related("duplicate_of", "outcome", "action"), pk=pk)
    updates = issue.updates.select_related("organisation")
    return render(request, "engagement/public_issue.html", {
        "partnership": partnership, "issue": issue, "updates": updates, "now": timezone.now(),
    })


@login_required
def issue_queue(request, slug):
    """Partners' queue (their organisation's open issues) and everything for officers, with age."""
    access = get_partnership_for_user(request, slug)
    issues = live_issues(access.partnership)
    scope = request.GET.get("scope", "mine" if (access.organisation_ids or access.managed_board_ids) else "all")
    if scope == "mine":
        issues = issues.filter(mine_q(access))
    if request.GET.get("closed") != "1":
        issues = issues.filter(status__in=issue_rules.OPEN)
    issues = issues.order_by("confirmed_at", "pk")
    # A partner's own page also lists the area boards' decisions their organisation is responsible for.
    decisions = Decision.objects.none()
    if scope == "mine" and access.organisation_ids:
        decisions = Decision.objects.filter(meeting__partnership=access.partnership, status="open",
                                            organisation__in=access.organisation_ids) \
            .select_related("meeting__board", "organisation").order_by("due", "pk")
    return render(request, "engagement/issue_queue.html", {
        "access": access, "partnership": access.partnership, "issues": issues, "scope": scope, "decisions": decisions,
        "show_closed": request.GET.get("closed") == "1", "now": timezone.now(),
        "unrouted": live_issues(access.partnership).filter(organisation__isnull=True,
                                                           status__in=issue_rules.OPEN).count(),
    })


@login_required
def board_issues(request, slug, group_pk):
    """An area board's view: its area's issues, their age and who holds them."""
    access, board = get_object_for_user(request, slug, Group.objects.filter(kind="area_board").select_related("area"),
                                        group_pk)
    inside = areas_within(access.partnership, {board.area_id})
    issues = live_issues(access.partnership).filter(area__in=inside).order_by("confirmed_at")
    by_holder = issues.filter(status__in=issue_rules.OPEN).values("organisation__name").annotate(n=Count("pk")) \
        .order_by("organisation__name")
    return render(request, "engagement/board_issues.html", {
        "access": access, "partnership": access.partnership, "board": board, "issues": issues,
        "by_holder": by_holder, "now": timezone.now(), "can_run": access.can_run_board(board.pk),
    })


@login_required
def issue_manage(request, slug, pk):
    access, issue = get_object_for_user(
        request, slug, CommunityIssue.objects.filter(confirmed_at__isnull=False).select_related(
            "area", "category", "organisation", "partnership", "duplicate_of", "outcome", "action"), pk)
    handle = can_handle(access, issue)
    form = IssueStatusForm(request.POST or None, issue=issue) if handle else None
    if request.method == "POST":
        if not handle:
            raise PermissionDenied("Only the partner holding the issue, its area board's manager and "
                                   "performance officers can move it on.")
        if form.is_valid():
            issue, update = services.change_issue_status(request.user, issue, form.cleaned_data)
            notify.send_update(request, issue, update)
            messages.success(request, f"Issue #{issue.pk} is now {issue.get_status_display().lower()}; "
                                      "the person who raised it has been emailed.")
            return redirect("issue_manage", slug, issue.pk)
    return render(request, "engagement/issue_manage.html", {
        "access": access, "partnership": access.partnership, "issue": issue, "form": form,
        "updates": issue.updates.select_related("by", "organisation"), "now": timezone.now(),
    })


@login_required
def routing(request, slug):
    """Officers set the issue categories and the area × category routing rules."""
    access = get_manager_access(request, slug)
    p = access.partnership
    rule_form = RoutingRuleForm(request.POST if "add_rule" in request.POST else None, partnership=p)
    category_form = CategoryForm(request.POST if "add_category" in request.POST else None)
    if request.method == "POST":
        if "add_rule" in request.POST and rule_form.is_valid():
            try:
                rule = services.add_routing_rule(request.user, p, rule_form.cleaned_data)
            except ValidationError as exc:
                rule_form.add_error(None, exc)
            else:
                messages.success(request, f"Added the rule {rule}.")
                return redirect("issue_routing", slug)
        if "add_category" in request.POST and category_form.is_valid():
            name = category_form.cleaned_data["name"].strip()
            try:
                services.add_category(request.user, p, name)
            except ValidationError as exc:
                category_form.add_error("name", exc)
            else:
                messages.success(request, f"Added the category {name}.")
                return redirect("issue_routing", slug)
    rules = RoutingRule.objects.filter(partnership=p).select_related("area", "category", "organisation")
    return render(request, "engagement/routing.html", {
        "access": access, "partnership": p, "rules": rules, "rule_form": rule_form,
        "category_form": category_form, "categories": IssueCategory.objects.filter(partnership=p),
    })


@login_required
@require_POST
def routing_delete(request, slug, pk):
    access = get_manager_access(request, slug)
    rule = get_object_or_404(RoutingRule, partnership=access.partnership, pk=pk)
    services.delete_routing_rule(request.user, rule)
    messages.success(request, f"Removed the rule {rule}.")
    return redirect("issue_routing", slug)


def public_issues_download(request, slug, fmt):
    """The live issues as CSV or JSON (never the reporters' names or addresses)."""
    if fmt not in ("csv", "json"):
        raise Http404("Choose csv or json.")
    partnership = get_object_or_404(Partnership, slug=slug)
    issues = live_issues(partnership)
    if area := int_param(request.GET, "area"):
        issues = issues.filter(area_id=area)
    rows = [{
        "id": i.pk, "title": i.title, "area": i.area.name, "category": i.category.name, "location": i.location,
        "status": i.get_status_display(), "held_by": i.organisation.name if i.organisation_id else "",
        "raised": i.confirmed_at.date().isoformat(),
        "url": request.build_absolute_uri(reverse("public_issue", args=[slug, i.pk])),
    } for i in issues]
    columns = ["id", "title", "area", "category", "location", "status", "held_by", "raised", "url"]
    return table_response(fmt, partnership, "issues", columns, rows, f"{slug}-issues")
