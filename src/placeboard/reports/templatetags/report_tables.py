"""A report row's cells as HTML in one step: a report of 300 indicators has thousands of cells, and a
template's tags per cell cost more than building the whole report (docs/performance.md)."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import normalize_newlines

register = template.Library()


def _link(cell, inner, links=True):
    return f'<a class="govuk-link" href="{escape(cell.href)}">{inner}</a>' if cell.href and links else inner


def cell_html(cell, links=True):
    """<td> for one reporting.Cell: coloured and named when it is a status, its note in brackets, numbers
    aligned right, line breaks kept; a link when it has one (not in a PDF, where the site's addresses lead
    nowhere), and its chart (a small SVG, its figures in the text) above its text."""
    text = escape(cell.text)
    if cell.rag:
        inner = f'<strong class="pb-rag pb-rag--{escape(cell.rag)}">{_link(cell, text, links)}</strong>'
    else:
        inner = _link(cell, normalize_newlines(text).replace("\n", "<br>"), links)
    if cell.svg:
        # The chart is the reports' own SVG (performance.charts), escaped as it was built.
        inner = f'<span class="pb-sparkline-cell">{cell.svg}<span class="pb-sparkline-text">{inner}</span></span>'
    if cell.note:
        inner += f' <span class="govuk-body-s">({escape(cell.note)})</span>'
    numeric = " govuk-table__cell--numeric" if cell.is_number else ""
    return f'<td class="govuk-table__cell{numeric}">{inner}</td>'


@register.filter
def report_cells(row, printable=False):
    return mark_safe("".join(cell_html(cell, links=not printable) for cell in row))


@register.filter
def report_tiles(row, columns):
    return _tiles(row, columns, links=True)


@register.filter
def report_tiles_print(row, columns):
    return _tiles(row, columns, links=False)


def _tiles(row, columns, links):
    """A scorecard: the row's first cell as its heading, then a tile for each other cell that has a status or
    is the total, saying the count and its column's name (the status), never its colour alone, and linking
    where the cell links. A tile with no count is left out unless its status is Green, Amber or Red, so every
    scorecard shows those three in the same places."""
    head, cells = row[0], row[1:]
    name = escape(head.text)
    tiles = []
    for column, cell in zip(columns[1:], cells, strict=False):
        if not cell.value and cell.rag not in ("green", "amber", "red", None):
            continue
        words = f'<span class="pb-tile__count">{escape(cell.text)}</span> <span class="pb-tile__label">' \
                f'{escape(column)}</span><span class="govuk-visually-hidden"> in {name}</span>'
        kind = f"pb-rag--{escape(cell.rag)}" if cell.rag else "pb-tile--total"
        inner = f'<a class="pb-tile__link" href="{escape(cell.href)}">{words}</a>' if cell.href and links else words
        tiles.append(f'<li class="pb-tile {kind}">{inner}</li>')
    heading = _link(head, name, links)
    return mark_safe(f'<h3 class="govuk-heading-s pb-scorecard__heading">{heading}</h3>'
                     f'<ul class="pb-tiles" role="list">{"".join(tiles)}</ul>')


@register.filter
def css_string(value):
    """Text for inside a double-quoted CSS string (a PDF's running header): CSS escapes are a backslash and hex
    digits, not JavaScript's \\u0027 (which CSS prints as "u0027"), and "<" is escaped so "</style>" cannot end
    the style sheet."""
    out = []
    for char in str(value):
        if char in '\\"<' or ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return mark_safe("".join(out))
