"""Build the installation of issue 16 in an empty PostgreSQL database, with COPY, in minutes.

At --scale 1: 10 partnerships, each with 300 quarterly indicators × 40 quarters × 8 places (the whole place and
7 community areas), which is 960,000 actuals, every one with its history line and (by default) its audit
event, as an import writes them. --scale multiplies the number of partnerships, never their size: --scale 0.1
builds one, --scale 5 fifty of the same size, so a partnership's pages can be compared across installations.

Each partnership (slug scale-01, scale-02, …) has 8 organisations, a board, an operations group, 5 theme
groups and 7 area boards, 15 themes and 30 outcomes, 300 indicators (a mix of value types, polarities and
tolerances; a quarter of the counts cumulative; a band here and there), a baseline and annual targets for
twelve financial years, 20 judgements, 60 actions with 240 tasks, four quarterly reporting rounds (three
closed, with their figures frozen; the latest open, with some figures still outstanding) with a task update
each, 40 engagement activities and 200 community issues. Its performance officer and data provider sign in as
scale-01-officer and scale-01-provider with the password printed at the end.

    createdb -h 127.0.0.1 -U postgres pb_scale
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pb_scale .venv/bin/python bench/scale.py [--scale 1]
    DATABASE_URL=… .venv/bin/python bench/scale.py --recreate   # drop and create the database first

Only a database on 127.0.0.1 or localhost is accepted, and only an empty one (no partnerships). It runs the
migrations, loads everything with COPY (tables and columns from the models' _meta), runs ANALYZE, then
rebuilds the stored assessments (`rebuild_assessments`) when the installed Placeboard has them. Measure it with
bench/load.py (docs/performance.md, "Scale benchmark").
"""

import argparse
import random
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal

from _scale_target import PASSWORD, database_name, database_url, slug, usernames

INDICATORS, QUARTERS, COMMUNITY_AREAS = 300, 40, 7
LAST_QUARTER = (2026, 2)  # 2026/27 Q2 (July to September 2026): the latest quarter, due in the open round

ORGANISATIONS = [
    ("{place} Council", "public"), ("NHS {place} Integrated Care Board", "public"), ("{place} Police", "public"),
    ("{place} Fire and Rescue Service", "public"), ("Voluntary Action {place}", "voluntary"),
    ("{place} Housing Association", "voluntary"), ("{place} College", "public"),
    ("{place} Chamber of Commerce", "private"),
]
THEMES = ["Safer communities", "Health and wellbeing", "Children and young people",
          "Economy and skills", "Housing and environment"]
SUBJECTS = ["people supported to live independently", "adults in employment", "young people not in education, "
            "employment or training", "households in temporary accommodation", "recorded crime", "emergency "
            "admissions", "pupils achieving the expected standard", "residents satisfied with their area",
            "homes made decent", "waste recycled or composted", "delayed transfers of care", "repeat incidents of "
            "domestic abuse", "first-time entrants to the youth justice system", "affordable homes delivered",
            "days to process benefit claims", "smoking quitters at four weeks", "children in low-income families",
            "business start-ups", "people killed or seriously injured on roads", "volunteering hours"]
# value type, units, decimal places, (low, high) of a typical level
TYPES = [
    ("percentage", "%", 1, (35, 90)), ("count", "people", 0, (200, 5000)), ("rate_1000", "per 1,000", 1, (3, 60)),
    ("rate_100000", "per 100,000", 1, (40, 900)), ("money", "", 0, (20_000, 900_000)), ("days", "days", 0, (5, 90)),
    ("score", "", 1, (20, 80)), ("percentage", "%", 1, (5, 40)), ("count", "households", 0, (50, 1500)),
    ("ratio", "", 2, (1, 4)),
]


def quarters():
    """The 40 financial quarters up to LAST_QUARTER, oldest first, as Period objects."""
    from placeboard.performance.periods import parse_period

    year, q = LAST_QUARTER
    out = []
    for _ in range(QUARTERS):
        out.append(parse_period(f"{year}/{str(year + 1)[2:]} Q{q}"))
        year, q = (year, q - 1) if q > 1 else (year - 1, 4)
    return out[::-1]


def fy(year):
    from placeboard.performance.periods import parse_period

    return parse_period(f"{year}/{str(year + 1)[2:]}")


def q_fmt(value, places):
    return str(round(Decimal(value), places))


