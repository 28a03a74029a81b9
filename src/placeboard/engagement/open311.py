"""Open311 GeoReport v2 for the community issue system (docs/api.md, "Open311").

A partnership is a jurisdiction (its slug is the jurisdiction_id), its issue categories are the services and
its live (confirmed) issues are the service requests. A request posted here goes through the same form, honeypot,
rate limit, service (services.raise_issue) and confirmation e-mail as the public web form, and is never
published until the resident follows the link: the response carries a token, not a service_request_id.

Nothing here ever shows the reporter's name, e-mail address or phone number."""

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.core.exceptions import RequestDataTooBig
from django.db.models import OuterRef, Subquery
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt

from placeboard.core.models import Area, Partnership
from placeboard.engagement import notify, services
from placeboard.engagement.issue_forms import IssueForm
from placeboard.engagement.issue_views import ISSUE_LIMIT, count_towards_rate_limit, live_issues, over_rate_limit
from placeboard.engagement.models import CommunityIssue, IssueCategory, IssueUpdate

SPEC = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-29T00:00:00Z"
FORMATS = {"json": "application/json", "xml": "text/xml"}

# Our statuses as GeoReport's open/closed and FixMyStreet's extended status names: the one mapping
# (FixMyStreet's Open311 updates use these names, upper-case; "investigating" is its word for acknowledged).
STATUSES = {
    CommunityIssue.Status.NEW: ("open", "open"),
    CommunityIssue.Status.ACCEPTED: ("open", "investigating"),
    CommunityIssue.Status.IN_PROGRESS: ("open", "in_progress"),
    CommunityIssue.Status.REFERRED: ("open", "internal_referral"),
    CommunityIssue.Status.RESOLVED: ("closed", "fixed"),
    CommunityIssue.Status.CLOSED_NOT_OURS: ("closed", "not_councils_responsibility"),
    CommunityIssue.Status.CLOSED_DUPLICATE: ("closed", "duplicate"),
}

MAX_IDS = 100  # service_request_id values in one GET requests
MAX_RESULTS = 1000  # requests in one answer, newest first (as FixMyStreet's server does)
MAX_DAYS = 90  # the spec's longest start_date..end_date range, and the default window
MAX_FIELD = 5000  # characters of any posted field
TOKEN_SALT = "placeboard.open311.token"


class Problem(Exception):
    def __init__(self, status, description):
        super().__init__(description)
        self.status, self.description = status, description


# Writing JSON and XML -----------------------------------------------------------------------------------------


# Characters XML 1.0 cannot hold at all, even escaped: a description pasted with one must not break the answer.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_add(parent, name, value):
    element = ET.SubElement(parent, name)
    if isinstance(value, dict):
        for key, item in value.items():
            _xml_add(element, key, item)
    elif isinstance(value, list):
        child = name[:-1] if name.endswith("s") else "item"  # values → value, formats → format
        for item in value:
            _xml_add(element, child, item)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = _NOT_XML.sub("\ufffd", str(value))


def _respond(fmt, data, *, root, item=None, status=200):
    """`data` as JSON, or as XML under `root` (each list item as an `item` element)."""
    if fmt == "json":
        return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})
    top = ET.Element(root)
    for entry in (data if isinstance(data, list) else [data]):
        if item is None:
            for key, value in entry.items():
                _xml_add(top, key, value)
        else:
            _xml_add(top, item, entry)
    body = ET.tostring(top, encoding="unicode", xml_declaration=False)
    return HttpResponse('<?xml version="1.0" encoding="utf-8"?>\n' + body, status=status,
                        content_type="text/xml; charset=utf-8")


def _error(fmt, status, description):
    data = [{"code": status, "description": description}]
    return _respond("xml" if fmt == "xml" else "json", data, root="errors", item="error", status=status)


def open311_view(methods=("GET",)):
    """Checks the format and method and turns a Problem into the spec's list of errors."""
    def wrap(view):
        @csrf_exempt  # an API used by other systems; posting is anonymous, so a session gains nothing
        def inner(request, fmt, *args, **kwargs):
            if fmt not in FORMATS:
                return _error("json", 404, "Use the .json or .xml form of this address.")
            if request.method not in methods:
                response = _error(fmt, 405, f"Use {' or '.join(methods)}.")
                response["Allow"] = ", ".join(methods)
                return response
            try:
                return view(request, fmt, *args, **kwargs)
            except Problem as problem:
                return _error(fmt, problem.status, problem.description)
            except RequestDataTooBig:
                return _error(fmt, 413, f"The request is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024} "
                                        "KB: describe the issue more briefly.")
        inner.__name__ = view.__name__
        inner.__doc__ = view.__doc__
        return inner
    return wrap


# Reading requests ---------------------------------------------------------------------------------------------


def _param(source, name):
    value = source.get(name, "")
    if len(value) > MAX_FIELD:
        raise Problem(400, f"{name} is too long.")
    return value.strip()


