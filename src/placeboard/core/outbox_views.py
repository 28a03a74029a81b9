"""The demo's outbox page: the e-mails `placeboard demo` kept instead of sending (core/outbox.py)."""

import re

from django.http import Http404
from django.shortcuts import render
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache

from placeboard.core import outbox

SHOWN = 50
# A web address, without the full stop or bracket that may follow it in a sentence.
LINK = re.compile(r"(https?://[^\s<>\"]*[^\s<>\".,;:!?)\]])")


@never_cache
def outbox_page(request):
    """Open to anyone while the demo runs (residents confirming issues are not signed in); 404 elsewhere."""
    if not outbox.is_active():
        raise Http404("This site sends its e-mails; it has no outbox.")
    kept, total = outbox.kept_emails(SHOWN)
    emails = [{"email": e, "paragraphs": [_paragraph(text) for text in re.split(r"\n\s*\n", e.body) if text.strip()]}
              for e in kept]
    return render(request, "core/outbox.html", {"emails": emails, "total": total, "shown": SHOWN})


def _paragraph(text):
    """One paragraph of a plain-text e-mail as HTML: its lines kept, its web addresses made into links."""
    lines = [format_html_join("", "{}", ((_linked(piece),) for piece in LINK.split(line.strip())))
             for line in text.splitlines()]
    return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))


def _linked(piece):
    if LINK.fullmatch(piece):
        return format_html('<a class="govuk-link" href="{}">{}</a>', piece, piece)
    return piece
