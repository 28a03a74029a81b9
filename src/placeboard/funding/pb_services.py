"""Participatory budgeting's writes: bids, eligibility, voting, the ballot box, counting and results.

How the ballot box keeps ballots secret, and what it cannot promise, is in docs/funding.md ("Threat model").
In short: a voter is marked as having voted in one transaction, the ballot is written to a holding table in
another, and ballots move into the box in shuffled batches (all of a round's ballots again when voting
closes), so no transaction id, row order, id or time in the box says whose a ballot is."""

import hashlib
import json
import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import DatabaseError, connection, transaction
from django.db.models import Count, Sum
from django.utils import timezone

from placeboard.core import audit
from placeboard.funding import pabulib, pb, voters
from placeboard.funding.models import (
    Ballot,
    BallotChoice,
    Bid,
    BidAttachment,
    BudgetResult,
    BudgetRound,
    PendingBallot,
    ProjectPhoto,
    ProjectUpdate,
    Voter,
    VotingCode,
)
from placeboard.funding.services import today

_shuffle = secrets.SystemRandom().shuffle
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread on paper
CODE_LENGTH = 10  # 50 bits: guessing one of a few hundred live codes stays hopeless behind the rate limit


def require_phase(round_, phases, doing, day=None):
    phases = (phases,) if isinstance(phases, str) else phases
    day = day or today()
    if round_.phase_on(day) not in phases:
        names = " or ".join(dict(BudgetRound.PHASES)[p].lower() for p in phases)
        raise ValidationError(f"{doing} is only possible during the {names} phase. "
                              f"Current stage: {round_.phase_label_on(day)}.")


def _locked(round_):
    return BudgetRound.objects.select_for_update().select_related("board", "partnership").get(pk=round_.pk)


# Bids


def round_upload_total(round_):
    return BidAttachment.objects.filter(bid__round=round_).aggregate(total=Sum("size"))["total"] or 0


@transaction.atomic
def submit_bid(form, round_, day=None):
    """Save a resident's bid from a valid form, during the bids phase, within the budget and the round's
    total upload cap."""
    round_ = _locked(round_)
    require_phase(round_, "bids", "Sending a bid", day)
    if form.cleaned_data["amount"] > round_.total_budget:
        raise ValidationError(f"A bid cannot ask for more than the round's whole budget of {pb.pounds(round_.total_budget)}.")
    files = getattr(form, "checked_files", [])
    incoming = sum(len(f.content) for f in files)
    if incoming and round_upload_total(round_) + incoming > settings.PB_ROUND_UPLOAD_MAX_BYTES:
        raise ValidationError("This round cannot take more files: its bids' files have reached the round's limit. "
                              "Send the bid without files, with a link to your documents instead.")
    bid = form.save(commit=False)
    bid.round = round_
    bid.save()
    form.save_m2m()
    audit.record(None, "create", bid, {"submitted": ["", "bid submitted by its applicant"],
                                       "amount": ["", str(bid.amount)], "applicant": ["", bid.applicant]},
                 partnership=round_.partnership)
    for checked in files:
        attachment = BidAttachment.objects.create(bid=bid, filename=checked.filename, content=checked.content,
                                                  content_type=checked.content_type, size=len(checked.content))
        audit.record(None, "create", attachment, {"file": ["", attachment.filename], "bid": ["", bid.title]},
                     partnership=round_.partnership)
    return bid


