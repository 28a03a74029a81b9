from django import template

from placeboard.performance.figures import show

register = template.Library()

TAG_CLASSES = {
    "green": "govuk-tag--green",
    "amber": "govuk-tag--orange",
    "red": "govuk-tag--red",
    "too_early": "govuk-tag--grey",
    "no_target": "govuk-tag--grey",
    "overdue": "govuk-tag--purple",
    "no_data": "govuk-tag--grey",
    "monitor": "govuk-tag--blue",
}


@register.inclusion_tag("performance/rag.html")
def rag(status):
    """A RAG status as a GOV.UK tag: coloured, and always with its name in words."""
    value = getattr(status, "value", status) or "no_data"
    label = getattr(status, "label", None) or str(value).replace("_", " ").capitalize()
    return {"value": value, "label": label, "css": TAG_CLASSES.get(value, "govuk-tag--grey")}


@register.simple_tag
def num(indicator, value):
    """A figure (a variance, a profile point) to the indicator's decimal places, without units; '' for None."""
    return show(value, indicator.decimal_places)


@register.simple_tag
def fmt(indicator, value):
    """A figure as the indicator prints it (figures.show_with_units), '' for None."""
    return indicator.format_value(value)


