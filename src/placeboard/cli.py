"""The `placeboard` command: demo, serve, worker, report, import, export and manage."""

import argparse
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import django
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command, execute_from_command_line
from django.db import connections
from django.db.models import Q
from gunicorn import glogging
from gunicorn.app.base import BaseApplication

from placeboard.core.params import int_value
from placeboard.core.redact import redact


def _setup_django(settings_module="placeboard.settings"):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)

    django.setup()


class RedactingLogger(glogging.Logger):
    """Gunicorn's logger, with secrets taken out of every access-log field.

    Every atom is redacted, not just the request line: the path, query string, Referer (the page
    after a voting link) and %({...}e)s / %({...}i)s fields can all carry the token."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()}


def _gunicorn(bind, workers):
    from placeboard.wsgi import application  # lazy: importing wsgi sets Django up, after demo()'s environment

    class Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", bind)
            self.cfg.set("workers", workers)
            # Threaded workers: a sync worker busy for longer than the timeout (30 s) is killed, which would
            # cut off a large import streaming its progress (imports.views); these keep reporting alive.
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("threads", 4)
            self.cfg.set("accesslog", "-")
            self.cfg.set("logger_class", RedactingLogger)

        def load(self):
            return application

    Server().run()


def _demo_environment(args, data_dir):
    """The environment placeboard.demo_settings reads: set here, whatever the shell had, as a production
    site's DEBUG, ALLOWED_HOSTS or SITE_URL must not leak into the demo."""
    os.environ["PLACEBOARD_DATA_DIR"] = str(data_dir)
    os.environ.pop("DATABASE_URL", None)  # the demo always uses its own SQLite file
    os.environ["DJANGO_SETTINGS_MODULE"] = "placeboard.demo_settings"
    os.environ["DEBUG"] = "0"  # the product's own error pages, never Django's debug pages
    os.environ["SECURE_COOKIES"] = "0"
    for name in ("CACHE_BACKEND", "REDIS_URL", "CACHE_DIR"):  # its cache is its own database's table, too
        os.environ.pop(name, None)
    hosts = ["127.0.0.1", "localhost"]
    if args.host not in (*hosts, "0.0.0.0", "::"):
        hosts.append(args.host)
    os.environ["ALLOWED_HOSTS"] = ",".join(hosts)
    # Links in e-mails built without a request (round reminders) lead back to this server.
    shown = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    os.environ["SITE_URL"] = f"http://{shown}:{args.port}"
    key_file = data_dir / "secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    os.environ["SECRET_KEY"] = key_file.read_text().strip()


def demo(args):
    data_dir = Path(args.data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    _demo_environment(args, data_dir)
    _setup_django()
    # after django.setup(): importing models needs the app registry
    from placeboard.core.demo import ensure_demo_users
    from placeboard.demo import load_all

    if not settings.STATICFILES_DIRS:
        print(
            "The front-end assets are missing: run `npm ci && npm run build` first "
            "(see README.md).",
            file=sys.stderr,
        )
        return 1
    call_command("migrate", interactive=False, verbosity=0)
    for partnership in load_all():
        print(f"Demo partnership: {partnership.name}")
    rows = ensure_demo_users(data_dir / "demo-logins.json")
    url = f"{settings.SITE_URL}/"
    print(f"\nPlaceboard demo at {url} (data in {data_dir})")
    print(f"The demo sends no e-mails: it keeps them for you to read at {url}outbox/\n")
    print(f"{'Username':<12} {'Password':<14} Role")
    for username, password, role in rows:
        print(f"{username:<12} {password:<14} {role}")
    print(f"\nFor the REST API ({url}api/v1/docs), sign in and make a token at {url}account/api-tokens/")
    print()
    if args.no_serve:
        return 0
    # One worker makes the demo's PDFs and large downloads; it stops with the server.
    worker = _start_worker_process()
    try:
        _gunicorn(f"{args.host}:{args.port}", 2)
    finally:
        _stop_worker_process(worker)
    return 0


def serve(args):
    _setup_django()
    _gunicorn(args.bind, args.workers)
    return 0


def _die_with_parent():
    """In a child process: ask Linux to stop it when its parent dies, so a killed demo or worker
    supervisor leaves no worker behind (elsewhere the parent's own stop is all there is)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _child_setup(memory_limit_mb=0):
    """What a worker's child process does before it starts: stop with its parent, and, with a limit, be
    refused memory past it (RLIMIT_DATA: the heap and private mappings, close to what it holds), so one
    huge report fails with a message instead of taking the machine's memory."""

    def setup():
        _die_with_parent()
        if memory_limit_mb:
            import resource

            limit = memory_limit_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))

    return setup


