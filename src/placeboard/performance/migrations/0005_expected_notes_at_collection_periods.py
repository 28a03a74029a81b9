"""Move "figure available Q4" notes stored at a quarter for an annual indicator to the year (issue 15).

Earlier demo loads stored such notes at the quarter the paper reported on (2009/10 Q2), a period an annual
indicator cannot have, so an export of the actuals would not import again. Only notes without a value are
moved, to the year of the indicator's kind that the quarter ends in, and only where that year has no
figure already (a year with a figure has said more than the note did)."""

from django.db import migrations

IN_YEAR = {"financial_quarter", "financial_half", "month"}
YEARLY = {"financial_year", "academic_year", "calendar_year"}


def move_notes(apps, schema_editor):
    from placeboard.performance.periods import parse_period, period_containing

    Observation = apps.get_model("performance", "Observation")
    notes = (Observation.objects.filter(value=None, indicator__collection_interval__in=YEARLY)
             .exclude(expected="").select_related("indicator"))
    for note in notes:
        period = parse_period(note.period)
        if period.kind.value not in IN_YEAR:
            continue
        year = period_containing(note.indicator.collection_interval, period.end)
        taken = Observation.objects.filter(indicator=note.indicator, period=year.label, area=note.area,
                                           population_group=note.population_group).exists()
        if not taken:
            note.period, note.period_start, note.period_end = year.label, year.start, year.end
            note.save(update_fields=["period", "period_start", "period_end"])


class Migration(migrations.Migration):

    dependencies = [
        ("performance", "0004_judgement_statuses"),
    ]

    operations = [
        migrations.RunPython(move_notes, migrations.RunPython.noop),
    ]
