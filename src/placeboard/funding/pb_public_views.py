"""Participatory budgeting's public pages: rounds, bids, voting and results, for residents without an account.

A voting link's token or a voting code is in a URL once: the page it opens moves it into the session and
redirects, so the ballot page's address, which is what access logs and error logs record, carries nothing."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from placeboard.core import uploads
from placeboard.core.models import Partnership
from placeboard.core.params import int_value
from placeboard.core.ratelimit import Limit, client_ip
from placeboard.funding import pb, pb_services
from placeboard.funding.forms import BallotForm, BidForm, VoteRequestForm, VotingCodeForm
from placeboard.funding.models import PUBLIC_BIDS, BidAttachment, BudgetRound, ProjectPhoto
from placeboard.funding.pb_views import errors_of, pabulib_response, public_files, with_files
from placeboard.performance.charts import hbar_svg

VOTE_LINKS = Limit("pb-vote-link", "PB_RATE_LIMIT", "PB_RATE_WINDOW",
                   message="Several voting links have been asked for from here or for this address in the last "
                           "{period}. Please wait {wait}, then ask again.")
VOTING_CODES = Limit("pb-vote-code", "PB_RATE_LIMIT", "PB_RATE_WINDOW",
                     message="Several voting codes that did not work have been typed here in the last {period}. "
                             "Please wait {wait}, then try again, or ask at the event.")
BIDS = Limit("pb-bid", "PB_RATE_LIMIT", "PB_RATE_WINDOW",
             message="Several bids have been sent from here in the last {period}. Please wait {wait} before "
                     "sending another.")


def _ids(values):
    """Whole numbers a bid id could be; anything else (or too large for the database) is dropped."""
    return [number for number in map(int_value, values) if number is not None]


def _public_round(slug, pk):
    partnership = get_object_or_404(Partnership, slug=slug)
    return get_object_or_404(BudgetRound.objects.select_related("board", "board__area", "partnership"),
                             partnership=partnership, pk=pk)


def _render(request, template, round_, context=None, status=200):
    return render(request, template, {"partnership": round_.partnership, "round": round_, **(context or {})},
                  status=status)


def public_rounds(request, slug):
    partnership = get_object_or_404(Partnership, slug=slug)
    day = pb_services.today()
    rounds = [(r, r.phase_label_on(day)) for r in
              BudgetRound.objects.filter(partnership=partnership, bids_open__lte=day).select_related("board")]
    return render(request, "funding/public_rounds.html", {"partnership": partnership, "rows": rounds})


def results_chart(round_, result):
    """Votes per project as bars, each labelled with its votes and whether it was funded (never colour alone)."""
    rows = [(row["title"], row["votes"], f"{row['votes']} – {'funded' if row['funded'] else 'not funded'}",
             row["funded"]) for row in result.rows]
    return hbar_svg(f"Votes for each project in {round_.name}",
                    "Each project's votes as a bar; funded projects are black and marked funded. The table "
                    "gives the same figures.", rows, id_prefix=f"pb-{round_.pk}")


def public_round(request, slug, pk):
    round_ = _public_round(slug, pk)
    day = pb_services.today()
    if round_.phase_on(day) == "draft":
        raise Http404("This round has not opened yet.")
    if pb_services.seal_ballot_box(round_, day):
        round_.refresh_from_db()
    phase = round_.phase_on(day)
    published = public_files(round_, day)[1]
    bids = with_files(round_.bids.filter(PUBLIC_BIDS).select_related("area").prefetch_related("outcomes"))
    context = {"phase": phase, "phase_label": round_.phase_label_on(day), "published": published,
               "bids": bids.order_by("-funded", "-votes", "submitted_at") if published else bids,
               "public_files": True, "voided": round_.results.filter(voided_at__isnull=False),
               "vote_form": VoteRequestForm(round_=round_) if phase == "voting" else None,
               "codes_in_use": phase == "voting" and round_.voting_codes.exists()}
    if phase not in ("bids", "eligibility"):
        # As Decidim and CONSUL do: what was turned down, and why, without who asked.
        context["ineligible"] = round_.bids.filter(eligibility="ineligible").only(
            "title", "amount", "eligibility_reason")
    if published:
        result = pb_services.result_in_force(round_)
        context.update({"result": result, "chart": results_chart(round_, result)})
    return _render(request, "funding/public_round.html", round_, context)


def public_pabulib(request, slug, pk):
    """The ballots and costs behind published results, for anyone to count again (e.g. with pabutools)."""
    round_ = _public_round(slug, pk)
    if not round_.published:
        raise Http404("The ballots are published with the results.")
    return pabulib_response(round_)


def public_bid_attachment(request, slug, pk, attachment_pk):
    """A file of a bid on the public page; others do not exist for the public (staff have their own link)."""
    round_ = _public_round(slug, pk)
    attachment = get_object_or_404(BidAttachment.objects.filter(bid__in=round_.bids.filter(PUBLIC_BIDS)),
                                   pk=attachment_pk)
    if not public_files(round_, pb_services.today())[0]:
        raise Http404("Bids are published once bids have closed.")
    return uploads.file_response(attachment.content, attachment.content_type, attachment.filename,
                                 inline=attachment.is_image)


def public_project_photo(request, slug, pk, photo_pk):
    round_ = _public_round(slug, pk)
    photo = get_object_or_404(ProjectPhoto, update__bid__round=round_, update__bid__funded=True, pk=photo_pk)
    if not public_files(round_, pb_services.today())[1]:
        raise Http404("Projects are published with the results.")
    return uploads.file_response(photo.content, photo.content_type, photo.filename, inline=True)


def public_bid(request, slug, pk):
    round_ = _public_round(slug, pk)
    form = BidForm(request.POST or None, request.FILES or None, round_=round_)
    error = None
    if request.method == "POST":
        if form.is_spam():
            # Say nothing useful to a bot; save nothing.
            return _render(request, "funding/public_bid_done.html", round_, {"bid": None})
        keys = [client_ip(request)]
        error = BIDS.check(keys)
        if error is None and form.is_valid():
            try:
                bid = pb_services.submit_bid(form, round_)
            except ValidationError as exc:
                error = errors_of(exc)
            else:
                BIDS.count(keys)
                return _render(request, "funding/public_bid_done.html", round_, {"bid": bid})
    if round_.phase_on(pb_services.today()) != "bids" and error is None:
        error = f"Bids are not being taken. Current stage: {round_.phase_label_on(pb_services.today())}."
    return _render(request, "funding/public_bid.html", round_, {"form": form, "error": error},
                   status=400 if request.method == "POST" else 200)


def public_vote_request(request, slug, pk):
    round_ = _public_round(slug, pk)
    form = VoteRequestForm(request.POST or None, round_=round_)
    error = None
    if request.method == "POST" and form.is_valid():
        keys = [pb_services.voter_email(form.cleaned_data["email"]), client_ip(request)]
        error = VOTE_LINKS.check(keys)
        if error is None:
            try:
                pb_services.request_vote(round_, form.cleaned_data["email"], lambda token: request.build_absolute_uri(
                    reverse("public_vote", args=[slug, round_.pk, token])))
            except ValidationError as exc:
                error = errors_of(exc)
            else:
                VOTE_LINKS.count(keys)
                # The same answer whether or not the address has voted, so the page reveals nothing about anyone.
                return _render(request, "funding/public_vote_sent.html", round_)
    return _render(request, "funding/public_vote_request.html", round_, {"form": form, "error": error},
                   status=400 if request.method == "POST" else 200)


def _session_key(round_):
    return f"pb-ballot-{round_.pk}"


def public_vote(request, slug, pk, token):
    """The e-mailed link: its token goes into the session and the browser moves on to an address without it."""
    round_ = _public_round(slug, pk)
    request.session[_session_key(round_)] = {"token": token}
    return redirect("public_ballot", slug, round_.pk)


def public_vote_code(request, slug, pk):
    """A voting code from an event, typed in; checked, then kept in the session like a link's token."""
    round_ = _public_round(slug, pk)
    form = VotingCodeForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        keys = [client_ip(request)]
        error = VOTING_CODES.check(keys)
        if error is None:
            code = pb_services.code_for(round_, form.cleaned_data["code"])
            if code is None:
                VOTING_CODES.count(keys)  # only wrong codes count: a hall of people share one address
                error = pb_services.NOT_VALID["code"]
            elif code.used:
                error = pb_services.ALREADY_VOTED["code"]
            else:
                request.session[_session_key(round_)] = {"code": form.cleaned_data["code"]}
                return redirect("public_ballot", slug, round_.pk)
    if round_.phase_on(pb_services.today()) != "voting" and error is None:
        error = f"Voting is not open. Current stage: {round_.phase_label_on(pb_services.today())}."
    return _render(request, "funding/public_vote_code.html", round_, {"form": form, "error": error},
                   status=400 if request.method == "POST" else 200)


