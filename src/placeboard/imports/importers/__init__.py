"""Checking a table of rows against the partnership's data, then writing it all or nothing.

`check()` reads and validates the whole file and works out, row by row, what
would be created, changed or left alone, without writing anything; `apply()`
writes that plan in one transaction, in batches, with a ValueChange (history)
for every figure that changes and audit events (for actuals, one for all the
new ones of an import and one per changed one: docs/imports.md, "What is
recorded where"), then reassesses the stored assessments of the indicators it
touched. The number of queries does not grow with the number of rows.

The package: `plan` (the columns of each kind, Change, Plan), `cells` (parsing
cells), one module per kind of import (`actuals`, `data_return`, `targets`,
`catalogue`, `comparators`: each checks rows into steps and applies them) and
`writer` (COPY on PostgreSQL, audit events in bulk). The names callers use are
all here."""

from django.db import transaction

# What callers use (check, apply, import_file and their _steps; the kinds and their columns; Change and Plan),
# and the names check_steps and apply_steps look up here when called, so tests can replace them (PROGRESS_EVERY,
# read_table, the kinds' _check_… and _apply_… functions). Everything else is imported from its own module.
from placeboard.imports.importers.actuals import apply_actuals as _apply_actuals
from placeboard.imports.importers.actuals import check_actuals as _check_actuals
from placeboard.imports.importers.catalogue import apply_indicators as _apply_indicators
from placeboard.imports.importers.catalogue import check_indicators as _check_indicators
from placeboard.imports.importers.cells import RowReader
from placeboard.imports.importers.comparators import apply_benchmarks as _apply_benchmarks
from placeboard.imports.importers.comparators import check_benchmarks as _check_benchmarks
from placeboard.imports.importers.data_return import check_return as _check_return
from placeboard.imports.importers.plan import (
    APPROVABLE,
    COLUMNS,
    EXPORT_KINDS,
    KIND_NAMES,
    KINDS,
    PROGRESS_EVERY,
    Change,
    Plan,
)
from placeboard.imports.importers.targets import apply_targets as _apply_targets
from placeboard.imports.importers.targets import check_targets as _check_targets
from placeboard.imports.readers import Problem, ReadError, read_table

__all__ = [
    "APPROVABLE", "COLUMNS", "EXPORT_KINDS", "KIND_NAMES", "KINDS", "PROGRESS_EVERY", "Change", "Plan", "apply", "apply_steps",
    "check", "check_steps", "import_file", "import_steps",
]


def _drive(steps, progress):
    """Run a step generator to the end, passing each (what, done, total) to progress; return its result."""
    while True:
        try:
            event = next(steps)
        except StopIteration as stop:
            return stop.value
        if progress:
            progress(*event)


def check(kind, partnership, filename, data, *, access=None, progress=None, approve=False):
    """The plan for importing a file: its problems, or what each row would do. `approve`: an officer's import
    of actuals approves them as they are imported, where figures need sign-off (docs/imports.md)."""
    return _drive(check_steps(kind, partnership, filename, data, access=access, approve=approve), progress)


def check_steps(kind, partnership, filename, data, *, access=None, approve=False):
    """check() as a generator: yields ("Checked", done, total) as it goes and returns the plan."""
    if kind not in COLUMNS:
        raise ValueError(f"Unknown kind of import '{kind}'; choose one of {', '.join(KINDS)}.")
    # PROGRESS_EVERY and the kinds' functions are looked up here, when called, so tests can replace them.
    plan = Plan(kind=kind, file=filename, progress_every=PROGRESS_EVERY, approve=approve)
    try:
        table = read_table(filename, data)
    except ReadError as exc:
        plan.problems = exc.problems
        return plan
    plan.rows = len(table.rows)
    yield "Read", plan.rows, plan.rows
    reader = RowReader(table, kind, plan)
    if plan.problems:
        return plan
    if not table.rows:
        plan.problems.append(Problem(filename, "The file has a header row but no data rows.", table.sheet))
        return plan
    reader.check_stray_cells()
    yield from {"actuals": _check_actuals, "targets": _check_targets, "indicators": _check_indicators,
                "benchmarks": _check_benchmarks, "return": _check_return}[kind](
        partnership, table, reader, plan, access)
    if plan.problems:
        plan.changes, plan.ops = [], []
    return plan


def apply(plan, user, partnership, *, progress=None):
    """Write a checked plan in one transaction. Refuses a plan with problems."""
    return _drive(apply_steps(plan, user, partnership), progress)


def apply_steps(plan, user, partnership):
    """apply() as a generator: yields ("Saved", done, total) as it goes and returns the plan."""
    if not plan.ok:
        raise ValueError("This import has problems; nothing was saved.")
    with transaction.atomic():
        yield from {"actuals": _apply_actuals, "targets": _apply_targets, "indicators": _apply_indicators,
                    "benchmarks": _apply_benchmarks, "return": _apply_actuals}[plan.kind](plan, user, partnership)
    return plan


def import_file(kind, partnership, filename, data, user, *, access=None, dry_run=False, progress=None,
                approve=False):
    """Check and (unless dry_run or there are problems) apply. Returns the plan."""
    return _drive(import_steps(kind, partnership, filename, data, user, access=access, dry_run=dry_run,
                               approve=approve), progress)


def import_steps(kind, partnership, filename, data, user, *, access=None, dry_run=False, approve=False):
    """import_file() as a generator of progress events, returning the plan; all in one transaction, so
    closing it part-way (an exception at a yield) saves nothing."""
    with transaction.atomic():
        plan = yield from check_steps(kind, partnership, filename, data, access=access, approve=approve)
        if plan.ok and not dry_run and plan.ops:
            yield from apply_steps(plan, user, partnership)
    return plan
