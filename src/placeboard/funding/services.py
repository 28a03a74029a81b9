"""Writes spanning several models, each atomic and audited."""

import hashlib
import hmac
import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from placeboard.core import audit

STREAM_FIELDS = ["name", "theme", "arrangement", "pooling", "previously_pooled", "heading", "position", "outcomes", "note"]
AMOUNT_FIELDS = ["year", "capital", "revenue", "note"]


@transaction.atomic
def _save_with_children(user, form, formset, fields, child_fields):
    """Save an object and its inline formset from valid forms; one audit event per thing changed.

    Children are re-read after saving so money is compared as stored (2 places), not as typed."""
    creating = form.instance.pk is None
    before = {} if creating else audit.snapshot(form.instance, fields)
    parent = form.save()
    changes = audit.diff(before, audit.snapshot(parent, fields))
    if creating or changes:
        audit.record(user, "create" if creating else "update", parent, changes)
    formset.instance = parent
    # Read afresh: the formset's own instances already hold the typed values.
    old = {c.pk: audit.snapshot(c, child_fields) for c in formset.model.objects.filter(**{formset.fk.name: parent})}
    for child in formset.save(commit=False):
        setattr(child, formset.fk.name, parent)
        child.save()
        child.refresh_from_db()
        was = old.get(child.pk, {})
        changes = audit.diff(was, audit.snapshot(child, child_fields))
        if changes:
            audit.record(user, "update" if was else "create", child, changes, partnership=parent.partnership)
    for child in formset.deleted_objects:
        audit.record(user, "delete", child, audit.diff({}, old.get(child.pk, {})), partnership=parent.partnership)
        child.delete()
    return parent


def save_stream(user, form, formset):
    """Save a stream and its yearly amounts from valid forms."""
    return _save_with_children(user, form, formset, STREAM_FIELDS, AMOUNT_FIELDS)


@transaction.atomic
def delete_stream(user, stream):
    audit.record(user, "delete", stream, audit.diff({}, audit.snapshot(stream, STREAM_FIELDS)))
    stream.delete()


# Participatory budgeting



def today():
    return timezone.localdate()


