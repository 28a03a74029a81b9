"""Board packs: composing one (performance officers), making its PDF in the background, and reading it (anyone
who may see the partnership, as they may see every report in it). The work is in reports/packs.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, ProtectedError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from placeboard.core import audit
from placeboard.core.access import get_manager_access, get_partnership_for_user
from placeboard.performance.reporting import ReportError
from placeboard.reports import packs
from placeboard.reports.forms import PackForm, ReportSectionForm, TextSectionForm
from placeboard.reports.models import BoardPack, Download, PackSection
from placeboard.reports.views import ask_for_download, file_response

PACK_FIELDS = ["title", "meeting_of", "meeting_date", "round", "agenda_item"]


def _packs(access):
    return BoardPack.objects.filter(partnership=access.partnership).select_related(
        "partnership", "round", "meeting_of", "agenda_item__meeting__board", "paper")


def _pack(request, slug, pk, *, manage=False):
    access = (get_manager_access if manage else get_partnership_for_user)(request, slug)
    return access, get_object_or_404(_packs(access), pk=pk)


def _made(pack):
    """The pack's downloads, newest first, without their files."""
    return Download.objects.without_file().filter(partnership_id=pack.partnership_id, kind=packs.KIND,
                                                  params__pack=pack.pk)


@login_required
def pack_list(request, slug):
    access = get_partnership_for_user(request, slug)
    return render(request, "reports/packs/list.html", {
        "access": access, "partnership": access.partnership,
        "packs": list(_packs(access).annotate(section_count=Count("sections"))),
    })


@login_required
def pack_form(request, slug, pk=None):
    access = get_manager_access(request, slug)
    pack = get_object_or_404(_packs(access), pk=pk) if pk else None
    form = PackForm(request.POST or None, instance=pack, partnership=access.partnership)
    if request.method == "POST" and form.is_valid():
        if pack is None:
            form.instance.created_by = request.user
        pack = audit.save_form(form, request.user, fields=PACK_FIELDS)
        messages.success(request, f"Saved the board pack {pack}." if pk else
                         f"Made the board pack {pack}. Now add its reports and text.")
        return redirect(pack)
    return render(request, "reports/packs/form.html", {
        "access": access, "partnership": access.partnership, "form": form, "pack": pack,
        "heading": "Change the board pack" if pack else "New board pack",
    })


@login_required
def pack_detail(request, slug, pk):
    access, pack = _pack(request, slug, pk)
    made = list(_made(pack)[:5])
    ready = next((d for d in made if d.is_ready), None)
    return render(request, "reports/packs/detail.html", {
        "access": access, "partnership": access.partnership, "pack": pack, "sections": packs.sections_of(pack),
        "made": made if access.can_manage else [], "ready": ready, "next_round": packs.next_round(pack.round),
        "max_sections": packs.MAX_SECTIONS,
    })


@login_required
def pack_file(request, slug, pk):
    """The pack's PDF as last made, for anyone who may see the partnership (the download itself is its maker's)."""
    access, pack = _pack(request, slug, pk)
    download = next((d for d in _made(pack)[:5] if d.is_ready), None)
    if download is None:
        raise Http404("This pack has not been made yet, or its file has been deleted.")
    return file_response(download)


@login_required
def section_form(request, slug, pk, section_pk=None, text=False):
    access, pack = _pack(request, slug, pk, manage=True)
    section = get_object_or_404(PackSection, pack=pack, pk=section_pk) if section_pk else None
    if section is not None:
        text = section.is_text
    elif pack.sections.count() >= packs.MAX_SECTIONS:
        messages.info(request, f"A pack can have at most {packs.MAX_SECTIONS} sections.")
        return redirect(pack)
    if text:
        form = TextSectionForm(request.POST or None, instance=section)
    else:
        form = ReportSectionForm(request.POST or None, instance=section, partnership=access.partnership)
    if request.method == "POST" and form.is_valid():
        if section is None:
            section = packs.add_section(request.user, pack, form)
        else:
            section = audit.save_form(form, request.user, fields=packs.SECTION_FIELDS, partnership=access.partnership)
        messages.success(request, f"Saved the section {section}.")
        return redirect(pack.get_absolute_url() + f"#section-{section.pk}")
    heading = ("Change the section" if section else
               "Add some text" if text else "Add a report")
    return render(request, "reports/packs/section_form.html", {
        "access": access, "partnership": access.partnership, "pack": pack, "form": form, "heading": heading,
    })


@login_required
@require_POST
def section_move(request, slug, pk, section_pk):
    access, pack = _pack(request, slug, pk, manage=True)
    section = get_object_or_404(PackSection, pack=pack, pk=section_pk)
    step = {"up": -1, "down": 1}.get(request.POST.get("direction"))
    if step is None:
        raise Http404("Move a section up or down.")
    packs.move_section(request.user, section, step)
    return redirect(pack.get_absolute_url() + f"#section-{section.pk}")


@login_required
@require_POST
def section_delete(request, slug, pk, section_pk):
    access, pack = _pack(request, slug, pk, manage=True)
    section = get_object_or_404(PackSection, pack=pack, pk=section_pk)
    audit.delete(section, request.user, partnership=access.partnership)
    messages.success(request, f"Removed the section {section}.")
    return redirect(pack)


@login_required
def pack_delete(request, slug, pk):
    access, pack = _pack(request, slug, pk, manage=True)
    if request.method == "POST":
        try:
            audit.delete(pack, request.user)
        except ProtectedError:  # nothing refers to a pack today; say so rather than fail if that changes
            messages.error(request, "This pack cannot be deleted while something still refers to it.")
            return redirect(pack)
        messages.success(request, f"Deleted the board pack {pack}.")
        return redirect("pack_list", slug)
    return render(request, "reports/packs/delete.html", {"access": access, "partnership": access.partnership,
                                                        "pack": pack})


@login_required
@require_POST
def pack_make(request, slug, pk):
    """Ask a worker to make the pack's PDF; the download's page shows how it is going."""
    access, pack = _pack(request, slug, pk, manage=True)
    if not pack.sections.exists():
        messages.error(request, "Add a report or some text to the pack before making it.")
        return redirect(pack)
    return ask_for_download(request, access, packs.KIND, "pdf", {"pack": pack.pk}, packs.download_title(pack))


@login_required
@require_POST
def pack_next_round(request, slug, pk):
    """The same pack for the round after this one, made at once: one action before each meeting."""
    access, pack = _pack(request, slug, pk, manage=True)
    try:
        copy = packs.copy_for_next_round(request.user, pack)
    except ReportError as exc:
        messages.error(request, str(exc))
        return redirect(pack)
    messages.success(request, f"Made a copy of the pack for {copy.round}; its PDF is being made. Choose the "
                              "meeting it is for on the copy.")
    return ask_for_download(request, access, packs.KIND, "pdf", {"pack": copy.pk}, packs.download_title(copy))
