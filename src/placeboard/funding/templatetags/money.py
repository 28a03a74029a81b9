"""Amounts of money in templates, written as pb.pounds writes them in explanations: £1,500 or £1,500.50."""

from django import template

from placeboard.funding import pb

register = template.Library()


@register.filter
def pounds(value):
    return "" if value is None or value == "" else pb.pounds(value)