def _credential_error(round_, credential):
    if not credential:
        return ("Open the link from your e-mail, or type your voting code, to see your ballot.")
    if "token" in credential:
        voter = pb_services.voter_for_token(round_, credential["token"])
        if voter is None:
            return pb_services.NOT_VALID["token"]
        if voter.has_voted:
            return pb_services.ALREADY_VOTED["token"]
    else:
        code = pb_services.code_for(round_, credential["code"])
        if code is None:
            return pb_services.NOT_VALID["code"]
        if code.used:
            return pb_services.ALREADY_VOTED["code"]
    day = pb_services.today()
    if round_.phase_on(day) != "voting":
        return f"Voting is closed. Current stage: {round_.phase_label_on(day)}."
    return None


def ballot_total(round_, bids):
    """What the chosen projects cost against the budget, in words, for the running total."""
    total = sum((b.amount for b in bids), Decimal(0))
    chosen = f"{len(bids)} project{'s' if len(bids) != 1 else ''}"
    if round_.ballot_type == "within_budget":
        left = round_.total_budget - total
        if left < 0:
            return f"You have chosen {chosen} costing {pb.pounds(total)}: {pb.pounds(-left)} over the budget of " \
                   f"{pb.pounds(round_.total_budget)}. Choose fewer.", True
        return f"You have chosen {chosen} costing {pb.pounds(total)} of the {pb.pounds(round_.total_budget)} " \
               f"budget; {pb.pounds(left)} left.", False
    over = len(bids) > round_.max_projects
    return f"You have chosen {chosen} of the {round_.max_projects} you may choose" + (
        ". Choose fewer." if over else "."), over


