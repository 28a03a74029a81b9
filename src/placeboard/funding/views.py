"""Funding streams on the web. Fetches through the gatekeepers in placeboard.core.access."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from placeboard.core.access import get_manager_access, get_partnership_for_user
from placeboard.funding import services
from placeboard.funding.forms import AmountFormSet, FundingStreamForm
from placeboard.funding.models import FundingStream
from placeboard.funding.report import PARTS, streams_for


@login_required
def stream_list(request, slug):
    access = get_partnership_for_user(request, slug)
    streams = streams_for(access.partnership)
    parts = []
    for category, heading, _ in PARTS:
        items = [s for s in streams if s.category == category]
        if items:
            parts.append((heading, items))
    return render(request, "funding/stream_list.html", {
        "access": access, "partnership": access.partnership, "parts": parts, "count": len(streams)})


def _form_page(request, access, stream):
    form = FundingStreamForm(request.POST or None, instance=stream, partnership=access.partnership)
    formset = AmountFormSet(request.POST or None, instance=stream or FundingStream(partnership=access.partnership),
                            prefix="amounts")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        saved = services.save_stream(request.user, form, formset)
        messages.success(request, f"Saved funding stream {saved}.")
        return redirect("funding_stream_list", access.partnership.slug)
    return render(request, "funding/stream_form.html", {
        "access": access, "partnership": access.partnership, "form": form, "formset": formset, "object": stream},
        status=400 if request.method == "POST" else 200)


@login_required
def stream_create(request, slug):
    return _form_page(request, get_manager_access(request, slug), None)


@login_required
def stream_edit(request, slug, pk):
    access = get_manager_access(request, slug)
    stream = get_object_or_404(FundingStream, partnership=access.partnership, pk=pk)
    return _form_page(request, access, stream)


@login_required
def stream_delete(request, slug, pk):
    access = get_manager_access(request, slug)
    stream = get_object_or_404(FundingStream, partnership=access.partnership, pk=pk)
    if request.method == "POST":
        name = str(stream)
        services.delete_stream(request.user, stream)
        messages.success(request, f"Deleted funding stream {name}.")
        return redirect("funding_stream_list", slug)
    return render(request, "funding/stream_confirm_delete.html",
                  {"access": access, "partnership": access.partnership, "object": stream})
