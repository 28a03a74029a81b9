# Participatory budgeting that survives an audit, step 3 of 3: the old results time goes (0007 kept what it
# said), and the database keeps a round's phases in order.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [("funding", "0007_pb_salts_and_published_results")]

    operations = [
        migrations.RemoveField(model_name="budgetround", name="results_computed_at"),
        migrations.AddConstraint(
            model_name="budgetround",
            constraint=models.CheckConstraint(
                condition=models.Q(("bids_open__lt", models.F("eligibility_from")),
                                   ("counting_from__lt", models.F("delivery_from")),
                                   ("eligibility_from__lt", models.F("voting_from")),
                                   ("voting_from__lt", models.F("counting_from"))),
                name="budget_round_phases_in_order"),
        ),
    ]
