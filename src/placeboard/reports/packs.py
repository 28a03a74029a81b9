"""Board packs: the papers a board meets over as one PDF (a cover, contents, then chosen reports and free text),
made in the background like any download (reports/downloads.py), attached to a meeting's papers, and made
again for the next round with one action (docs/reports.md, "Board packs").

Writes that span the pack, its sections, a download and a paper live here, each in one transaction with its
audit events."""

from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from placeboard.core import audit
from placeboard.performance.models import ReportingRound
from placeboard.performance.reporting import ReportError
from placeboard.reports.models import BoardPack, PackSection

KIND = "pack"  # the Download.kind of a made pack; its params are {"pack": pk}
MAX_SECTIONS = 30  # a pack is read at one meeting: more than this is a mistake, and each report costs a worker seconds
SECTION_FIELDS = ["kind", "heading", "body", "round", "theme", "group", "outcome", "area"]


def sections_of(pack):
    return list(pack.sections.select_related("round", "theme", "group", "outcome", "area"))


def section_round(pack, section):
    return section.round or pack.round


def add_section(user, pack, form):
    """Save a new section at the end of the pack, with its audit event."""
    with transaction.atomic():
        BoardPack.objects.select_for_update().filter(pk=pack.pk).get()  # one new last position at a time
        form.instance.pack = pack
        form.instance.position = (pack.sections.aggregate(last=Max("position"))["last"] or 0) + 1
        return audit.save_form(form, user, fields=SECTION_FIELDS, partnership=pack.partnership)


def move_section(user, section, step):
    """Swap a section with the one before (step -1) or after (+1) it; renumbers the pack's sections 1, 2, 3...
    Returns whether it moved."""
    pack = section.pack
    with transaction.atomic():
        BoardPack.objects.select_for_update().filter(pk=pack.pk).get()
        order = list(pack.sections.order_by("position", "id"))
        index = next((i for i, s in enumerate(order) if s.pk == section.pk), None)
        if index is None or not 0 <= index + step < len(order):
            return False
        order[index], order[index + step] = order[index + step], order[index]
        for position, item in enumerate(order, start=1):
            if item.position != position:
                PackSection.objects.filter(pk=item.pk).update(position=position)
        audit.record(user, "update", section, {"position": [str(index + 1), str(index + 1 + step)]},
                     partnership=pack.partnership)
    return True


def next_round(round_):
    """The partnership's round after this one (by reporting date), or None."""
    return (ReportingRound.objects.filter(partnership_id=round_.partnership_id)
            .filter(reporting_date__gt=round_.reporting_date).order_by("reporting_date", "pk").first())


def copy_for_next_round(user, pack):
    """A copy of the pack for the round after its own, with the same sections (a section with a round of its own
    moves to the round after that one, where there is one). The meeting's date and agenda item are left for
    the officer to choose. Raises ReportError when there is no later round."""
    later = next_round(pack.round)
    if later is None:
        raise ReportError(f"There is no reporting round after {pack.round} yet: open the next round first.")
    with transaction.atomic():
        copy = BoardPack.objects.create(partnership=pack.partnership, title=pack.title, meeting_of=pack.meeting_of,
                                        round=later, created_by=user)
        audit.record(user, "create", copy, {"title": ["", copy.title], "round": ["", str(later)],
                                            "copied from": ["", f"{pack} ({pack.round})"]})
        for section in sections_of(pack):
            section.pk, section._state.adding, section.pack = None, True, copy
            if section.round is not None:
                section.round = next_round(section.round) or section.round
            section.save()
            audit.record(user, "create", section, {name: ["", value] for name, value
                                                   in audit.snapshot(section, SECTION_FIELDS).items() if value},
                         partnership=pack.partnership)
    return copy


def download_title(pack):
    """What the downloads list calls a made pack."""
    return f"{pack.title}, {pack.round}"[:300]


def make_pdf(pack, progress=lambda text: None):
    """The pack as one PDF: cover and contents, then each section from a page of its own, every page with the
    pack's running headers and "Page n of N", and bookmarks for each section and the reports' headings.

    The front is laid out twice: once to count its pages, once with the contents' page numbers, which are known
    only when the sections have been laid out. A section that cannot be built (a report needing a round it
    does not have) stops the pack with a ReportError naming the section."""
    from placeboard.reports.builders import build
    from placeboard.reports.render import join_pdfs, pdf_document, report_documents

    generated = timezone.now()
    sections = sections_of(pack)
    if not sections:
        raise ReportError("This pack has no sections yet: add a report or some text first.")
    header = f"{pack.partnership.name} · {pack.title}"
    documents, starts, pages = [], [], 0
    for number, section in enumerate(sections, start=1):
        progress(f"Making section {number} of {len(sections)}: {section}.")
        starts.append(pages)
        if section.is_text:
            parts = [pdf_document(_html("reports/packs/print_text.html", pack, generated, section=section,
                                        header_left=header))]
        else:
            round_ = section_round(pack, section)
            try:
                report = build(section.kind, pack.partnership, round_, section.filters())
            except ReportError as exc:
                raise ReportError(f"Section {number} ({section}): {exc}") from None
            if section.heading:
                report.title = section.heading
            parts = list(report_documents(report, generated, header_left=header, header_right=report.title))
            del report
        documents += parts
        pages += sum(count for _, count, _ in parts)
    progress("Putting the pack together.")
    front = lambda starts_at: pdf_document(_html("reports/packs/print_front.html", pack, generated,  # noqa: E731
                                                 contents=list(zip(sections, starts_at, strict=True))))
    _, front_pages, _ = front([start + 1 for start in starts])
    # The numbers printed in the contents are the pages' own, counted from the cover.
    return join_pdfs([front([front_pages + start + 1 for start in starts]), *documents], generated)


def _html(template, pack, generated, **context):
    return render_to_string(template, {"pack": pack, "partnership": pack.partnership, "generated": generated,
                                       **context})


def attach(pack, download, data, user):
    """Attach a made pack to its agenda item's papers (replacing the paper it attached there before), with its
    audit event; nothing when the pack names no agenda item. Called in the transaction that stores the file."""
    from placeboard.engagement.models import Paper

    if pack.agenda_item_id is None:
        return None
    filename = f"{pack.partnership.slug}-board-pack-{pack.pk}.pdf"
    paper = pack.paper if pack.paper_id and pack.paper.item_id == pack.agenda_item_id else None
    if paper is None:
        paper = Paper.objects.create(item_id=pack.agenda_item_id, title=pack.title[:200], filename=filename,
                                     content_type="application/pdf", size=len(data), content=data, uploaded_by=user)
        audit.record(user, "create", paper, {"title": ["", paper.title], "file": ["", filename],
                                             "board pack": ["", str(pack)]}, partnership=pack.partnership)
        BoardPack.objects.filter(pk=pack.pk).update(paper=paper)
    else:
        Paper.objects.filter(pk=paper.pk).update(title=pack.title[:200], size=len(data), content=data,
                                                 uploaded_by=user, uploaded_at=timezone.now())
        audit.record(user, "update", paper, {"file": [paper.filename, f"{filename}, made again"]},
                     partnership=pack.partnership)
    return paper
