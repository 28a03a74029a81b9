# Participatory budgeting that survives an audit, step 2 of 3 (data): each round its own salt, and results
# published before the upgrade kept as published counts.

import datetime
import hashlib
import json
import secrets

from django.db import migrations


def salt_each_round(apps, schema_editor):
    """AddField gave every existing round the same salt; give each its own.

    Voters recorded before were hashed with the site's key and their addresses are not kept, so they cannot be
    hashed again: in a round still voting, someone who had voted could vote again. Refuse to upgrade then."""
    BudgetRound = apps.get_model("funding", "BudgetRound")
    today = datetime.date.today()
    open_with_votes = BudgetRound.objects.filter(voting_from__lte=today, counting_from__gt=today,
                                                 voters__has_voted=True).distinct()
    if open_with_votes.exists():
        names = ", ".join(r.name for r in open_with_votes)
        raise RuntimeError(f"Voting is open in {names}, and votes were cast before this upgrade. Upgrade once "
                           "voting has closed (voters' hashes change, so who has voted could not be told).")
    for round_ in BudgetRound.objects.all():
        round_.voter_salt = secrets.token_hex(32)
        round_.save(update_fields=["voter_salt"])


def keep_published_results(apps, schema_editor):
    """Results worked out before this migration were published as soon as they were computed: keep them as
    published counts, with the fingerprint of the ballots and costs they were made from."""
    BudgetRound = apps.get_model("funding", "BudgetRound")
    BudgetResult = apps.get_model("funding", "BudgetResult")
    BallotChoice = apps.get_model("funding", "BallotChoice")
    for round_ in BudgetRound.objects.filter(results_computed_at__isnull=False):
        bids = list(round_.bids.filter(eligibility="eligible").order_by("submitted_at", "pk"))
        chosen = {}
        for ballot_id, bid_id in BallotChoice.objects.filter(ballot__round=round_).values_list("ballot_id", "bid_id"):
            chosen.setdefault(ballot_id, set()).add(bid_id)
        ballots = list(chosen.values())
        completion = "none" if round_.rule == "equal_shares" else ""  # counted without completion then
        payload = {"budget": str(round_.total_budget), "rule": round_.rule, "completion": completion,
                   "costs": sorted([b.pk, str(b.amount)] for b in bids),
                   "ballots": sorted(sorted(ballot) for ballot in ballots)}
        spent = sum((b.amount for b in bids if b.funded), 0)
        BudgetResult.objects.create(
            round=round_, rule=round_.rule, completion=completion,
            fingerprint=hashlib.sha256(json.dumps(payload, separators=(",", ":")).encode()).hexdigest(),
            ballot_count=len(ballots), budget=round_.total_budget, spent=spent, left=round_.total_budget - spent,
            rows=[{"bid": b.pk, "title": b.title, "cost": str(b.amount), "votes": b.votes, "funded": bool(b.funded),
                   "explanation": b.explanation} for b in sorted(bids, key=lambda b: (-b.votes, b.submitted_at))],
            computed_at=round_.results_computed_at, published_at=round_.results_computed_at)
        round_.results_published_at = round_.results_computed_at
        round_.completion = completion or "increase_then_greedy"
        round_.save(update_fields=["results_published_at", "completion"])


class Migration(migrations.Migration):

    dependencies = [("funding", "0006_pb_secret_ballots_frozen_results")]

    operations = [
        migrations.RunPython(salt_each_round, migrations.RunPython.noop),
        migrations.RunPython(keep_published_results, migrations.RunPython.noop),
    ]
