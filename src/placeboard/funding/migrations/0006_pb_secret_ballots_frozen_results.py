# Participatory budgeting that survives an audit, step 1 of 3 (schema): a holding table for ballots, voting codes,
# per-round salts, counting phases, and counts kept with a fingerprint. The data moves in 0007; 0008 drops what
# it replaced. Three steps, because PostgreSQL cannot alter a table with row changes pending in the same
# transaction.

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import placeboard.funding.models


class Migration(migrations.Migration):

    dependencies = [
        ("funding", "0005_bid_attachments_project_photos"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("budgetround", "results_from", "counting_from"),
        migrations.AlterField(
            model_name="budgetround", name="counting_from",
            field=models.DateField(help_text="Voting ends the day before; counting starts on this day.",
                                   verbose_name="voting closes on"),
        ),
        migrations.AlterField(
            model_name="budgetround", name="delivery_from",
            field=models.DateField(help_text="Delivery starts on this day, once results are published."),
        ),
        migrations.AddField(
            model_name="budgetround", name="completion",
            field=models.CharField(
                choices=[("increase_then_greedy", "Raise each voter's share step by step while the projects bought "
                          "still fit the budget, then fund what still fits in order of votes"),
                         ("none", "None: equal shares alone, which may leave money unspent")],
                default="increase_then_greedy",
                help_text="How money equal shares leaves unspent is used. Only for the Method of Equal Shares.",
                max_length=30, verbose_name="completing equal shares"),
        ),
        migrations.AddField(
            model_name="budgetround", name="voter_check",
            field=models.CharField(choices=[("email", "An e-mail address"),
                                            ("email_postcode", "An e-mail address and a postcode in the board's area")],
                                   default="email", max_length=20, verbose_name="what voters give to vote online"),
        ),
        migrations.AddField(
            model_name="budgetround", name="paper_ballots_issued",
            field=models.PositiveIntegerField(
                default=0, help_text="No more paper ballots than this can be entered. It can change only until "
                                     "voting closes.", verbose_name="paper ballots issued"),
        ),
        migrations.AddField(
            model_name="budgetround", name="voter_salt",
            field=models.CharField(default=placeboard.funding.models.new_salt, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="budgetround", name="box_sealed",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="budgetround", name="results_published_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="ballot", name="source",
            field=models.CharField(choices=[("online", "Online"), ("paper", "Paper"), ("code", "Voting code")],
                                   max_length=10),
        ),
        migrations.CreateModel(
            name="PendingBallot",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("source", models.CharField(choices=[("online", "Online"), ("paper", "Paper"), ("code", "Voting code")],
                                            max_length=10)),
                ("choices", models.JSONField(help_text="The ids of the chosen bids.")),
                ("round", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                            related_name="pending_ballots", to="funding.budgetround")),
            ],
        ),
        migrations.CreateModel(
            name="VotingCode",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code_hash", models.CharField(max_length=64)),
                ("used", models.BooleanField(default=False)),
                ("round", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="voting_codes",
                                            to="funding.budgetround")),
            ],
            options={"constraints": [models.UniqueConstraint(fields=("round", "code_hash"), name="voting_code_once")]},
        ),
        migrations.CreateModel(
            name="BudgetResult",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("rule", models.CharField(choices=[("greedy", "Most votes first, within the budget"),
                                                   ("equal_shares", "Method of Equal Shares")], max_length=20)),
                ("completion", models.CharField(
                    blank=True, max_length=30,
                    choices=[("increase_then_greedy", "Raise each voter's share step by step while the projects "
                              "bought still fit the budget, then fund what still fits in order of votes"),
                             ("none", "None: equal shares alone, which may leave money unspent")])),
                ("fingerprint", models.CharField(help_text="SHA-256 of the budget, rule, costs and ballots.",
                                                 max_length=64)),
                ("ballot_count", models.PositiveIntegerField()),
                ("budget", models.DecimalField(decimal_places=2, max_digits=12)),
                ("spent", models.DecimalField(decimal_places=2, max_digits=12)),
                ("left", models.DecimalField(decimal_places=2, max_digits=12)),
                ("left_note", models.TextField(blank=True)),
                ("rows", models.JSONField(help_text="Each eligible bid: id, cost, votes, funded and the reason.")),
                ("computed_at", models.DateTimeField()),
                ("published_at", models.DateTimeField(blank=True, null=True)),
                ("voided_at", models.DateTimeField(blank=True, null=True)),
                ("void_reason", models.TextField(blank=True)),
                ("computed_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                                  related_name="+", to=settings.AUTH_USER_MODEL)),
                ("published_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                                   related_name="+", to=settings.AUTH_USER_MODEL)),
                ("voided_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                                related_name="+", to=settings.AUTH_USER_MODEL)),
                ("round", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="results",
                                            to="funding.budgetround")),
            ],
            options={
                "ordering": ["computed_at", "pk"],
                "constraints": [
                    models.UniqueConstraint(condition=models.Q(("voided_at__isnull", True)), fields=("round",),
                                            name="budget_result_one_in_force"),
                    models.CheckConstraint(condition=models.Q(("voided_at__isnull", True),
                                                              models.Q(("void_reason", ""), _negated=True),
                                                              _connector="OR"),
                                           name="budget_result_void_has_reason"),
                ],
            },
        ),
    ]
