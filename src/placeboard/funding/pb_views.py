"""Participatory budgeting on the web: staff pages behind the gatekeepers, and the public pages residents use.

No view shows or looks up which ballot a voter cast: voters and ballots are never joined."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from placeboard.core import audit, uploads
from placeboard.core.access import get_partnership_for_user
from placeboard.core.models import Partnership
from placeboard.funding import services
from placeboard.funding.forms import (
    BallotForm,
    BidForm,
    BudgetRoundForm,
    EligibilityForm,
    ProjectUpdateForm,
    VoteRequestForm,
)
from placeboard.funding.models import PUBLIC_BIDS, Bid, BidAttachment, BudgetRound, ProjectPhoto, ProjectUpdate


def _round_for(request, slug, pk, *, run=False):
    access = get_partnership_for_user(request, slug)
    round_ = get_object_or_404(BudgetRound.objects.select_related("board", "partnership"),
                               partnership=access.partnership, pk=pk)
    if run and not access.can_run_board(round_.board_id):
        raise PermissionDenied("Only the board's community area manager or a performance officer can do this.")
    return access, round_


def _with_files(bids):
    """Bids with their attachments, updates and photos in three more queries, never loading the files."""
    return bids.prefetch_related(
        Prefetch("attachments", queryset=BidAttachment.objects.defer("content")),
        Prefetch("updates", queryset=ProjectUpdate.objects.prefetch_related(
            Prefetch("photos", queryset=ProjectPhoto.objects.defer("content")))))


def _public_files(round_, day):
    """(bid attachments are public, project photos are public) on a day, as the public page shows them."""
    phase = round_.phase_on(day)
    return phase not in ("", "bids"), bool(round_.results_computed_at) and phase in ("results", "delivery")


def _errors(exc):
    return " ".join(exc.messages)


@login_required
def round_list(request, slug):
    access = get_partnership_for_user(request, slug)
    rounds = (BudgetRound.objects.filter(partnership=access.partnership).select_related("board", "partnership")
              .annotate(bid_count=Count("bids", distinct=True), ballot_count=Count("ballots", distinct=True)))
    day = services.today()
    rows = [(r, r.phase_label_on(day)) for r in rounds]
    return render(request, "funding/round_list.html", {
        "access": access, "partnership": access.partnership, "rows": rows,
        "can_add": access.can_manage or bool(access.managed_board_ids)})


@login_required
def round_form(request, slug, pk=None):
    access = get_partnership_for_user(request, slug)
    round_ = None
    if pk is not None:
        access, round_ = _round_for(request, slug, pk, run=True)
    elif not (access.can_manage or access.managed_board_ids):
        raise PermissionDenied("Only community area managers and performance officers open budget rounds.")
    fields = BudgetRoundForm.Meta.fields
    before = audit.snapshot(round_, fields) if round_ else {}
    form = BudgetRoundForm(request.POST or None, instance=round_, access=access)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
            changes = audit.diff(before, audit.snapshot(saved, fields))
            if changes:
                audit.record(request.user, "update" if round_ else "create", saved, changes)
        messages.success(request, f"Saved {saved.name}.")
        return redirect(saved.get_absolute_url())
    return render(request, "funding/round_form.html", {
        "access": access, "partnership": access.partnership, "form": form, "object": round_},
        status=400 if request.method == "POST" else 200)


@login_required
def round_detail(request, slug, pk):
    access, round_ = _round_for(request, slug, pk)
    bids = list(_with_files(round_.bids.select_related("area").prefetch_related("outcomes")).order_by(
        "-funded", "-votes", "submitted_at"))
    can_run = access.can_run_board(round_.board_id)
    day = services.today()
    attachments_public, photos_public = _public_files(round_, day)
    for bid in bids:
        bid.files_public = attachments_public and (bid.eligibility == "eligible" or bool(bid.funded))
    comparison = None
    if round_.results_computed_at:
        other = [r for r in BudgetRound.Rule if r != round_.rule][0]
        eligible, outcome, _ = services.results_under(round_, other)
        titles = {b.pk: b.title for b in eligible}
        comparison = (other.label, [titles[r.key] for r in outcome if r.funded])
    return render(request, "funding/round_detail.html", {
        "access": access, "partnership": access.partnership, "round": round_, "bids": bids, "can_run": can_run,
        "phase": round_.phase_on(day), "phase_label": round_.phase_label_on(day),
        "ballot_count": round_.ballots.count(),
        "paper_form": BallotForm(round_=round_) if can_run else None,
        "comparison": comparison, "photos_public": photos_public,
        "public_url": reverse("public_budget_round", args=[slug, round_.pk])})


@login_required
@require_POST
def bid_eligibility(request, slug, pk, bid_pk):
    access, round_ = _round_for(request, slug, pk, run=True)
    bid = get_object_or_404(Bid, round=round_, pk=bid_pk)
    form = EligibilityForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"{bid.title}: choose eligible or not eligible and give the reason.")
    else:
        try:
            services.decide_eligibility(request.user, bid, form.cleaned_data["eligibility"],
                                        form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, f"{bid.title}: {_errors(exc)}")
        else:
            messages.success(request, f"Recorded the decision on {bid.title}.")
    return redirect(round_.get_absolute_url())


@login_required
@require_POST
def paper_ballot(request, slug, pk):
    access, round_ = _round_for(request, slug, pk, run=True)
    form = BallotForm(request.POST, round_=round_)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        services.enter_paper_ballot(request.user, round_, form.cleaned_data["bids"])
    except ValidationError as exc:
        messages.error(request, f"The paper ballot was not entered: {_errors(exc)}")
    else:
        messages.success(request, "Paper ballot entered.")
    return redirect(round_.get_absolute_url())


@login_required
@require_POST
def compute_results(request, slug, pk):
    access, round_ = _round_for(request, slug, pk, run=True)
    try:
        services.compute_results(request.user, round_)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, f"Results worked out by the rule: {round_.get_rule_display()}. They are published.")
    return redirect(round_.get_absolute_url())


@login_required
def project_update(request, slug, pk, bid_pk):
    """Progress on a funded project, on its own page linked from the round's; errors show next to their fields,
    with what was typed kept."""
    access, round_ = _round_for(request, slug, pk, run=True)
    bid = get_object_or_404(Bid, round=round_, pk=bid_pk)
    if not bid.funded:
        raise Http404("Only funded projects are tracked.")
    form = ProjectUpdateForm(request.POST or None, request.FILES or None, prefix=f"bid{bid.pk}")
    if request.method == "POST" and form.is_valid():
        try:
            services.add_project_update(request.user, bid, **form.update_fields, photos=form.photos)
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, f"Recorded progress on {bid.title}.")
            return redirect(round_.get_absolute_url())
    return render(request, "funding/project_update.html", {
        "access": access, "partnership": access.partnership, "round": round_, "bid": bid, "form": form,
    })


@login_required
def bid_attachment(request, slug, pk, attachment_pk):
    """Staff who check eligibility see every bid's files, public or not."""
    access, round_ = _round_for(request, slug, pk, run=True)
    attachment = get_object_or_404(BidAttachment, bid__round=round_, pk=attachment_pk)
    return uploads.file_response(attachment.content, attachment.content_type, attachment.filename,
                                 inline=attachment.is_image)


