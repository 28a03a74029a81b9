"""Demo board packs (issue 17): Wiltshire's strategic partnership and Coventry's board meet over the latest round,
and a Chippenham Area Board meeting has a pack that goes into its papers. Composed, not made: "Make the PDF" on
the pack's page has the demo's worker make it. Idempotent: a pack already there (by title) is left alone."""

from datetime import date

from django.db import transaction

from placeboard.core.models import Group, Partnership
from placeboard.engagement.models import AgendaItem
from placeboard.performance.models import ReportingRound
from placeboard.reports.models import BoardPack, PackSection

PACKS = [
    # (partnership, title, group that meets, meeting date, round, sections as (kind, heading, body))
    ("wiltshire", "Wiltshire Strategic Partnership performance pack", "Wiltshire Strategic Partnership",
     date(2010, 1, 20), "Progress report, 2009/10 Q2", [
         ("text", "Chair's introduction",
          "This pack reports the Local Area Agreement's progress at the second quarter of 2009/10.\n\n"
          "The dashboard shows each ambition's indicators against their targets and what has changed since the "
          "2008/09 out-turn report. The exception report lists every indicator off target with the lead "
          "partner's commentary: the board is asked to note these and agree where it should challenge."),
         ("dashboard", "", ""),
         ("exceptions", "", ""),
         ("agreement", "Our agreement: baselines and targets", ""),
     ]),
    ("coventry", "Coventry Partnership Board performance pack", "Coventry Partnership Board",
     date(2007, 1, 24), "Half-year report, 2006/07", [
         ("text", "Chair's introduction",
          "This is the half-year report on the Local Area Agreement for 2006/07, as the Progress, Impact and "
          "Evaluation Group has prepared it for the board.\n\n"
          "Theme groups have reviewed their indicators; those off target are in the exception report with their "
          "plans to recover."),
         ("dashboard", "", ""),
         ("spreadsheet", "Performance spreadsheet: the simple view", ""),
         ("exceptions", "", ""),
     ]),
]
AREA_BOARD = "Chippenham Area Board"
AREA_ITEM = "Performance of the partnership's priorities"


@transaction.atomic
def load_demo():
    for slug, title, group_name, meeting_date, round_name, sections in PACKS:
        partnership = Partnership.objects.filter(slug=slug).first()
        round_ = ReportingRound.objects.filter(partnership=partnership, name=round_name).first()
        if partnership is None or round_ is None or BoardPack.objects.filter(partnership=partnership,
                                                                             title=title).exists():
            continue
        pack = BoardPack.objects.create(
            partnership=partnership, title=title, round=round_, meeting_date=meeting_date,
            meeting_of=Group.objects.filter(partnership=partnership, name=group_name).first())
        for position, (kind, heading, body) in enumerate(sections, start=1):
            PackSection.objects.create(pack=pack, position=position, kind=kind, heading=heading, body=body)
    _area_board_pack()


def _area_board_pack():
    """A pack for the Chippenham Area Board's next meeting, added to its papers under an agenda item of its own."""
    partnership = Partnership.objects.filter(slug="wiltshire").first()
    board = Group.objects.filter(partnership=partnership, name=AREA_BOARD, kind="area_board").first()
    meeting = board.meetings.filter(status="scheduled").order_by("starts_at").first() if board else None
    round_ = ReportingRound.objects.filter(partnership=partnership).first()  # the latest
    title = "Chippenham Area Board: the partnership's performance"
    if meeting is None or round_ is None or BoardPack.objects.filter(partnership=partnership, title=title).exists():
        return
    item = meeting.items.filter(title=AREA_ITEM).first() or AgendaItem.objects.create(
        meeting=meeting, number=(meeting.items.count() + 1), title=AREA_ITEM, purpose="information",
        presenter="Community area manager")
    pack = BoardPack.objects.create(partnership=partnership, title=title, round=round_, meeting_of=board,
                                    meeting_date=meeting.starts_at.date(), agenda_item=item)
    PackSection.objects.create(pack=pack, position=1, kind="text", heading="Why this is on the agenda", body=(
        "Area boards are asked to hold the partnership to account for the priorities that matter in their "
        "community area. This paper shows where the Local Area Agreement stands: each ambition's indicators "
        "against their targets, and those off target with what their lead partners are doing about it."))
    PackSection.objects.create(pack=pack, position=2, kind="dashboard")
    PackSection.objects.create(pack=pack, position=3, kind="exceptions")
