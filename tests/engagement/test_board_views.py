"""Area boards through HTTP: meetings, agenda items, papers (size and type), decisions, public pages."""

import datetime

import icalendar
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from placeboard.core.models import Area, AuditEvent, Group, Role
from placeboard.engagement.models import AgendaItem, Decision, Meeting, Paper
from tests.conftest import make_user
from tests.personas import ALL, MANAGERS, MEMBERS, expected


def url(name, partnership, *args):
    return reverse(name, args=[partnership.slug, *args])


@pytest.fixture
def board(partnership):
    return Group.objects.create(partnership=partnership, name="North Area Board", kind="area_board",
                                area=Area.objects.get(name="North"))


@pytest.fixture
def manager(partnership, board):
    user = make_user("manager")
    Role.objects.create(user=user, partnership=partnership, kind="community_area_manager", group=board)
    return user


@pytest.fixture
def meeting(partnership, board):
    m = Meeting.objects.create(partnership=partnership, board=board, venue="North Library",
                               starts_at=timezone.make_aware(datetime.datetime(2030, 10, 21, 19, 0)))
    item = AgendaItem.objects.create(meeting=m, number=1, title="Parking in the high street", purpose="decision")
    Decision.objects.create(meeting=m, item=item, text="Ask for a residents' parking scheme", responsible="Cllr Jones",
                            due=datetime.date(2030, 12, 31))
    return m


@pytest.mark.parametrize("persona", ALL)
def test_gatekeepers(as_user, partnership, board, meeting, persona):
    client = as_user(persona)
    assert client.get(url("board_list", partnership)).status_code == expected(persona, MEMBERS)
    assert client.get(url("board_detail", partnership, board.pk)).status_code == expected(persona, MEMBERS)
    assert client.get(url("meeting_detail", partnership, meeting.pk)).status_code == expected(persona, MEMBERS)
    assert client.get(url("meeting_create", partnership, board.pk)).status_code == expected(persona, MANAGERS)
    assert client.get(url("item_create", partnership, meeting.pk)).status_code == expected(persona, MANAGERS)
    assert client.get(url("decision_create", partnership, meeting.pk)).status_code == expected(persona, MANAGERS)


def test_community_area_manager_runs_their_own_board_only(client, partnership, board, manager):
    other = Group.objects.create(partnership=partnership, name="Testshire Area Board", kind="area_board",
                                 area=Area.objects.get(name="Testshire"))
    client.force_login(manager)
    response = client.post(url("meeting_create", partnership, board.pk),
                           {"starts_at": "2030-11-04T18:30", "venue": "Village hall", "status": "scheduled"})
    assert response.status_code == 302
    meeting = Meeting.objects.get(venue="Village hall")
    assert meeting.board == board
    assert client.get(url("meeting_create", partnership, other.pk)).status_code == 403
    path = url("item_create", partnership, meeting.pk)
    body = client.post(path, {"number": "1", "title": "Road safety"}).content.decode()
    assert "Say whether the item is for information, influence or decision." in body
    for number, title, purpose in ((1, "Police update", "information"), (2, "Youth centre plans", "influence"),
                                   (3, "Community grants", "decision")):
        assert client.post(path, {"number": number, "title": title, "purpose": purpose}).status_code == 302
    body = client.post(path, {"number": 3, "title": "Again", "purpose": "decision"}).content.decode()
    assert "Another item already has this number." in body
    grants = AgendaItem.objects.get(title="Community grants")
    response = client.post(url("decision_create", partnership, meeting.pk),
                           {"item": grants.pk, "text": "Award £500 to the scouts", "responsible": "Community area manager",
                            "due": "2030-12-01", "status": "open"})
    assert response.status_code == 302
    body = client.get(url("meeting_detail", partnership, meeting.pk)).content.decode()
    for text in ("For information", "For influence", "For decision", "Award £500 to the scouts", "1 Dec 2030"):
        assert text in body
    assert AuditEvent.objects.filter(user=manager, object_type="decision").exists()
    assert AuditEvent.objects.filter(user=manager, object_type="agenda item").count() == 3