@transaction.atomic
def decide_eligibility(user, bid, eligibility, reason):
    # The round locked, so a decision cannot land as voting opens; the bid read again under the lock, so when two
    # people decide at once the audit's "before" is what the first of them saved, not what both saw.
    if not _locked(bid.round).eligibility_open(today()):
        raise ValidationError("Eligibility is settled before voting starts; it cannot change now.")
    if eligibility not in ("eligible", "ineligible"):
        raise ValidationError("Choose eligible or not eligible.")
    if not reason.strip():
        raise ValidationError("Give the reason for the decision.")
    bid = Bid.objects.select_for_update(of=("self",)).select_related("round__partnership").get(pk=bid.pk)
    before = [bid.get_eligibility_display(), bid.eligibility_reason]
    bid.eligibility, bid.eligibility_reason = eligibility, reason.strip()
    bid.save(update_fields=["eligibility", "eligibility_reason"])
    audit.record(user, "update", bid, {"eligibility": [before[0], bid.get_eligibility_display()],
                                       "reason": [before[1], bid.eligibility_reason]},
                 partnership=bid.round.partnership)


# Who may vote


def check_choices(round_, bids):
    """The round's ballot rules: eligible bids of this round, no more than the maximum, or within the budget."""
    bids = list(bids)
    if not bids:
        raise ValidationError("Choose at least one project.")
    if any(b.round_id != round_.pk or b.eligibility != "eligible" for b in bids):
        raise ValidationError("Choose only projects on this round's ballot.")
    if round_.ballot_type == "approval" and len(bids) > round_.max_projects:
        raise ValidationError(f"Choose no more than {round_.max_projects} projects; you chose {len(bids)}.")
    if round_.ballot_type == "within_budget":
        total = sum((b.amount for b in bids), Decimal(0))
        if total > round_.total_budget:
            raise ValidationError(f"The projects you chose cost £{total:,.2f} in all, more than the budget of "
                                  f"£{round_.total_budget:,.2f}. Choose fewer.")
    return bids


def voter_email(email):
    """The address as the one-vote rule sees it (docs/funding.md), or a ValidationError."""
    try:
        return voters.normalise_email(email, settings.PB_EMAIL_DOTLESS_DOMAINS)
    except voters.NotAnAddress as exc:
        raise ValidationError(str(exc)) from None


def request_vote(round_, email, build_link, day=None):
    """Send a voting link to an address not yet used in this round. Returns True if a link was sent.

    The address and the link's token are stored only as hashes keyed with the round's salt. Postcode
    checks, when the round asks for them, are the form's (funding.forms.VoteRequestForm)."""
    require_phase(round_, "voting", "Voting", day)
    email_hash = voters.keyed_hash(round_.voter_salt, "email", voter_email(email))
    token = secrets.token_urlsafe(24)
    with transaction.atomic():
        # Lock the round so two requests for the same new address cannot both insert it.
        _locked(round_)
        voter = Voter.objects.select_for_update().filter(round=round_, email_hash=email_hash).first()
        if voter is not None and voter.has_voted:
            return False
        if voter is None:
            voter = Voter(round=round_, email_hash=email_hash)
        voter.token_hash = voters.keyed_hash(round_.voter_salt, "token", token)
        voter.save()
    send_mail(f"Your vote in {round_.name}", f"Use this link to vote in {round_.name} for {round_.board.name}:\n\n"
              f"{build_link(token)}\n\nThe link works once. Your ballot is secret: it is not stored with your "
              "e-mail address.", None, [email])
    return True


def voter_for_token(round_, token):
    return Voter.objects.filter(round=round_, token_hash=voters.keyed_hash(round_.voter_salt, "token", token)).first()


def code_for(round_, code):
    code = voters.normalise_code(code)
    if not code:
        return None
    return VotingCode.objects.filter(round=round_, code_hash=voters.keyed_hash(round_.voter_salt, "code", code)).first()


ALREADY_VOTED = {"token": "A ballot has already been cast with this e-mail address. Each person votes once.",
                 "code": "This voting code has been used. Each code casts one ballot."}
NOT_VALID = {"token": "This voting link is not valid. Ask for a new one.",
             "code": "This voting code is not valid. Check it against the card you were given."}