def _start_worker_process(*extra):
    """`placeboard worker` as a child process, in its own session: a Ctrl+C at the terminal reaches only the
    parent, which then stops it once (a second signal would cut short the file it is making)."""
    command = [sys.executable, "-m", "placeboard.cli", "worker", *extra]
    process = subprocess.Popen(command, start_new_session=True, preexec_fn=_die_with_parent)
    process.started_by = os.getpid()
    return process


def _stop_worker_process(process, wait=10):
    # Gunicorn's web workers are forked from this process and unwind through the same `finally` when they
    # exit: only the process that started the worker stops it.
    if process is None or process.started_by != os.getpid() or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _jobs_waiting():
    from django_tasks_db.models import DBTaskResult  # after django.setup(), as above

    waiting = DBTaskResult.objects.ready().exists()
    connections.close_all()
    return waiting


def worker(args):
    """Make background jobs (PDFs, large downloads) until stopped: Django's db_worker in a child process,
    started again after every --max-tasks jobs, so the memory one large report took is given back."""
    _setup_django()
    # after django.setup(): importing models needs the app registry
    from placeboard.reports.downloads import prune, worker_lost

    if args.memory_limit is not None and args.memory_limit < 0:
        print("--memory-limit must be 0 (no limit) or a number of megabytes.", file=sys.stderr)
        return 2
    deleted, stale = prune()
    if deleted or stale:
        print(f"Deleted {deleted} expired download(s); {stale} whose worker stopped marked failed.", flush=True)
    connections.close_all()  # this process only watches; no connection held idle for hours
    stopping = False
    child = None

    def stop(signum, frame):
        nonlocal stopping
        stopping = True
        if child is not None and child.poll() is None:
            child.send_signal(signal.SIGTERM)  # once: the job in hand is finished, then it exits

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    host = socket.gethostname()[:30]
    round_ = 0
    while not stopping:
        round_ += 1
        worker_id = f"{host}-{os.getpid()}-{round_}"[:64]
        command = [sys.executable, "-m", "placeboard.cli", "manage", "db_worker", "--no-reload",
                   "--queue-name", args.queue, "--interval", str(args.interval),
                   "--max-tasks", str(max(1, args.max_tasks or settings.WORKER_MAX_TASKS)),
                   "--worker-id", worker_id, "--verbosity", str(args.verbosity)]
        if args.batch:
            command.append("--batch")
        limit = settings.WORKER_MEMORY_LIMIT_MB if args.memory_limit is None else args.memory_limit
        child = subprocess.Popen(command, start_new_session=True, preexec_fn=_child_setup(limit))
        code = child.wait()
        if code != 0:
            # Killed (out of memory, say) in the middle of a job: say so on its download now, not hours later.
            lost = worker_lost(worker_id)
            connections.close_all()
            print(f"The worker process stopped with status {code}"
                  f"{f'; {lost} download(s) it was making marked failed' if lost else ''}.", file=sys.stderr, flush=True)
        if stopping:
            return 0
        if args.batch and (code != 0 or not _jobs_waiting()):
            return code
        if code != 0:
            time.sleep(5)  # not a tight loop of crashes
    return 0


def report(args):
    """Write a report to a file, for scheduling. Exit status 2 for bad input."""
    _setup_django()
    # after django.setup(): importing models needs the app registry
    from placeboard.performance.models import ReportingRound
    from placeboard.reports.builders import ReportError, build
    from placeboard.reports.render import render

    partnership = _partnership_or_error(args.partnership)
    if partnership is None:
        return 2
    round_ = None
    if args.round:
        rounds = ReportingRound.objects.filter(partnership=partnership)
        pk = int_value(args.round)  # not int(): a 20-digit number is no id, and SQLite's driver cannot bind it
        round_ = (rounds.filter(pk=pk).first() if pk else None) or rounds.filter(name=args.round).first()
        if round_ is None:
            names = "; ".join(f"{r.pk}: {r.name}" for r in rounds) or "none"
            print(f"No reporting round {args.round!r} in {partnership.name} (rounds: {names}).", file=sys.stderr)
            return 2
    filters = _report_filters(args, partnership)
    if filters is None:
        return 2
    try:
        result = build(args.kind, partnership, round_, filters)
    except ReportError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    Path(args.output).write_bytes(render(result, args.format))
    print(f"Wrote the {result.title.lower()} for {partnership.name} to {args.output}")
    return 0


