"""The per-round data return: an XLSX pre-filled with one organisation's indicators for a round.

The first sheet is in the actuals import format plus a `title` column (ignored on import), so the
filled-in file goes back through the ordinary import, as the kind "return": rows left without a value
or an expected date are skipped rather than refused."""

from placeboard.core.models import owned_by_groups
from placeboard.core.spreadsheets import BOLD, Style, Workbook
from placeboard.imports.importers import COLUMNS
from placeboard.performance.models import Indicator, Observation
from placeboard.performance.periods import PeriodError


def round_indicators(round_, organisation):
    """The indicators of the round's reporting groups that the organisation leads."""
    group_ids = [g.pk for g in round_.groups.all()]
    qs = Indicator.objects.filter(partnership=round_.partnership_id, lead_organisation=organisation)
    if group_ids:
        qs = qs.filter(owned_by_groups(group_ids, "outcomes__"))
    return list(qs.distinct().order_by("code"))


def return_rows(round_, organisation):
    indicators = round_indicators(round_, organisation)
    current = {o.indicator_id: o for o in Observation.objects.filter(
        indicator__in=indicators, period=round_.period, area=None, population_group=None)}
    rows = []
    for indicator in indicators:
        try:
            period = indicator.parse_period_for_actuals(round_.period).label
            hint = ""
        except PeriodError:
            period, hint = "", f" (collected {indicator.get_collection_interval_display().lower()}: give the period)"
        o = current.get(indicator.pk)
        rows.append({
            "indicator": indicator.code, "period": period, "area": "", "population_group": "",
            "value": o.value if o else None, "status": o.status if o else "provisional",
            "note": o.note if o else "", "expected": o.expected if o else "",
            "title": indicator.title + hint,
        })
    return rows


def return_xlsx(round_, organisation):
    book = Workbook()
    sheet = book.sheet("Return", widths=(12, 14, 10, 16, 12, 12, 40, 24, 60))
    columns = COLUMNS["return"]
    sheet.append(columns, style=BOLD)
    fill = Style(fill="FFF2CC")
    shaded = range(columns.index("value"), columns.index("expected") + 1)
    for row in return_rows(round_, organisation):
        # Numbers stay numbers (Decimals become int or float); text is never a formula.
        sheet.append([sheet.cell(row[name], style=fill) if index in shaded else row[name]
                      for index, name in enumerate(columns)])
    about = book.sheet("How to fill this in")
    for line in (
        [f"{organisation.name}: data return for {round_.name} ({round_.period})"],
        [f"Due by {round_.due:%-d %B %Y}" if round_.due else "Please return as soon as you can."],
        ["Fill in the shaded columns of the first sheet: value, status (provisional or final), note and, for "
         "a figure not yet available, when it is expected."],
        ["Type values, not formulas. Do not change the indicator codes or the column headings."],
        ["Rows left without a value or an expected date are skipped."],
        ["Upload the file at Import and export, choosing 'Data return'."],
    ):
        about.append(line)
    return book.to_bytes()