@transaction.atomic
def issue_codes(user, round_, count):
    """Make `count` one-time voting codes for an event. Returns them in clear, once: only hashes are kept."""
    round_ = _locked(round_)
    if round_.voting_closed(today()):
        raise ValidationError("Voting codes can be issued only until voting closes.")
    if not 1 <= count <= 2000:
        raise ValidationError("Issue between 1 and 2,000 codes at a time.")
    codes = set()
    while len(codes) < count:
        codes.add("".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)))
    VotingCode.objects.bulk_create([VotingCode(round=round_, code_hash=voters.keyed_hash(round_.voter_salt, "code", c))
                                    for c in codes])
    audit.record(user, "update", round_, {"voting codes issued": ["", str(count)]})
    return sorted(f"{c[:4]}-{c[4:8]}-{c[8:]}" for c in codes)


def _claim(round_, kind, secret, day):
    """Mark the link's voter, or the code, as used, in a transaction of its own: nothing else is written in it."""
    with transaction.atomic():
        require_phase(_locked(round_), "voting", "Voting", day)
        if kind == "token":
            digest = voters.keyed_hash(round_.voter_salt, "token", secret)
            holder = Voter.objects.select_for_update().filter(round=round_, token_hash=digest).first()
            used = holder is not None and holder.has_voted
        else:
            digest = voters.keyed_hash(round_.voter_salt, "code", voters.normalise_code(secret))
            holder = VotingCode.objects.select_for_update().filter(round=round_, code_hash=digest).first()
            used = holder is not None and holder.used
        if holder is None:
            raise ValidationError(NOT_VALID[kind])
        if used:
            raise ValidationError(ALREADY_VOTED[kind])
        type(holder).objects.filter(pk=holder.pk).update(**{"has_voted" if kind == "token" else "used": True})
    return holder


def cast_ballot(round_, bids, *, token=None, code=None, day=None):
    """An online ballot from a verified voter (a link's token) or a voting code: once only, within the rules,
    while voting is open. Call it outside any transaction: the separate transactions are the point."""
    kind, secret = ("token", token) if token is not None else ("code", code)
    bids = check_choices(round_, bids)
    holder = _claim(round_, kind, secret, day)
    try:
        with transaction.atomic():
            PendingBallot.objects.create(round=round_, source="online" if kind == "token" else "code",
                                         choices=sorted(b.pk for b in bids))
    except DatabaseError:
        # Give the vote back rather than lose it; the voter can try again.
        type(holder).objects.filter(pk=holder.pk).update(**{"has_voted" if kind == "token" else "used": False})
        raise
    mix_ballots(round_)


@transaction.atomic
def enter_paper_ballot(user, round_, bids, day=None):
    """A paper ballot typed in by staff, while voting is open or during counting, and never more than the
    ballot papers issued. Audited as entered by them; its choices stay secret."""
    round_ = _locked(round_)
    require_phase(round_, ("voting", "counting"), "Entering a paper ballot", day)
    bids = check_choices(round_, bids)
    entered = paper_ballot_count(round_)
    if entered >= round_.paper_ballots_issued:
        raise ValidationError(f"All {round_.paper_ballots_issued} paper ballots issued have been entered. "
                              "Record more ballot papers as issued (possible only while voting is open) first.")
    PendingBallot.objects.create(round=round_, source="paper", choices=sorted(b.pk for b in bids))
    name = user.get_full_name() or user.get_username()
    audit.record(user, "create", round_, {"paper ballot": ["", f"paper ballot entered by {name}"]})
    # During counting the box is sealed; a paper ballot goes straight in (it has no voter to hide).
    mix_ballots(round_, force=round_.phase_on(day or today()) == "counting")


def paper_ballot_count(round_):
    return (Ballot.objects.filter(round=round_, source="paper").count()
            + PendingBallot.objects.filter(round=round_, source="paper").count())


# The ballot box


