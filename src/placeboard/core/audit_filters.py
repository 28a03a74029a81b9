"""The audit log's filters (person, kind of object, action, dates) and its pages.

Pages are found by keyset (the newest-first order's (at, id) of the last row shown) rather than by counting and
skipping rows, so the thousandth page costs the same few queries as the first and nothing counts the whole log."""

import datetime
import re
from dataclasses import dataclass

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from placeboard.core.forms import GovukMixin
from placeboard.core.models import AuditEvent
from placeboard.core.params import int_value

PAGE_SIZE = 50
SYSTEM = "system"  # the person filter's value for changes made by no one signed in (imports, commands)
# Far enough apart for any real change, and near enough that a bound never overflows in a time zone.
EARLIEST, LATEST = datetime.date(1900, 1, 1), datetime.date(2999, 12, 31)
DATE_HINT = "For example, 27/3/2026"


def _date_field(label):
    return forms.DateField(required=False, label=label, help_text=DATE_HINT,
                           input_formats=["%d/%m/%Y", "%d %m %Y", "%d-%m-%Y", "%Y-%m-%d"],
                           error_messages={"invalid": "Enter a real date, for example 27/3/2026"})


class AuditFilterForm(GovukMixin, forms.Form):
    """GET filters; a value that is not one of the choices, or a date that is not a real date, is an error."""

    person = forms.ChoiceField(required=False)
    object_type = forms.ChoiceField(required=False, label="Kind of object")
    action = forms.ChoiceField(required=False, choices=[("", "Any")] + AuditEvent.Action.choices)
    date_from = _date_field("From")
    date_to = _date_field("To")

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        events = AuditEvent.objects.filter(partnership=partnership)
        people = get_user_model().objects.filter(pk__in=events.values("user_id")).order_by("username")
        self.fields["person"].choices = [("", "Anyone"), (SYSTEM, "System (no one signed in)")] + [
            (str(user.pk), user.get_full_name() or user.get_username()) for user in people
        ]
        types = events.order_by("object_type").values_list("object_type", flat=True).distinct()
        self.fields["object_type"].choices = [("", "Any")] + [(t, t[:1].upper() + t[1:]) for t in types]
        for name in ("date_from", "date_to"):
            self.fields[name].widget.attrs["class"] = "govuk-input govuk-input--width-10"

    def clean(self):
        cleaned = super().clean()
        for name in ("date_from", "date_to"):
            day = cleaned.get(name)
            if day is not None and not EARLIEST <= day <= LATEST:
                self.add_error(name, f"Enter a date between {EARLIEST.year} and {LATEST.year}")
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The ‘to’ date must be the same as or after the ‘from’ date")
        return cleaned


def _day_start(day):
    """Midnight at the start of a day in the partnership's time zone, so a day means the day people lived."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def filter_events(events, cleaned):
    """Narrow an AuditEvent queryset by a valid AuditFilterForm's cleaned_data."""
    person = cleaned.get("person")
    if person == SYSTEM:
        events = events.filter(user__isnull=True)
    elif person:
        events = events.filter(user_id=int(person))  # one of the form's choices, so a real id
    if cleaned.get("object_type"):
        events = events.filter(object_type=cleaned["object_type"])
    if cleaned.get("action"):
        events = events.filter(action=cleaned["action"])
    # Bounds on the indexed column itself rather than at__date, which would convert every row's time.
    if cleaned.get("date_from"):
        events = events.filter(at__gte=_day_start(cleaned["date_from"]))
    if cleaned.get("date_to"):
        events = events.filter(at__lt=_day_start(cleaned["date_to"] + datetime.timedelta(days=1)))
    return events


CURSOR = re.compile(r"^(\d{1,18})-(\d{1,19})$")  # microseconds since 1970 (UTC), then the id
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def cursor_for(event):
    return f"{(event.at - EPOCH) // datetime.timedelta(microseconds=1)}-{event.id}"


def parse_cursor(text):
    """(at, id) from a cursor, or None for anything else (a hand-edited link starts again at the newest)."""
    match = CURSOR.match(text or "")
    if not match:
        return None
    pk = int_value(match[2])  # 19 digits can still be more than any id: SQLite's driver could not bind it
    if pk is None:
        return None
    try:
        at = EPOCH + datetime.timedelta(microseconds=int(match[1]))
    except OverflowError:
        return None
    return at, pk


@dataclass
class Page:
    events: list
    newer: str | None  # cursor for the page before (newer changes), or None on the newest page
    older: str | None  # cursor for the page after (older changes), or None on the oldest page


def page_of(events, before=None, after=None, size=PAGE_SIZE):
    """One page of events, newest first: those older than the cursor `before`, or newer than `after`.

    One query: a page and one row more, to know whether there is another page beyond it."""
    if after:
        at, pk = after
        rows = list(events.filter(Q(at__gt=at) | Q(at=at, id__gt=pk)).order_by("at", "id")[: size + 1])
        if rows:  # else nothing is newer any more (the filters changed): start again at the newest
            more_newer = len(rows) > size
            rows = rows[:size][::-1]
            return Page(rows, cursor_for(rows[0]) if more_newer else None, cursor_for(rows[-1]))
    if before:
        at, pk = before
        events = events.filter(Q(at__lt=at) | Q(at=at, id__lt=pk))
    rows = list(events.order_by("-at", "-id")[: size + 1])
    more_older = len(rows) > size
    rows = rows[:size]
    newer = cursor_for(rows[0]) if before and rows else None
    return Page(rows, newer, cursor_for(rows[-1]) if more_older else None)