def public_ballot(request, slug, pk):
    round_ = _public_round(slug, pk)
    credential = request.session.get(_session_key(round_))
    error = _credential_error(round_, credential)
    usable = error is None
    form = BallotForm(request.POST if request.method == "POST" else None, round_=round_)
    if request.method == "POST" and usable and form.is_valid():
        try:
            pb_services.cast_ballot(round_, form.cleaned_data["bids"], **credential)
        except ValidationError as exc:
            error = errors_of(exc)
        else:
            request.session.pop(_session_key(round_), None)
            return _render(request, "funding/public_voted.html", round_)
    chosen = list(form.fields["bids"].queryset.filter(pk__in=_ids(request.POST.getlist("bids"))
                                                      )) if form.is_bound else []
    total, over = ballot_total(round_, chosen)
    return _render(request, "funding/public_vote.html", round_, {
        "form": form if usable else None, "error": error, "total": total, "over": over},
        status=400 if request.method == "POST" or error else 200)


@require_POST
def public_ballot_total(request, slug, pk):
    """The running total while choosing (htmx); without JavaScript the ballot page says the same on submit."""
    round_ = _public_round(slug, pk)
    chosen = list(round_.bids.filter(eligibility="eligible", pk__in=_ids(request.POST.getlist("bids"))))
    total, over = ballot_total(round_, chosen)
    return render(request, "funding/_ballot_total.html", {"total": total, "over": over})