def _report_filters(args, partnership):
    """--theme CODE, --group NAME, --outcome CODE and --area NAME or GSS code, as the web page's filters.

    None (after saying which) when one names nothing in the partnership."""
    # after django.setup(): importing models needs the app registry
    from placeboard.core.models import Area, Group, Outcome, Theme
    from placeboard.reports.builders import Filters

    lookups = {
        "theme": (Theme, lambda v: Q(code__iexact=v) | Q(name__iexact=v), "theme with the code or name"),
        "group": (Group, lambda v: Q(name__iexact=v), "group called"),
        "outcome": (Outcome, lambda v: Q(code__iexact=v), "outcome with the code"),
        "area": (Area, lambda v: Q(name__iexact=v) | Q(gss_code__iexact=v), "area with the name or GSS code"),
    }
    chosen = {}
    for name, (model, match, words) in lookups.items():
        value = getattr(args, name, None)
        if not value:
            continue
        found = model.objects.filter(match(value), partnership=partnership).first()
        if found is None:
            print(f"No {words} {value!r} in {partnership.name}.", file=sys.stderr)
            return None
        chosen[name] = found
    return Filters(**chosen)


def _partnership_or_error(slug):
    from placeboard.core.models import Partnership  # after django.setup(), as above

    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None:
        known = ", ".join(Partnership.objects.values_list("slug", flat=True)) or "none"
        print(f"No partnership called {slug!r} (known: {known}).", file=sys.stderr)
    return partnership


def import_(args):
    """Import a CSV or XLSX file, all or nothing. Exit status 2 for bad input, listing every problem."""
    _setup_django()
    # after django.setup(): importing models needs the app registry
    from placeboard.imports.importers import import_file

    partnership = _partnership_or_error(args.partnership)
    if partnership is None:
        return 2
    user = None
    if args.user:
        user = get_user_model().objects.filter(username=args.user).first()
        if user is None:
            print(f"No user called {args.user!r}.", file=sys.stderr)
            return 2
    if args.approve and (refused := _approve_refusal(args, partnership, user)):
        print(refused, file=sys.stderr)
        return 2
    path = Path(args.file)
    if not path.is_file():
        print(f"{args.file}: no such file.", file=sys.stderr)
        return 2

    def progress(what, done, total):
        print(f"{what} {done:,} of {total:,} rows", file=sys.stderr, flush=True)

    plan = import_file(args.kind, partnership, path.name, path.read_bytes(), user, dry_run=args.dry_run,
                       progress=progress, approve=args.approve)
    if not plan.ok:
        for problem in plan.problems:
            print(problem, file=sys.stderr)
        print(f"{len(plan.problems)} problem(s); nothing was saved.", file=sys.stderr)
        return 2
    if args.verbose:
        for change in plan.changes:
            if change.action != "unchanged":
                print(f"row {change.row}: {change.action} {change.description}")
    verb = "Would import" if args.dry_run else "Imported"
    print(f"{verb} {path.name} into {partnership.name}: {plan.summary()}.")
    return 0


def _approve_refusal(args, partnership, user):
    """Why --approve cannot be given here, or None: it needs actuals (or a data return), and --user naming a
    performance officer of a partnership whose figures need sign-off, who is recorded as approving them."""
    from placeboard.core.access import Access  # after django.setup(), as above
    from placeboard.core.models import Role
    from placeboard.imports.importers import APPROVABLE
    from placeboard.imports.services import approve_refusal

    if args.kind not in APPROVABLE:
        return "--approve is for actuals and data returns only."
    if user is None:
        return "--approve needs --user naming the performance officer who approves the figures."
    access = Access(partnership=partnership, user=user, roles=list(Role.objects.filter(user=user,
                                                                                      partnership=partnership)))
    return approve_refusal(access)


def export(args):
    _setup_django()
    from placeboard.imports.exporters import export as build  # after django.setup(), as above

    partnership = _partnership_or_error(args.partnership)
    if partnership is None:
        return 2
    fmt = args.format or (Path(args.output).suffix.lstrip(".").lower() or "csv")
    if fmt not in ("csv", "xlsx"):
        print(f"Choose --format csv or xlsx (not {fmt!r}).", file=sys.stderr)
        return 2
    data, _, _ = build(args.kind, partnership, fmt)
    Path(args.output).write_bytes(data)
    print(f"Wrote the {args.kind} of {partnership.name} to {args.output}")
    return 0


