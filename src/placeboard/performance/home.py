"""What the partnership home page shows a data provider and a theme lead (issue 15.14), registered with
core.panels.home_sections from PerformanceConfig.ready().

No new rules here: the figures due are those *What I have to report* opens on (returns.period_due and
returns.due), their status and what is overdue come from evaluation.period_rows and headline, and
the task updates owed in a round are services.round_debts'."""

from collections import namedtuple
from dataclasses import dataclass

from django.utils import timezone

from placeboard.core import fragments
from placeboard.performance import approval, returns
from placeboard.performance import assessment as rules
from placeboard.performance.evaluation import latest_row
from placeboard.performance.models import Indicator, Observation, ReportingRound
from placeboard.performance.services import task_debts

# What the section shows of an indicator: kept in the cache, so not the model with all its figures.
Named = namedtuple("Named", "pk code title")


@dataclass
class Due:
    indicator: Named
    period: str
    status: object  # assessment.Status
    expected: str = ""  # when the provider said the figure would come, if they did


def provider_section(access, partnership):
    """The figures the person's organisations still owe: those of the period due, and any earlier one whose
    headline status is Overdue. A fixed number of queries however many indicators and figures there are."""
    if not access.organisation_ids:
        return None
    # The same for everyone of these organisations, so kept until the partnership's data changes.
    period, due, overdue, given, entries = fragments.cached(
        partnership.pk, "home-figures-due", [("organisations", ",".join(map(str, sorted(access.organisation_ids))))],
        lambda: _owed_figures(partnership, access.organisation_ids))
    return {
        "template": "performance/home/_provider.html",
        "order": 10,
        "organisations": sorted({r.organisation for r in access.roles if r.organisation_id}, key=str),
        "period": period,
        "due": due,
        "overdue": overdue,
        "given": given,
        "entries": entries,
    }


def _owed_figures(partnership, organisation_ids):
    """(period due, [Due] for it, [Due] overdue from earlier periods, how many given, how many collected)."""
    mine = Indicator.objects.filter(partnership=partnership, lead_organisation__in=organisation_ids)
    period = returns.period_due(partnership, list(mine.values_list("pk", flat=True)))
    indicators = list(returns.with_figures(mine.order_by("code", "pk"), period))
    collected = returns.due(indicators, period)  # as What I have to report lists them, without its forms
    due = []
    for indicator in collected:
        observation = returns.observation_for(indicator, period)
        if observation is None or observation.value is None:
            due.append(Due(_named(indicator), period.label, returns.status_for(indicator, period),
                           observation.expected if observation else ""))
    overdue = []
    for indicator in indicators:
        row = latest_row(indicator)
        if row is not None and row.status == rules.Status.OVERDUE and row.period.label != period.label:
            overdue.append(Due(_named(indicator), row.period.label, row.status))
    return period, due, overdue, len(collected) - len(due), len(collected)


def _named(indicator):
    return Named(indicator.pk, indicator.code, indicator.title)


@dataclass
class Owed:
    round: object
    tasks: list  # the tasks whose update the person owes (services.task_debts)

    @property
    def deadline(self):
        """Its "updates due by" date, else its reporting date (as evaluation.overdue_until)."""
        return self.round.due or self.round.reporting_date

    @property
    def late(self):
        return self.deadline < timezone.localdate()


def theme_lead_section(access, partnership):
    """The task updates the person owes in each open reporting round, as services.task_debts lists them (the
    reminders say the same), each with the link to give it. A fixed number of queries per open round."""
    if not access.group_ids:
        return None
    rounds = (ReportingRound.objects.filter(partnership=partnership, closed_at=None)
              .prefetch_related("groups").select_related("partnership").order_by("reporting_date", "pk"))
    owed = [Owed(round_, tasks) for round_ in rounds if (tasks := task_debts(round_).get(access.user))]
    return {
        "template": "performance/home/_theme_lead.html",
        "order": 20,
        "groups": sorted({r.group for r in access.roles if r.kind == "theme_lead"}, key=str),
        "owed": owed,
    }


def sign_off_section(access, partnership):
    """The figures waiting for this person's sign-off (a performance officer's: all; a lead officer's: their
    indicators'), and those returned to their organisations. Two counts; nothing where there is no sign-off."""
    if not partnership.sign_off:
        return None
    figures = Observation.objects.filter(indicator__partnership=partnership)
    waiting = figures.filter(approval=approval.SUBMITTED)
    if not access.can_manage:
        waiting = waiting.filter(indicator__lead_officer=access.user)
    returned = figures.filter(approval=approval.RETURNED, indicator__lead_organisation__in=access.organisation_ids)
    to_approve, to_correct = waiting.count(), returned.count() if access.organisation_ids else 0
    if not (to_approve or to_correct or access.can_manage):
        return None
    first = returned.order_by("period_end", "period").values_list("period", flat=True).first() if to_correct else None
    return {"template": "performance/home/_sign_off.html", "order": 15, "to_approve": to_approve,
            "to_correct": to_correct, "first_period": first}
