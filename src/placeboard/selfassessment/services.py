"""Writes spanning several rows, each atomic and audited, and the snapshot of the data a theme group assesses.

The snapshot reuses the rules where they live: statuses from the stored assessments (performance's
with_headlines and latest_row, as the exception report and the dashboard read them), the gap from
benchmarking.gap_panels_for (as the gap report), and figures by population group from the Observation rows that
carry one. It is frozen as JSON, so the page shows what the group saw when it assessed, however the figures
change later."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from placeboard.benchmarking.benchmarking import gap_panels_for
from placeboard.core import audit
from placeboard.core.models import PopulationGroup
from placeboard.performance.assessment import Status
from placeboard.performance.evaluation import latest_row
from placeboard.performance.figures import plain
from placeboard.performance.models import Indicator, Observation
from placeboard.performance.reporting import Filters, indicator_queryset
from placeboard.selfassessment.models import SelfAssessment, ThemeAssessment

OFF_TARGET = (Status.AMBER, Status.RED)


def _text(value):
    if value is None:
        return ""
    return plain(value) if isinstance(value, (Decimal, int)) else str(value)


def _headline(indicator):
    """(status, row or None) of an indicator fetched with with_headlines()."""
    row = latest_row(indicator)
    return (row.status if row else Status.NO_DATA), row


def _figure(indicator, row):
    if row is None:
        return {"period": "", "actual": "", "target": ""}
    actual = row.assessment.actual
    target = row.assessment.compared_target
    return {"period": row.period.label,
            "actual": indicator.format_value(actual) if actual is not None else "",
            "target": indicator.format_value(target) if isinstance(target, Decimal) else _text(target)}


def _gap_entries(indicators, partnership, area_sets=None):
    entries = []
    panels = gap_panels_for(indicators, partnership, area_sets, charts=False)
    for indicator in indicators:
        for panel in panels.get(indicator.pk, []):
            last = panel.rows[-1]
            entries.append({
                "indicator": f"{indicator.code} {indicator.title}", "area_set": panel.area_set.name,
                "rest": panel.rest_label, "period": last.period,
                "gap": indicator.format_number(abs(last.gap)), "change": last.change or "First period",
                "verdict": panel.verdict,
            })
    return entries


def snapshot_for(partnership, group, proxies=()):
    """What the data says about a group's indicators today, as plain JSON: status counts, the indicators off
    target with their comment, the gap for priority areas, the latest figure for each population group (and
    which groups have none), and each proxy measure's figures. A fixed number of queries per proxy."""
    indicators = list(indicator_queryset(partnership, Filters(group=group))
                      .with_headlines(framework=False).order_by("code"))
    counts = {status: 0 for status in Status}
    exceptions = []
    for indicator in indicators:
        status, row = _headline(indicator)
        counts[status] += 1
        if status in OFF_TARGET:
            exceptions.append({"code": indicator.code, "title": indicator.title, "status": status.value,
                               **_figure(indicator, row),
                               "note": row.observation.note if row and row.observation else ""})

    by_group = {}
    by_id = {i.pk: i for i in indicators}
    rows = (Observation.objects.filter(indicator__in=list(by_id), population_group__isnull=False, area=None,
                                       value__isnull=False)
            .order_by("population_group__name", "indicator__code", "period_end")
            .values_list("population_group__name", "indicator_id", "period", "value"))
    for name, indicator_id, period, value in rows:
        # ordered by period end, so the last written is the latest
        by_group.setdefault(name, {})[indicator_id] = (period, value)
    groups = []
    for name in PopulationGroup.objects.filter(partnership=partnership).values_list("name", flat=True):
        latest = by_group.get(name, {})
        groups.append({"group": name, "figures": [
            {"indicator": f"{by_id[pk].code} {by_id[pk].title}", "period": period,
             "value": by_id[pk].format_value(value)}
            for pk, (period, value) in sorted(latest.items(), key=lambda item: by_id[item[0]].code)]})

    proxy_entries = []
    proxies = list(proxies)
    proxy_indicators = {i.pk: i for i in Indicator.objects.filter(
        pk__in=[p.indicator_id for p in proxies if p.indicator_id]).with_headlines(framework=False)}
    for proxy in proxies:
        entry = {"population_group": proxy.population_group.name, "description": proxy.description,
                 "indicator": "", "status": "", "gap": []}
        indicator = proxy_indicators.get(proxy.indicator_id)
        if indicator is not None:
            status, row = _headline(indicator)
            entry.update({"indicator": f"{indicator.code} {indicator.title}", "status": status.value,
                          **_figure(indicator, row)})
            if proxy.area_set_id:
                entry["gap"] = _gap_entries([indicator], partnership, [proxy.area_set])
        if proxy.area_set_id:
            entry["area_set"] = proxy.area_set.name
        proxy_entries.append(entry)

    return {
        "taken_at": timezone.now().isoformat(timespec="seconds"),
        "total": len(indicators),
        "counts": [[status.value, status.label, counts[status]] for status in Status],
        "exceptions": exceptions,
        "gap": _gap_entries(indicators, partnership),
        "population_groups": groups,
        "missing_groups": [g["group"] for g in groups if not g["figures"]],
        "proxies": proxy_entries,
    }


@transaction.atomic
def open_self_assessment(user, partnership, *, year, title, held_on, groups):
    """A self-assessment for a year, with a theme assessment for each group, each pre-filled from the data."""
    assessment = SelfAssessment.objects.create(partnership=partnership, year=year, title=title, held_on=held_on,
                                               opened_by=user if user and user.is_authenticated else None)
    audit.record(user, "create", assessment, {"year": ["", year], "title": ["", title],
                                              "theme groups": ["", ", ".join(sorted(g.name for g in groups))]})
    now = timezone.now()
    for group in sorted(groups, key=lambda g: g.name):
        theme = ThemeAssessment.objects.create(self_assessment=assessment, group=group,
                                               snapshot=snapshot_for(partnership, group), snapshot_at=now)
        audit.record(user, "create", theme, {"group": ["", group.name]}, partnership=partnership)
    return assessment


@transaction.atomic
def refresh_snapshot(user, theme):
    """Take the data afresh for a theme assessment (its answers stay as they are)."""
    partnership = theme.self_assessment.partnership
    was = theme.snapshot_at
    theme.snapshot = snapshot_for(partnership, theme.group, theme.proxies.select_related(
        "population_group", "area_set"))
    theme.snapshot_at = timezone.now()
    theme.save(update_fields=["snapshot", "snapshot_at"])
    audit.record(user, "update", theme, {"data taken": [f"{was:%Y-%m-%d %H:%M:%S}" if was else "",
                                                        f"{theme.snapshot_at:%Y-%m-%d %H:%M:%S}"]},
                 partnership=partnership)
    return theme


@transaction.atomic
def set_status(user, assessment, status):
    """Close (answers and plan fixed) or reopen a self-assessment."""
    before = assessment.get_status_display()
    assessment.status = status
    assessment.closed_at = timezone.now() if status == SelfAssessment.Status.CLOSED else None
    assessment.save(update_fields=["status", "closed_at"])
    audit.record(user, "update", assessment, {"status": [before, assessment.get_status_display()]})
    return assessment
