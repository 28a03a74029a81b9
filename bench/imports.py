"""Benchmark: rows per second importing actuals from CSV, as a ratio to a bare bulk insert of the same rows.

Builds a partnership with 100 quarterly indicators and 50 areas (the whole place and 49 wards), writes a CSV
of 200,000 actuals (100 indicators × 40 quarters × 50 areas), then times:

- the import (`placeboard.imports.importers.import_file`: read, check every row, write the actuals with a
  history line and an audit event each, in one transaction; with COPY on PostgreSQL);
- re-importing the same file (every row unchanged, nothing written);
- a bare bulk insert of the same rows: csv.reader, one Observation per row, bulk_create in batches of 2,000.

Run in a fresh SQLite database (the default, in a temporary directory) or an empty PostgreSQL database:

    .venv/bin/python bench/imports.py [--rows 200000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pb_imports .venv/bin/python bench/imports.py

The results are recorded in docs/performance.md ("Imports").
"""

import argparse
import csv
import io
import sys
import tempfile
import time

from _setup import setup  # bench/_setup.py: the script's own directory is on sys.path


def build(n_rows):
    from placeboard.core.models import Area, Partnership
    from placeboard.performance.models import Indicator

    old = Partnership.objects.filter(slug="bench-imports").first()
    if old is not None:
        teardown(old)
    p = Partnership.objects.create(slug="bench-imports", name="Bench Imports", place="Benchshire")
    root = Area.objects.create(partnership=p, name="Benchshire", gss_code="E06000999", area_type="unitary_authority")
    wards = Area.objects.bulk_create(Area(partnership=p, name=f"Ward {i}", area_type="ward", parent=root)
                                     for i in range(49))
    areas = [""] + [w.name for w in wards]
    quarters = [f"{2000 + q // 4}/{str(2001 + q // 4)[2:]} Q{q % 4 + 1}" for q in range(40)]
    n_indicators = max(1, n_rows // (len(quarters) * len(areas)))
    Indicator.objects.bulk_create(
        Indicator(partnership=p, code=f"B {i}", title=f"Indicator {i}", value_type="count", polarity="higher",
                  collection_interval="financial_quarter") for i in range(n_indicators))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["indicator", "period", "area", "value", "status"])
    rows = 0
    for i in range(n_indicators):
        for q, quarter in enumerate(quarters):
            for a, area in enumerate(areas):
                writer.writerow([f"B {i}", quarter, area, f"{(i * 7 + q * 3 + a) % 1000}.5", "final"])
                rows += 1
    return p, out.getvalue().encode(), rows


def teardown(p):
    from placeboard.core.models import Area

    clear(p)
    Area.objects.filter(partnership=p, parent__isnull=False).delete()
    Area.objects.filter(partnership=p).delete()
    p.delete()


def clear(p):
    from placeboard.core.models import AuditEvent
    from placeboard.performance.models import Observation, ValueChange

    Observation.objects.filter(indicator__partnership=p).delete()
    ValueChange.objects.filter(indicator__partnership=p).delete()
    AuditEvent.objects.filter(partnership=p).delete()


def bare_insert(p, data):
    """The plainest way to load the same rows: parse, look up ids in dicts, bulk_create."""
    from django.db import transaction

    from placeboard.core.models import Area
    from placeboard.performance.models import Indicator, Observation
    from placeboard.performance.periods import parse_period

    indicators = dict(Indicator.objects.filter(partnership=p).values_list("code", "id"))
    areas = dict(Area.objects.filter(partnership=p).values_list("name", "id"))
    periods = {}
    reader = csv.reader(io.StringIO(data.decode()))
    next(reader)
    batch = []
    with transaction.atomic():
        for code, label, area, value, status in reader:
            period = periods.get(label) or periods.setdefault(label, parse_period(label))
            batch.append(Observation(indicator_id=indicators[code], area_id=areas.get(area), value=value,
                                     status=status, period=period.label, period_start=period.start,
                                     period_end=period.end))
            if len(batch) == 2000:
                Observation.objects.bulk_create(batch)
                batch = []
        Observation.objects.bulk_create(batch)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        setup(tmp)
        from django.db import connection

        from placeboard.imports.importers import import_file

        p, data, rows = build(args.rows)
        print(f"Database: {connection.vendor}; {rows:,} rows, {len(data) / 1024 / 1024:.1f} MB of CSV")

        start = time.perf_counter()
        plan = import_file("actuals", p, "bench.csv", data, None)
        imported = time.perf_counter() - start
        assert plan.ok and plan.created == rows, plan.problems[:3]

        start = time.perf_counter()
        again = import_file("actuals", p, "bench.csv", data, None)
        reimported = time.perf_counter() - start
        assert again.unchanged == rows

        clear(p)
        start = time.perf_counter()
        bare_insert(p, data)
        bare = time.perf_counter() - start
        teardown(p)

    print(f"{'':<32}{'seconds':>10}{'rows/s':>12}{'ratio':>8}")
    for name, seconds in (("bare bulk insert", bare), ("import (all new)", imported),
                          ("re-import (all unchanged)", reimported)):
        print(f"{name:<32}{seconds:>10.1f}{rows / seconds:>12,.0f}{seconds / bare:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