def _jurisdiction(request, source=None):
    """The partnership named by jurisdiction_id; it may be left out while there is only one."""
    slug = _param(source if source is not None else request.GET, "jurisdiction_id")
    if slug:
        partnership = Partnership.objects.filter(slug=slug).first()
        if partnership is None:
            raise Problem(404, f"There is no jurisdiction {slug[:50]!r}.")
        return partnership
    only = list(Partnership.objects.all()[:2])
    if len(only) != 1:
        raise Problem(400, "jurisdiction_id is required: give the partnership's short name.")
    return only[0]


def _when(text, name):
    value = parse_datetime(text)
    if value is None:
        raise Problem(400, f"{name} must be a date and time like 2026-01-31T00:00:00Z.")
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_default_timezone())
    return value


def _w3c(value):
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


# The endpoints ------------------------------------------------------------------------------------------------


@open311_view()
def discovery(request, fmt):
    base = request.build_absolute_uri(reverse("open311_discovery", args=["json"])).rsplit("/", 1)[0] + "/"
    data = {
        "changeset": CHANGESET,
        "contact": "The partnership's performance officers, through its public issues page.",
        "key_service": "No key is needed: residents confirm each request by e-mail.",
        "endpoints": [{"specification": SPEC, "url": base, "changeset": CHANGESET, "type": "production",
                       "formats": list(FORMATS.values())}],
    }
    return _respond(fmt, data, root="discovery")


def _areas(partnership):
    return [{"key": str(a.pk), "name": a.name} for a in Area.objects.filter(partnership=partnership).order_by("name")]


@open311_view()
def service_list(request, fmt):
    partnership = _jurisdiction(request)
    data = [{"service_code": str(c.pk), "service_name": c.name, "description": c.name, "metadata": True,
             "type": "realtime", "keywords": "", "group": ""}
            for c in IssueCategory.objects.filter(partnership=partnership)]
    return _respond(fmt, data, root="services", item="service")


def _category(partnership, code):
    if not code.isdigit() or len(code) > 18:
        raise Problem(404, "There is no such service_code.")
    category = IssueCategory.objects.filter(partnership=partnership, pk=int(code)).first()
    if category is None:
        raise Problem(404, "There is no such service_code.")
    return category


@open311_view()
def service_definition(request, fmt, code):
    """Every category asks for the area (which routes the issue) and takes an optional title."""
    partnership = _jurisdiction(request)
    category = _category(partnership, code)
    data = {"service_code": str(category.pk), "attributes": [
        {"variable": True, "code": "area", "datatype": "singlevaluelist", "required": True,
         "datatype_description": "", "order": 1, "description": "The area the issue is in.",
         "values": _areas(partnership)},
        {"variable": True, "code": "title", "datatype": "string", "required": False,
         "datatype_description": "Up to 150 characters; the start of the description when left out.",
         "order": 2, "description": "A short summary, for example Pothole on Station Road."},
    ]}
    return _respond(fmt, data, root="service_definition")


def _token(issue):
    # Signed, not the confirmation token: whoever holds this must not be able to confirm the issue.
    return signing.dumps(issue.pk, salt=TOKEN_SALT)


def _title(description, given):
    if given:
        return given
    first = description.strip().splitlines()[0] if description.strip() else ""
    return first if len(first) <= 150 else first[:149] + "…"


def _create(request, fmt):
    """POST Service Request: the public web form's checks and service, then the confirmation e-mail."""
    post = request.POST
    partnership = _jurisdiction(request, post if "jurisdiction_id" in post else request.GET)
    category = _category(partnership, _param(post, "service_code"))
    description = _param(post, "description")
    lat, long = _param(post, "lat"), _param(post, "long")
    location = _param(post, "address_string") or (f"{lat}, {long}" if lat and long else "")
    name = " ".join(filter(None, [_param(post, "first_name"), _param(post, "last_name")]))
    form = IssueForm({
        "title": _title(description, _param(post, "attribute[title]")), "description": description,
        "area": _param(post, "attribute[area]"), "category": category.pk, "location": location[:200],
        "reporter_name": name, "reporter_email": _param(post, "email"), "website": post.get("website", ""),
    }, partnership=partnership)
    if form.is_spam():
        # As the web form does: say nothing useful to a bot, and save nothing.
        return _respond(fmt, [{"token": signing.dumps(0, salt=TOKEN_SALT), "service_notice": _NOTICE}],
                        root="service_requests", item="request")
    if not form.is_valid():
        field_names = {"area": "attribute[area]", "reporter_name": "first_name", "reporter_email": "email",
                       "title": "attribute[title]"}
        errors = [{"code": 400, "description": f"{field_names.get(field, field)}: {message}"}
                  for field, messages in form.errors.items() for message in messages]
        return _respond(fmt, errors, root="errors", item="error", status=400)
    email = form.cleaned_data["reporter_email"]
    if over_rate_limit(request, email):
        raise Problem(429, ISSUE_LIMIT.refusal())
    count_towards_rate_limit(request, email)
    # Never the session's user: a page elsewhere could post here with a member's cookie and skip confirmation.
    issue = services.raise_issue(form, AnonymousUser(), confirmed=False)
    notify.send_confirmation(request, issue)
    return _respond(fmt, [{"token": _token(issue), "service_notice": _NOTICE}],
                    root="service_requests", item="request")