def test_decision_needs_text_and_who(as_user, partnership, meeting):
    client = as_user("officer")
    body = client.post(url("decision_create", partnership, meeting.pk), {"due": "2030-13-01"}).content.decode()
    assert "Enter what the board decided." in body and "Enter who is responsible" in body
    assert "Enter a real date, like 2009-12-31." in body
    assert Decision.objects.count() == 1


def test_meeting_bad_input(as_user, partnership, board):
    client = as_user("officer")
    body = client.post(url("meeting_create", partnership, board.pk), {"starts_at": "tomorrow"}).content.decode()
    assert "Enter a real date and time, like 2009-10-21 19:00." in body and "Enter where the meeting is." in body
    assert not Meeting.objects.exists()


def test_papers_are_checked_for_type_and_size(as_user, partnership, meeting, settings):
    client = as_user("officer")
    item = meeting.items.get()
    path = url("paper_upload", partnership, meeting.pk, item.pk)

    def upload(name, content, title="Parking report"):
        return client.post(path, {"title": title, "file": SimpleUploadedFile(name, content)})

    assert "is not a type of paper we accept" in upload("evil.exe", b"MZ\x90\x00").content.decode()
    assert "does not look like a .pdf file" in upload("fake.pdf", b"<html>").content.decode()
    assert "is not a plain text file" in upload("notes.txt", b"\xff\xfe\x00bad").content.decode()
    settings.UPLOAD_MAX_BYTES = 1024  # the one limit for every upload (core.uploads)
    assert "papers can be up to" in upload("big.pdf", b"%PDF-1.4" + b"x" * 2000).content.decode()
    assert not Paper.objects.exists()
    assert upload("report.pdf", b"%PDF-1.4 a small report").status_code == 302
    paper = Paper.objects.get()
    assert (paper.filename, paper.content_type, paper.size) == ("report.pdf", "application/pdf", 23)
    response = client.get(url("public_paper", partnership, paper.pk))  # papers are public
    assert response["Content-Type"] == "application/pdf" and response.content == b"%PDF-1.4 a small report"
    assert AuditEvent.objects.filter(object_type="paper").exists()


def test_paper_names_are_cleaned_and_the_limit_is_read_when_the_form_is_shown(as_user, partnership, meeting,
                                                                               settings):
    client = as_user("officer")
    item = meeting.items.get()
    path = url("paper_upload", partnership, meeting.pk, item.pk)
    settings.UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    body = client.get(path).content.decode()
    assert "up to 2 MB" in body and 'accept=".pdf,.docx,.xlsx,.odt,.csv,.txt"' in body
    upload = SimpleUploadedFile('..\\minutes "final".pdf', b"%PDF-1.4 minutes")
    assert client.post(path, {"title": "Minutes", "file": upload}).status_code == 302
    paper = Paper.objects.get()
    assert paper.filename == "minutes final.pdf"
    response = client.get(url("public_paper", partnership, paper.pk))
    assert response["Content-Disposition"] == 'attachment; filename="minutes final.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_public_pages_and_calendar(client, partnership, meeting):
    body = client.get(url("public_boards", partnership)).content.decode()
    assert "North Area Board, 21 October 2030, 19:00" in body and "Ask for a residents&#x27; parking scheme" in body
    body = client.get(url("public_meeting", partnership, meeting.pk)).content.decode()
    assert "Parking in the high street" in body and "For decision" in body and "Cllr Jones" in body
    cal = icalendar.Calendar.from_ical(client.get(url("public_activities_ics", partnership)).content)
    events = [e for e in cal.walk("VEVENT") if str(e["uid"]).startswith("meeting-")]
    assert len(events) == 1 and str(events[0]["summary"]) == "North Area Board meeting"
    assert events[0].decoded("dtstart") == meeting.starts_at


def test_public_board_page_runs_a_fixed_number_of_queries(client, partnership, board):
    counts = []
    for n in (2, 8):
        for i in range(n):
            m = Meeting.objects.create(partnership=partnership, board=board, venue=f"Hall {i}",
                                       starts_at=timezone.now() + datetime.timedelta(days=i - 3))
            Decision.objects.create(meeting=m, text="Do it", responsible="Someone")
        with CaptureQueriesContext(connection) as ctx:
            client.get(url("public_boards", partnership))
        counts.append(len(ctx))
    assert counts[0] == counts[1]
