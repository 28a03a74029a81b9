"""What every report is made of, and the registry of report kinds.

A report is plain tables (Report → Section → Cell), so one builder serves every format: the reports app
renders them as HTML, PDF, XLSX or CSV. Each app registers the kinds of report it builds from its
AppConfig.ready(), as the framework kinds are listed in core.framework:

    register(ReportKind(slug="funding", title="Pooled and aligned funding", build=funding, position=60))

The registry, the Filters a report is asked for and the shared helpers (indicator_queryset, theme_root)
live here, below every app that builds reports, so that no app imports one above it (tests/test_layers.py).
The reports app reads the registry for its pages and for `placeboard report`."""

from dataclasses import dataclass, field
from decimal import Decimal

from placeboard.core.models import owned_by_groups, within_theme
from placeboard.performance.assessment import Status
from placeboard.performance.figures import is_figure, plain
from placeboard.performance.models import Indicator

RAG_LABELS = {status.value: status.label for status in Status}


@dataclass
class Cell:
    value: object = ""  # text, Decimal or int
    rag: str | None = None  # a status value: the cell is coloured and says its name
    note: str = ""  # e.g. "revised", "judgement"
    # On the web page and in the PDF only: the cell's text links to href, and svg (a small chart whose <desc>
    # says what its text says) is drawn above the text. A spreadsheet gets the text alone.
    href: str = ""
    svg: str = ""

    @property
    def text(self):
        if self.rag and self.value in ("", None):
            return RAG_LABELS.get(self.rag, self.rag)
        if isinstance(self.value, Decimal):
            return plain(self.value)
        return "" if self.value is None else str(self.value)

    @property
    def is_number(self):
        return is_figure(self.value)


@dataclass
class Section:
    heading: str
    columns: list
    rows: list = field(default_factory=list)  # lists of Cell
    summary: list = field(default_factory=list)  # (label, value, rag) shown above the table
    subheading: str = ""
    figures: list = field(default_factory=list)  # (caption, SVG) after the table, on the web and in PDFs only
    intro: list = field(default_factory=list)  # sentences before the table, on the web and in PDFs only
    href: str = ""  # the heading links here (the web page and PDF)
    layout: str = "table"  # "tiles": each row a heading (its first cell) and a tile per other cell; a table in
    # spreadsheets


@dataclass
class Report:
    kind: str
    title: str
    partnership: object
    subtitle: str = ""
    sections: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # sentences printed under the title


class ReportError(ValueError):
    """A report cannot be made as asked (unknown kind, round or filter)."""


@dataclass
class Filters:
    theme: object = None
    group: object = None
    outcome: object = None
    area: object = None
    # Approved figures only (as last approved), where figures need sign-off (docs/approval.md).
    approved: bool = False

    def describe(self):
        parts = [f"{name}: {value}" for name, value in vars(self).items() if value is not None and name != "approved"]
        described = "Filtered by " + "; ".join(parts) if parts else ""
        if self.approved:
            described = f"{described}. Approved figures only" if described else "Approved figures only"
        return described

    def narrow(self, queryset, outcome_path):
        """The queryset narrowed by the theme, group and outcome filters; outcome_path leads from its model
        to the outcome ("outcomes" for indicators, "action__outcome" for tasks). The area is not applied."""
        if self.theme is not None:
            queryset = queryset.filter(within_theme(self.theme, f"{outcome_path}__theme"))
        if self.group is not None:
            queryset = queryset.filter(owned_by_groups([self.group], f"{outcome_path}__"))
        if self.outcome is not None:
            queryset = queryset.filter(**{outcome_path: self.outcome})
        return queryset


def indicator_queryset(partnership, filters):
    """The partnership's indicators narrowed by the theme, group and outcome filters (one query)."""
    return filters.narrow(Indicator.objects.filter(partnership=partnership), "outcomes").distinct()


def theme_root(themes_by_id, theme_id):
    """The top-level theme above a theme, from {pk: Theme} already fetched (no query). A loop of parents (which
    Theme.clean refuses) ends at the theme seen twice rather than running for ever."""
    theme, seen = themes_by_id[theme_id], {theme_id}
    while theme.parent_id in themes_by_id and theme.parent_id not in seen:
        seen.add(theme.parent_id)
        theme = themes_by_id[theme.parent_id]
    return theme


@dataclass(frozen=True)
class ReportKind:
    slug: str
    title: str  # as the list of reports names it
    build: object  # build(partnership, round_ or None, Filters) → Report; raises ReportError
    position: int = 100  # order in the list of reports
    live_figures: bool = False  # today's figures even for a closed round (the round only limits the periods)
    needs_round: bool = False  # a snapshot of a reporting round: build() refuses without one


_KINDS = {}


def register(kind):
    """Adds a kind of report; registering the same kind again (ready() run twice) changes nothing."""
    if _KINDS.get(kind.slug, kind) != kind:
        raise ValueError(f"Two kinds of report are called {kind.slug!r}.")
    _KINDS[kind.slug] = kind


def report_kinds():
    """Every registered kind, in the order the list of reports shows them."""
    return sorted(_KINDS.values(), key=lambda kind: (kind.position, kind.slug))


def get_report_kind(slug):
    try:
        return _KINDS[slug]
    except KeyError:
        raise ReportError(f"There is no report called {slug!r}; choose one of "
                          f"{', '.join(k.slug for k in report_kinds())}.") from None
