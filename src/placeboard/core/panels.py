"""Parts of a page that an app higher up adds to a page of a lower one.

A lower app must not import a higher one (tests/test_layers.py), so a page that shows what a higher app
knows asks a Panels for it, and the higher app registers a provider from its AppConfig.ready():

    partnership_home.register("rag_by_theme", rag_context)  # in PerformanceConfig.ready()

A provider takes the page's object and returns context for the template."""


class Panels:
    def __init__(self, page):
        self.page = page
        self._providers = {}  # by name, so registering again (ready() run twice) replaces rather than adds

    def register(self, name, provider):
        self._providers[name] = provider

    def context(self, obj):
        context = {}
        for provider in self._providers.values():
            context.update(provider(obj))
        return context


class Sections:
    """Parts of a page that draw themselves with the higher app's own template, so the lower page need not know
    their shape: a provider takes (obj, partnership) and returns None (nothing to add for this object) or
    {"template": ..., plus that template's context}; the page includes each in turn.

        framework_detail.register("outcome_performance", outcome_section)  # performance, for an outcome"""

    def __init__(self, page):
        self.page = page
        self._providers = {}

    def register(self, name, provider):
        self._providers[name] = provider

    def sections(self, obj, partnership):
        found = (provider(obj, partnership) for provider in self._providers.values())
        return [section for section in found if section]


partnership_home = Panels("partnership home")  # given the partnership
framework_detail = Sections("framework detail")  # given any framework object (outcome, theme, area …)
# Each role's own work on the partnership home page (issue 15.14), given the person's Access: a provider returns
# None when the person has no role it serves. Each section carries an "order" (the page sorts by it), as the
# apps register in INSTALLED_APPS order: 10 figures to report, 20 task updates, 30 the board, 40 its budgets.
home_sections = Sections("partnership home: each role's own work")
round_page = Sections("reporting round")  # given the round: what higher apps track in it (the improvement plan)
