"""Benchmark: rows per second importing actuals from CSV, as a ratio to a bare COPY of the same rows.

Builds a partnership with 100 quarterly indicators and 50 areas (the whole place and 49 wards), writes a CSV
of 200,000 actuals (100 indicators × 40 quarters × 50 areas), then times:

- the import (`placeboard.imports.importers.import_file`: read, check every row, write the actuals with a
  history line each and one audit event for them all, and reassess the stored assessments, in one
  transaction; with COPY on PostgreSQL);
- re-importing the same file (every row unchanged, nothing written);
- a bare bulk insert of the same rows: csv.reader, one Observation per row, bulk_create in batches of 2,000;
- on PostgreSQL, a bare COPY of the same rows into the same table (the physical floor): csv.reader, the
  indicator and area ids and the periods looked up in dicts, psycopg 3's cursor.copy(), one transaction; timed
  from reading the file, twice (before and after the imports), the ratio taken against their mean.

The import is made as a named person (as `placeboard import --user` does); the bare loaders record the same
person as who entered each row. Each step starts from an empty table (the rows deleted and the tables vacuumed
on PostgreSQL).

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


def bench_user():
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(username="bench-imports")
    return user


def teardown(p):
    from placeboard.core.models import Area

    clear(p)
    Area.objects.filter(partnership=p, parent__isnull=False).delete()
    Area.objects.filter(partnership=p).delete()
    p.delete()


def clear(p):
    """Delete the partnership's figures, their history and audit events (and any stored assessments) in plain
    SQL: deleting 200,000 actuals through the ORM would load each and send its signals."""
    from django.apps import apps
    from django.db import connection

    from placeboard.core.models import AuditEvent
    from placeboard.performance.models import Indicator, Observation, ValueChange

    by_indicator = [Observation, ValueChange]
    if "assessedperiod" in apps.all_models["performance"]:
        by_indicator.append(apps.get_model("performance", "AssessedPeriod"))
    with connection.cursor() as cursor:
        for model in by_indicator:
            cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE indicator_id IN "
                           f"(SELECT id FROM {Indicator._meta.db_table} WHERE partnership_id = %s)", [p.pk])
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE partnership_id = %s", [p.pk])
        if connection.vendor == "postgresql":  # so each step starts from tables without dead rows
            for model in (*by_indicator, AuditEvent):
                cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")


def bare_copy(p, data, user):
    """The physical floor: the same rows COPYed into the observations table, ids and periods from dicts."""
    from django.db import connection, transaction
    from django.utils import timezone

    from placeboard.core.models import Area
    from placeboard.performance.models import Indicator, Observation
    from placeboard.performance.periods import parse_period

    indicators = dict(Indicator.objects.filter(partnership=p).values_list("code", "id"))
    areas = dict(Area.objects.filter(partnership=p).values_list("name", "id"))
    periods, now = {}, timezone.now()
    reader = csv.reader(io.StringIO(data.decode()))
    next(reader)
    columns = ("indicator_id", "area_id", "period", "period_start", "period_end", "value", "status", "note",
               "expected", "source", "entered_by_id", "entered_at", "updated_by_id", "updated_at")
    sql = f"COPY {Observation._meta.db_table} ({', '.join(columns)}) FROM STDIN"
    with transaction.atomic(), connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for code, label, area, value, status in reader:
            period = periods.get(label) or periods.setdefault(label, parse_period(label))
            copy.write_row((indicators[code], areas.get(area), period.label, period.start, period.end, value,
                            status, "", "", "", user.pk, now, user.pk, now))


def bare_insert(p, data, user):
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
                                     period_end=period.end, entered_by=user, updated_by=user))
            if len(batch) == 2000:
                Observation.objects.bulk_create(batch)
                batch = []
        Observation.objects.bulk_create(batch)


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        setup(tmp)
        from django.db import connection

        from placeboard.imports.importers import import_file

        p, data, rows = build(args.rows)
        user = bench_user()
        postgres = connection.vendor == "postgresql"
        print(f"Database: {connection.vendor}; {rows:,} rows, {len(data) / 1024 / 1024:.1f} MB of CSV")
        results = []
        if postgres:
            results.append(("bare COPY (before)", timed(bare_copy, p, data, user)[0]))
            clear(p)

        imported, plan = timed(import_file, "actuals", p, "bench.csv", data, user)
        assert plan.ok and plan.created == rows, plan.problems[:3]
        results.append(("import (all new)", imported))
        reimported, again = timed(import_file, "actuals", p, "bench.csv", data, user)
        assert again.unchanged == rows
        results.append(("re-import (all unchanged)", reimported))

        clear(p)
        results.append(("bare bulk insert", timed(bare_insert, p, data, user)[0]))
        if postgres:
            clear(p)
            results.append(("bare COPY (after)", timed(bare_copy, p, data, user)[0]))
        teardown(p)

    copies = [seconds for name, seconds in results if name.startswith("bare COPY")]
    floor = sum(copies) / len(copies) if copies else dict(results)["bare bulk insert"]
    print(f"Ratios against {'the mean bare COPY' if copies else 'the bare bulk insert'} ({floor:.2f} s)")
    print(f"{'':<28}{'seconds':>10}{'rows/s':>12}{'ratio':>8}")
    for name, seconds in results:
        print(f"{name:<28}{seconds:>10.2f}{rows / seconds:>12,.0f}{seconds / floor:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
