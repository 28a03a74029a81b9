"""What I have to report: the rows of one period's data entry page, the period it opens on, and saving it.

Each row shows the figure, the target it is compared with, and its status by the same rules as the indicator
pages (evaluation.period_rows), in a fixed number of queries however many indicators and figures there are.
Saving writes only the figures someone changed (issue 15.2) and refuses stale ones (issue 14.7).

The page shows PER_PAGE indicators at a time (issue 16): forms are built only for those, while the counts
(summary) cover every indicator due, from the rows with_headlines fetched, without forms."""

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import QueryDict

from placeboard.performance import approval, services, versions
from placeboard.performance import assessment as rules
from placeboard.performance.evaluation import row_for
from placeboard.performance.figures import plain
from placeboard.performance.forms import PeriodObservationForm
from placeboard.performance.models import Observation, ReportingRound, Target
from placeboard.performance.periods import PeriodError, PeriodKind, parse_period, period_containing

SUGGESTIONS = 8
# A page of forms a person can check and save in one sitting, about 75 KB of HTML: an organisation's return
# usually fits on one page, a whole partnership's takes a dozen rather than one page of several hundred forms.
PER_PAGE = 25


@dataclass
class Entry:
    indicator: object
    observation: object  # the stored headline actual for the period, or None
    form: PeriodObservationForm
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
    def locked(self):
        """Approved or published where figures need sign-off: shown, not changed (entries_for)."""
        return all(field.disabled for field in self.form.fields.values())

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


def with_figures(queryset, period):
    """The indicators with what their rows for the period need (with_headlines), less the tags and outcomes
    that lists show and this page does not: for 300 indicators those took a quarter of the fetch."""
    return queryset.with_headlines(period=period.label, framework=False)


def for_period(queryset, period):
    """The indicators due for the period (as due), each with its row for the period and no more: the page
    never shows an indicator's headline, and for 300 quarterly indicators the rows and figures that could
    only be the headline were most of what with_figures fetched."""
    return due(queryset.with_headlines(period=period.label, framework=False, headline=False), period)


def due(indicators, period):
    """The indicators collected for periods of this kind, in the order given: the others have nothing due."""
    found = []
    for indicator in indicators:
        try:
            indicator.parse_period_for_actuals(period.label)
        except PeriodError:
            continue
        found.append(indicator)
    return found


def observation_for(indicator, period):
    """The stored headline actual for the period, from the figures with_headlines fetched, or None."""
    return next((o for o in indicator.headline_observations if o.period == period.label), None)


def status_for(indicator, period):
    """The period's status, as its Entry shows it (Entry.status)."""
    row = row_for(indicator, period.label)
    return row.status if row is not None else rules.Status.NO_DATA


def entries_for(indicators, period, data=None, sign_off=False):
    """One Entry, with its form, per indicator collected for periods of this kind. Where figures need sign-off,
    an approved or published figure's fields are disabled: the browser sends nothing for them and Django keeps
    the stored values, so the row is left as it is (Entry.untouched)."""
    indicators = due(indicators, period)
    existing = {i.pk: o for i in indicators if (o := observation_for(i, period)) is not None}
    prefetch_related_objects(list(existing.values()), "updated_by")  # "entered by": one query, not one a row
    entries = []
    for indicator in indicators:
        obs = existing.get(indicator.pk)
        initial = {"value": plain(obs.value) if obs else "", "status": obs.status if obs else "provisional",
                   "note": obs.note if obs else "", "expected": obs.expected if obs else ""}
        form = PeriodObservationForm(data, indicator=indicator, fixed_period=period, prefix=f"i{indicator.pk}",
                                     initial=initial)
        if obs is not None and approval.is_locked(obs.approval, sign_off):
            for field in form.fields.values():
                field.disabled = True
        row = row_for(indicator, period.label)
        entries.append(Entry(indicator, obs, form, row))
    return entries


def summary(indicators, period):
    """How many of these indicators (those due) still have no figure for the period, and how many have each
    status [(Status, n)]: the same status as their Entry shows, without building any forms."""
    outstanding = sum(1 for i in indicators if (o := observation_for(i, period)) is None or o.value is None)
    counts = Counter(status_for(i, period) for i in indicators)
    return outstanding, [(status, counts[status]) for status in rules.Status if counts[status]]


def page_of(indicators, number):
    """The page of indicators with this number: the last page when it is beyond the end (a link from before
    the list shrank still lands on real rows), the first when it is not a number."""
    return Paginator(indicators, PER_PAGE).get_page(number)


def posted_rows(indicator_ids, post):
    """Those of these indicators (ids) whose rows a POST carries: the rows the person was shown, even if an
    indicator added or removed since has moved others onto or off the page they posted."""
    ids = {int(m.group(1)) for key in post if (m := re.match(r"i(\d+)-", key))}
    return [pk for pk in indicator_ids if pk in ids]


def overview(partnership, queryset):
    """(the ids of these indicators, the period due, the periods to suggest) for the page without a period."""
    ids = list(queryset.values_list("pk", flat=True))
    return ids, period_due(partnership, ids), recent_periods(ids)


def counted(queryset, period):
    """(the ids of the indicators due for the period, in order; how many still have no figure; [(Status, n)])
    over every indicator due, not only a page's (summary)."""
    due_ = for_period(queryset, period)
    return [i.pk for i in due_], *summary(due_, period)


def page_query(period, number=None):
    """The query string parameters of a page of the period: links keep the period even when the page was
    opened on the period due, without one."""
    query = QueryDict(mutable=True)
    query["period"] = period.label
    if number is not None and number > 1:
        query["page"] = number
    return query


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
