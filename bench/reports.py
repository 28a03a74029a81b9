"""Benchmark: how long each report takes, as a ratio to fetching the same rows with one SQL query.

Builds a large partnership (300 indicators, 40 quarters of actuals and targets,
30 areas with a year of area figures, 500 tasks in a round) in a fresh SQLite
database (or in the empty database named by DATABASE_URL), then times every
report in every format. Ratios, not seconds, are what to compare between
machines. Run:

    .venv/bin/python bench/reports.py [--indicators 300] [--quarters 40] [--tasks 500]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pb_bench .venv/bin/python bench/reports.py

The results are recorded in docs/performance.md.
"""

import argparse
import sys
import tempfile
import time

from _setup import setup  # bench/_setup.py: the script's own directory is on sys.path


def build(n_indicators, n_quarters, n_tasks):
    from datetime import date

    from placeboard.core.models import Area, Group, Organisation, Outcome, Partnership, Theme
    from placeboard.performance.models import (
        Action,
        Indicator,
        Observation,
        ReportingRound,
        Target,
        Task,
        TaskUpdate,
    )
    from placeboard.performance.periods import parse_period
    from placeboard.performance.stored import refresh_assessments

    p = Partnership.objects.create(slug="bench", name="Bench Partnership", place="Benchshire")
    org = Organisation.objects.create(partnership=p, name="Council", sector="public")
    group = Group.objects.create(partnership=p, name="Theme group", kind="theme_group")
    root = Area.objects.create(partnership=p, name="Benchshire", area_type="county")
    Area.objects.bulk_create(Area(partnership=p, name=f"Ward {i}", area_type="ward", parent=root) for i in range(30))
    themes = [Theme.objects.create(partnership=p, code=str(i), name=f"Theme {i}", group=group) for i in range(4)]
    outcomes = [Outcome.objects.create(partnership=p, theme=themes[i % 4], code=f"O{i}", title=f"Outcome {i}",
                                       lead_organisation=org) for i in range(20)]
    indicators = Indicator.objects.bulk_create(
        Indicator(partnership=p, code=f"B {i}", title=f"Indicator {i}", value_type="count",
                  polarity="higher" if i % 2 else "lower", collection_interval="financial_quarter",
                  cumulative=bool(i % 3), lead_organisation=org) for i in range(n_indicators))
    first_year = 2030 - n_quarters // 4
    quarters = [parse_period(f"{y}/{str(y + 1)[2:]} Q{q}") for y in range(first_year, 2030) for q in (1, 2, 3, 4)]
    years = sorted({q.financial_year() for q in quarters})
    targets, actuals = [], []
    for i, ind in enumerate(indicators):
        ind.outcomes.add(outcomes[i % 20])
        for year in years:
            t = Target(indicator=ind, kind="target", value=100 + i % 7)
            t.set_period(year)
            targets.append(t)
        for k, quarter in enumerate(quarters):
            o = Observation(indicator=ind, value=(k * 13 + i) % 120, status="final", note="Commentary")
            o.set_period(quarter)
            actuals.append(o)
    # Area breakdowns for the last year: reports show headline figures, so these must not slow them.
    areas = list(Area.objects.filter(partnership=p, parent=root))
    for i, ind in enumerate(indicators):
        for quarter in quarters[-4:]:
            for a, area in enumerate(areas):
                o = Observation(indicator=ind, area=area, value=(a * 7 + i) % 120, status="final")
                o.set_period(quarter)
                actuals.append(o)
    Target.objects.bulk_create(targets, batch_size=2000)
    Observation.objects.bulk_create(actuals, batch_size=2000)
    # bulk_create bypasses save(), so the stored assessments are made here, as an import does.
    refresh_assessments([ind.pk for ind in indicators])
    round_ = ReportingRound(partnership=p, name="Bench round", reporting_date=date(2030, 3, 31))
    round_.set_period(quarters[-1])
    round_.save()
    round_.groups.add(group)
    actions = [Action.objects.create(partnership=p, outcome=outcomes[i % 20], title=f"Action {i}")
               for i in range(50)]
    tasks = Task.objects.bulk_create(Task(action=actions[i % 50], ref=str(i), title=f"Task {i}", target="Target")
                                     for i in range(n_tasks))
    TaskUpdate.objects.bulk_create(
        TaskUpdate(round=round_, task=t, position="Position", status=("green", "amber", "red")[i % 3],
                   planned_improvement="" if i % 3 == 0 else "Improvement") for i, t in enumerate(tasks))
    return p, round_


def timed(fn, repeat=3):
    best = None
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--indicators", type=int, default=300)
    parser.add_argument("--quarters", type=int, default=40)
    parser.add_argument("--tasks", type=int, default=500)
    parser.add_argument("--formats", default="html,csv,xlsx,pdf")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        setup(data_dir)
        from django.db import connection

        from placeboard.reports.builders import BUILDERS
        from placeboard.reports.builders import build as build_report
        from placeboard.reports.render import render

        partnership, round_ = build(args.indicators, args.quarters, args.tasks)
        if connection.vendor == "postgresql":
            # Fresh statistics, as autovacuum would have gathered in a database in use.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        def plain_sql():
            with connection.cursor() as cursor:
                # The rows the reports read: indicators with their headline actuals, their targets, the round's updates.
                cursor.execute(
                    "SELECT i.code, i.title, o.period, o.value, o.note FROM performance_indicator i "
                    "JOIN performance_observation o ON o.indicator_id = i.id WHERE i.partnership_id = %s "
                    "AND o.area_id IS NULL AND o.population_group_id IS NULL",
                    [partnership.pk])
                cursor.fetchall()
                cursor.execute(
                    "SELECT t.indicator_id, t.period, t.value FROM performance_target t "
                    "JOIN performance_indicator i ON t.indicator_id = i.id WHERE i.partnership_id = %s",
                    [partnership.pk])
                cursor.fetchall()
                cursor.execute("SELECT * FROM performance_taskupdate WHERE round_id = %s", [round_.pk])
                cursor.fetchall()

        base = timed(plain_sql)
        print(f"database: {connection.vendor}; {args.indicators} indicators x {args.quarters} quarters, "
              f"{args.tasks} tasks; one plain SQL fetch of the same rows: {base * 1000:.1f} ms")
        print(f"{'report':<12} {'format':<6} {'seconds':>8} {'ratio':>8}")
        for kind in BUILDERS:
            for fmt in args.formats.split(","):
                seconds = timed(lambda: render(build_report(kind, partnership, round_), fmt), repeat=1 if fmt == "pdf" else 3)
                print(f"{kind:<12} {fmt:<6} {seconds:>8.2f} {seconds / base:>8.0f}")
                sys.stdout.flush()


if __name__ == "__main__":
    main()