@login_required
def project_photo(request, slug, pk, photo_pk):
    access, round_ = _round_for(request, slug, pk, run=True)
    photo = get_object_or_404(ProjectPhoto, update__bid__round=round_, pk=photo_pk)
    return uploads.file_response(photo.content, photo.content_type, photo.filename, inline=True)


# Public pages


def _public_round(slug, pk):
    partnership = get_object_or_404(Partnership, slug=slug)
    return get_object_or_404(BudgetRound.objects.select_related("board", "partnership"), partnership=partnership, pk=pk)


def public_rounds(request, slug):
    partnership = get_object_or_404(Partnership, slug=slug)
    day = services.today()
    rounds = [(r, r.phase_label_on(day)) for r in
              BudgetRound.objects.filter(partnership=partnership, bids_open__lte=day).select_related("board")]
    return render(request, "funding/public_rounds.html", {"partnership": partnership, "rows": rounds})


def public_round(request, slug, pk):
    round_ = _public_round(slug, pk)
    day = services.today()
    phase = round_.phase_on(day)
    published = _public_files(round_, day)[1]  # photos are public exactly while results are
    bids = _with_files(round_.bids.filter(PUBLIC_BIDS).select_related("area").prefetch_related("outcomes"))
    return render(request, "funding/public_round.html", {
        "partnership": round_.partnership, "round": round_, "phase": phase,
        "phase_label": round_.phase_label_on(day), "published": published,
        "bids": bids.order_by("-funded", "-votes", "submitted_at") if published else bids,
        "vote_form": VoteRequestForm() if phase == "voting" else None, "public_files": True})


