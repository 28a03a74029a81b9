"""Participatory budgeting on the web: the staff pages, behind the gatekeepers (the public pages are in
pb_public_views).

No view shows or looks up which ballot a voter cast: voters and ballots are never joined."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from placeboard.core import audit, uploads
from placeboard.core.access import get_partnership_for_user
from placeboard.funding import pb_services
from placeboard.funding.forms import (
    BallotForm,
    BudgetRoundForm,
    EligibilityForm,
    IssueCodesForm,
    ProjectUpdateForm,
    VoidResultsForm,
)
from placeboard.funding.models import (
    Bid,
    BidAttachment,
    BudgetRound,
    ProjectPhoto,
    ProjectUpdate,
)


def _round_for(request, slug, pk, *, run=False):
    access = get_partnership_for_user(request, slug)
    round_ = get_object_or_404(BudgetRound.objects.select_related("board", "board__area", "partnership"),
                               partnership=access.partnership, pk=pk)
    if run and not access.can_run_board(round_.board_id):
        raise PermissionDenied("Only the board's community area manager or a performance officer can do this.")
    return access, round_


def with_files(bids):
    """Bids with their attachments, updates and photos in three more queries, never loading the files."""
    return bids.prefetch_related(
        Prefetch("attachments", queryset=BidAttachment.objects.defer("content")),
        Prefetch("updates", queryset=ProjectUpdate.objects.prefetch_related(
            Prefetch("photos", queryset=ProjectPhoto.objects.defer("content")))))


def public_files(round_, day):
    """(bid attachments are public, project photos are public) on a day, as the public page shows them."""
    phase = round_.phase_on(day)
    return phase not in ("draft", "bids"), phase in ("results", "delivery")


def errors_of(exc):
    """A ValidationError's messages as one sentence for a flash message or a page (staff and public pages)."""
    return " ".join(exc.messages)


@login_required
def round_list(request, slug):
    access = get_partnership_for_user(request, slug)
    rounds = (BudgetRound.objects.filter(partnership=access.partnership).select_related("board", "partnership")
              .with_counts())
    day = pb_services.today()
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
    form = BudgetRoundForm(request.POST or None, instance=round_, access=access)
    if request.method == "POST" and form.is_valid():
        saved = audit.save_form(form, request.user)
        messages.success(request, f"Saved {saved.name}.")
        return redirect(saved.get_absolute_url())
    return render(request, "funding/round_form.html", {
        "access": access, "partnership": access.partnership, "form": form, "object": round_},
        status=400 if request.method == "POST" else 200)


@login_required
def round_detail(request, slug, pk):
    access, round_ = _round_for(request, slug, pk)
    day = pb_services.today()
    if pb_services.seal_ballot_box(round_, day):  # the first look after voting closes mixes the whole box
        round_.refresh_from_db()
    bids = list(with_files(round_.bids.select_related("area").prefetch_related("outcomes")).order_by(
        "-funded", "-votes", "submitted_at"))
    can_run = access.can_run_board(round_.board_id)
    attachments_public, photos_public = public_files(round_, day)
    for bid in bids:
        bid.files_public = attachments_public and (bid.eligibility == "eligible" or bool(bid.funded))
    phase = round_.phase_on(day)
    result = pb_services.result_in_force(round_)
    if result is not None:
        rows = {row["bid"]: row for row in result.rows}
        for bid in bids:
            bid.counted = rows.get(bid.pk)
    comparison = None
    if result is not None and result.other_rule_funded is not None:  # worked out when counted, not on every view
        comparison = (next(r for r in BudgetRound.Rule if r != result.rule).label, result.other_rule_funded)
    codes = round_.voting_codes.aggregate(issued=Count("pk"), used=Count("pk", filter=Q(used=True)))
    return render(request, "funding/round_detail.html", {
        "access": access, "partnership": access.partnership, "round": round_, "bids": bids, "can_run": can_run,
        "phase": phase, "phase_label": round_.phase_label_on(day), "voting_closed": round_.voting_closed(day),
        "eligibility_open": round_.eligibility_open(day),
        "ballot_count": pb_services.ballot_count(round_), "paper_count": pb_services.paper_ballot_count(round_),
        "codes": codes, "result": result, "voided": round_.results.filter(voided_at__isnull=False),
        "paper_form": BallotForm(round_=round_) if can_run and phase in ("voting", "counting") else None,
        "codes_form": IssueCodesForm() if can_run and not round_.voting_closed(day) else None,
        "void_form": VoidResultsForm() if can_run and round_.published else None,
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
            pb_services.decide_eligibility(request.user, bid, form.cleaned_data["eligibility"],
                                           form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, f"{bid.title}: {errors_of(exc)}")
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
        pb_services.enter_paper_ballot(request.user, round_, form.cleaned_data["bids"])
    except ValidationError as exc:
        messages.error(request, f"The paper ballot was not entered: {errors_of(exc)}")
    else:
        messages.success(request, "Paper ballot entered.")
    return redirect(round_.get_absolute_url())


@login_required
@require_POST
def issue_codes(request, slug, pk):
    """Make one-time voting codes and show them once, laid out to print and cut into cards."""
    access, round_ = _round_for(request, slug, pk, run=True)
    form = IssueCodesForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        codes = pb_services.issue_codes(request.user, round_, form.cleaned_data["count"])
    except ValidationError as exc:
        messages.error(request, f"No codes were issued: {errors_of(exc)}")
        return redirect(round_.get_absolute_url())
    response = render(request, "funding/voting_codes.html", {
        "access": access, "partnership": access.partnership, "round": round_, "codes": codes,
        "vote_url": request.build_absolute_uri(reverse("public_vote_code", args=[slug, round_.pk]))})
    response["Cache-Control"] = "no-store"  # the codes are shown once; no copy should stay in a cache
    return response


def _round_action(request, slug, pk, action, success):
    access, round_ = _round_for(request, slug, pk, run=True)
    try:
        action(round_)
    except ValidationError as exc:
        messages.error(request, errors_of(exc))
    else:
        messages.success(request, success)
    return redirect(round_.get_absolute_url())


@login_required
@require_POST
def compute_results(request, slug, pk):
    return _round_action(request, slug, pk, lambda r: pb_services.compute_results(request.user, r),
                         "Votes counted. Check the results, then publish them.")


@login_required
@require_POST
def publish_results(request, slug, pk):
    return _round_action(request, slug, pk, lambda r: pb_services.publish_results(request.user, r),
                         "Results published. They can no longer be counted again.")


@login_required
@require_POST
def void_results(request, slug, pk):
    form = VoidResultsForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _round_action(request, slug, pk, lambda r: pb_services.void_results(request.user, r, reason),
                         "The results are void; the public page says so, with your reason.")


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
            pb_services.add_project_update(request.user, bid, **form.update_fields, photos=form.photos)
        except ValidationError as exc:
            form.add_error(None, errors_of(exc))
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


def pabulib_response(round_):
    """The round's ballots and costs as a Pabulib .pb file, ballots shuffled and anonymous."""
    text = pb_services.pabulib_text(round_)
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{round_.partnership.slug}-{round_.pk}.pb"'
    return response


@login_required
def round_pabulib(request, slug, pk):
    """Staff may download the count's inputs once voting has closed (the public once results are published)."""
    access, round_ = _round_for(request, slug, pk)
    if not round_.voting_closed(pb_services.today()):
        raise Http404("The ballots can be downloaded once voting has closed.")
    pb_services.seal_ballot_box(round_)
    return pabulib_response(round_)
