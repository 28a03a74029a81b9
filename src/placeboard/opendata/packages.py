"""The open data packages: what residents and partners' systems may take, as Frictionless Data Packages.

Each package is a `datapackage.json` (descriptor()) naming its CSV resources, each with a table schema, and the
partnership's licence. Only what the public pages already show goes in, chosen by the same functions:
- "performance": public_indicators() and their PUBLISHED figures (final and signed off), whole place and areas;
- "community-issues": live (confirmed) issues, never the reporter's name, e-mail address or the description they
  typed (the public download leaves it out too);
- "engagement-activities": activities in the public statuses (not cancelled).

The rows are made a chunk at a time (CHUNK indicators or rows), so memory and the number of queries do not
grow with a partnership's figures until a chunk fills, and each resource stops at MAX_ROWS."""

import itertools
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from placeboard.engagement.issue_views import live_issues
from placeboard.engagement.models import CommunityIssue
from placeboard.engagement.public_views import public_activities
from placeboard.opendata.licences import licence_of
from placeboard.performance.models import Indicator, Observation
from placeboard.performance.public_views import (
    PUBLISHED,
    public_indicators,
    published_rows,
    with_published_figures,
)

CHUNK = 500  # indicators (with their figures) or rows fetched at a time
MAX_ROWS = 100_000  # per resource: a partnership's published figures are some thousands


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # a Frictionless table schema type: string, integer, number, boolean, date
    description: str
    format: str = ""

    def descriptor(self):
        d = {"name": self.name, "type": self.type, "description": self.description}
        if self.format:
            d["format"] = self.format
        return d


@dataclass(frozen=True)
class Resource:
    name: str
    title: str
    description: str
    fields: tuple
    rows: object  # (partnership, request) -> iterable of rows, each a list of values in the fields' order
    primary_key: tuple
    foreign_keys: tuple = ()  # ((fields, resource, reference fields), ...)

    def header(self):
        return [f.name for f in self.fields]


@dataclass(frozen=True)
class Package:
    name: str
    title: str
    description: str
    resources: tuple = field(default_factory=tuple)

    def resource(self, name):
        return next((r for r in self.resources if r.name == name), None)


def _url(request, name, *args):
    return request.build_absolute_uri(reverse(name, args=args))


def _links(request, name, slug):
    """pk -> the absolute address of that object's public page: reversed once, not once a row."""
    marker = "987654321"
    head, tail = _url(request, name, slug, int(marker)).rsplit(marker, 1)
    return lambda pk: f"{head}{pk}{tail}"


def _limited(rows):
    return itertools.islice(rows, MAX_ROWS)


# -- performance ---------------------------------------------------------------------------------------------

def _choices(model, name):
    return dict(model._meta.get_field(name).flatchoices)


def indicator_rows(partnership, request):
    # Plain tuples, not model instances: a partnership may publish hundreds of indicators. Not a server-side
    # cursor (iterator()): PostgreSQL plans a cursor for its first rows, which made public_q's joins ten times
    # slower; hundreds of short tuples fit in memory.
    link = _links(request, "public_indicator", partnership.slug)
    value_types, polarities, intervals = (_choices(Indicator, f) for f in ("value_type", "polarity",
                                                                            "collection_interval"))
    queryset = public_indicators(partnership).order_by("code", "pk").values_list(
        "pk", "code", "title", "definition", "rationale", "value_type", "units", "polarity", "decimal_places",
        "cumulative", "collection_interval", "data_source", "lead_organisation__name")
    for pk, code, title, definition, rationale, value_type, units, polarity, places, cumulative, interval, \
            source, lead in queryset[:MAX_ROWS]:
        yield [code, title, definition, rationale, value_types.get(value_type, value_type), units,
               polarities.get(polarity, polarity), places, cumulative, intervals.get(interval, interval), source,
               lead or "", link(pk)]