def public_bid_attachment(request, slug, pk, attachment_pk):
    """A file of a bid on the public page; others do not exist for the public (staff have their own link)."""
    round_ = _public_round(slug, pk)
    attachment = get_object_or_404(BidAttachment.objects.filter(bid__in=round_.bids.filter(PUBLIC_BIDS)),
                                   pk=attachment_pk)
    if not _public_files(round_, services.today())[0]:
        raise Http404("Bids are published once bids have closed.")
    return uploads.file_response(attachment.content, attachment.content_type, attachment.filename,
                                 inline=attachment.is_image)


def public_project_photo(request, slug, pk, photo_pk):
    round_ = _public_round(slug, pk)
    photo = get_object_or_404(ProjectPhoto, update__bid__round=round_, update__bid__funded=True, pk=photo_pk)
    if not _public_files(round_, services.today())[1]:
        raise Http404("Projects are published with the results.")
    return uploads.file_response(photo.content, photo.content_type, photo.filename, inline=True)


def public_bid(request, slug, pk):
    round_ = _public_round(slug, pk)
    form = BidForm(request.POST or None, request.FILES or None, round_=round_)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            bid = services.submit_bid(form, round_)
        except ValidationError as exc:
            error = _errors(exc)
        else:
            return render(request, "funding/public_bid_done.html", {"partnership": round_.partnership,
                                                                    "round": round_, "bid": bid})
    if round_.phase_on(services.today()) != "bids" and error is None:
        error = f"Bids are not being taken: this round is in: {round_.phase_label_on(services.today()).lower()}."
    return render(request, "funding/public_bid.html", {
        "partnership": round_.partnership, "round": round_, "form": form, "error": error},
        status=400 if request.method == "POST" else 200)


def public_vote_request(request, slug, pk):
    round_ = _public_round(slug, pk)
    form = VoteRequestForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.request_vote(round_, form.cleaned_data["email"], lambda token: request.build_absolute_uri(
                reverse("public_vote", args=[slug, round_.pk, token])))
        except ValidationError as exc:
            error = _errors(exc)
        else:
            # The same answer whether or not the address has voted, so the page reveals nothing about anyone.
            return render(request, "funding/public_vote_sent.html", {"partnership": round_.partnership, "round": round_})
    return render(request, "funding/public_vote_request.html", {
        "partnership": round_.partnership, "round": round_, "form": form, "error": error},
        status=400 if request.method == "POST" else 200)


def public_vote(request, slug, pk, token):
    round_ = _public_round(slug, pk)
    voter = services.voter_for_token(round_, token)
    error = None
    if voter is None:
        error = "This voting link is not valid. Ask for a new one."
    elif voter.has_voted:
        error = "A ballot has already been cast with this e-mail address. Each person votes once."
    elif round_.phase_on(services.today()) != "voting":
        error = f"Voting is closed: this round is in: {round_.phase_label_on(services.today()).lower()}."
    usable = error is None
    form = BallotForm(request.POST if request.method == "POST" else None, round_=round_)
    if request.method == "POST" and usable and form.is_valid():
        try:
            services.cast_ballot(round_, token, form.cleaned_data["bids"])
        except ValidationError as exc:
            error = _errors(exc)
        else:
            return render(request, "funding/public_voted.html", {"partnership": round_.partnership, "round": round_})
    return render(request, "funding/public_vote.html", {
        "partnership": round_.partnership, "round": round_, "form": form if usable else None,
        "error": error}, status=400 if request.method == "POST" or error else 200)
