"""Benchmark: the peak memory (RSS) of a background worker making each report's PDF.

Builds bench/reports.py's partnership (300 indicators x 40 quarters, 500 tasks) in a fresh SQLite database
(or in the empty database named by DATABASE_URL), adds what the gap and benchmarking reports read (8 priority
wards with figures for every quarter, one comparator group of 56 authorities over 4 years), asks for every
report's PDF as a download, then runs each job in a worker process of its own (django-tasks-db's db_worker, as
`placeboard worker` runs it) and reports the process's peak resident memory (its VmHWM, read until it exits),
its time and the file's size. Run:

    .venv/bin/python bench/worker_memory.py [--indicators 300] [--quarters 40] [--tasks 500] [--formats pdf,xlsx]
        [--kinds gap,benchmarking]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

from _setup import setup  # bench/_setup.py: the script's own directory is on sys.path

from reports import build


def peak_rss(process):
    """The process's peak resident memory in MB. Not wait4()'s ru_maxrss, which for a child started from this
    large process counts this one's memory at the fork: the kernel's high-water mark of the child's own."""
    peak = 0
    while process.poll() is None:
        try:
            with open(f"/proc/{process.pid}/status") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]) / 1024)
        except (FileNotFoundError, ProcessLookupError):
            break
        time.sleep(0.05)
    process.wait()
    return peak


def add_gap_and_benchmarks(partnership):
    from datetime import date
    from decimal import Decimal

    from placeboard.benchmarking.models import BenchmarkValue, ComparatorGroup
    from placeboard.core.models import Area, AreaSet
    from placeboard.performance.models import Indicator, Observation

    wards = list(Area.objects.filter(partnership=partnership, area_type="ward").order_by("pk"))
    priority = AreaSet.objects.create(partnership=partnership, name="Priority neighbourhoods")
    priority.areas.add(*wards[:4])
    headline = Observation.objects.filter(indicator__partnership=partnership, area=None).values_list(
        "indicator_id", "period", "period_start", "period_end", "value")
    have = set(Observation.objects.filter(indicator__partnership=partnership).exclude(area=None).values_list(
        "indicator_id", "period", "area_id"))
    rows = [Observation(indicator_id=ind, period=period, period_start=start, period_end=end, area=ward,
                        value=value + a, status="final")
            for ind, period, start, end, value in headline for a, ward in enumerate(wards[:8])
            if (ind, period, ward.pk) not in have]
    Observation.objects.bulk_create(rows, batch_size=2000)
    group = ComparatorGroup.objects.create(partnership=partnership, name="Unitary councils")
    values = [BenchmarkValue(group=group, indicator_id=ind, period=f"{year}/{str(year + 1)[2:]}",
                             period_start=date(year, 4, 1), authority="Benchshire" if a == 0 else f"Council {a}",
                             value=Decimal((a * 7 + ind + year) % 100)) for ind in
              Indicator.objects.filter(partnership=partnership).values_list("pk", flat=True)
              for year in range(2025, 2029) for a in range(56)]
    BenchmarkValue.objects.bulk_create(values, batch_size=5000)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--indicators", type=int, default=300)
    parser.add_argument("--quarters", type=int, default=40)
    parser.add_argument("--tasks", type=int, default=500)
    parser.add_argument("--formats", default="pdf")
    parser.add_argument("--kinds", help="only these reports (comma-separated), e.g. benchmarking,gap")
    parser.add_argument("--memory-limit", type=int, help="run `placeboard worker --batch --memory-limit MB` instead "
                        "(the peak is then of the supervising process; the status shows what the limit did)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        setup(data_dir)
        from django.contrib.auth import get_user_model

        from placeboard.reports.builders import BUILDERS
        from placeboard.reports.models import Download
        from placeboard.reports.tasks import make_download

        partnership, round_ = build(args.indicators, args.quarters, args.tasks)
        add_gap_and_benchmarks(partnership)
        user = get_user_model().objects.create_user("bench")
        print(f"{args.indicators} indicators x {args.quarters} quarters, {args.tasks} tasks; one worker process "
              "per job")
        print(f"{'report':<12} {'format':<6} {'seconds':>8} {'peak RSS MB':>12} {'file KB':>8}  status")
        env = {**os.environ, "PLACEBOARD_DATA_DIR": data_dir}
        command = [sys.executable, "-m", "placeboard.cli", "manage", "db_worker", "--batch", "--no-reload",
                   "--no-startup-delay", "--verbosity", "0"]
        print(f"{'(no job)':<12} {'':<6} {'':>8} {peak_rss(subprocess.Popen(command, env=env)):>12.0f}")
        if args.memory_limit is not None:
            command = [sys.executable, "-m", "placeboard.cli", "worker", "--batch", "--verbosity", "0",
                       "--memory-limit", str(args.memory_limit)]
        for kind in (args.kinds.split(",") if args.kinds else BUILDERS):
            for fmt in args.formats.split(","):
                download = Download.objects.create(
                    partnership=partnership, requested_by=user, kind=kind, format=fmt, title=kind,
                    params={"round": round_.pk} if kind == "thematic" else {})
                make_download.enqueue(download.pk)
                start = time.perf_counter()
                peak = peak_rss(subprocess.Popen(command, env=env))
                seconds = time.perf_counter() - start
                download.refresh_from_db()
                print(f"{kind:<12} {fmt:<6} {seconds:>8.1f} {peak:>12.0f} "
                      f"{(download.size or 0) / 1024:>8.0f}  {download.status} {download.error}", flush=True)


if __name__ == "__main__":
    main()
