"""Load benchmark: p50/p95 and errors for a partnership's pages at 1 and 20 concurrent clients.

Against a Placeboard server on 127.0.0.1 only, serving a database built by bench/scale.py. It signs in as the
partnership's performance officer (the sign-in form, with its CSRF token), then for every page of issue 16's
table (partnership home, indicator list, What I have to report, the performance spreadsheet, the agreement
and thematic reports in HTML, CSV, XLSX and PDF, indicator pages), the public pages and their open-data
downloads (every `public_…` address found in the URL configuration), the API (a page of the actuals feed,
an indicator's actuals, the spreadsheet report as JSON; the feed's ratio is to a plain SELECT of its 500 rows)
(the full export of actuals, made in the
background, is measured with the other background downloads), sends
requests from each number of clients at once (threads, one keep-alive connection each) and prints a Markdown
table. Each page gets at most --requests requests and --seconds seconds per number of clients (requests under
way then finish). Then, for each report, the ratio of its time at 1 client (p50) to one plain SQL SELECT of
the rows it reads (the partnership's indicators' headline actuals, each with its year's target), timed with
psycopg directly.

    # a server with production settings (DEBUG off, 4 workers) started and stopped by the script:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pb_scale .venv/bin/python bench/load.py --start-server
    # or against a server already running on 127.0.0.1:8000 with that DATABASE_URL:
    DATABASE_URL=… .venv/bin/python bench/load.py --url http://127.0.0.1:8000 [--partnership scale-01]

Options: --clients 1,20  --requests 20  --seconds 30  --timeout 300  --only spreadsheet,public  --skip pdf.
See docs/performance.md, "Scale benchmark".
"""

import argparse
import html as html_lib
import http.client
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from _scale_target import LOCAL_HOSTS, PASSWORD, database_url, usernames

ROOT = Path(__file__).resolve().parents[1]
REPORT_FORMATS = ("html", "csv", "xlsx", "pdf")


class Client:
    """One keep-alive connection with a session cookie; reconnects after an error."""

    def __init__(self, host, port, cookies, timeout):
        self.host, self.port, self.cookies, self.timeout = host, port, dict(cookies), timeout
        self.conn = None
        self.last_location = ""

    def request(self, method, path, body=None, headers=None):
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except Exception:
            self.conn.close()
            self.conn = None
            raise
        self.last_location = response.getheader("Location", "")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        return response.status, response.getheader("Content-Type", ""), data

    def close(self):
        if self.conn is not None:
            self.conn.close()