_NOTICE = "We have e-mailed a link to confirm the issue; it is published once confirmed."


def _requests_queryset(partnership):
    latest_message = IssueUpdate.objects.filter(issue=OuterRef("pk")).exclude(message="").order_by("-at", "-pk")
    return live_issues(partnership).annotate(status_notes=Subquery(latest_message.values("message")[:1]))


def _as_request(issue):
    status, extended = STATUSES[issue.status]
    return {
        "service_request_id": str(issue.pk),
        "status": status,
        "status_notes": issue.status_notes or "",
        "service_name": issue.category.name,
        "service_code": str(issue.category_id),
        "description": issue.description,
        "agency_responsible": issue.organisation.name if issue.organisation_id else "",
        "service_notice": "",
        "requested_datetime": _w3c(issue.confirmed_at),
        "updated_datetime": _w3c(issue.status_changed_at or issue.confirmed_at),
        "expected_datetime": _w3c(timezone.make_aware(datetime.combine(issue.due, time.min))) if issue.due else None,
        "address": issue.location,
        "address_id": str(issue.area_id),
        "zipcode": "",
        "media_url": "",
        "extended_attributes": {"title": issue.title, "status": extended, "area": issue.area.name},
    }


def _ids(text, name="service_request_id"):
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) > MAX_IDS:
        raise Problem(400, f"Ask for at most {MAX_IDS} {name} values at once.")
    if not all(p.isdigit() and len(p) <= 18 for p in parts):
        raise Problem(400, f"{name} must be whole numbers, separated by commas.")
    return [int(p) for p in parts]


def _statuses(text):
    by_name = {}
    for ours, (simple, extended) in STATUSES.items():
        by_name.setdefault(simple, set()).add(ours)
        by_name.setdefault(extended, set()).add(ours)
    chosen = set()
    for name in (p.strip().lower() for p in text.split(",") if p.strip()):
        if name not in by_name:
            raise Problem(400, f"status must be open, closed or one of the extended statuses, not {name[:30]!r}.")
        chosen |= by_name[name]
    return chosen


def _list(request, fmt):
    """GET Service Requests: live issues, newest first, within 90 days unless asked for by id."""
    partnership = _jurisdiction(request)
    issues = _requests_queryset(partnership)
    ids = _ids(_param(request.GET, "service_request_id"))
    if ids:
        issues = issues.filter(pk__in=ids)  # overrides every other filter, as the spec says
    else:
        if codes := _param(request.GET, "service_code"):
            issues = issues.filter(category_id__in=_ids(codes, "service_code"))
        if status := _param(request.GET, "status"):
            issues = issues.filter(status__in=_statuses(status))
        start, end = _param(request.GET, "start_date"), _param(request.GET, "end_date")
        end = _when(end, "end_date") if end else None
        start = _when(start, "start_date") if start else None
        if start and end and end - start > timedelta(days=MAX_DAYS):
            raise Problem(400, f"start_date and end_date may be at most {MAX_DAYS} days apart.")
        if start is None:
            start = (end or timezone.now()) - timedelta(days=MAX_DAYS)
        issues = issues.filter(confirmed_at__gte=start)
        if end is not None:
            issues = issues.filter(confirmed_at__lte=end)
    data = [_as_request(i) for i in issues.order_by("-confirmed_at", "-pk")[:MAX_RESULTS]]
    return _respond(fmt, data, root="service_requests", item="request")


@open311_view(methods=("GET", "POST"))
def service_requests(request, fmt):
    return _create(request, fmt) if request.method == "POST" else _list(request, fmt)


@open311_view()
def service_request(request, fmt, request_id):
    partnership = _jurisdiction(request)
    ok = request_id.isdigit() and len(request_id) <= 18
    issue = _requests_queryset(partnership).filter(pk=int(request_id)).first() if ok else None
    if issue is None:
        raise Problem(404, "There is no such service request.")
    return _respond(fmt, [_as_request(issue)], root="service_requests", item="request")


@open311_view()
def token_lookup(request, fmt, token):
    """A token's service_request_id once the resident has confirmed the issue; 404 until then."""
    partnership = _jurisdiction(request)
    try:
        pk = signing.loads(token[:200], salt=TOKEN_SALT)
    except signing.BadSignature:
        raise Problem(404, "There is no such token.") from None
    issue = CommunityIssue.objects.filter(partnership=partnership, pk=pk, confirmed_at__isnull=False).first()
    if issue is None:
        raise Problem(404, "The request has not been confirmed yet, or there is no such token.")
    return _respond(fmt, [{"service_request_id": str(issue.pk), "token": token}],
                    root="service_requests", item="request")

