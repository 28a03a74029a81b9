"""Public pages and feeds of engagement opportunities (no sign-in).

Each runs a fixed number of queries, whatever the number of activities."""

import itertools
import json
from datetime import timedelta

import icalendar
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import feedgenerator, timezone

from placeboard.core.models import Partnership
from placeboard.core.spreadsheets import write_csv
from placeboard.engagement.models import EngagementActivity, Meeting
from placeboard.engagement.plan_views import filter_activities

PUBLIC_STATUSES = (EngagementActivity.Status.PLANNED, EngagementActivity.Status.OPEN,
                   EngagementActivity.Status.CLOSED, EngagementActivity.Status.REPORTED)
MEETING_LENGTH = timedelta(hours=2)  # the feed's guess; meetings record only their start
OPEN_STATUSES = (EngagementActivity.Status.PLANNED, EngagementActivity.Status.OPEN)


def local_today():
    return timezone.localdate()


def public_activities(partnership):
    return (EngagementActivity.objects.filter(partnership=partnership, status__in=PUBLIC_STATUSES)
            .select_related("organiser", "partnership")
            .prefetch_related("topics", "areas", "population_groups"))


def opportunities(request, slug):
    partnership = get_object_or_404(Partnership, slug=slug)
    queryset, chosen, choices = filter_activities(public_activities(partnership), request.GET, partnership)
    choices.pop("organisers")
    activities = list(queryset)
    # By date as well as status: an activity left "open" after it ended is no longer an opportunity.
    today = local_today()
    current = [a for a in activities if a.status in OPEN_STATUSES and a.end_date >= today]
    finished = [a for a in activities if a not in current]
    return render(request, "engagement/public_opportunities.html", {
        "partnership": partnership, "current": current, "finished": finished, "chosen": chosen,
        "choices": choices,
    })


def public_activity(request, slug, pk):
    partnership = get_object_or_404(Partnership, slug=slug)
    activity = get_object_or_404(public_activities(partnership), pk=pk)
    return render(request, "engagement/public_activity.html", {"partnership": partnership, "activity": activity})


def _names(items):
    return ", ".join(str(item) for item in items)


def _row(activity, request):
    return {
        "id": activity.pk,
        "title": activity.title,
        "organiser": activity.organiser.name,
        "method": activity.get_method_display(),
        "status": activity.get_status_display(),
        "start_date": activity.start_date.isoformat(),
        "end_date": activity.end_date.isoformat(),
        "areas": [a.name for a in activity.areas.all()],
        "topics": [str(t) for t in activity.topics.all()],
        "population_groups": [g.name for g in activity.population_groups.all()],
        "description": activity.description,
        "how_to_take_part": activity.how_to_take_part,
        "results": activity.results,
        "you_said_we_did": activity.you_said_we_did,
        "url": request.build_absolute_uri(reverse("public_activity", args=[activity.partnership.slug, activity.pk])),
    }


def ical_feed(request, slug):
    partnership = get_object_or_404(Partnership, slug=slug)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Placeboard//Engagement plan//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{partnership.name}: engagement")
    host = request.get_host().split(":")[0] or "placeboard"
    for activity in public_activities(partnership):
        event = icalendar.Event()
        event.add("uid", f"activity-{activity.pk}@{host}")
        event.add("summary", activity.title)
        event.add("dtstart", activity.start_date)
        event.add("dtend", activity.end_date + timedelta(days=1))  # all-day events end the day after
        event.add("dtstamp", activity.updated_at)
        event.add("description", "\n\n".join(filter(None, [
            activity.description, activity.how_to_take_part and f"How to take part: {activity.how_to_take_part}",
            f"Organised by {activity.organiser.name}."])))
        areas = _names(activity.areas.all())
        event.add("location", areas or partnership.place)
        event.add("categories", [t.name for t in activity.topics.all()] or ["Engagement"])
        event.add("status", "CANCELLED" if activity.status == EngagementActivity.Status.CANCELLED else "CONFIRMED")
        event.add("url", request.build_absolute_uri(reverse("public_activity", args=[slug, activity.pk])))
        cal.add_component(event)
    for meeting in Meeting.objects.filter(partnership=partnership).select_related("board"):
        event = icalendar.Event()
        event.add("uid", f"meeting-{meeting.pk}@{host}")
        event.add("summary", f"{meeting.board.name} meeting")
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.starts_at + MEETING_LENGTH)
        event.add("dtstamp", meeting.created_at)
        event.add("location", meeting.venue)
        event.add("status", "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED")
        event.add("url", request.build_absolute_uri(reverse("public_meeting", args=[slug, meeting.pk])))
        cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{slug}-engagement.ics"'
    return response


def atom_feed(request, slug):
    partnership = get_object_or_404(Partnership, slug=slug)
    feed = feedgenerator.Atom1Feed(
        title=f"{partnership.name}: engagement opportunities",
        link=request.build_absolute_uri(reverse("public_opportunities", args=[slug])),
        description=f"New consultations and engagement activities in {partnership.place}.",
        language="en-GB",
        feed_url=request.build_absolute_uri(request.path),
    )
    newest = public_activities(partnership).filter(status__in=OPEN_STATUSES, end_date__gte=local_today()) \
        .order_by("-created_at", "-pk")[:50]
    for activity in newest:
        when = activity.start_date.strftime("%-d %B %Y")
        if activity.end_date != activity.start_date:
            when += " to " + activity.end_date.strftime("%-d %B %Y")
        feed.add_item(
            title=activity.title,
            link=request.build_absolute_uri(reverse("public_activity", args=[slug, activity.pk])),
            description=f"{when}. {activity.get_method_display()} by {activity.organiser.name}. "
                        f"{activity.description} {activity.how_to_take_part}".strip(),
            unique_id=f"activity-{activity.pk}",
            pubdate=activity.created_at,
            updateddate=activity.updated_at,
            categories=[t.name for t in activity.topics.all()],
        )
    return HttpResponse(feed.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8")


def download(request, slug, fmt):
    if fmt not in ("csv", "json"):
        raise Http404("Choose csv or json.")
    partnership = get_object_or_404(Partnership, slug=slug)
    queryset, _, _ = filter_activities(public_activities(partnership), request.GET, partnership)
    columns = ["id", "title", "organiser", "method", "status", "start_date", "end_date", "areas", "topics",
               "population_groups", "description", "how_to_take_part", "results", "you_said_we_did", "url"]
    return table_response(fmt, partnership, "activities", columns, [_row(a, request) for a in queryset],
                          f"{slug}-engagement")


def table_response(fmt, partnership, key, columns, rows, filename):
    """Rows (dicts) as a JSON download {"partnership", key: rows} or a CSV one; lists join with "; ".

    The CSV is written by core.spreadsheets, so text a spreadsheet would run as a formula gets a leading quote."""
    if fmt == "json":
        response = HttpResponse(json.dumps({"partnership": partnership.name, key: rows}, indent=2),
                                content_type="application/json")
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        write_csv(response, itertools.chain([columns], (
            ["; ".join(v) if isinstance(v, list) else v for v in (row[c] for c in columns)] for row in rows)))
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
