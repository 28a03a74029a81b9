"""A report as plain tables, so that one builder serves every format.

Builders (placeboard.reports.builders) make a Report; renderers
(placeboard.reports.render) turn it into HTML, PDF, XLSX or CSV."""

from dataclasses import dataclass, field
from decimal import Decimal

RAG_LABELS = {
    "green": "Green", "amber": "Amber", "red": "Red", "too_early": "Too early to assess",
    "no_data": "No data", "monitor": "Monitor only",
}


@dataclass
class Cell:
    value: object = ""  # text, Decimal or int
    rag: str | None = None  # a status value: the cell is coloured and says its name
    note: str = ""  # e.g. "revised", "judgement"

    @property
    def text(self):
        if self.rag and self.value in ("", None):
            return RAG_LABELS.get(self.rag, self.rag)
        if isinstance(self.value, Decimal):
            return format(self.value.normalize(), "f")
        return "" if self.value is None else str(self.value)

    @property
    def is_number(self):
        return isinstance(self.value, (int, Decimal)) and not isinstance(self.value, bool)


@dataclass
class Section:
    heading: str
    columns: list
    rows: list = field(default_factory=list)  # lists of Cell
    summary: list = field(default_factory=list)  # (label, value, rag) shown above the table
    subheading: str = ""
    figures: list = field(default_factory=list)  # (caption, SVG) after the table, on the web and in PDFs only


@dataclass
class Report:
    kind: str
    title: str
    partnership: object
    subtitle: str = ""
    sections: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # sentences printed under the title
