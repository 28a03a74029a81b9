"""Area boards: meetings, agendas (information / influence / decision), papers and decisions.

A community area manager runs their own board (Access.can_run_board); performance officers run every board."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from placeboard.core import audit, uploads
from placeboard.core.access import get_object_for_user, get_partnership_for_user
from placeboard.core.models import Group, GroupMember, Partnership
from placeboard.engagement import services
from placeboard.engagement.board_forms import AgendaItemForm, DecisionForm, MeetingForm, PaperForm
from placeboard.engagement.models import AgendaItem, CommunityIssue, Decision, Meeting, Paper
from placeboard.engagement.planning import areas_within

BOARDS = Group.objects.filter(kind="area_board").select_related("area")


def meetings_with_everything():
    return Meeting.objects.select_related("board", "partnership").prefetch_related(
        Prefetch("items", queryset=AgendaItem.objects.prefetch_related(
            Prefetch("papers", queryset=Paper.objects.defer("content")))),
        Prefetch("decisions", queryset=Decision.objects.select_related("item", "organisation")),
    )


def _require_run(access, board_id):
    if not access.can_run_board(board_id):
        raise PermissionDenied("Only the board's community area manager and performance officers can do this.")


@login_required
def board_list(request, slug):
    access = get_partnership_for_user(request, slug)
    now = timezone.now()
    boards = BOARDS.filter(partnership=access.partnership).prefetch_related(
        Prefetch("meetings", queryset=Meeting.objects.filter(starts_at__gte=now).order_by("starts_at"),
                 to_attr="upcoming"))
    return render(request, "engagement/board_list.html", {
        "access": access, "partnership": access.partnership, "boards": boards,
    })


@login_required
def board_detail(request, slug, group_pk):
    access, board = get_object_for_user(request, slug, BOARDS, group_pk)
    meetings = Meeting.objects.filter(board=board).order_by("-starts_at")
    members = GroupMember.objects.filter(group=board).select_related("organisation")
    decisions = Decision.objects.filter(meeting__board=board, status="open").select_related("meeting", "organisation") \
        .order_by("due", "pk")
    inside = areas_within(access.partnership, {board.area_id})
    overdue_issues = CommunityIssue.objects.filter(CommunityIssue.overdue_q(), partnership=access.partnership,
                                                   area__in=inside).select_related("organisation") \
        .order_by("confirmed_at", "pk")
    return render(request, "engagement/board_detail.html", {
        "access": access, "partnership": access.partnership, "board": board, "meetings": meetings,
        "members": members, "decisions": decisions, "overdue_issues": overdue_issues,
        "can_run": access.can_run_board(board.pk),
    })


@login_required
def meeting_form(request, slug, group_pk=None, pk=None):
    if pk:
        access, meeting = get_object_for_user(request, slug, Meeting.objects.select_related("board"), pk)
        board = meeting.board
    else:
        access, board = get_object_for_user(request, slug, BOARDS, group_pk)
        meeting = Meeting(partnership=access.partnership, board=board)
    _require_run(access, board.pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        meeting = audit.save_form(form, request.user, partnership=access.partnership)
        messages.success(request, f"Saved the meeting {meeting}.")
        return redirect(meeting.get_absolute_url())
    return render(request, "engagement/meeting_form.html", {
        "access": access, "partnership": access.partnership, "board": board, "form": form,
        "meeting": meeting if pk else None,
    })


def _meeting(request, slug, pk):
    return get_object_for_user(request, slug, meetings_with_everything(), pk)


@login_required
def meeting_detail(request, slug, pk):
    access, meeting = _meeting(request, slug, pk)
    can_run = access.can_run_board(meeting.board_id)
    return render(request, "engagement/meeting_detail.html", {
        "access": access, "partnership": access.partnership, "meeting": meeting, "can_run": can_run,
        "item_form": AgendaItemForm(meeting=meeting) if can_run else None,
        "decision_form": DecisionForm(meeting=meeting) if can_run else None,
    })


@login_required
def item_form(request, slug, pk, item_pk=None):
    access, meeting = _meeting(request, slug, pk)
    _require_run(access, meeting.board_id)
    item = get_object_or_404(AgendaItem, meeting=meeting, pk=item_pk) if item_pk else None
    form = AgendaItemForm(request.POST or None, instance=item, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        item = audit.save_form(form, request.user, partnership=access.partnership)
        messages.success(request, f"Saved agenda item {item}.")
        return redirect(meeting.get_absolute_url() + f"#item-{item.pk}")
    return render(request, "engagement/simple_form.html", {
        "access": access, "partnership": access.partnership, "meeting": meeting, "form": form,
        "heading": "Change agenda item" if item else "Add an agenda item", "button": "Save item",
    })


@login_required
def paper_upload(request, slug, pk, item_pk):
    access, meeting = _meeting(request, slug, pk)
    _require_run(access, meeting.board_id)
    item = get_object_or_404(AgendaItem, meeting=meeting, pk=item_pk)
    form = PaperForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        paper = services.save_paper(request.user, item, form, access.partnership)
        messages.success(request, f"Attached {paper.title} to item {item.number}.")
        return redirect(meeting.get_absolute_url() + f"#item-{item.pk}")
    return render(request, "engagement/simple_form.html", {
        "access": access, "partnership": access.partnership, "meeting": meeting, "form": form, "multipart": True,
        "heading": f"Attach a paper to item {item}", "button": "Upload paper",
    })


@login_required
def decision_form(request, slug, pk, decision_pk=None):
    access, meeting = _meeting(request, slug, pk)
    _require_run(access, meeting.board_id)
    decision = get_object_or_404(Decision, meeting=meeting, pk=decision_pk) if decision_pk else None
    form = DecisionForm(request.POST or None, instance=decision, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        audit.save_form(form, request.user, partnership=access.partnership)
        messages.success(request, "Saved the decision.")
        return redirect(meeting.get_absolute_url() + "#decisions")
    return render(request, "engagement/simple_form.html", {
        "access": access, "partnership": access.partnership, "meeting": meeting, "form": form,
        "heading": "Change a decision" if decision else "Record a decision", "button": "Save decision",
    })


@login_required
@require_POST
def item_delete(request, slug, pk, item_pk):
    access, meeting = _meeting(request, slug, pk)
    _require_run(access, meeting.board_id)
    item = get_object_or_404(AgendaItem, meeting=meeting, pk=item_pk)
    audit.delete(item, request.user, partnership=access.partnership)
    messages.success(request, f"Removed agenda item {item}.")
    return redirect(meeting.get_absolute_url())


def public_paper(request, slug, paper_pk):
    """Board papers are public, like the meetings."""
    partnership = get_object_or_404(Partnership, slug=slug)
    paper = get_object_or_404(Paper, pk=paper_pk, item__meeting__partnership=partnership)
    return uploads.file_response(paper.content, paper.content_type, paper.filename)


def public_boards(request, slug):
    partnership = get_object_or_404(Partnership, slug=slug)
    now = timezone.now()
    upcoming = Meeting.objects.filter(partnership=partnership, starts_at__gte=now).exclude(status="cancelled") \
        .select_related("board", "board__area").order_by("starts_at")
    recent = Meeting.objects.filter(partnership=partnership, starts_at__lt=now).exclude(status="cancelled") \
        .select_related("board").order_by("-starts_at")[:20]
    decisions = Decision.objects.filter(meeting__partnership=partnership).select_related(
        "meeting", "meeting__board", "organisation").order_by("-meeting__starts_at", "pk")[:50]
    boards = BOARDS.filter(partnership=partnership)
    return render(request, "engagement/public_boards.html", {
        "partnership": partnership, "upcoming": upcoming, "recent": recent, "decisions": decisions,
        "boards": boards,
    })


def public_meeting(request, slug, pk):
    partnership = get_object_or_404(Partnership, slug=slug)
    meeting = get_object_or_404(meetings_with_everything().filter(partnership=partnership), pk=pk)
    return render(request, "engagement/public_meeting.html", {"partnership": partnership, "meeting": meeting})
