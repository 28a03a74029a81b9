"""What checking an uploaded file found, kept on its ImportBatch (as JSON) so the preview page is computed once.

A Preview answers the questions the preview page asks of a plan (ok, rows, created, updated, unchanged,
problems, summary()), and lists the first SHOWN new or changed figures; the full plan, with what apply()
would write, is not kept: confirming checks the file again."""

from collections import Counter
from dataclasses import asdict, dataclass, field

from placeboard.imports.importers.plan import Change, summarise
from placeboard.imports.readers import Problem
from placeboard.performance import approval

SHOWN = 500  # new or changed figures listed on the page
KEPT_PROBLEMS = 1000  # problems kept and listed: a file of a million bad rows must not become a million-row page


@dataclass
class Preview:
    kind: str
    file: str
    rows: int = 0
    counts: dict = field(default_factory=dict)  # action ("create", "update", …) → how many rows
    problems: list = field(default_factory=list)  # [Problem], the first KEPT_PROBLEMS
    shown: list = field(default_factory=list)  # [Change], the first SHOWN that create or update
    problem_count: int | None = None  # how many problems the file has (None in previews stored before the cap)
    lands: str = ""  # the state new and changed actuals land in (Plan.lands; "" in previews stored before sign-off)

    def __post_init__(self):
        if self.problem_count is None:
            self.problem_count = len(self.problems)

    @classmethod
    def from_plan(cls, plan):
        shown = []
        for change in plan.changes:
            if change.action in ("create", "update"):
                shown.append(change)
                if len(shown) == SHOWN:
                    break
        return cls(kind=plan.kind, file=plan.file, rows=plan.rows, counts=dict(Counter(c.action for c in plan.changes)),
                   problems=list(plan.problems[:KEPT_PROBLEMS]), shown=shown, problem_count=len(plan.problems),
                   lands=plan.lands)

    @classmethod
    def from_json(cls, data):
        return cls(kind=data["kind"], file=data["file"], rows=data["rows"], counts=data["counts"],
                   problems=[Problem(**p) for p in data["problems"]], shown=[Change(**c) for c in data["shown"]],
                   problem_count=data.get("problem_count"), lands=data.get("lands", ""))

    def as_json(self):
        return {"kind": self.kind, "file": self.file, "rows": self.rows, "counts": self.counts,
                "problems": [asdict(p) for p in self.problems], "shown": [asdict(c) for c in self.shown],
                "problem_count": self.problem_count, "lands": self.lands}

    @property
    def ok(self):
        return not self.problem_count

    @property
    def more_problems(self):
        """How many problems are not listed."""
        return self.problem_count - len(self.problems)

    @property
    def created(self):
        return self.counts.get("create", 0)

    @property
    def updated(self):
        return self.counts.get("update", 0)

    @property
    def unchanged(self):
        return self.counts.get("unchanged", 0)

    @property
    def more(self):
        """How many new or changed figures are not listed."""
        return self.created + self.updated - len(self.shown)

    @property
    def figures(self):
        """How many figures the import creates or changes."""
        return self.created + self.updated

    @property
    def submitted(self):
        """Whether its new and changed figures are submitted for approval (figures need sign-off)."""
        return self.lands == approval.SUBMITTED

    @property
    def approved(self):
        """Whether they are approved as they are imported (an officer asked for it, figures needing sign-off)."""
        return self.lands == approval.APPROVED

    def summary(self):
        return summarise(self.rows, self.created, self.updated, self.unchanged, self.counts.get("skipped", 0),
                         self.lands)