def manage(argv):
    _setup_django()

    execute_from_command_line(["placeboard manage", *argv])
    return 0


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "manage":
        return manage(argv[1:])
    parser = argparse.ArgumentParser(prog="placeboard", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_demo = sub.add_parser("demo", help="load the demo data into SQLite and serve it")
    p_demo.add_argument("--port", type=int, default=8000)
    p_demo.add_argument("--host", default="127.0.0.1")
    p_demo.add_argument("--data-dir", default="placeboard-data", help="where the SQLite database lives")
    p_demo.add_argument("--no-serve", action="store_true", help="load the data and print the logins, then stop")
    p_demo.set_defaults(func=demo)
    p_serve = sub.add_parser("serve", help="run the production server with the environment's settings")
    p_serve.add_argument("--bind", default=os.environ.get("PLACEBOARD_BIND", "127.0.0.1:8000"))
    p_serve.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
    p_serve.set_defaults(func=serve)
    p_worker = sub.add_parser("worker", help="make PDFs and large downloads and import large files in the background (docs/deployment.md)")
    p_worker.add_argument("--max-tasks", type=int, help="jobs before the worker process is replaced, giving its "
                          "memory back (default: WORKER_MAX_TASKS, 20)")
    p_worker.add_argument("--memory-limit", type=int, metavar="MB", help="refuse a job memory past this many "
                          "megabytes, failing it with a message (default: WORKER_MEMORY_LIMIT_MB, 2048; 0 for none)")
    p_worker.add_argument("--interval", type=float, default=1.0, help="seconds between looks at an empty queue")
    p_worker.add_argument("--queue", default="default", help="the queue to take jobs from")
    p_worker.add_argument("--batch", action="store_true", help="make every waiting job, then stop")
    p_worker.add_argument("--verbosity", type=int, default=1, choices=[0, 1, 2, 3])
    p_worker.set_defaults(func=worker)
    p_report = sub.add_parser("report", help="write a report (thematic, spreadsheet, agreement, exceptions, dashboard, funding, benchmarking, gap, revisions, selfassessment)")
    p_report.add_argument("kind")
    p_report.add_argument("--partnership", required=True, help="the partnership's slug, e.g. wiltshire")
    p_report.add_argument("--round", help="a reporting round's number or name")
    p_report.add_argument("--theme", help="only this theme (its code or name) and what is under it")
    p_report.add_argument("--group", help="only what this group (its name) owns")
    p_report.add_argument("--outcome", help="only this outcome (its code)")
    p_report.add_argument("--area", help="figures for this area (its name or GSS code)")
    p_report.add_argument("--format", choices=["csv", "xlsx", "pdf", "html"], default="pdf")
    p_report.add_argument("-o", "--output", required=True, help="the file to write")
    p_report.set_defaults(func=report)
    kinds = ["actuals", "targets", "indicators", "benchmarks"]
    p_import = sub.add_parser("import", help="import actuals, targets, indicators or benchmarks from CSV or XLSX, all or nothing")
    p_import.add_argument("kind", choices=[*kinds, "return"])
    p_import.add_argument("file")
    p_import.add_argument("--partnership", required=True, help="the partnership's slug, e.g. wiltshire")
    p_import.add_argument("--dry-run", action="store_true", help="check the file and say what would change")
    p_import.add_argument("--user", help="the username to record in the history and audit log")
    p_import.add_argument("--approve", action="store_true", help="approve the actuals as they are imported, where "
                          "figures need sign-off (--user must name a performance officer)")
    p_import.add_argument("-v", "--verbose", action="store_true", help="list every new or changed figure")
    p_import.set_defaults(func=import_)
    p_export = sub.add_parser("export", help="export actuals, targets, indicators or benchmarks in the import format")
    p_export.add_argument("kind", choices=kinds)
    p_export.add_argument("--partnership", required=True)
    p_export.add_argument("--format", choices=["csv", "xlsx"], help="default: from the output file's name")
    p_export.add_argument("-o", "--output", required=True)
    p_export.set_defaults(func=export)
    sub.add_parser("manage", help="run a Django management command, e.g. placeboard manage migrate")
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