def mix_ballots(round_, *, force=False, everything=False):
    """Move the waiting ballots into the box in one shuffled batch, once there are PB_MIX_BATCH of them (or
    when forced); with everything, take every ballot already in the box out and mix them all in again.
    Returns the number of ballots written."""
    with transaction.atomic():
        round_ = _locked(round_)
        pending = list(PendingBallot.objects.filter(round=round_).values_list("pk", "source", "choices"))
        if not everything and (not pending or not (force or len(pending) >= settings.PB_MIX_BATCH)):
            return 0
        items = [(source, list(choices)) for _, source, choices in pending]
        if everything:
            boxed = {}
            for ballot_id, source, bid_id in BallotChoice.objects.filter(ballot__round=round_).values_list(
                    "ballot_id", "ballot__source", "bid_id"):
                boxed.setdefault(ballot_id, (source, []))[1].append(bid_id)
            items += list(boxed.values())
            BallotChoice.objects.filter(ballot__round=round_).delete()
            Ballot.objects.filter(round=round_).delete()
        PendingBallot.objects.filter(pk__in=[pk for pk, _, _ in pending]).delete()
        _shuffle(items)
        ballots = [Ballot(id=uuid.uuid4(), round=round_, source=source) for source, _ in items]
        Ballot.objects.bulk_create(ballots)
        BallotChoice.objects.bulk_create([BallotChoice(ballot=ballot, bid_id=bid_id)
                                          for ballot, (_, chosen) in zip(ballots, items) for bid_id in chosen])
        transaction.on_commit(_vacuum_holding_table)
        return len(ballots)