def figure_rows(partnership, request):
    """Each public indicator's published whole-place figures (with the target compared, status and direction of
    travel, worked out from published figures alone, as the public pages do), then its published area figures."""
    ids = list(public_indicators(partnership).order_by("code", "pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        indicators = with_published_figures(Indicator.objects.filter(pk__in=chunk)).order_by("code", "pk")
        areas = {}
        for row in (Observation.objects.filter(PUBLISHED, indicator__in=chunk, value__isnull=False,
                                               area__isnull=False, population_group=None)
                    .order_by("area__name", "area_id", "period_start", "period_end")
                    .values_list("indicator_id", "period", "period_start", "period_end", "area__name",
                                 "area__gss_code", "value", "note", "note_public")):
            areas.setdefault(row[0], []).append(row[1:])
        for indicator in indicators:
            for row in published_rows(indicator):
                o = row.observation
                if o is None:
                    continue
                yield [indicator.code, row.period.label, row.period.start, row.period.end, "whole_place",
                       partnership.place, None, o.value, indicator.units, row.assessment.compared_target,
                       row.status.label, row.direction_words, o.note if o.note_public else ""]
            for period, start_date, end_date, area, code, value, note, note_public in areas.get(indicator.pk, []):
                yield [indicator.code, period, start_date, end_date, "area", area, code or None, value,
                       indicator.units, None, "", "", note if note_public else ""]


# -- community issues ----------------------------------------------------------------------------------------

def _day(moment):
    return timezone.localdate(moment) if moment is not None else None


def issue_rows(partnership, request):
    # Named columns only: reporter_name, reporter_email, raised_by and the description are never read here.
    link = _links(request, "public_issue", partnership.slug)
    statuses = _choices(CommunityIssue, "status")
    queryset = live_issues(partnership).order_by("pk").values_list(
        "pk", "title", "category__name", "area__name", "area__gss_code", "location", "status", "organisation__name",
        "confirmed_at", "status_changed_at")
    for pk, title, category, area, code, location, status, held_by, confirmed, changed in \
            queryset.iterator(chunk_size=CHUNK):
        yield [pk, title, category, area, code or None, location, statuses.get(status, status), status,
               held_by or "", _day(confirmed), _day(changed), link(pk)]


# -- engagement activities -----------------------------------------------------------------------------------

def _names(items):
    return "; ".join(item.name for item in items)


def activity_rows(partnership, request):
    link = _links(request, "public_activity", partnership.slug)
    for a in public_activities(partnership).order_by("start_date", "pk").iterator(chunk_size=CHUNK):
        yield [a.pk, a.title, a.organiser.name, a.get_method_display(), a.get_status_display(), a.status,
               a.start_date, a.end_date, _names(a.areas.all()), "; ".join(str(t) for t in a.topics.all()),
               _names(a.population_groups.all()), a.description, a.how_to_take_part, a.results,
               a.you_said_we_did, link(a.pk)]


S, I, N, B, D = "string", "integer", "number", "boolean", "date"

PACKAGES = (
    Package("performance", "Performance: public indicators and their published figures",
            "The indicators the partnership publishes and their final, published figures for the whole place and "
            "for areas, with the target each whole-place figure is compared with, its status and its direction of "
            "travel, worked out from published figures only. Provisional figures are never included.", (
                Resource("indicators", "Public indicators", "What each public indicator measures.", (
                    Field("code", S, "The indicator's code, unique within the partnership."),
                    Field("title", S, "The indicator's title."),
                    Field("definition", S, "How it is defined."),
                    Field("rationale", S, "Why it is measured."),
                    Field("value_type", S, "What kind of figure it is (percentage, count, rate, ...)."),
                    Field("units", S, "The units shown after values."),
                    Field("polarity", S, "Whether higher or lower is better."),
                    Field("decimal_places", I, "The decimal places figures are shown to."),
                    Field("cumulative", B, "Whether figures build up over the year."),
                    Field("collection_interval", S, "How often figures are collected."),
                    Field("data_source", S, "Where the figures come from."),
                    Field("lead_organisation", S, "The partner leading on it."),
                    Field("url", S, "Its page on the public site.", "uri"),
                ), indicator_rows, ("code",)),
                Resource("figures", "Published figures", "Published figures, whole place first, then each area.", (
                    Field("indicator", S, "The indicator's code (indicators.code)."),
                    Field("period", S, "The period, as labelled on the public site."),
                    Field("period_start", D, "The period's first day."),
                    Field("period_end", D, "The period's last day."),
                    Field("geography", S, "whole_place, or area for one area's figure."),
                    Field("area", S, "The place (whole place) or the area's name."),
                    Field("area_code", S, "The area's ONS GSS code, where it has one."),
                    Field("value", N, "The published figure, exact."),
                    Field("units", S, "The indicator's units."),
                    Field("target", N, "The target this whole-place figure is compared with (profiled in-year)."),
                    Field("status", S, "Its status (Green, Amber, Red, ...), whole place only."),
                    Field("direction_of_travel", S, "Its direction of travel, whole place only."),
                    Field("commentary", S, "Commentary the partnership published with the figure."),
                ), figure_rows, ("indicator", "period", "geography", "area"),
                    ((("indicator",), "indicators", ("code",)),)),
            )),
    Package("community-issues", "Community issues",
            "Issues residents and board members raised, once confirmed, with where they are and who holds them. "
            "No personal data: never who raised an issue or how to contact them, nor the description they wrote.", (
                Resource("issues", "Community issues", "One row per confirmed issue.", (
                    Field("id", I, "The issue's number."),
                    Field("title", S, "A short summary."),
                    Field("category", S, "What it is about."),
                    Field("area", S, "The area it is in."),
                    Field("area_code", S, "The area's ONS GSS code, where it has one."),
                    Field("location", S, "A street, landmark or postcode."),
                    Field("status", S, "Where it stands, in words."),
                    Field("status_code", S, "Where it stands, as a code."),
                    Field("held_by", S, "The partner dealing with it."),
                    Field("raised", D, "The day it was confirmed."),
                    Field("status_changed", D, "The day its status last changed."),
                    Field("url", S, "Its page on the public site.", "uri"),
                ), issue_rows, ("id",)),
            )),
    Package("engagement-activities", "Engagement activities",
            "Consultations and engagement activities on the partners' joint forward plan (not cancelled ones).", (
                Resource("activities", "Engagement activities", "One row per activity.", (
                    Field("id", I, "The activity's number."),
                    Field("title", S, "Its title."),
                    Field("organiser", S, "The partner running it."),
                    Field("method", S, "How people take part."),
                    Field("status", S, "Where it stands, in words."),
                    Field("status_code", S, "Where it stands, as a code."),
                    Field("start_date", D, "The first day."),
                    Field("end_date", D, "The last day."),
                    Field("areas", S, "The areas it covers, separated by semicolons; blank for the whole place."),
                    Field("topics", S, "The themes it is about, separated by semicolons."),
                    Field("population_groups", S, "The population groups it is aimed at, separated by semicolons."),
                    Field("description", S, "What it is about."),
                    Field("how_to_take_part", S, "Where, how and whom to contact."),
                    Field("results", S, "Afterwards: what people said."),
                    Field("you_said_we_did", S, "Afterwards: what the partners changed because of it."),
                    Field("url", S, "Its page on the public site.", "uri"),
                ), activity_rows, ("id",)),
            )),
)
BY_NAME = {p.name: p for p in PACKAGES}


def descriptor(partnership, package, request):
    """The package's datapackage.json, as a dict: resources by relative path, so the files move together."""
    return {
        "profile": "tabular-data-package",
        "name": f"{partnership.slug}-{package.name}".lower(),
        "title": f"{partnership.name}: {package.title}",
        "description": package.description,
        "homepage": _url(request, "public_open_data", partnership.slug),
        "licenses": [licence_of(partnership)],
        "resources": [{
            "profile": "tabular-data-resource",
            "name": r.name,
            "path": f"{r.name}.csv",
            "title": r.title,
            "description": f"{r.description} At most {MAX_ROWS:,} rows.",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {
                "fields": [f.descriptor() for f in r.fields],
                "primaryKey": list(r.primary_key),
                "foreignKeys": [{"fields": list(fields), "reference": {"resource": resource, "fields": list(ref)}}
                                for fields, resource, ref in r.foreign_keys],
                "missingValues": [""],
            },
        } for r in package.resources],
    }


def rows(partnership, resource, request):
    """The header, then at most MAX_ROWS rows, made as they are read."""
    return itertools.chain([resource.header()], _limited(resource.rows(partnership, request)))
