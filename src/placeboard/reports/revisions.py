"""The target revisions report (`revisions`): every revision of a target, with who made it, when and why, and
whether the indicator is LAA-designated, whose revisions need a performance officer (docs/approval.md, "Target
revisions"). Two queries however many revisions."""

from django.db.models import Prefetch

from placeboard.performance.models import IndicatorTag, TargetRevision
from placeboard.performance.reporting import Cell, Report, Section, indicator_queryset
from placeboard.performance.revisions import is_laa_designated, long_date

COLUMNS = ["Indicator", "LAA-designated", "Target period", "Old target", "New target", "In force from", "Reason",
           "Revised by", "Revised on"]


def revisions(partnership, round_, filters):
    """Every revision of the filtered indicators' targets, by indicator, target period and date in force. As of
    a round, those in force by its reporting date: the revisions its reports use."""
    found = (TargetRevision.objects.filter(target__indicator__in=indicator_queryset(partnership, filters).values("pk"))
             .select_related("target__indicator", "revised_by")
             .prefetch_related(Prefetch("target__indicator__tags", queryset=IndicatorTag.objects.all()))
             .order_by("target__indicator__code", "target__indicator_id", "target__period_start", "effective_from",
                       "id"))
    if round_ is not None:
        found = found.filter(effective_from__lte=round_.reporting_date)
    section = Section("Target revisions", COLUMNS)
    for revision in found:
        target = revision.target
        indicator = target.indicator
        who = revision.revised_by
        section.rows.append([
            Cell(f"{indicator.code} {indicator.title}"),
            Cell("Yes" if is_laa_designated(indicator) else "No"),
            Cell(target.period),
            Cell(revision.old_value), Cell(revision.new_value),
            Cell(revision.effective_from.isoformat()),
            Cell(revision.reason),
            Cell((who.get_full_name() or who.get_username()) if who is not None else ""),
            Cell(revision.revised_at.date().isoformat()),
        ])
    if not section.rows:
        section.intro.append("No target has been revised." if round_ is None
                             else f"No target revision had taken effect by {long_date(round_.reporting_date)}.")
    notes = [n for n in [filters.describe()] if n]
    if filters.area is not None:
        notes.append("Targets are for the whole place, so the area chosen does not narrow this list.")
    return Report("revisions", "Target revisions", partnership,
                  subtitle=(f"In force by {long_date(round_.reporting_date)} ({round_.name})" if round_
                            else "Every revision"),
                  sections=[section], notes=notes)
