"""The footer's link to the demo's e-mail outbox, shown only while the outbox backend is in use."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from placeboard.core import outbox

register = template.Library()


@register.simple_tag
def outbox_link():
    if not outbox.is_active():
        return ""
    return format_html('<a class="govuk-footer__link" href="{}">E-mail outbox (demo only)</a>', reverse("outbox"))