class Build:
    def __init__(self, loader, user_model, audit):
        from django.contrib.auth.hashers import make_password

        self.loader, self.User, self.audit = loader, user_model, audit
        self.password_hash = make_password(PASSWORD)  # once: hashing is slow on purpose
        self.quarters = quarters()
        first_year = self.quarters[0].start.year if self.quarters[0].start.month >= 4 else \
            self.quarters[0].start.year - 1
        self.years = list(range(first_year, LAST_QUARTER[0] + 2))  # every year with actuals, and the next
        self.entered = {p.label: self._at(p.end + timedelta(days=40)) for p in self.quarters}
        self.slugs = []

    @staticmethod
    def _at(day):
        from _scale_copy import aware

        return aware(day.year, day.month, day.day, 10)

    def partnership(self, n):
        from _scale_copy import through

        from placeboard.core.models import (
            Area,
            AuditEvent,
            Group,
            Organisation,
            Outcome,
            Partnership,
            Role,
            Theme,
        )
        from placeboard.engagement.models import CommunityIssue, EngagementActivity, IssueCategory
        from placeboard.performance.models import (
            Action,
            Indicator,
            IndicatorTag,
            Judgement,
            Observation,
            ReportingRound,
            RoundFigure,
            Target,
            Task,
            TaskUpdate,
            ValueChange,
        )

        load, rng = self.loader, random.Random(n)
        the_slug = slug(n)
        self.slugs.append(the_slug)
        place = f"Scaleshire {n}"
        (pid,) = load.ids(Partnership, 1)
        load.copy(Partnership, ["id", "slug", "name", "place"],
                  [(pid, the_slug, f"Scale Partnership {n:02d}", place)])

        users = {}
        for role, username in usernames(the_slug).items():
            users[role] = self.User.objects.create(
                username=username, password=self.password_hash, first_name=place, last_name=role.title(),
                email=f"{username}@example.org").pk

        org_ids = list(load.ids(Organisation, len(ORGANISATIONS)))
        load.copy(Organisation, ["id", "partnership_id", "name", "sector"],
                  [(i, pid, name.format(place=place), sector) for i, (name, sector) in zip(org_ids, ORGANISATIONS)])

        area_ids = list(load.ids(Area, 1 + COMMUNITY_AREAS))
        root, community = area_ids[0], area_ids[1:]
        area_names = {a: f"{place} community area {k + 1}" for k, a in enumerate(community)}
        load.copy(Area, ["id", "partnership_id", "name", "gss_code", "area_type", "parent_id"],
                  [(root, pid, place, f"E06{n:06d}", "unitary_authority", None)]
                  + [(a, pid, area_names[a], f"E05{n:03d}{k + 1:03d}", "community_area", root)
                     for k, a in enumerate(community)])

        board, ops, *rest = load.ids(Group, 2 + len(THEMES) + COMMUNITY_AREAS)
        theme_groups, area_boards = rest[:len(THEMES)], rest[len(THEMES):]
        load.copy(Group, ["id", "partnership_id", "name", "kind", "parent_id", "area_id"],
                  [(board, pid, f"{place} Partnership Board", "board", None, None),
                   (ops, pid, "Operations group", "operations_group", board, None)]
                  + [(g, pid, f"{name} theme group", "theme_group", ops, None)
                     for g, name in zip(theme_groups, THEMES)]
                  + [(g, pid, f"{area_names[a]} board", "area_board", board, a)
                     for g, a in zip(area_boards, community)])

        top = list(load.ids(Theme, len(THEMES)))
        subs = list(load.ids(Theme, 2 * len(THEMES)))
        load.copy(Theme, ["id", "partnership_id", "code", "name", "parent_id", "group_id"],
                  [(t, pid, str(k + 1), name, None, g) for k, (t, name, g) in enumerate(zip(top, THEMES, theme_groups))]
                  + [(s, pid, f"{k // 2 + 1}.{k % 2 + 1}", f"{THEMES[k // 2]}: part {k % 2 + 1}", top[k // 2], None)
                     for k, s in enumerate(subs)])
        outcome_ids = list(load.ids(Outcome, 3 * len(subs)))
        load.copy(Outcome, ["id", "partnership_id", "theme_id", "code", "title", "lead_organisation_id", "group_id"],
                  [(o, pid, subs[k // 3], f"{k // 6 + 1}.{k // 3 % 2 + 1}.{k % 3 + 1}",
                    f"More {SUBJECTS[k % len(SUBJECTS)]} where it matters most", org_ids[k % len(org_ids)], None)
                   for k, o in enumerate(outcome_ids)])

        tag_ids = list(load.ids(IndicatorTag, 4))
        load.copy(IndicatorTag, ["id", "partnership_id", "name"],
                  [(t, pid, name) for t, name in zip(tag_ids, ["LAA designated", "Local", "Mandatory", "Stretch"])])

        # Indicators: a realistic mix of types, polarities, tolerances and cumulative counts.
        ind_ids = list(load.ids(Indicator, INDICATORS))
        specs, rows = [], []
        for k, i in enumerate(ind_ids):
            value_type, units, places, (low, high) = TYPES[k % len(TYPES)]
            base = rng.uniform(low, high)
            polarity = ("higher",) * 9 + ("lower",) * 8 + ("band", "none", "none")
            polarity = polarity[k % 20]
            cumulative = value_type in ("count", "money") and k % 4 == 1
            band = (q_fmt(base * 0.9, places), q_fmt(base * 1.1, places)) if polarity == "band" else (None, None)
            tolerance = ("relative", "10") if k % 3 == 0 else ("absolute", q_fmt(base * 0.02, places)) \
                if k % 7 == 0 else ("", None)
            specs.append((i, value_type, places, base, polarity, cumulative, rng.uniform(-0.3, 0.3)))
            rows.append((i, pid, f"SC {k + 1:03d}", f"{SUBJECTS[k % len(SUBJECTS)].capitalize()} ({k + 1})",
                         f"The number of {SUBJECTS[k % len(SUBJECTS)]}, counted each quarter.", value_type, units,
                         polarity, places, cumulative, "financial_quarter", "Local monitoring",
                         org_ids[k % len(org_ids)], f"Lead officer {k % 12 + 1}", *band, *tolerance))
        load.copy(Indicator, ["id", "partnership_id", "code", "title", "definition", "value_type", "units", "polarity",
                              "decimal_places", "cumulative", "collection_interval", "data_source",
                              "lead_organisation_id", "owner", "band_low", "band_high", "tolerance_kind",
                              "tolerance_amount"], rows)
        model, left, right = through(Indicator, "outcomes")
        load.copy(model, [left, right], [(i, outcome_ids[k % len(outcome_ids)]) for k, i in enumerate(ind_ids)])
        model, left, right = through(Indicator, "tags")
        load.copy(model, [left, right], [(i, tag_ids[k % 4]) for k, i in enumerate(ind_ids) if k % 3 == 0])

        # Actuals: whole place and each community area, every quarter; history and audit for each.
        officer, provider = users["officer"], users["provider"]
        obs, headline, history, audit_rows = [], {}, [], []
        q_count = len(self.quarters)
        targets = []
        for i, value_type, places, base, polarity, cumulative, trend in specs:
            running, year = Decimal(0), None
            series = []
            for q, period in enumerate(self.quarters):
                level = base * (1 + trend * q / q_count) * rng.uniform(0.93, 1.07)
                if cumulative:
                    this_year = period.label[:7]
                    running = Decimal(0) if this_year != year else running
                    year = this_year
                    running += Decimal(str(round(level / 4, places)))
                    value = running
                else:
                    value = Decimal(str(round(min(level, 100) if value_type == "percentage" else level, places)))
                series.append(value)
            for q, period in enumerate(self.quarters):
                last = q == q_count - 1
                if last and k_missing(i):
                    continue  # not reported yet: outstanding in the open round
                value, expected = series[q], ""
                if last and i % 50 == 7:
                    value, expected = None, "Data available in January"
                status = "provisional" if last else "final"
                note = (f"{period.label}: the figure reflects the partnership's work in {period.label[:7]}; "
                        "see the action plan.") if (i + q) % 3 == 0 else ""
                at = self.entered[period.label]
                obs.append((i, None, period.label, period.start, period.end, value, status, note, expected, at))
                headline[(i, q)] = (value, status, note, expected)
                for a in community:
                    share = rng.uniform(0.7, 1.3)
                    if value is None:
                        area_value = None
                    elif value_type in ("count", "money"):
                        area_value = Decimal(str(round(float(value) / COMMUNITY_AREAS * share, places)))
                    else:
                        area_value = Decimal(str(round(min(float(value) * share, 100)
                                                       if value_type == "percentage" else float(value) * share,
                                                       places)))
                    obs.append((i, a, period.label, period.start, period.end, area_value, status, "", expected, at))
            # A baseline the year before the first actual, then an annual target for every year.
            yearly_level = base if not cumulative else base
            better = {"higher": 1.05, "lower": 0.95}.get(polarity, 1)
            first = fy(self.years[0] - 1)
            targets.append((i, "baseline", first.label, first.start, first.end,
                            q_fmt(yearly_level, places), officer))
            for y in self.years:
                period = fy(y)
                q_mid = min(max((y - self.years[0]) * 4 + 2, 0), q_count)
                level = base * (1 + trend * q_mid / q_count) * better
                if value_type == "percentage":
                    level = min(level, 100)
                targets.append((i, "target", period.label, period.start, period.end, q_fmt(level, places), officer))

        obs_ids = load.ids(Observation, len(obs))
        names = dict(area_names)
        codes = {i: f"SC {k + 1:03d}" for k, i in enumerate(ind_ids)}
        load.copy(Observation, ["id", "indicator_id", "area_id", "period", "period_start", "period_end", "value",
                                "status", "note", "expected", "entered_by_id", "entered_at", "updated_by_id",
                                "updated_at"],
                  ((oid, i, a, label, start, end, value, status, note, expected, provider, at, provider, at)
                   for oid, (i, a, label, start, end, value, status, note, expected, at) in zip(obs_ids, obs)))
        for oid, (i, a, label, _, _, value, status, _, expected, at) in zip(obs_ids, obs):
            new = f"{value} {status}" if value is not None else f"expected: {expected}"
            where = names.get(a, "")
            history.append((i, "Actual", label, where, "", new, provider, at))
            if self.audit:
                changes = {"value": ["", str(value)], "status": ["", status]} if value is not None else \
                    {"expected": ["", expected], "status": ["", status]}
                audit_rows.append((pid, provider, at, "create", "actual", str(oid),
                                   f"{codes[i]} {label}" + (f" ({where})" if where else ""), changes))
        load.copy(ValueChange, ["id", "indicator_id", "what", "period", "where", "old", "new", "changed_by_id",
                                "changed_at"], with_ids(load, ValueChange, history))
        if self.audit:
            load.copy(AuditEvent, ["id", "partnership_id", "user_id", "at", "action", "object_type", "object_id",
                                   "object_repr", "changes"],
                      ((eid, *row) for eid, row in zip(load.ids(AuditEvent, len(audit_rows)), audit_rows)))
        target_ids = load.ids(Target, len(targets))
        load.copy(Target, ["id", "indicator_id", "kind", "period", "period_start", "period_end", "value",
                           "updated_by_id"], ((t, *row) for t, row in zip(target_ids, targets)))

        # Judgements: an officer's override here and there in the last two years.
        judgements = []
        for k in range(20):
            i = ind_ids[(k * 37) % INDICATORS]
            period = self.quarters[-1 - (k % 8)]
            judgements.append((i, period.label, period.start, period.end, ("green", "amber", "red")[k % 3],
                               "The partnership board agreed this status given local circumstances.", officer,
                               self.entered[period.label]))
        load.copy(Judgement, ["id", "indicator_id", "period", "period_start", "period_end", "status", "reason",
                              "made_by_id", "made_at"],
                  ((j, *row) for j, row in zip(load.ids(Judgement, len(judgements)), dict(
                      ((r[0], r[1]), r) for r in judgements).values())))

        # Rounds for the last four quarters: three closed with their figures frozen, the latest open.
        round_quarters = self.quarters[-4:]
        round_ids = list(load.ids(ReportingRound, len(round_quarters)))
        rows = []
        for r, period in zip(round_ids, round_quarters):
            closed = None if period is round_quarters[-1] else self.entered[period.label] + timedelta(days=14)
            rows.append((r, pid, f"{period.label} performance report", period.end, period.end + timedelta(days=30),
                         closed, period.label, period.start, period.end))
        load.copy(ReportingRound, ["id", "partnership_id", "name", "reporting_date", "due", "closed_at", "period",
                                   "period_start", "period_end"], rows)
        model, left, right = through(ReportingRound, "groups")
        load.copy(model, [left, right], [(r, g) for r in round_ids for g in theme_groups])
        figures = []
        for r, period in zip(round_ids[:-1], round_quarters[:-1]):
            last_q = self.quarters.index(period)
            for i in ind_ids:
                for q in range(last_q + 1):
                    if (i, q) in headline:
                        value, status, note, expected = headline[(i, q)]
                        figures.append((r, i, self.quarters[q].label, value, status, note, expected))
        load.copy(RoundFigure, ["id", "round_id", "indicator_id", "period", "value", "status", "note", "expected"],
                  ((f, *row) for f, row in zip(load.ids(RoundFigure, len(figures)), figures)))

        # Actions and tasks, with an update for every task in every round.
        action_ids = list(load.ids(Action, 2 * len(outcome_ids)))
        load.copy(Action, ["id", "partnership_id", "outcome_id", "ref", "title", "lead_organisation_id", "contact"],
                  [(a, pid, outcome_ids[k // 2], f"A{k + 1}", f"Work with partners on {SUBJECTS[k % len(SUBJECTS)]}",
                    org_ids[k % len(org_ids)], f"Officer {k % 9 + 1}") for k, a in enumerate(action_ids)])
        task_ids = list(load.ids(Task, 4 * len(action_ids)))
        load.copy(Task, ["id", "action_id", "ref", "title", "target", "due"],
                  [(t, action_ids[k // 4], "abcd"[k % 4], f"Step {k % 4 + 1} of the action",
                    "Milestone agreed by the theme group", round_quarters[-1].end + timedelta(days=90 * (k % 4)))
                   for k, t in enumerate(task_ids)])
        updates = []
        for r, period in zip(round_ids, round_quarters):
            for k, t in enumerate(task_ids):
                status = ("green", "green", "amber", "red")[(k + r) % 4]
                updates.append((r, t, "Work is under way with partners.", status,
                                "" if status == "green" else "Escalate to the theme group.", officer))
        load.copy(TaskUpdate, ["id", "round_id", "task_id", "position", "status", "planned_improvement",
                               "updated_by_id"],
                  ((u, *row) for u, row in zip(load.ids(TaskUpdate, len(updates)), updates)))

        # People: a performance officer and a data provider for the council's indicators.
        load.copy(Role, ["id", "user_id", "partnership_id", "kind", "organisation_id"],
                  [(r, *row) for r, row in zip(load.ids(Role, 2), [(officer, pid, "performance_officer", None),
                                                                   (provider, pid, "data_provider", org_ids[0])])])

        # Engagement: activities on the forward plan and community issues, for the public pages and downloads.
        activity_ids = list(load.ids(EngagementActivity, 40))
        today = self.quarters[-1].end + timedelta(days=60)
        load.copy(EngagementActivity, ["id", "partnership_id", "title", "organiser_id", "method", "description",
                                       "start_date", "end_date", "status", "how_to_take_part", "created_by_id"],
                  [(a, pid, f"Have your say on {SUBJECTS[k % len(SUBJECTS)]}", org_ids[k % len(org_ids)],
                    ("survey", "public_meeting", "online", "workshop")[k % 4], "What we will decide with you.",
                    today + timedelta(days=14 * (k - 30)), today + timedelta(days=14 * (k - 30) + 21),
                    ("reported", "closed", "open", "planned")[min(3, max(0, (k - 24) // 4))],
                    "Fill in the survey online or come to the meeting.", officer) for k, a in enumerate(activity_ids)])
        model, left, right = through(EngagementActivity, "topics")
        load.copy(model, [left, right], [(a, top[k % len(top)]) for k, a in enumerate(activity_ids)])
        model, left, right = through(EngagementActivity, "areas")
        load.copy(model, [left, right], [(a, community[k % len(community)]) for k, a in enumerate(activity_ids)])
        category_ids = list(load.ids(IssueCategory, 5))
        load.copy(IssueCategory, ["id", "partnership_id", "name"],
                  [(c, pid, name) for c, name in zip(category_ids, ["Highways", "Anti-social behaviour", "Litter",
                                                                     "Housing repairs", "Parks"])])
        statuses = ["new", "accepted", "in_progress", "resolved", "resolved", "closed_not_ours"]
        issues = []
        for k, c in enumerate(load.ids(CommunityIssue, 200)):
            at = self._at(today - timedelta(days=3 * (200 - k)))
            issues.append((c, pid, f"Problem reported near street {k + 1}", "Reported by a resident; please look.",
                           community[k % len(community)], category_ids[k % 5], f"Street {k + 1}", "A Resident",
                           f"resident{k}@example.org", statuses[k % 6], org_ids[k % len(org_ids)],
                           f"scale-{n}-{k}-{rng.getrandbits(64):016x}", at, at, at))
        load.copy(CommunityIssue, ["id", "partnership_id", "title", "description", "area_id", "category_id",
                                   "location", "reporter_name", "reporter_email", "status", "organisation_id",
                                   "confirm_token", "confirmed_at", "created_at", "status_changed_at"], issues)
        return len(obs)


def k_missing(indicator_id):
    """Whether an indicator's latest figure is still outstanding (one in 25)."""
    return indicator_id % 25 == 0


def with_ids(load, model, rows):
    """The rows, each with a new primary key first."""
    return ((pk, *row) for pk, row in zip(load.ids(model, len(rows)), rows))


def rebuild_stored_assessments(slugs):
    """Assess every indicator and store the results, when this Placeboard stores them (issue 16): one
    partnership at a time with refresh_assessments, else the rebuild_assessments command, else a note."""
    from django.core.management import call_command

    from placeboard.performance.models import Indicator

    start = time.perf_counter()
    try:
        from placeboard.performance.stored import refresh_assessments
    except ImportError:
        refresh_assessments = None
    if refresh_assessments is not None:
        for s in slugs:
            refresh_assessments(list(Indicator.objects.filter(partnership__slug=s).values_list("pk", flat=True)))
            print(f"  stored assessments of {s}: {time.perf_counter() - start:.1f} s so far", flush=True)
    else:
        try:
            call_command("rebuild_assessments")
        except Exception as exc:  # CommandError("Unknown command") before stored assessments exist
            if "Unknown command" not in str(exc):
                raise
            print("This Placeboard does not store assessments: nothing to rebuild.")
            return
    print(f"Stored the assessments in {time.perf_counter() - start:.1f} s.")


def recreate(url):
    """Drop and create the database named in url (on this machine only; database_url() checked it)."""
    import psycopg

    name = database_name(url)
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    print(f"Dropped and created {name}.")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0,
                        help="multiplies the 10 partnerships (0.1 builds one, 5 builds fifty); default 1")
    parser.add_argument("--no-audit", action="store_true",
                        help="skip the audit event per actual (the history line per actual is always written)")
    parser.add_argument("--check-keys", action="store_true",
                        help="keep PostgreSQL's foreign-key checks while loading (slower; needs no superuser)")
    parser.add_argument("--recreate", action="store_true", help="drop and create the database first")
    args = parser.parse_args(argv)
    url = database_url()
    partnerships = max(1, round(10 * args.scale))
    if args.recreate:
        recreate(url)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as data_dir:
        import os

        os.environ["DATABASE_URL"] = url
        from _setup import setup

        setup(data_dir)  # configures Django and runs the migrations
        migrated = time.perf_counter()
        print(f"Migrated in {migrated - started:.1f} s.")
        from _scale_copy import Loader
        from django.contrib.auth import get_user_model
        from django.db import connection, transaction
        from django.utils import timezone

        from placeboard.core.models import Partnership

        if Partnership.objects.exists():
            raise SystemExit(f"{database_name(url)} already has partnerships: build into an empty database "
                             "(run with --recreate to drop and create it).")
        connection.ensure_connection()
        loader = Loader(connection, timezone.now())
        build = Build(loader, get_user_model(), audit=not args.no_audit)
        actuals = 0
        for n in range(1, partnerships + 1):
            t0 = time.perf_counter()
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit = off")
                    if not args.check_keys:
                        # The rows name each other by keys this script gave out, so the foreign-key triggers'
                        # lookup per row is skipped (a superuser's setting; the database's postgres user).
                        cursor.execute("SET LOCAL session_replication_role = replica")
                actuals += build.partnership(n)
            print(f"  {slug(n)}: {time.perf_counter() - t0:.1f} s", flush=True)
        loader.reset_sequences()
        loaded = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would have gathered in a database in use
        analysed = time.perf_counter()
        print(f"Loaded in {loaded - migrated:.1f} s; ANALYZE {analysed - loaded:.1f} s.")
        rebuild_stored_assessments(build.slugs)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # again, for the stored assessments' table
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            size = cursor.fetchone()[0]
    print(f"\nBuilt {database_name(url)} in {time.perf_counter() - started:.0f} s ({size}):")
    for model, count in sorted(loader.counts.items(), key=lambda item: -item[1]):
        print(f"  {count:>10,}  {model._meta.label}")
    print(f"\n{partnerships} partnership(s): {', '.join(build.slugs[:3])}{' …' if partnerships > 3 else ''}; "
          f"{actuals:,} actuals.")
    print(f"Sign in as {usernames(build.slugs[0])['officer']} (performance officer) or "
          f"{usernames(build.slugs[0])['provider']} (data provider), password {PASSWORD}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
