"""What I have to report: the rows of one period's data entry page, the period it opens on, and saving it.

Each row shows the figure, the target it is compared with, and its status by the same rules as the indicator
pages (evaluation.period_rows), in a fixed number of queries however many indicators and figures there are.
Saving writes only the figures someone changed (issue 15.2) and refuses stale ones (issue 14.7)."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import prefetch_related_objects

from placeboard.performance import assessment as rules
from placeboard.performance import services, versions
from placeboard.performance.evaluation import row_for
from placeboard.performance.figures import plain
from placeboard.performance.forms import ObservationForm
from placeboard.performance.models import Observation, ReportingRound, Target
from placeboard.performance.periods import PeriodError, PeriodKind, parse_period, period_containing

SUGGESTIONS = 8


@dataclass
class Entry:
    indicator: object
    observation: object  # the stored headline actual for the period, or None
    form: ObservationForm
    row: object  # evaluation.PeriodRow for the period, or None when it has neither an actual nor a target
    conflict: object = None  # versions.Conflict when a save of this row was refused as stale

    @property
    def prefix(self):
        return f"{self.form.prefix}-"

    @property
    def version(self):
        """The version the page was first shown with: kept through pages shown again with errors."""
        posted = self.form.data.get(f"{self.prefix}based_on") if self.form.is_bound else None
        return posted if posted is not None else versions.version(self.observation)

    @property
    def shown(self):
        """The fingerprint of the figure as the page first showed it (see untouched)."""
        posted = self.form.data.get(f"{self.prefix}shown") if self.form.is_bound else None
        if posted is not None:
            return posted
        o = self.observation
        return versions.fingerprint(*(_fields(o) if o else (None, "provisional", "", "")))

    @property
    def status(self):
        return self.row.status if self.row is not None else rules.Status.NO_DATA

    def untouched(self, post):
        """Whether the person left the row as it was shown to them, whatever is stored now."""
        d = self.form.cleaned_data
        shown = post.get(f"{self.prefix}shown")
        return shown is not None and shown == versions.fingerprint(d["value"], d["status"], d["note"], d["expected"])


def _fields(observation):
    return observation.value, observation.status, observation.note, observation.expected


def recent_periods(indicator_ids):
    """The latest periods these indicators have headline actuals or targets for, newest first: two bounded
    queries instead of every figure."""
    found = set()
    for model, extra in ((Observation, {"area": None, "population_group": None}), (Target, {})):
        found |= set(model.objects.filter(indicator__in=indicator_ids, **extra)
                     .values_list("period_start", "period_end", "period").distinct()
                     .order_by("-period_start", "-period_end")[:SUGGESTIONS])
    return [label for _, _, label in sorted(found, reverse=True)[:SUGGESTIONS]]


def period_due(partnership, indicator_ids, today=None):
    """The period the page opens on without one: that of the latest open reporting round; else the latest
    period these indicators have an actual for; else the last financial quarter to have ended."""
    round_ = (ReportingRound.objects.filter(partnership=partnership, closed_at=None)
              .order_by("-reporting_date", "-pk").only("period").first())
    if round_ is not None:
        return parse_period(round_.period)
    latest = (Observation.objects.filter(indicator__in=indicator_ids, area=None, population_group=None)
              .order_by("-period_end", "period_start").values_list("period", flat=True).first())
    if latest is not None:
        return parse_period(latest)
    return period_containing(PeriodKind.FINANCIAL_QUARTER, today or date.today()).previous()


def entries_for(indicators, period, data=None):
    """One Entry per indicator collected for periods of this kind."""
    due = []
    for indicator in indicators:
        try:
            indicator.parse_period_for_actuals(period.label)
        except PeriodError:
            continue  # not collected for periods of this kind
        due.append(indicator)
    existing = {o.indicator_id: o for i in due for o in i.headline_observations if o.period == period.label}
    prefetch_related_objects(list(existing.values()), "updated_by")  # "entered by": one query, not one a row
    entries = []
    for indicator in due:
        obs = existing.get(indicator.pk)
        initial = {"value": plain(obs.value) if obs else "", "status": obs.status if obs else "provisional",
                   "note": obs.note if obs else "", "expected": obs.expected if obs else ""}
        form = ObservationForm(data, indicator=indicator, fixed_period=period, prefix=f"i{indicator.pk}",
                               initial=initial)
        row = row_for(indicator, period.label)
        entries.append(Entry(indicator, obs, form, row))
    return entries


def status_counts(entries):
    counts = Counter(e.status for e in entries)
    return [(status, counts[status]) for status in rules.Status if counts[status]]


def save(entries, period, user, post):
    """Save the changed rows of a valid page. Returns how many figures changed, or None when some rows were
    refused as stale: those entries then carry their conflict and nothing is saved."""
    figures = []
    for e in entries:
        if (e.observation is None and not e.form.has_anything()) or versions.keeps_theirs(post, e.prefix):
            continue
        if e.untouched(post):
            continue  # as shown: never rewritten, even if someone has changed it since
        figures.append((e.indicator, e.form.cleaned_data, versions.based_on(post, e.prefix)))
    try:
        return services.record_observations(period=period, user=user, figures=figures)
    except versions.StaleEdit as stale:
        by_indicator = {row.indicator_id: row for row in stale.current}
        for e in entries:
            if (current := by_indicator.get(e.indicator.pk)) is not None:
                e.conflict = _conflict(e, current, post)
        return None


def actual_words(indicator, value, status, note, expected):
    """An actual in words, as a conflict shows theirs and yours: '58 (provisional)', or when it is expected,
    with any commentary."""
    shown = (f"{indicator.format_value(value)} ({Observation.Status(status).label.lower()})" if value is not None
             else f"Not available yet: expected {expected}")
    return f"{shown}. {note}" if note else shown


def _conflict(entry, current, post):
    d = entry.form.cleaned_data
    return versions.conflict(post, current, "figure", actual_words(entry.indicator, *_fields(current)),
                             actual_words(entry.indicator, d["value"], d["status"], d["note"], d["expected"]),
                             prefix=entry.prefix)
