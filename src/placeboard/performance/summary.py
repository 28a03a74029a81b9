"""Counts of latest RAG status, for the partnership home page and dashboards."""

from collections import Counter

from placeboard.core.models import Theme
from placeboard.performance import assessment as rules
from placeboard.performance.evaluation import latest_row
from placeboard.performance.models import Indicator
from placeboard.performance.reporting import theme_root


def rag_counts_by_theme(partnership):
    """[(top-level theme, {status: count}, total)] for the partnership's indicators.

    An indicator counts once under each top-level theme its outcomes sit within."""
    themes = list(Theme.objects.filter(partnership=partnership))
    by_id = {t.pk: t for t in themes}
    counts = {t.pk: Counter() for t in themes if t.parent_id is None}
    indicators = Indicator.objects.filter(partnership=partnership)
    # The themes each indicator's outcomes sit in, as pairs of ids: no outcome or theme is needed as a model.
    theme_ids = {}
    for indicator_id, theme_id in Indicator.outcomes.through.objects.filter(
            indicator__in=indicators).values_list("indicator_id", "outcome__theme_id"):
        theme_ids.setdefault(indicator_id, set()).add(theme_root(by_id, theme_id).pk)
    for indicator in indicators.with_headlines(framework=False):
        row = latest_row(indicator)
        status = row.status if row else rules.Status.NO_DATA
        for theme_id in theme_ids.get(indicator.pk, ()):
            counts.setdefault(theme_id, Counter())[status] += 1
    statuses = list(rules.Status)
    return statuses, [
        (by_id[pk], [counter.get(s, 0) for s in statuses], sum(counter.values()))
        for pk, counter in sorted(counts.items(), key=lambda item: by_id[item[0]].code)
    ]