def _vacuum_holding_table():
    """Best effort: let PostgreSQL reclaim the deleted holding rows now rather than at the next autovacuum."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM {PendingBallot._meta.db_table}")
        except DatabaseError:
            pass  # vacuuming is hygiene, never a reason to fail a vote


def seal_ballot_box(round_, day=None):
    """Once voting has closed, mix every ballot of the round into one batch, once. Idempotent."""
    if round_.box_sealed or not round_.voting_closed(day or today()):
        return False
    with transaction.atomic():
        round_ = _locked(round_)
        if round_.box_sealed:
            return False
        mix_ballots(round_, everything=True)
        BudgetRound.objects.filter(pk=round_.pk).update(box_sealed=True)
    return True


def ballot_sources(round_):
    """Ballots in the box by source, and the paper ballots and codes issued: what the public sees beside the
    count, so no extra ballots can hide behind a total. Three queries."""
    counts = dict(Ballot.objects.filter(round=round_).order_by().values_list("source").annotate(n=Count("pk")))
    return {"online": counts.get("online", 0), "paper": counts.get("paper", 0), "code": counts.get("code", 0),
            "paper_issued": round_.paper_ballots_issued,
            "codes_issued": VotingCode.objects.filter(round=round_).count()}


def ballot_count(round_):
    return Ballot.objects.filter(round=round_).count() + PendingBallot.objects.filter(round=round_).count()


# Counting and results


def count_inputs(round_):
    """(eligible bids, ballots as sets of bid ids), from the box: two queries."""
    bids = list(round_.bids.filter(eligibility="eligible").order_by("submitted_at", "pk"))
    chosen = {}
    for ballot_id, bid_id in BallotChoice.objects.filter(ballot__round=round_).values_list("ballot_id", "bid_id"):
        chosen.setdefault(ballot_id, set()).add(bid_id)
    return bids, list(chosen.values())


def fingerprint(round_, bids, ballots, rule, completion):
    """SHA-256 of everything a count depends on, independent of the order ballots are stored in."""
    payload = {"budget": str(round_.total_budget), "rule": rule, "completion": completion,
               "costs": sorted([b.pk, str(b.amount)] for b in bids),
               "ballots": sorted(sorted(ballot) for ballot in ballots)}
    return hashlib.sha256(json.dumps(payload, separators=(",", ":")).encode()).hexdigest()


def outcome_under(round_, rule, completion=None):
    """(eligible bids, pb.RoundOutcome, ballots) under a rule, from the box."""
    completion = round_.completion if completion is None else completion
    bids, ballots = count_inputs(round_)
    costs = {b.pk: b.amount for b in bids}
    return bids, pb.count(rule, round_.total_budget, costs, ballots, completion=completion), ballots


def result_in_force(round_):
    return BudgetResult.objects.filter(round=round_, voided_at__isnull=True).first()


@transaction.atomic
def compute_results(user, round_, day=None):
    """Count the ballots once voting has closed, by the round's rule, and keep the count with a fingerprint of
    its inputs. Counting again is possible until the results are published, never after."""
    day = day or today()
    seal_ballot_box(round_, day)
    round_ = _locked(round_)
    if round_.published:
        raise ValidationError("The results are published and cannot be counted again. If they are wrong, void "
                              "them, giving the reason; the public page then says so.")
    require_phase(round_, "counting", "Counting the votes", day)
    # A ballot claimed just before voting closed may arrive after sealing: mix it in with all the others, never
    # alone, where it would be its own batch. (A paper ballot entered during counting has no voter to hide.)
    if PendingBallot.objects.filter(round=round_).exclude(source="paper").exists():
        mix_ballots(round_, everything=True)
    mix_ballots(round_, force=True)
    bids, outcome, ballots = outcome_under(round_, round_.rule)
    titles = {b.pk: b.title for b in bids}
    rows = [{"bid": r.key, "title": titles[r.key], "cost": str(r.cost), "votes": r.votes, "funded": r.funded,
             "explanation": r.explanation} for r in outcome.projects]
    other = next(rule for rule in BudgetRound.Rule if rule != round_.rule)
    other_projects = pb.count(other, round_.total_budget, {b.pk: b.amount for b in bids}, ballots,
                              completion=round_.completion).projects
    values = {"rule": round_.rule, "completion": outcome.completion, "ballot_count": len(ballots),
              "other_rule_funded": [titles[r.key] for r in other_projects if r.funded],
              "sources": ballot_sources(round_),
              "budget": round_.total_budget, "spent": outcome.spent, "left": outcome.left,
              "left_note": outcome.left_note, "rows": rows, "computed_at": timezone.now(),
              "computed_by": user if user is not None and user.is_authenticated else None,
              "fingerprint": fingerprint(round_, bids, ballots, round_.rule, outcome.completion)}
    result = result_in_force(round_)
    if result is None:
        result = BudgetResult.objects.create(round=round_, **values)
    else:
        for name, value in values.items():
            setattr(result, name, value)
        result.save()
    audit.record(user, "update", round_, {
        "results": ["", "counted, not yet published"], "rule": ["", round_.get_rule_display()],
        "ballots": ["", str(len(ballots))], "fingerprint": ["", result.fingerprint],
        "funded": ["", ", ".join(r["title"] for r in rows if r["funded"])]})
    return result


@transaction.atomic
def publish_results(user, round_, day=None):
    """Publish the count in force, if nothing it was made from has changed since. Publishing freezes it."""
    round_ = _locked(round_)
    if round_.published:
        raise ValidationError("The results are already published.")
    require_phase(round_, "counting", "Publishing results", day)
    result = result_in_force(round_)
    if result is None:
        raise ValidationError("Count the votes before publishing the results.")
    bids, ballots = count_inputs(round_)
    if PendingBallot.objects.filter(round=round_).exists() or fingerprint(
            round_, bids, ballots, result.rule, result.completion) != result.fingerprint:
        raise ValidationError("Ballots, costs or the rule have changed since the votes were counted. Count them "
                              "again, then publish.")
    now = timezone.now()
    result.published_at, result.published_by = now, (user if user is not None and user.is_authenticated else None)
    result.save(update_fields=["published_at", "published_by"])
    by_pk = {row["bid"]: row for row in result.rows}
    all_bids = list(round_.bids.all())
    for bid in all_bids:
        row = by_pk.get(bid.pk)
        if row:
            bid.votes, bid.funded, bid.explanation = row["votes"], row["funded"], row["explanation"]
        else:
            bid.votes, bid.funded = 0, False
            bid.explanation = f"Not on the ballot: found not eligible ({bid.eligibility_reason or 'not checked'})."
    Bid.objects.bulk_update(all_bids, ["votes", "funded", "explanation"])
    round_.results_published_at = now
    round_.save(update_fields=["results_published_at"])
    audit.record(user, "update", round_, {"results": ["counted", "published"], "fingerprint": ["", result.fingerprint]})
    return result


@transaction.atomic
def void_results(user, round_, reason):
    """Withdraw published results, with a reason the public page shows. The round goes back to counting."""
    round_ = _locked(round_)
    result = result_in_force(round_)
    if not round_.published or result is None or result.published_at is None:
        raise ValidationError("Only published results can be voided.")
    if not reason.strip():
        raise ValidationError("Give the reason the results are void; it is published with the notice.")
    result.voided_at, result.void_reason = timezone.now(), reason.strip()
    result.voided_by = user if user is not None and user.is_authenticated else None
    result.save(update_fields=["voided_at", "void_reason", "voided_by"])
    round_.bids.update(votes=0, funded=None, explanation="")
    round_.results_published_at = None
    round_.save(update_fields=["results_published_at"])
    audit.record(user, "update", round_, {"results": ["published", "void"], "reason": ["", result.void_reason]})
    return result


@transaction.atomic
def add_project_update(user, bid, date, note, progress, spent, photos=()):
    """A progress note on a funded project, with photos as (checked file, description) pairs."""
    # Read again under a lock: two people recording progress at once each see the other's figures as "before".
    bid = Bid.objects.select_for_update(of=("self",)).select_related("round__partnership").get(pk=bid.pk)
    if not bid.funded:
        raise ValidationError("Only funded projects are tracked.")
    update = ProjectUpdate.objects.create(bid=bid, date=date, note=note, progress=progress, spent=spent)
    before = [bid.get_progress_display(), str(bid.spent)]
    bid.progress, bid.spent = progress, spent
    bid.save(update_fields=["progress", "spent"])
    audit.record(user, "update", bid, {"progress": [before[0], bid.get_progress_display()],
                                       "spent": [before[1], str(spent)], "note": ["", note]},
                 partnership=bid.round.partnership)
    for checked, alt_text in photos:
        if not alt_text.strip():
            raise ValidationError(f"Describe what {checked.filename} shows, for people who cannot see it.")
        photo = ProjectPhoto.objects.create(update=update, filename=checked.filename, content=checked.content,
                                            content_type=checked.content_type, size=len(checked.content),
                                            alt_text=alt_text.strip(), uploaded_by=user)
        audit.record(user, "create", photo, {"file": ["", photo.filename], "description": ["", photo.alt_text],
                                             "project": ["", bid.title]}, partnership=bid.round.partnership)
    return update


def pabulib_text(round_):
    """The round as a Pabulib .pb file: eligible projects, costs and the ballots in the box, shuffled and
    numbered afresh, so the file says nothing about who voted or when."""
    bids, ballots = count_inputs(round_)
    meta = {"description": f"{round_.name}, {round_.board.name}", "country": "United Kingdom",
            "unit": round_.board.area.name if round_.board.area else round_.board.name,
            "instance": f"{round_.partnership.slug}-{round_.pk}", "budget": round_.total_budget,
            "rule": {"greedy": "greedy", "equal_shares": "equal-shares"}[round_.rule],
            "date_begin": round_.voting_from.isoformat(), "date_end": round_.counting_from.isoformat()}
    if round_.ballot_type == "approval":
        meta["max_length"] = round_.max_projects
    return pabulib.dump(meta, [(b.pk, b.title, b.amount) for b in bids], ballots)
