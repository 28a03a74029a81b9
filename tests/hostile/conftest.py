"""The hostile-input catalogue (issue 14, 13): one small world every case runs against, the row counts of every
table, and the totals printed at the end of the run."""

from decimal import Decimal
from functools import cached_property

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import reverse

from placeboard.core.models import Area, Group, Organisation
from placeboard.engagement.models import IssueCategory, RoutingRule
from placeboard.funding import pb_services
from placeboard.funding.models import BudgetRound
from placeboard.performance.models import ReportingRound
from placeboard.performance.periods import parse_period
from tests.funding.pb_helpers import publish, set_phase
from tests.funding.test_pb_web import add_bids
from tests.performance.conftest import build_indicators

# Filled in by test_catalogue as each case runs; read by pytest_terminal_summary.
TALLY = {"inputs": 0, "server_errors": 0, "half_saved": 0, "known_failures": 0}


def row_counts():
    """Rows in every table the project and Django keep, many-to-many tables included (proxies share a table),
    counted in one query."""
    models = [m for m in apps.get_models(include_auto_created=True) if not m._meta.proxy and m._meta.managed]
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(m._meta.db_table)})" for m in models)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip([m._meta.label for m in models], cursor.fetchone(), strict=True))


def pytest_terminal_summary(terminalreporter):
    if not TALLY["inputs"]:
        return
    line = (f"{TALLY['inputs']} inputs, {TALLY['server_errors']} server errors, "
            f"{TALLY['half_saved']} rows half-saved")
    if TALLY["known_failures"]:
        line += f"; {TALLY['known_failures']} known server errors, marked xfail"
    terminalreporter.write_sep("-", "hostile inputs")
    terminalreporter.write_line(line)


class World:
    """What the cases aim at, each part made when a case first asks for it, so each case pays only for its own.

    A channel asks for what it needs, then calls sent() just before sending the input: the row counts are taken
    there, so that setting up (signing in writes a session row) is not mistaken for the input's doing."""

    def __init__(self, partnership, personas):
        self.partnership, self.personas = partnership, personas
        self.before = None
        self._clients = {}

    def sent(self):
        self.before = row_counts()

    def client(self, persona):
        if persona not in self._clients:
            client = Client()
            if persona == "voter":
                url = reverse("public_vote_code", args=[self.partnership.slug, self.voting_round.pk])
                assert client.post(url, {"code": self.voting_code}).status_code == 302
            elif persona != "anonymous":
                client.force_login(self.personas[persona])
            self._clients[persona] = client
        return self._clients[persona]

    @cached_property
    def indicators(self):
        return build_indicators(self.partnership)

    @cached_property
    def reporting(self):
        self.indicators  # noqa: B018 (a return lists the indicators)
        reporting = ReportingRound(partnership=self.partnership, name="Q1 2006/07 report",
                                   reporting_date="2006-06-30")
        reporting.set_period(parse_period("2006/07 Q1"))
        reporting.save()
        reporting.groups.add(Group.objects.get(name="Safer Communities Group"))
        return reporting

    @cached_property
    def north(self):
        return Area.objects.get(partnership=self.partnership, name="North")

    @cached_property
    def category(self):
        council = Organisation.objects.get(partnership=self.partnership, name="Testshire Council")
        RoutingRule.objects.create(partnership=self.partnership, organisation=council)
        return IssueCategory.objects.create(partnership=self.partnership, name="Roads and pavements")

    @cached_property
    def board(self):
        return Group.objects.create(partnership=self.partnership, name="North Area Board", kind="area_board",
                                    area=self.north)

    def _round(self, name, phase):
        round_ = BudgetRound(partnership=self.partnership, board=self.board, name=name, total_budget=Decimal(100),
                             rule="greedy", ballot_type="approval", max_projects=2, paper_ballots_issued=20)
        return set_phase(round_, phase)

    @cached_property
    def bid_round(self):
        return self._round("Bids 2026", "bids")

    @cached_property
    def voting_round(self):
        voting = self._round("Voting 2026", "voting")
        add_bids(voting, ("Benches", 30), ("Bins", 40))
        return voting

    @cached_property
    def voting_code(self):
        return pb_services.issue_codes(self.personas["officer"], self.voting_round, 1)[0]

    @cached_property
    def funded(self):
        """A project funded by a published round, which reports its progress with photos."""
        delivery = self._round("Delivered 2025", "bids")
        funded, other = add_bids(delivery, ("Play area", 50), ("Bench", 80))
        set_phase(delivery, "voting")
        pb_services.enter_paper_ballot(self.personas["officer"], delivery, [funded])
        set_phase(delivery, "delivery")
        publish(self.personas["officer"], delivery)
        funded.refresh_from_db()
        assert funded.funded and not other.funded
        return funded


@pytest.fixture
def world(partnership, personas, settings):
    """Uploads are limited to 64 KB so the oversized files stay small and fast."""
    settings.UPLOAD_MAX_BYTES = 64 * 1024
    return World(partnership, personas)
