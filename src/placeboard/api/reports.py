"""Reports as JSON: the same tables the report builders make for the web page, the PDF and the spreadsheets.

The round and filters are checked by the web's own filter form (reports.views.ReportFilterForm), so a problem
is worded as the page words it, and the report is made by the one builder (reports.builders.build), so a cell
says here exactly what it says in the CSV: its text (Cell.text), its number where it is one (the CSV's number,
as exact text), its status, note and link. Charts (SVG) are left out: each one's figures are in a table of its
section, or in the words of a cell (a sparkline's figures and targets).

A report is one document, not a list: it comes whole, never in pages. A report too long for its CSV and XLSX to
be made in the web request (REPORTS_DIRECT_MAX_ROWS) is answered here all the same, as its web page is: what
costs is building the report, which the web page does in the request for any length, and JSON adds little to it
(unlike WeasyPrint or a workbook). Measured with bench/reports.py's partnership (300 indicators with 40 quarters
of figures each, 500 tasks in the round) on PostgreSQL: the performance spreadsheet's JSON is 397 KB in 0.48 s,
as its CSV and its web page take (0.48 s each); the dashboard's 295 KB in 1.7 s (its CSV 1.4 s, page 1.5 s);
the thematic report's 615 KB in 0.11 s; at most 49 MB of Python memory at its peak (the dashboard)."""

from typing import Annotated

from django.forms.utils import pretty_name
from django.http import Http404
from ninja import Path, Query, Router, Schema
from pydantic import BaseModel, Field

from placeboard.api.common import ERRORS, Slug
from placeboard.api.problems import problem
from placeboard.api.schemas import page_of
from placeboard.core.access import get_partnership_for_user
from placeboard.core.spreadsheets import number_text
from placeboard.performance.figures import is_figure
from placeboard.performance.reporting import ReportError, report_kinds
from placeboard.reports.builders import BUILDERS, RoundNeeded, build
from placeboard.reports.views import ReportFilterForm, filters_of, report_rows

router = Router()

Kind = Annotated[str, Path(pattern=r"^[-a-zA-Z0-9_]+$", max_length=50,
                           description="The report's key, as GET /partnerships/{slug}/reports/ lists them.")]


class ReportFilterOut(Schema):
    name: str = Field(description="The query parameter.")
    label: str = Field(description="What the web page's form calls it.")
    required: bool


class ReportKindOut(Schema):
    key: str
    title: str
    needs_round: bool = Field(description="Whether the report is a snapshot of a reporting round and needs one.")
    live_figures: bool = Field(description="Whether it shows today's figures even for a closed round (the round "
                                           "then only limits the periods), rather than those frozen when it "
                                           "closed.")
    filters: list[ReportFilterOut]


ReportKindPage = page_of(ReportKindOut)


# The parts of a report are plain pydantic models, not ninja Schemas: a Schema checks each object through
# ninja's Django-aware getter, which took 0.3 s for the 7,800 objects of a thematic report of 500 tasks.
class CellOut(BaseModel):
    text: str = Field(description="What the cell says; a status's name where it has only a status.")
    number: str | None = Field(description="The exact figure, where the cell is a number (a spreadsheet's "
                                           "number cell).")
    status: str | None = Field(description="A status (green, amber, red, too_early, no_target, overdue, "
                                           "no_data, monitor), where the cell is one.")
    note: str = Field(description="What goes with the cell, such as \"revised\" or \"not approved\"; the CSV "
                                  "writes it after the text in brackets.")
    link: str | None = Field(description="The web page the cell links to.")


class SummaryOut(BaseModel):
    label: str
    text: str
    number: str | None
    status: str | None


class SectionOut(BaseModel):
    heading: str
    subheading: str
    link: str | None = Field(description="The web page the heading links to.")
    layout: str = Field(description="table, or tiles: each row a heading (its first cell) and a tile per other "
                                    "cell on the web page; the same table in the spreadsheets.")
    intro: list[str] = Field(description="Sentences before the table.")
    summary: list[SummaryOut] = Field(description="Counts shown above the table.")
    columns: list[str]
    rows: list[list[CellOut]]
    charts: list[str] = Field(description="The captions of the charts the web page draws after the table (the "
                                          "charts themselves are left out: their figures are in the table).")


class ReportFiltersOut(Schema):
    round: int | None
    theme: int | None
    group: int | None
    outcome: int | None
    area: int | None
    approved: bool


class ReportOut(Schema):
    kind: str
    title: str
    subtitle: str
    partnership: str = Field(description="The partnership's name, as the CSV's first row gives it.")
    notes: list[str] = Field(description="Sentences printed under the title.")
    filters: ReportFiltersOut = Field(description="The round and filters the report was made for (ids).")
    rows: int = Field(description="How many rows its sections' tables have in all.")
    sections: list[SectionOut]
    tidy: list[SectionOut] = Field(description="For a report whose downloads are tidy tables (thematic): those "
                                               "tables, the first being the CSV; otherwise none.")


