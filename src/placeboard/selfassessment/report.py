"""The self-assessment report, read like seed 003's appendix 2: the theme groups' assessments (a summary table,
then each group's answers), the generic issues, the partnership board's own assessment and the improvement plan.
Built as tables (placeboard.performance.reporting), so the reports app gives it as a web page, PDF, XLSX and CSV;
SelfAssessmentConfig.ready() registers it. A fixed number of queries, however many groups, issues or actions.

Which self-assessment: the one for the financial year the round ends in, else the latest."""

from django.db.models import Prefetch

from placeboard.performance.periods import PeriodKind, period_containing
from placeboard.performance.reporting import Cell, Report, Section
from placeboard.selfassessment.models import ImprovementUpdate, SelfAssessment, ThemeAssessment

SHORT = {"progress": "Progress", "plausibility": "Plausibility", "gap": "Narrowing the gap",
         "communities": "Communities of interest", "barriers": "What gets in the way"}
COUNTED = ("green", "amber", "red")


def choose(partnership, round_=None):
    """The self-assessment a report (or a round) is about, or None."""
    found = SelfAssessment.objects.filter(partnership=partnership).select_related("partnership")
    if round_ is not None:
        year = period_containing(PeriodKind.FINANCIAL_YEAR, round_.period_end).label
        chosen = found.filter(year=year).first()
        if chosen is not None:
            return chosen
    return found.order_by("-year", "-opened_at").first()


def paragraphs(text):
    """A text as the report prints it: a paragraph per block between blank lines (its lines joined), and each
    line starting with "-" or "•" a point of its own, printed with "- "."""
    found = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        joining = False
        for line in (line.strip() for line in block.split("\n")):
            if not line:
                continue
            if line[0] in "-•":
                found.append("- " + line[1:].strip())
                joining = False
            elif joining:
                found[-1] += " " + line
            else:
                found.append(line)
                joining = True
    return found


def _rating(value):
    return Cell(value.label.split(":")[0] if value else "Not rated")


def _counts(snapshot):
    return {value: count for value, _, count in snapshot.get("counts", [])}


def selfassessment(partnership, round_=None, filters=None):
    assessment = choose(partnership, round_)
    report = Report("selfassessment", "Self-assessment and improvement plan", partnership)
    if assessment is None:
        report.subtitle = "No self-assessment yet"
        report.notes.append("No self-assessment has been opened: a performance officer opens one under "
                            "Self-assessment on the partnership's home page.")
        return report
    held = f", held on {assessment.held_on:%-d %B %Y}" if assessment.held_on else ""
    report.title = f"Self-assessment and improvement plan: {assessment.title}"
    report.subtitle = f"{assessment.year}{held} ({assessment.get_status_display().lower()})"
    themes = assessment.themes.select_related("group").prefetch_related("proxies__population_group")
    group = getattr(filters, "group", None)
    if group is not None:
        themes = themes.filter(group=group)
        report.notes.append(f"Theme groups: {group} only.")
    unused = [name for name in ("theme", "outcome", "area") if getattr(filters, name, None) is not None]
    if unused:
        report.notes.append(f"A self-assessment is by theme group, so the {' and '.join(unused)} filter does not "
                            "apply.")
    report.notes.append("Ratings: 4 strong, 3 good, 2 adequate, 1 weak. Indicator counts are as the data stood "
                        "when each group's figures were taken (shown under each group).")
    themes = list(themes)

    summary = Section("Theme group self-assessments", ["Theme group", "Indicators", "Green", "Amber", "Red",
                                                       *SHORT.values()])
    for theme in themes:
        counts = _counts(theme.snapshot)
        summary.rows.append([Cell(theme.group.name), Cell(theme.snapshot.get("total", 0)),
                             *[Cell(counts.get(s, 0), rag=s) for s in COUNTED],
                             *[_rating(rating) for _, _, rating, _ in theme.answers()]])
    report.sections.append(summary)

    for theme in themes:
        snap = theme.snapshot
        section = Section(theme.group.name, ["Question", "Rating", "Evidence"],
                          summary=[(label, count, value) for value, label, count in snap.get("counts", [])
                                   if count],
                          intro=paragraphs(theme.summary) if theme.summary else ["No summary written yet."])
        if theme.snapshot_at:
            section.subheading = f"Figures as they stood on {theme.snapshot_at:%-d %B %Y}."
        for key, question, rating, evidence in theme.answers():
            section.rows.append([Cell(question), _rating(rating), Cell(evidence)])
        for proxy in theme.proxies.all():
            section.rows.append([Cell(f"Proxy measure for {proxy.population_group}"), Cell(""),
                                 Cell(proxy.description)])
        report.sections.append(section)
        if snap.get("exceptions"):
            off = Section(f"{theme.group.name}: indicators off target when assessed",
                          ["Indicator", "Period", "Actual", "Target", "Status", "Comment"])
            for row in snap["exceptions"]:
                off.rows.append([Cell(f"{row['code']} {row['title']}"), Cell(row["period"]), Cell(row["actual"]),
                                 Cell(row["target"]), Cell("", rag=row["status"]), Cell(row["note"])])
            report.sections.append(off)

    issues = Section("Generic issues arising from the theme groups' self-assessments", ["", "Issue", "Raised by"])
    for n, issue in enumerate(assessment.issues.prefetch_related(
            Prefetch("arises_from", queryset=ThemeAssessment.objects.select_related("group"))), start=1):
        issues.rows.append([Cell(n), Cell(issue.text),
                            Cell(", ".join(t.group.name for t in issue.arises_from.all()) or "Not recorded")])
    report.sections.append(issues)

    board = Section("The partnership board's own assessment", ["Assessment"])
    board.rows = [[Cell(p)] for p in paragraphs(assessment.board_assessment)] or [[Cell("Not written yet.")]]
    report.sections.append(board)

    updates = ImprovementUpdate.objects.filter(action__self_assessment=assessment).select_related("round")
    if round_ is not None:
        updates = updates.filter(round=round_)
    latest = {}
    for update in updates.order_by("round__reporting_date", "pk"):
        latest[update.action_id] = update  # later rounds replace earlier
    plan = Section("Improvement plan", ["Ref", "Weakness", "Action", "Owner", "Deadline", "Target or milestone",
                                        "Status", "Progress"])
    plan.subheading = (f"Progress as reported in {round_.name}." if round_ is not None
                       else "Progress as last reported in a reporting round.")
    for action in assessment.actions.select_related("owner_group", "owner_organisation"):
        update = latest.get(action.pk)
        plan.rows.append([
            Cell(action.ref), Cell(action.weakness), Cell(action.action), Cell(action.owner),
            Cell(f"{action.deadline:%-d %B %Y}"), Cell(action.target),
            Cell(update.get_status_display() if update else "No update", rag=update.rag if update else None),
            Cell(update.progress if update else ""),
        ])
    report.sections.append(plan)
    return report
