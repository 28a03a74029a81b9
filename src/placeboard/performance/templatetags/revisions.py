"""Target revisions on pages: "revised from 57.2% to 56.0% on 1 October 2009: <reason>" under a target, and
whether the person may revise (performance/revisions.py)."""

from django import template
from django.utils.html import format_html_join

from placeboard.performance.models import TargetRevision
from placeboard.performance.revisions import can_revise, revised_words

register = template.Library()


def _revisions_of(context, target):
    """The target's revisions: prefetched ones when the page's query brought them (prefetch_related
    "revisions"), else every revision of its indicator in one query per page, kept while the page renders."""
    cached = getattr(target, "_prefetched_objects_cache", {}).get("revisions")
    if cached is not None:
        return list(cached)
    key = ("target_revisions", target.indicator_id)
    found = context.render_context.get(key)
    if found is None:
        found = {}
        for revision in TargetRevision.objects.filter(target__indicator_id=target.indicator_id).order_by(
                "effective_from", "id"):
            found.setdefault(revision.target_id, []).append(revision)
        context.render_context[key] = found
    return found.get(target.pk, [])


@register.simple_tag(takes_context=True)
def target_revisions(context, target):
    """Each revision of the target, oldest first, as a small paragraph; nothing when it has none."""
    if target is None or target.pk is None:
        return ""
    revisions = _revisions_of(context, target)
    if not revisions:
        return ""
    indicator = target.indicator
    return format_html_join("", '<br><span class="govuk-body-s">{}: {}</span>',
                            ((_first_upper(revised_words(indicator, r)), r.reason) for r in revisions))


def _first_upper(text):
    return text[:1].upper() + text[1:]


@register.simple_tag
def may_revise(access, indicator):
    return can_revise(access, indicator)
