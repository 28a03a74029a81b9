"""What other apps add to the indicator page (benchmarking registers its comparator and gap panels from
BenchmarkingConfig.ready()), so that this app need not import them."""

from placeboard.core.panels import Panels
from placeboard.performance.summary import rag_counts_by_theme

indicator_page = Panels("indicator page")  # given the indicator


def indicator_panels(indicator):
    """The context the registered apps add to the indicator page."""
    return indicator_page.context(indicator)


def rag_context(partnership):
    """The partnership home page's latest RAG counts by top-level theme (registered with core.panels)."""
    statuses, rag_by_theme = rag_counts_by_theme(partnership)
    return {"statuses": statuses, "rag_by_theme": rag_by_theme}
