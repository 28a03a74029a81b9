"""The open data pages (no sign-in): the list of packages, each package's datapackage.json and its CSV files.

Each runs a fixed number of queries whatever the number of rows (packages.CHUNK), and the CSV files are streamed
through the one CSV writer, so text that could start a formula is written inert."""

import json

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render

from placeboard.core.models import Partnership
from placeboard.core.spreadsheets import iter_csv
from placeboard.opendata import packages
from placeboard.opendata.licences import licence_of


def _package(slug, name):
    partnership = get_object_or_404(Partnership, slug=slug)
    package = packages.BY_NAME.get(name)
    if package is None:
        raise Http404("No such open data package.")
    return partnership, package


def index(request, slug):
    partnership = get_object_or_404(Partnership, slug=slug)
    return render(request, "opendata/index.html", {
        "partnership": partnership, "packages": packages.PACKAGES, "licence": licence_of(partnership),
    })


def descriptor(request, slug, package):
    partnership, package = _package(slug, package)
    body = json.dumps(packages.descriptor(partnership, package, request), indent=2, ensure_ascii=False)
    return HttpResponse(body, content_type="application/json; charset=utf-8")


def resource_csv(request, slug, package, resource):
    partnership, package = _package(slug, package)
    chosen = package.resource(resource)
    if chosen is None:
        raise Http404("No such resource in this package.")
    response = StreamingHttpResponse(iter_csv(packages.rows(partnership, chosen, request)),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{chosen.name}.csv"'
    return response
