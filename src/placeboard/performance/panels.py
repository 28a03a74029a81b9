"""What other apps add to the indicator page (benchmarking registers its comparator and gap panels from
BenchmarkingConfig.ready()), so that this app need not import them; and what this app adds to core's pages
(the RAG counts on the partnership home page, an outcome's indicators and actions on its page)."""

from placeboard.core import fragments
from placeboard.core.models import Outcome
from placeboard.core.panels import Panels, framework_detail
from placeboard.performance import assessment as rules
from placeboard.performance.evaluation import latest_row
from placeboard.performance.models import Action, Indicator
from placeboard.performance.summary import rag_counts_by_theme

indicator_page = Panels("indicator page")  # given the indicator


def indicator_panels(indicator):
    """The context the registered apps add to the indicator page."""
    return indicator_page.context(indicator)


def rag_context(partnership):
    """The partnership home page's latest RAG counts by top-level theme (registered with core.panels)."""
    # The same for everyone who may see the partnership, so kept until its data changes (core/fragments.py).
    statuses, rag_by_theme = fragments.cached(partnership.pk, "rag-by-theme", [],
                                              lambda: rag_counts_by_theme(partnership))
    return {"statuses": statuses, "rag_by_theme": rag_by_theme}


def outcome_section(obj, partnership):
    """An outcome's indicators with their latest status (latest_row, as the indicator list) and its actions.

    A fixed number of queries however many indicators and actions the outcome has."""
    if not isinstance(obj, Outcome):
        return None
    indicators = Indicator.objects.filter(outcomes=obj).order_by("code", "pk").with_headlines()
    rows = []
    for indicator in indicators:
        row = latest_row(indicator)
        rows.append((indicator, row, row.status if row else rules.Status.NO_DATA))
    actions = Action.objects.filter(outcome=obj).select_related("lead_organisation")
    return {
        "template": "performance/_outcome_section.html",
        "outcome": obj,
        "indicator_rows": rows,
        "actions": list(actions),
    }


# Registered when this module is first imported, which PerformanceConfig.ready() does (for rag_context).
framework_detail.register("outcome_performance", outcome_section)