def sign_in(host, port, username, timeout):
    client = Client(host, port, {}, timeout)
    status, _, page = client.request("GET", "/sign-in/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or token is None:
        raise SystemExit(f"GET /sign-in/ answered {status} without a CSRF token: is this a Placeboard server?")
    body = urlencode({"csrfmiddlewaretoken": token.group(1).decode(), "username": username, "password": PASSWORD,
                      "next": "/"})
    status, _, _ = client.request("POST", "/sign-in/", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded"})
    if status != 302 or "sessionid" not in client.cookies:
        raise SystemExit(f"Signing in as {username} failed (status {status}): was the database built by "
                         "bench/scale.py, and is the server using it?")
    client.close()
    return client.cookies


def percentile(sorted_values, fraction):
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return None
    rank = max(1, -(-len(sorted_values) * fraction // 1))
    return sorted_values[int(rank) - 1]


class RSSWatcher:
    """The largest resident memory of any web worker (the server's children) or background worker process
    (the `placeboard worker` and its children) since the last reset, from Linux's /proc."""

    def __init__(self, server_pid, job_pids=()):
        self.server_pid, self.job_pids = server_pid, list(job_pids)
        self.peak, self.stop = 0, threading.Event()
        threading.Thread(target=self.run, daemon=True).start()

    @staticmethod
    def children(pid):
        try:
            return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            return []

    def workers(self):
        found = self.children(self.server_pid)
        todo = [str(p) for p in self.job_pids]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo += self.children(pid)
        return found

    def run(self):
        while not self.stop.wait(0.5):
            self.sample()

    def sample(self):
        for pid in self.workers():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            found = re.search(r"VmRSS:\s+(\d+) kB", status)
            if found:
                self.peak = max(self.peak, int(found.group(1)) // 1024)

    def reset(self):
        self.sample()
        peak, self.peak = self.peak, 0
        return peak


def measure(host, port, cookies, paths, clients, max_requests, seconds, timeout):
    """Send up to max_requests requests (cycling through paths) from `clients` threads for at most `seconds`."""
    lock = threading.Lock()
    issued = [0]
    results = []  # (seconds, ok, bytes)
    seen = Counter()  # (status, content type) of every answer, to tell a file from a page about a job
    deadline = time.perf_counter() + seconds
    total = max(max_requests, clients)

    def worker():
        client = Client(host, port, cookies, timeout)
        while True:
            with lock:
                if issued[0] >= total or time.perf_counter() > deadline:
                    break
                path = paths[issued[0] % len(paths)]
                issued[0] += 1
            start = time.perf_counter()
            try:
                status, content_type, data = client.request("GET", path)
                ok, size = status == 200, len(data)
                answer = (status, content_type.split(";")[0])
            except Exception as exc:
                ok, size, answer = False, 0, (type(exc).__name__, "")
            elapsed = time.perf_counter() - start
            with lock:
                results.append((elapsed, ok, size))
                seen[answer] += 1
        client.close()

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    times = sorted(r[0] for r in results if r[1])
    errors = sum(1 for r in results if not r[1])
    sizes = [r[2] for r in results if r[1]]
    return {"n": len(results), "errors": errors, "p50": percentile(times, 0.5), "p95": percentile(times, 0.95),
            "bytes": statistics.median(sizes) if sizes else 0, "seen": seen}


def pages(partnership_slug, only, skip):
    """(name, [paths], report kind and format or None) for every page measured, from the URL configuration."""
    from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

    from placeboard.core.models import Partnership
    from placeboard.performance.models import Indicator, ReportingRound

    partnership = Partnership.objects.filter(slug=partnership_slug).first()
    if partnership is None:
        raise SystemExit(f"No partnership {partnership_slug!r} in DATABASE_URL's database: build it with "
                         "bench/scale.py first.")
    s = partnership.slug
    open_round = ReportingRound.objects.filter(partnership=partnership, closed_at=None).order_by(
        "-reporting_date").first()
    indicator_ids = list(Indicator.objects.filter(partnership=partnership).order_by("code")
                         .values_list("pk", flat=True)[:300:15])  # 20 indicators across the list
    out = [
        ("partnership home", [reverse("partnership_home", args=[s])], None),
        ("indicator list", [reverse("indicator_list", args=[s])], None),
        ("What I have to report (a period)",
         [reverse("my_returns", args=[s]) + "?" + urlencode({"period": open_round.period})]
         if open_round else [reverse("my_returns", args=[s])], None),
        ("What I have to report (no period)", [reverse("my_returns", args=[s])], None),
        ("indicator page", [reverse("indicator_detail", args=[s, pk]) for pk in indicator_ids], None),
    ]
    for kind, query in (("spreadsheet", {}), ("agreement", {}),
                        ("thematic", {"round": open_round.pk} if open_round else {})):
        for fmt in REPORT_FORMATS:
            q = urlencode({**query, **({"format": fmt} if fmt != "html" else {})})
            out.append((f"{kind} report {fmt.upper()}", [reverse("report", args=[s, kind]) + (f"?{q}" if q else "")],
                        (kind, fmt)))
    # The API, with the same session: the feed of changed actuals (a first page, and a page of what changed in
    # the last day), one indicator's actuals, and a report as JSON.
    api = f"/api/v1/partnerships/{s}"
    out += [
        ("API: actuals feed, a page of 500", [f"{api}/actuals/?limit=500"], ("feed", "json")),
        ("API: actuals feed, changed since yesterday",
         [f"{api}/actuals/?" + urlencode({"limit": 500, "changed_since": _yesterday()})], None),
        ("API: an indicator's actuals", [f"{api}/indicators/{pk}/actuals/?limit=500" for pk in indicator_ids], None),
        ("API: spreadsheet report JSON", [f"{api}/reports/spreadsheet/"], ("spreadsheet", "json")),
    ]
    # The export of all actuals is no longer made in a web request (it has more rows than
    # REPORTS_DIRECT_MAX_ROWS): it is measured with the background downloads below.

    # Every public page and open-data download: the URL patterns named public_… that need only the
    # partnership (and a format), so pages added later are measured too.
    def walk(patterns):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns)
            elif isinstance(p, URLPattern) and p.name and p.name.startswith("public"):
                yield p

    for pattern in walk(get_resolver().url_patterns):
        params = set(pattern.pattern.converters)
        if not params <= {"slug", "fmt"}:
            continue
        for fmt in (["csv", "json"] if "fmt" in params else [None]):
            kwargs = {k: v for k, v in (("slug", s), ("fmt", fmt)) if k in params}
            try:
                path = reverse(pattern.name, kwargs=kwargs)
            except NoReverseMatch:
                continue
            name = f"public: {pattern.name}" + (f" ({fmt})" if fmt else "")
            if name not in {o[0] for o in out}:
                out.append((name, [path], None))
    if only:
        out = [o for o in out if any(word.lower() in o[0].lower() for word in only)]
    if skip:
        out = [o for o in out if not any(word.lower() in o[0].lower() for word in skip)]
    return partnership, out


def _yesterday():
    from datetime import UTC, datetime, timedelta

    return (datetime.now(UTC) - timedelta(days=1)).isoformat()


def background_jobs(partnership_slug):
    """(name, path of the page with the form, path the form posts to, fields) for the downloads a worker makes,
    when this Placeboard makes them in the background (the report_download address exists); else []."""
    from django.urls import NoReverseMatch, reverse

    from placeboard.performance.models import ReportingRound

    s = partnership_slug
    try:
        post = reverse("report_download", args=[s, "spreadsheet"])
    except NoReverseMatch:
        return []
    jobs = [("spreadsheet report PDF", reverse("report", args=[s, "spreadsheet"]) + "?format=pdf", post, {}),
            ("agreement report PDF", reverse("report", args=[s, "agreement"]) + "?format=pdf",
             reverse("report_download", args=[s, "agreement"]), {})]
    open_round = ReportingRound.objects.filter(partnership__slug=s, closed_at=None).order_by("-reporting_date").first()
    if open_round:
        jobs.append(("thematic report PDF", reverse("report", args=[s, "thematic"]) + f"?round={open_round.pk}&format=pdf",
                     reverse("report_download", args=[s, "thematic"]), {}))
    try:
        jobs.append(("export of all actuals (CSV)", None, reverse("export_download_request", args=[s]),
                     {"kind": "actuals", "format": "csv"}))
    except NoReverseMatch:
        pass
    return jobs


def run_job(host, port, cookies, job, timeout):
    """Ask for a download and wait for its file: (seconds to be answered, seconds until the file came, bytes)."""
    name, page, action, fields = job
    client = Client(host, port, cookies, timeout)
    fields = dict(fields)
    if page:
        status, _, html = client.request("GET", page)
        text = html.decode("utf-8", "replace")
        form = re.search(r'<form method="post" action="' + re.escape(action) + r'"[^>]*>(.*?)</form>', text, re.S)
        if status != 200 or form is None:
            raise RuntimeError(f"{page} answered {status} without the form to ask for the download")
        for key, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(1)):
            fields[key] = html_lib.unescape(value)
    fields["csrfmiddlewaretoken"] = client.cookies.get("csrftoken", "")
    start = time.perf_counter()
    status, _, _ = client.request("POST", action, body=urlencode(fields), headers={
        "Content-Type": "application/x-www-form-urlencoded"})
    asked = time.perf_counter() - start
    location = client.last_location
    if status != 302 or not location or "/downloads/" not in location:
        raise RuntimeError(f"asking for {name} answered {status} (to {location})")
    file_path = urlsplit(location).path.rstrip("/") + "/file"
    while time.perf_counter() - start < timeout:
        status, _, data = client.request("GET", file_path)
        if status == 200:
            client.close()
            return asked, time.perf_counter() - start, len(data)
        time.sleep(0.5)
    raise RuntimeError(f"{name} was not ready after {timeout:.0f} s")


def plain_fetch(url, partnership_id):
    """Seconds for one SELECT of the partnership's headline actuals with their year's target (best of 5)."""
    import psycopg

    from placeboard.performance.models import Indicator, Observation, Target

    def col(model, name):
        return f'"{model._meta.get_field(name).column}"'

    i, o, t = (f'"{m._meta.db_table}"' for m in (Indicator, Observation, Target))
    ind_id, obs_ind, tgt_ind = col(Indicator, "id"), col(Observation, "indicator"), col(Target, "indicator")
    # The indicators' keys as a list, as the application has them, on every table: so the plan reads this
    # partnership's rows by index whatever the installation's size (a join filtered on the partnership alone
    # let PostgreSQL scan every partnership's headline actuals).
    sql = (f"SELECT ind.{col(Indicator, 'code')}, ind.{col(Indicator, 'title')}, obs.{col(Observation, 'period')}, "
           f"obs.{col(Observation, 'value')}, obs.{col(Observation, 'status')}, obs.{col(Observation, 'note')}, "
           f"tgt.{col(Target, 'value')} FROM {o} obs JOIN {i} ind ON ind.{ind_id} = obs.{obs_ind} "
           f"LEFT JOIN {t} tgt ON tgt.{tgt_ind} = obs.{obs_ind} AND tgt.{tgt_ind} = ANY(%(ids)s) "
           f"AND tgt.{col(Target, 'kind')} = 'target' "
           f"AND tgt.{col(Target, 'period_start')} <= obs.{col(Observation, 'period_start')} "
           f"AND tgt.{col(Target, 'period_end')} >= obs.{col(Observation, 'period_end')} "
           f"WHERE obs.{obs_ind} = ANY(%(ids)s) AND ind.{ind_id} = ANY(%(ids)s) "
           f"AND obs.{col(Observation, 'area')} IS NULL AND obs.{col(Observation, 'population_group')} IS NULL")
    ids = list(Indicator.objects.filter(partnership_id=partnership_id).values_list("pk", flat=True))
    best, rows = None, 0
    with psycopg.connect(url) as conn:
        for attempt in range(6):
            start = time.perf_counter()
            rows = len(conn.execute(sql, {"ids": ids}).fetchall())
            elapsed = time.perf_counter() - start
            if attempt:  # the first warms the cache
                best = elapsed if best is None else min(best, elapsed)
    return best, rows


def feed_fetch(url, partnership_id):
    """Seconds for one SELECT of the first 500 of the partnership's actuals in the feed's order (best of 5): the
    floor under a page of GET /api/v1/partnerships/{slug}/actuals/."""
    import psycopg

    from placeboard.performance.models import Indicator, Observation

    o = Observation._meta
    columns = ", ".join(f'"{f.column}"' for f in o.concrete_fields)
    sql = (f'SELECT {columns} FROM "{o.db_table}" WHERE "{o.get_field("indicator").column}" = ANY(%(ids)s) '
           f'ORDER BY "{o.get_field("updated_at").column}", "id" LIMIT 501')
    ids = list(Indicator.objects.filter(partnership_id=partnership_id).values_list("pk", flat=True))
    best = None
    with psycopg.connect(url) as conn:
        for attempt in range(6):
            start = time.perf_counter()
            conn.execute(sql, {"ids": ids}).fetchall()
            elapsed = time.perf_counter() - start
            if attempt:
                best = elapsed if best is None else min(best, elapsed)
    return best


def start_server(url, port, workers):
    """`placeboard serve` with production settings (DEBUG off) on 127.0.0.1:port; (process, log path)."""
    data_dir = tempfile.mkdtemp(prefix="pb-load-")
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50),
           "ALLOWED_HOSTS": "127.0.0.1,localhost", "SECURE_SSL_REDIRECT": "0", "SECURE_COOKIES": "0",
           "SECURE_HSTS_SECONDS": "0", "PLACEBOARD_DATA_DIR": data_dir, "LOG_LEVEL": "WARNING"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log = Path(data_dir) / "server.log"
    exe = str(ROOT / ".venv" / "bin" / "placeboard")
    server = subprocess.Popen([exe, "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
                              env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True)
    procs = [server]
    help_text = subprocess.run([exe, "--help"], env=env, capture_output=True, text=True).stdout
    if re.search(r"[{,]worker[,}]", help_text):  # a task queue's worker, for reports made in the background
        procs.append(subprocess.Popen([exe, "worker"], env=env, stdout=(Path(data_dir) / "worker.log").open("wb"),
                                      stderr=subprocess.STDOUT, start_new_session=True))
    for _ in range(120):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/sign-in/")
            if conn.getresponse().status == 200:
                conn.close()
                return procs, log
        except OSError:
            pass
        if server.poll() is not None:
            break
        time.sleep(0.5)
    stop_server(procs)
    raise SystemExit(f"The server did not start; see {log}:\n{log.read_text()[-2000:]}")


def stop_server(procs):
    for proc in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)  # its own session: the master and its workers, nothing else
    for proc in procs:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def fmt_s(value):
    return "–" if value is None else f"{value:.2f}" if value < 10 else f"{value:.1f}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="the server (127.0.0.1 or localhost only)")
    parser.add_argument("--partnership", default="scale-01")
    parser.add_argument("--clients", default="1,20", help="numbers of concurrent clients, comma-separated")
    parser.add_argument("--requests", type=int, default=20, help="at most this many requests per page and level")
    parser.add_argument("--seconds", type=float, default=30, help="stop sending a page's requests after this")
    parser.add_argument("--timeout", type=float, default=300, help="a request taking longer is an error")
    parser.add_argument("--only", default="", help="measure only pages whose name contains one of these words")
    parser.add_argument("--skip", default="", help="leave out pages whose name contains one of these (e.g. pdf); job: the background downloads")
    parser.add_argument("--jobs", type=int, default=2,
                        help="downloads made by the background worker to ask for, one after another, of each kind")
    parser.add_argument("--start-server", action="store_true",
                        help="start `placeboard serve` (DEBUG off) on --url's port for the run, then stop it")
    parser.add_argument("--workers", type=int, default=4, help="web workers for --start-server (default 4)")
    parser.add_argument("--server-pid", type=int, help="the running server's master process, to watch its memory")
    args = parser.parse_args(argv)

    target = urlsplit(args.url)
    if target.scheme != "http" or (target.hostname or "") not in LOCAL_HOSTS:
        raise SystemExit(f"Refusing {args.url}: the load benchmark only runs against http://127.0.0.1 or localhost.")
    host, port = target.hostname, target.port or 80
    db_url = database_url()
    levels = [int(c) for c in args.clients.split(",") if c.strip()]

    with tempfile.TemporaryDirectory() as data_dir:
        os.environ["DATABASE_URL"] = db_url
        os.environ.setdefault("PLACEBOARD_DATA_DIR", data_dir)
        os.environ.setdefault("DEBUG", "1")  # this process only reads URLs and models; the server runs with DEBUG off
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "placeboard.settings")
        sys.path.insert(0, str(ROOT / "src"))
        import django

        django.setup()
        partnership, page_list = pages(args.partnership, [w for w in args.only.split(",") if w],
                                       [w for w in args.skip.split(",") if w])
        base, base_rows = plain_fetch(db_url, partnership.pk)
        feed_base = feed_fetch(db_url, partnership.pk)

        job_results = {}
        procs, log = (start_server(db_url, port, args.workers) if args.start_server else ([], None))
        try:
            watcher = (RSSWatcher(procs[0].pid if procs else args.server_pid, [p.pid for p in procs[1:]])
                       if (procs or args.server_pid) else None)
            cookies = sign_in(host, port, usernames(args.partnership)["officer"], args.timeout)
            started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
            print(f"Load benchmark, {started}: {args.url}, partnership {partnership.slug}, clients {args.clients}, "
                  f"≤{args.requests} requests and ≤{args.seconds:.0f} s per page and level", flush=True)
            results = {}
            for level in levels:
                for name, paths, _ in page_list:
                    if level == levels[0]:
                        measure(host, port, cookies, paths[:1], 1, 1, args.timeout, args.timeout)  # warm-up
                    if watcher:
                        watcher.reset()
                    r = measure(host, port, cookies, paths, level, args.requests, args.seconds, args.timeout)
                    r["rss"] = watcher.reset() if watcher else None
                    results[(name, level)] = r
                    print(f"  {level:>2} client(s)  {name:<42} p50 {fmt_s(r['p50']):>6} s  p95 {fmt_s(r['p95']):>6} s"
                          f"  errors {r['errors']}/{r['n']}" + (f"  worker RSS ≤{r['rss']} MB" if r["rss"] else ""),
                          file=sys.stderr, flush=True)
            for job in background_jobs(partnership.slug) if "job" not in args.skip.lower() else []:
                if args.only and not any(w.lower() in job[0].lower() for w in args.only.split(",") if w):
                    continue
                if watcher:
                    watcher.reset()
                times, errors, sizes = [], [], []
                for _ in range(args.jobs):
                    try:
                        asked, done, size = run_job(host, port, cookies, job, args.timeout)
                        times.append((asked, done))
                        sizes.append(size)
                    except Exception as exc:
                        errors.append(str(exc))
                job_results[job[0]] = (times, errors, sizes, watcher.reset() if watcher else None)
                print(f"   1 client   {job[0]} in the background: "
                      + (f"file after {statistics.median(t[1] for t in times):.1f} s (p50)" if times else "")
                      + (f"  errors: {errors[0]}" if errors else ""), file=sys.stderr, flush=True)
        finally:
            if procs:
                stop_server(procs)
                shutil.rmtree(log.parent, ignore_errors=True)

    head = ["page"] + [f"{c} client{'s' if c > 1 else ''} {m}" for c in levels for m in ("p50 s", "p95 s", "errors")]
    head += ["size", "worker RSS MB"] if watcher else ["size"]
    print("\n| " + " | ".join(head) + " |")
    print("| --- | " + " | ".join("---:" for _ in head[1:]) + " |")
    for name, _, _ in page_list:
        cells = [name]
        for c in levels:
            r = results[(name, c)]
            cells += [fmt_s(r["p50"]), fmt_s(r["p95"]), f"{r['errors']}/{r['n']}"]
        size = results[(name, levels[0])]["bytes"]
        cells.append(f"{size / 1024:,.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB")
        if watcher:
            cells.append(str(max(results[(name, c)]["rss"] or 0 for c in levels)))
        print("| " + " | ".join(cells) + " |")

    expected = {"html": "text/html", "csv": "text/csv", "pdf": "application/pdf", "xlsx": "application/vnd",
                "json": "application/json"}
    notes = []
    for name, _, report in page_list:
        for c in levels:
            seen = results[(name, c)]["seen"]
            odd = {k: v for k, v in seen.items() if k[0] != 200
                   or (report and not str(k[1]).startswith(expected[report[1]]))}
            if odd:
                notes.append(f"- {name}, {c} client(s): " + ", ".join(
                    f"{n}× {status} {ctype}".strip() for (status, ctype), n in odd.items()))
    if notes:
        print("\nAnswers other than the page or file itself:\n" + "\n".join(notes))
    if job_results:
        print(f"\nDownloads made in the background (1 client, {args.jobs} in turn each: asked, then the file "
              "fetched as soon as it is ready):\n")
        print("| download | answer to the request p50 s | file ready p50 s | max s | errors | size |"
              + (" worker RSS MB |" if watcher else ""))
        print("| --- | ---: | ---: | ---: | ---: | ---: |" + (" ---: |" if watcher else ""))
        for name, (times, errors, sizes, rss) in job_results.items():
            size = statistics.median(sizes) if sizes else 0
            cells = [name, fmt_s(statistics.median(t[0] for t in times)) if times else "–",
                     fmt_s(statistics.median(t[1] for t in times)) if times else "–",
                     fmt_s(max(t[1] for t in times)) if times else "–", f"{len(errors)}/{args.jobs}",
                     f"{size / 1024:,.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"]
            if watcher:
                cells.append(str(rss))
            print("| " + " | ".join(cells) + " |")
    print(f"\nPlain SQL fetch of the report rows ({base_rows:,} headline actuals with their targets): "
          f"{base * 1000:.1f} ms (best of 5); of a page of the API's actuals feed (500 actuals in its order): "
          f"{feed_base * 1000:.1f} ms. The feed's ratio is to the second.\n")
    print("| report | format | 1 client p50 s | ratio to the plain fetch |")
    print("| --- | --- | ---: | ---: |")
    for name, _, report in page_list:
        if report is None or (name, 1) not in results:
            continue
        r = results[(name, 1)]
        made_here = all(status == 200 and str(ctype).startswith(expected[report[1]]) for status, ctype in r["seen"])
        if not made_here and name in job_results and job_results[name][0]:
            done = statistics.median(t[1] for t in job_results[name][0])
            print(f"| {report[0]} | {report[1]} (background: asked → file) | {fmt_s(done)} | {done / base:,.0f} |")
        elif not made_here:
            print(f"| {report[0]} | {report[1]} | not made in the request | – |")
        elif r["p50"]:
            floor = feed_base if report[0] == "feed" else base
            print(f"| {report[0]} | {report[1]} | {fmt_s(r['p50'])} | {r['p50'] / floor:,.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