_ID = r"^[^\x00]*$"


class ReportParams(Schema):
    round: str | None = Field(None, max_length=40, pattern=_ID,
                              description="A reporting round's id (GET /partnerships/{slug}/rounds/); none for "
                                          "the latest figures.")
    theme: str | None = Field(None, max_length=40, pattern=_ID, description="Only this theme's indicators (its id).")
    group: str | None = Field(None, max_length=40, pattern=_ID, description="Only this group's (its id).")
    outcome: str | None = Field(None, max_length=40, pattern=_ID, description="Only this outcome's (its id).")
    area: str | None = Field(None, max_length=40, pattern=_ID,
                             description="This area's figures (its id) rather than the whole place's.")
    approved: str | None = Field(None, max_length=40, pattern=_ID,
                                 description="1: approved figures only. Only where the partnership's figures need "
                                             "sign-off; otherwise ignored, as on the web page.")


def _filters(form):
    return [{"name": name, "label": str(field.label or pretty_name(name))} for name, field in form.fields.items()]


def _text(value):
    """A summary's value as the CSV writes it: a figure as its exact text, anything else as its text."""
    if is_figure(value):
        return number_text(value)
    return "" if value is None else str(value)


@router.get("/partnerships/{slug}/reports/", response={200: ReportKindPage, **ERRORS}, tags=["reports"])
def report_list(request, slug: Slug):
    """The kinds of report you may run, in the order the reports page lists them, each with the filters it
    takes (GET /partnerships/{slug}/reports/{kind}/). Every member of the partnership may run every kind, as
    on the web. All of them come in one page."""
    access = get_partnership_for_user(request, slug)
    filters = _filters(ReportFilterForm(partnership=access.partnership))
    return {"items": [
        {"key": kind.slug, "title": kind.title, "needs_round": kind.needs_round,
         "live_figures": kind.live_figures,
         "filters": [{**f, "required": f["name"] == "round" and kind.needs_round} for f in filters]}
        for kind in report_kinds()], "next": None}


@router.get("/partnerships/{slug}/reports/{kind}/", response={200: ReportOut, **ERRORS}, tags=["reports"])
def report(request, slug: Slug, kind: Kind, params: Query[ReportParams]):
    """One report as JSON: its title, subtitle and notes, and each section's table (columns, and rows of cells
    saying what the CSV says). Takes the web page's round and filters, checked by its form: a value that names
    nothing of this partnership is a 422 problem naming the parameter, worded as the page words it.

    A report is one document, so it is not paginated. Every member may run every kind; an unknown kind is not
    found. A report longer than the web makes its CSV of at once is answered whole here too, as its web page
    is: the performance spreadsheet of 300 indicators (40 quarters each) is some 400 KB of JSON, made in the
    time its CSV and its web page take. Links are the web pages' addresses; charts are left out (their figures
    are in the tables)."""
    access = get_partnership_for_user(request, slug)
    if kind not in BUILDERS:
        raise Http404(f"There is no report called {kind!r}.")
    given = {name: value for name, value in params.dict().items() if value is not None}
    form = ReportFilterForm(given or None, partnership=access.partnership)
    if form.is_bound and not form.is_valid():
        return problem(422, "; ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()),
                       errors=[{"loc": ["query", name], "msg": " ".join(errors)}
                               for name, errors in form.errors.items()])
    data = form.cleaned_data if form.is_bound else {}
    round_ = data.get("round")
    filters = filters_of(data)
    try:
        result = build(kind, access.partnership, round_, filters)
    except RoundNeeded as exc:
        return problem(422, str(exc), errors=[{"loc": ["query", "round"], "msg": str(exc)}])
    except ReportError as exc:
        return problem(422, str(exc))

    def link(href):
        return request.build_absolute_uri(href) if href else None

    def cell(c):
        return {"text": c.text, "number": number_text(c.value) if c.is_number else None, "status": c.rag,
                "note": c.note or "", "link": link(c.href)}

    def section(s):
        return {"heading": s.heading, "subheading": s.subheading, "link": link(s.href), "layout": s.layout,
                "intro": list(s.intro),
                "summary": [{"label": str(label), "text": _text(value),
                             "number": number_text(value) if is_figure(value) else None, "status": rag}
                            for label, value, rag in s.summary],
                "columns": [str(c) for c in s.columns], "rows": [[cell(c) for c in row] for row in s.rows],
                "charts": [str(caption) for caption, _ in s.figures]}

    return {"kind": kind, "title": result.title, "subtitle": result.subtitle,
            "partnership": result.partnership.name, "notes": list(result.notes),
            "filters": {"round": round_.pk if round_ is not None else None,
                        **{name: getattr(filters, name).pk if getattr(filters, name) is not None else None
                           for name in ("theme", "group", "outcome", "area")}, "approved": filters.approved},
            "rows": report_rows(result), "sections": [section(s) for s in result.sections],
            "tidy": [section(s) for s in getattr(result, "tidy", None) or []]}
