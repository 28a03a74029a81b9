"""What an import is: the columns of each kind, and the plan check() makes and apply() writes."""

from dataclasses import dataclass, field

from placeboard.performance import approval
from placeboard.performance import assessment as rules

BATCH = 2000
# How often check and apply report progress (the CLI prints it; the web page streams it). The package's
# PROGRESS_EVERY is copied onto each plan when it is checked.
PROGRESS_EVERY = 5000

ACTUAL_COLUMNS = ["indicator", "period", "area", "population_group", "value", "status", "note", "expected"]
TARGET_COLUMNS = ["indicator", "kind", "period", "value", "text", "to_be_set", "note"]
INDICATOR_COLUMNS = [
    "code", "title", "definition", "rationale", "value_type", "units", "polarity", "decimal_places", "cumulative",
    "data_source", "collection_interval", "reporting_organisation", "spatial_level", "lead_organisation", "owner",
    "minimum_value", "maximum_value", "band_low", "band_high", "tolerance_kind", "tolerance_amount", "tags",
    "outcomes",
]
BENCHMARK_COLUMNS = ["group", "indicator", "period", "authority", "gss_code", "value"]
REQUIRED = {
    "return": {"indicator", "period", "value"},
    "benchmarks": {"group", "indicator", "period", "authority", "value"},
    "actuals": {"indicator", "period", "value"},
    "targets": {"indicator", "kind", "period", "value"},
    "indicators": {"code", "title", "value_type", "polarity", "collection_interval"},
}
COLUMNS = {"actuals": ACTUAL_COLUMNS, "targets": TARGET_COLUMNS, "indicators": INDICATOR_COLUMNS,
           "benchmarks": BENCHMARK_COLUMNS, "return": ACTUAL_COLUMNS + ["title"]}
KIND_NAMES = {"actuals": "Actuals", "targets": "Baselines and targets", "indicators": "Indicator catalogue",
              "benchmarks": "Comparator values (benchmarking)", "return": "Data return (a round's template)"}
KINDS = list(COLUMNS)
APPROVABLE = ("actuals", "return")  # the kinds that write actuals, which sign-off applies to
EXPORT_KINDS = ["actuals", "targets", "indicators", "benchmarks"]


def summarise(rows, created, updated, unchanged, skipped, lands=""):
    """What an import does, in a line: the plan's, and the stored preview's (imports.previews). Where figures
    need sign-off, how many are submitted for approval or approved (`lands`, see Plan)."""
    return (f"{rows:,} rows: {created:,} new, {updated:,} changed, {unchanged:,} unchanged"
            + (f", {skipped:,} left blank" if skipped else "") + signed_off(created + updated, lands))


def signed_off(figures, lands):
    """The summary's last words where figures need sign-off ("; 12 figures approved", "; 12 figures submitted
    for approval"); none without it (they are published, as before), or when no figure is new or changed."""
    if not figures or lands not in (approval.SUBMITTED, approval.APPROVED):
        return ""
    done = "approved" if lands == approval.APPROVED else "submitted for approval"
    return f"; {figures:,} figure{'s' * (figures != 1)} {done}"


@dataclass(slots=True)
class Change:
    row: int
    action: str  # "create", "update", "unchanged", "skipped"
    description: str
    status: str = ""  # the status a new or changed headline actual will get ("red" …); "" for anything else

    @property
    def assessed(self):
        """The status as an assessment.Status (for the preview's tag), or None."""
        return rules.Status(self.status) if self.status else None


@dataclass
class Plan:
    kind: str
    file: str
    problems: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    rows: int = 0
    # What apply() writes: one step (a dataclass of the kind's module: ActualStep, TargetStep, IndicatorStep
    # or BenchmarkStep) for each row that creates or changes something.
    ops: list = field(default_factory=list)
    # Report progress every so many rows while checking and figures while saving.
    progress_every: int = PROGRESS_EVERY
    # Sign-off (performance/approval.py): whether an officer asked for the actuals to be approved as they are
    # imported, and the state new and changed actuals land in (approval.saved_state; "" for the kinds that
    # write no actuals).
    approve: bool = False
    lands: str = ""

    @property
    def ok(self):
        return not self.problems

    def count(self, action):
        return sum(1 for c in self.changes if c.action == action)

    @property
    def created(self):
        return self.count("create")

    @property
    def updated(self):
        return self.count("update")

    @property
    def unchanged(self):
        return self.count("unchanged")

    @property
    def approved(self):
        """How many figures the import approves (0 unless an officer asked for it, where there is sign-off)."""
        return self.created + self.updated if self.lands == approval.APPROVED else 0

    def summary(self):
        return summarise(self.rows, self.created, self.updated, self.unchanged, self.count("skipped"), self.lands)

    def chunks(self):
        """The steps in chunks of progress_every, with how many are done after each: (chunk, done)."""
        every = self.progress_every
        for first in range(0, len(self.ops), every):
            chunk = self.ops[first:first + every]
            yield chunk, first + len(chunk)