def keyed_hash(kind, value):
    """HMAC of a normalised value with the site's secret key, so the database never holds the e-mail or token."""
    key = hashlib.sha256(f"placeboard-pb-{kind}:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, value.strip().lower().encode(), hashlib.sha256).hexdigest()


def require_phase(round_, phase, doing, day=None):
    current = round_.phase_on(day or today())
    if current != phase:
        raise ValidationError(f"{doing} is only possible during the {dict(round_.PHASES)[phase].lower()} phase; "
                              f"this round is in: {round_.phase_label_on(day or today()).lower()}.")


@transaction.atomic
def submit_bid(form, round_, day=None):
    """Save a resident's bid from a valid form, during the bids phase and within the budget."""
    from placeboard.funding.models import BidAttachment, BudgetRound

    round_ = BudgetRound.objects.select_for_update().get(pk=round_.pk)
    require_phase(round_, "bids", "Sending a bid", day)
    if form.cleaned_data["amount"] > round_.total_budget:
        raise ValidationError(f"A bid cannot ask for more than the round's whole budget of £{round_.total_budget:,.2f}.")
    bid = form.save(commit=False)
    bid.round = round_
    bid.save()
    form.save_m2m()
    audit.record(None, "create", bid, {"submitted": ["", "bid submitted by its applicant"], "amount": ["", str(bid.amount)], "applicant": ["", bid.applicant]},
                 partnership=round_.partnership)
    for checked in getattr(form, "checked_files", []):
        attachment = BidAttachment.objects.create(bid=bid, filename=checked.filename, content=checked.content,
                                                  content_type=checked.content_type, size=len(checked.content))
        audit.record(None, "create", attachment, {"file": ["", attachment.filename], "bid": ["", bid.title]},
                     partnership=round_.partnership)
    return bid


@transaction.atomic
def decide_eligibility(user, bid, eligibility, reason):
    if bid.round.phase_on(today()) not in ("bids", "eligibility"):
        raise ValidationError("Eligibility is settled before voting starts; it cannot change now.")
    if eligibility not in ("eligible", "ineligible"):
        raise ValidationError("Choose eligible or not eligible.")
    if not reason.strip():
        raise ValidationError("Give the reason for the decision.")
    before = [bid.get_eligibility_display(), bid.eligibility_reason]
    bid.eligibility, bid.eligibility_reason = eligibility, reason.strip()
    bid.save(update_fields=["eligibility", "eligibility_reason"])
    audit.record(user, "update", bid, {"eligibility": [before[0], bid.get_eligibility_display()],
                                                     "reason": [before[1], bid.eligibility_reason]},
                 partnership=bid.round.partnership)


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


def request_vote(round_, email, build_link, day=None):
    """Send a voting link to an e-mail address not yet used in this round. Returns True if a link was sent.

    The address is stored only as a keyed hash; the link's token likewise."""
    from django.core.mail import send_mail

    from placeboard.funding.models import Voter

    require_phase(round_, "voting", "Voting", day)
    email_hash = keyed_hash("email", email)
    token = secrets.token_urlsafe(24)
    with transaction.atomic():
        # Lock the round so two requests for the same new address cannot both insert it.
        type(round_).objects.select_for_update().filter(pk=round_.pk).first()
        voter = Voter.objects.select_for_update().filter(round=round_, email_hash=email_hash).first()
        if voter is not None and voter.has_voted:
            return False
        if voter is None:
            voter = Voter(round=round_, email_hash=email_hash)
        voter.token_hash = keyed_hash("token", token)
        voter.save()
    send_mail(f"Your vote in {round_.name}", f"Use this link to vote in {round_.name} for {round_.board.name}:\n\n"
              f"{build_link(token)}\n\nThe link works once. Your ballot is secret: it is not stored with your "
              "e-mail address.", None, [email])
    return True


def voter_for_token(round_, token):
    from placeboard.funding.models import Voter

    return Voter.objects.filter(round=round_, token_hash=keyed_hash("token", token)).first()


@transaction.atomic
def cast_ballot(round_, token, bids, day=None):
    """An online ballot from a verified voter: once only, within the rules, in the voting phase."""
    from placeboard.funding.models import Ballot, Voter

    require_phase(round_, "voting", "Voting", day)
    voter = Voter.objects.select_for_update().filter(round=round_, token_hash=keyed_hash("token", token)).first()
    if voter is None:
        raise ValidationError("This voting link is not valid. Ask for a new one.")
    if voter.has_voted:
        raise ValidationError("A ballot has already been cast with this e-mail address. Each person votes once.")
    bids = check_choices(round_, bids)
    voter.has_voted = True
    voter.save(update_fields=["has_voted"])
    ballot = Ballot.objects.create(id=uuid.uuid4(), round=round_, source=Ballot.Source.ONLINE)
    ballot.bids.set(bids)
    return ballot


@transaction.atomic
def enter_paper_ballot(user, round_, bids, day=None):
    """A paper ballot from a meeting, typed in by staff. Audited as entered by them; its choices stay secret."""
    from placeboard.funding.models import Ballot

    require_phase(round_, "voting", "Entering a paper ballot", day)
    bids = check_choices(round_, bids)
    ballot = Ballot.objects.create(id=uuid.uuid4(), round=round_, source=Ballot.Source.PAPER)
    ballot.bids.set(bids)
    name = user.get_full_name() or user.get_username()
    audit.record(user, "create", round_, {"paper ballot": ["", f"paper ballot entered by {name}"]})
    return ballot


def results_under(round_, rule):
    """(eligible bids, pb.results under the rule, number of ballots): three queries."""
    from placeboard.funding import pb
    from placeboard.funding.models import Ballot

    bids = list(round_.bids.filter(eligibility="eligible"))
    chosen = {}
    for ballot_id, bid_id in Ballot.bids.through.objects.filter(ballot__round=round_).values_list("ballot_id", "bid_id"):
        chosen.setdefault(ballot_id, set()).add(bid_id)
    return bids, pb.results(rule, round_.total_budget, {b.pk: b.amount for b in bids}, list(chosen.values())), len(chosen)


@transaction.atomic
def compute_results(user, round_, day=None):
    """Count the ballots, apply the round's rule with pabutools and store each bid's result and explanation."""
    from placeboard.funding.models import Bid

    if (day or today()) < round_.results_from:
        raise ValidationError(f"Results can be worked out from {round_.results_from:%-d %B %Y}, when voting has closed.")
    bids, outcome, ballot_count = results_under(round_, round_.rule)
    by_pk = {b.pk: b for b in bids}
    for r in outcome:
        bid = by_pk[r.key]
        bid.votes, bid.funded, bid.explanation = r.votes, r.funded, r.explanation
    Bid.objects.bulk_update(bids, ["votes", "funded", "explanation"])
    others = round_.bids.exclude(eligibility="eligible")
    for bid in others:
        bid.votes, bid.funded = 0, False
        bid.explanation = f"Not on the ballot: found not eligible ({bid.eligibility_reason or 'not checked'})."
    Bid.objects.bulk_update(list(others), ["votes", "funded", "explanation"])
    round_.results_computed_at = timezone.now()
    round_.save(update_fields=["results_computed_at"])
    funded = [r for r in outcome if r.funded]
    audit.record(user, "update", round_, {"results": ["", "computed and published"],
        "rule": ["", round_.get_rule_display()], "ballots": ["", str(ballot_count)],
        "funded": ["", ", ".join(by_pk[r.key].title for r in funded)]})
    return outcome


@transaction.atomic
def add_project_update(user, bid, date, note, progress, spent, photos=()):
    """A progress note on a funded project, with photos as (checked file, description) pairs."""
    from placeboard.funding.models import ProjectPhoto, ProjectUpdate

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


PLAN_FIELDS = ["title", "status", "adopted_on", "review_by", "url"]
PRIORITY_FIELDS = ["title", "theme"]


def save_plan(user, form, formset):
    """Save a community plan and its priorities from valid forms."""
    return _save_with_children(user, form, formset, PLAN_FIELDS, PRIORITY_FIELDS)
