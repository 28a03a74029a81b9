"""A report row's cells as HTML in one step: a report of 300 indicators has thousands of cells, and a
template's tags per cell cost more than building the whole report (docs/performance.md)."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import normalize_newlines

register = template.Library()


def cell_html(cell):
    """<td> for one reporting.Cell: coloured and named when it is a status, its note in brackets, numbers
    aligned right, line breaks kept."""
    text = escape(cell.text)
    if cell.rag:
        inner = f'<strong class="pb-rag pb-rag--{escape(cell.rag)}">{text}</strong>'
    else:
        inner = normalize_newlines(text).replace("\n", "<br>")
    if cell.note:
        inner += f' <span class="govuk-body-s">({escape(cell.note)})</span>'
    numeric = " govuk-table__cell--numeric" if cell.is_number else ""
    return f'<td class="govuk-table__cell{numeric}">{inner}</td>'


@register.filter
def report_cells(row):
    return mark_safe("".join(cell_html(cell) for cell in row))
