"""Board packs: composed by an officer, made by the worker as one PDF with a cover, contents, bookmarks, running
headers and page numbers, attached to a meeting's papers, and made again for the next round in one action."""

import io
from datetime import date, datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from placeboard.core.models import AuditEvent, Group, Theme
from placeboard.engagement.models import AgendaItem, Meeting, Paper
from placeboard.performance.models import ReportingRound
from placeboard.reports.models import BoardPack, Download, PackSection
from tests.personas import ALL, MANAGERS, MEMBERS, expected
from tests.reports.downloads import run_worker


@pytest.fixture
def rounds(partnership):
    first = ReportingRound.objects.create(partnership=partnership, name="2009/10 quarter 1",
                                          reporting_date=date(2009, 7, 1), period="2009/10 Q1",
                                          period_start=date(2009, 4, 1), period_end=date(2009, 6, 30))
    second = ReportingRound.objects.create(partnership=partnership, name="2009/10 quarter 2",
                                           reporting_date=date(2009, 10, 1), period="2009/10 Q2",
                                           period_start=date(2009, 7, 1), period_end=date(2009, 9, 30))
    return first, second


def url(name, pack=None, *args):
    slug = "testshire"
    return reverse(name, args=[slug, *([pack.pk] if pack else []), *args])


def compose(client, round_, **extra):
    """Make a pack through the pages, as an officer does; returns it."""
    response = client.post(url("pack_create"), {"title": "Partnership board pack", "round": round_.pk, **extra})
    assert response.status_code == 302, response.content.decode()[:2000]
    return BoardPack.objects.latest("id")


def add_text(client, pack, heading, body):
    response = client.post(url("pack_section_text", pack), {"heading": heading, "body": body})
    assert response.status_code == 302, response.content.decode()[:2000]


def add_report(client, pack, kind, **filters):
    response = client.post(url("pack_section_report", pack), {"kind": kind, **filters})
    assert response.status_code == 302, response.content.decode()[:2000]


def make(client, pack):
    response = client.post(url("pack_make", pack))
    assert response.status_code == 302
    run_worker()
    download = Download.objects.without_file().filter(kind="pack").latest("id")
    assert download.status == "ready", download.error
    return download


def pdf(client, pack):
    response = client.get(url("pack_file", pack))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def page_texts(reader):
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def outline_titles(reader, items=None):
    titles = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            titles.append(outline_titles(reader, item))
        else:
            titles.append(item.title)
    return titles


def test_a_pack_is_composed_made_and_read(as_user, partnership, rounds, indicators):
    officer = as_user("officer")
    _, second = rounds
    safer = Group.objects.get(name="Safer Communities Group")
    pack = compose(officer, second, meeting_of=Group.objects.get(name="Partnership Board").pk,
                   meeting_date="2009-10-21")
    add_text(officer, pack, "Chair's introduction", "Welcome to the board.\n\nCrime is down.")
    add_report(officer, pack, "dashboard")
    add_report(officer, pack, "thematic", group=safer.pk, heading="Safer communities: tasks")
    add_report(officer, pack, "exceptions")
    assert [s.kind for s in pack.sections.all()] == ["text", "dashboard", "thematic", "exceptions"]

    page = officer.get(url("pack_detail", pack)).content.decode()
    assert "Chair&#x27;s introduction" in page and "Safer communities: tasks" in page
    assert "Filtered by group: Safer Communities Group" in page

    download = make(officer, pack)
    assert download.title == "Partnership board pack, 2009/10 quarter 2"
    reader = pdf(officer, pack)
    texts = page_texts(reader)
    pages = len(texts)
    # The cover, then the contents with each section's page.
    assert "Partnership board pack" in texts[0] and "Partnership Board, 21 October 2009" in texts[0]
    assert "Reporting round: 2009/10 quarter 2" in texts[0]
    contents = next(text for text in texts if "Contents" in text)
    starts = {}
    for heading in ("Chair's introduction", "Partnership dashboard", "Safer communities: tasks", "Exception report"):
        start = next(i for i, text in enumerate(texts) if text.startswith(heading))
        starts[heading] = start + 1
        assert f"{heading}" in contents and f"{start + 1}" in contents
    assert list(starts.values()) == sorted(starts.values())
    assert "Welcome to the board." in texts[starts["Chair's introduction"] - 1]
    # Every page numbered as one document, with the pack's running header.
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {pages}" in text
    for text in texts[1:]:
        assert "Testshire Partnership · Partnership board pack" in text
    titles = str(outline_titles(reader))
    for heading in ("Partnership board pack", "Contents", "Chair's introduction", "Partnership dashboard",
                    "Safer communities: tasks", "Exception report"):
        assert heading in titles

    # Everyone who may see the partnership may read the made pack.
    viewer = as_user("viewer")
    assert viewer.get(url("pack_file", pack)).status_code == 200
    assert "Download the pack" in viewer.get(url("pack_detail", pack)).content.decode()


def test_a_pack_is_attached_to_its_meetings_papers_and_replaced_when_made_again(as_user, partnership, rounds):
    officer = as_user("officer")
    board = Group.objects.create(partnership=partnership, name="North Area Board", kind="area_board")
    meeting = Meeting.objects.create(partnership=partnership, board=board, venue="Town hall",
                                     starts_at=timezone.make_aware(datetime(2009, 10, 21, 19)))
    item = AgendaItem.objects.create(meeting=meeting, number=3, title="Performance report", purpose="information")
    form = officer.get(url("pack_create")).content.decode()
    assert "North Area Board, 21 October 2009: item 3. Performance report" in form
    pack = compose(officer, rounds[1], agenda_item=item.pk)
    assert (pack.meeting_of, pack.meeting_date) == (board, date(2009, 10, 21))  # from the meeting
    add_report(officer, pack, "dashboard")
    make(officer, pack)
    paper = Paper.objects.get(item=item)
    assert paper.title == "Partnership board pack" and bytes(paper.content).startswith(b"%PDF")
    assert paper.filename == f"testshire-board-pack-{pack.pk}.pdf"
    public = Client().get(reverse("public_paper", args=["testshire", paper.pk]))  # board papers are public
    assert public.status_code == 200
    make(officer, pack)
    assert Paper.objects.filter(item=item).count() == 1  # replaced, not added again
    assert AuditEvent.objects.filter(object_type="paper", action="update").exists()

    # A board other than the meeting's is refused, naming both.
    response = officer.post(url("pack_edit", pack), {"title": "x", "round": rounds[1].pk, "agenda_item": item.pk,
                                                     "meeting_of": Group.objects.get(name="Partnership Board").pk})
    assert response.status_code == 200
    assert "The agenda item is of a meeting of North Area Board" in response.content.decode()


def test_made_again_for_the_next_round_in_one_action(as_user, partnership, rounds):
    officer = as_user("officer")
    first, second = rounds
    pack = compose(officer, first, meeting_date="2009-07-15")
    add_text(officer, pack, "Chair's introduction", "Hello.")
    add_report(officer, pack, "spreadsheet", theme=Theme.objects.get(code="1").pk)
    add_report(officer, pack, "exceptions", round=first.pk)
    page = officer.get(url("pack_detail", pack)).content.decode()
    assert "Make it again for 2009/10 quarter 2" in page
    response = officer.post(url("pack_next_round", pack))
    copy = BoardPack.objects.latest("id")
    assert copy.pk != pack.pk and copy.round == second and copy.meeting_date is None
    assert [(s.kind, s.heading, s.theme, s.round) for s in copy.sections.all()] == [
        ("text", "Chair's introduction", None, None), ("spreadsheet", "", Theme.objects.get(code="1"), None),
        ("exceptions", "", None, second)]  # a section's own round moves on with the pack
    download = Download.objects.without_file().get(kind="pack")
    assert response.status_code == 302 and response["Location"] == reverse("download_detail",
                                                                           args=["testshire", download.pk])
    assert download.params == {"pack": copy.pk}
    run_worker()
    download.refresh_from_db()
    assert download.status == "ready", download.error
    # The newest round has no round after it: no button, and a POST says why.
    assert "Make it again for" not in officer.get(url("pack_detail", copy)).content.decode()
    officer.post(url("pack_next_round", copy))
    assert "There is no reporting round after 2009/10 quarter 2 yet" in officer.get(
        url("pack_detail", copy)).content.decode()
    assert BoardPack.objects.count() == 2


def test_sections_move_and_are_removed_with_audit(as_user, partnership, rounds):
    officer = as_user("officer")
    pack = compose(officer, rounds[0])
    add_text(officer, pack, "One", "1")
    add_text(officer, pack, "Two", "2")
    add_text(officer, pack, "Three", "3")
    one, two, three = pack.sections.all()
    officer.post(url("pack_section_move", pack, three.pk), {"direction": "up"})
    assert [s.heading for s in pack.sections.all()] == ["One", "Three", "Two"]
    officer.post(url("pack_section_move", pack, one.pk), {"direction": "up"})  # already first: nothing moves
    assert [s.heading for s in pack.sections.all()] == ["One", "Three", "Two"]
    assert officer.post(url("pack_section_move", pack, one.pk), {"direction": "sideways"}).status_code == 404
    officer.post(url("pack_section_delete", pack, two.pk))
    assert [s.heading for s in pack.sections.all()] == ["One", "Three"]
    actions = list(AuditEvent.objects.filter(object_type="board pack section").values_list("action", flat=True))
    assert actions.count("create") == 3 and "update" in actions and "delete" in actions
    assert AuditEvent.objects.filter(object_type="board pack", action="create").exists()


def test_bad_input_is_refused_with_a_message(as_user, partnership, rounds, personas):
    officer = as_user("officer")
    response = officer.post(url("pack_create"), {"title": ""})
    text = response.content.decode()
    assert response.status_code == 200 and "Enter the pack&#x27;s title." in text
    assert "Choose the reporting round the pack reports on." in text
    assert not BoardPack.objects.exists()
    pack = compose(officer, rounds[0])
    response = officer.post(url("pack_section_text", pack), {"heading": "Intro", "body": "x" * 20_001})
    assert "The text can be at most 20000 characters (it has 20001)." in response.content.decode()
    response = officer.post(url("pack_section_report", pack), {"kind": "no-such-report"})
    assert "Select a valid choice" in response.content.decode()
    # Another partnership's round or theme is not offered and not accepted.
    from placeboard.core.models import Partnership

    other = Partnership.objects.create(slug="otherplace", name="Otherplace", place="Otherplace")
    theirs = ReportingRound.objects.create(partnership=other, name="Theirs", reporting_date=date(2009, 7, 1),
                                          period="2009/10 Q1", period_start=date(2009, 4, 1),
                                          period_end=date(2009, 6, 30))
    response = officer.post(url("pack_section_report", pack), {"kind": "dashboard", "round": theirs.pk})
    assert response.status_code == 200 and not pack.sections.exists()
    # Making a pack with nothing in it says so rather than making an empty PDF.
    officer.post(url("pack_make", pack))
    assert not Download.objects.exists()
    # A theme a pack's section filters by cannot be deleted out from under it.
    theme = Theme.objects.get(code="2")
    add_report(officer, pack, "spreadsheet", theme=theme.pk)
    response = officer.post(reverse("framework_delete", args=["testshire", "themes", theme.pk]))
    assert response.status_code == 409 and Theme.objects.filter(pk=theme.pk).exists()


def test_a_section_that_cannot_be_built_fails_the_pack_naming_it(as_user, partnership, rounds):
    officer = as_user("officer")
    pack = compose(officer, rounds[0])
    add_text(officer, pack, "Intro", "Hello")
    add_report(officer, pack, "dashboard")
    from placeboard.reports import packs

    def broken(*args, **kwargs):
        from placeboard.performance.reporting import ReportError

        raise ReportError("The dashboard needs something it has not got.")

    import placeboard.reports.builders as builders

    original = builders.build
    builders.build = broken
    try:
        officer.post(url("pack_make", pack))
        run_worker()
    finally:
        builders.build = original
    download = Download.objects.without_file().get()
    assert download.status == "failed"
    assert download.error == "Section 2 (Partnership dashboard): The dashboard needs something it has not got."
    assert packs.KIND == download.kind


@pytest.mark.parametrize("persona", ALL)
def test_who_may_compose_make_and_read_packs(as_user, partnership, rounds, personas, persona):
    officer = as_user("officer")
    pack = compose(officer, rounds[0])
    add_text(officer, pack, "Intro", "Hello")
    section = pack.sections.get()
    make(officer, pack)
    client = as_user(persona)
    readers = MEMBERS
    for name in ("pack_list", "pack_detail", "pack_file"):
        got = client.get(url(name, None if name == "pack_list" else pack)).status_code
        assert got == expected(persona, readers), name
    for name, args in (("pack_create", ()), ("pack_edit", (pack,)), ("pack_section_text", (pack,)),
                       ("pack_section_report", (pack,)), ("pack_delete", (pack,))):
        got = client.get(url(name, *args)).status_code
        assert got == expected(persona, MANAGERS), name
    posts = [url("pack_make", pack), url("pack_next_round", pack), url("pack_section_move", pack, section.pk),
             url("pack_section_delete", pack, section.pk)]
    for address in posts:
        got = client.post(address, {"direction": "up"}).status_code
        if persona in MANAGERS:
            assert got == 302, address
        else:
            assert got == expected(persona, MANAGERS), address
    page = client.get(url("pack_detail", pack)).content.decode() if persona in MEMBERS else ""
    assert ("Make the PDF" in page) == (persona in MANAGERS)


def test_another_partnerships_pack_is_not_found(as_user, partnership, rounds):
    from placeboard.core.models import Partnership

    other = Partnership.objects.create(slug="otherplace", name="Otherplace", place="Otherplace")
    theirs = BoardPack.objects.create(partnership=other, title="Theirs", round=ReportingRound.objects.create(
        partnership=other, name="R", reporting_date=date(2009, 7, 1), period="2009/10 Q1",
        period_start=date(2009, 4, 1), period_end=date(2009, 6, 30)))
    officer = as_user("officer")
    for name in ("pack_detail", "pack_file", "pack_edit"):
        assert officer.get(url(name, theirs)).status_code == 404
    assert officer.post(url("pack_make", theirs)).status_code == 404
    section = PackSection.objects.create(pack=theirs, position=1, kind="text", heading="x", body="y")
    assert officer.post(url("pack_section_delete", theirs, section.pk)).status_code == 404


def test_the_pack_list_and_page_make_the_same_queries_however_many(as_user, partnership, rounds,
                                                                   django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    officer = as_user("officer")

    def count(name, pack=None):
        with CaptureQueriesContext(connection) as queries:
            assert officer.get(url(name, pack)).status_code == 200
        return len(queries)

    pack = compose(officer, rounds[0])
    add_report(officer, pack, "dashboard", theme=Theme.objects.get(code="1").pk)
    small = (count("pack_list"), count("pack_detail", pack))
    for n in range(5):
        other = compose(officer, rounds[1])
        add_report(officer, pack, "exceptions", theme=Theme.objects.get(code="2").pk)
        add_text(officer, other, f"T{n}", "x")
    assert (count("pack_list"), count("pack_detail", pack)) == small


def test_running_headers_print_any_title_as_typed(as_user, partnership, rounds):
    """The running header is a CSS string: quotes, apostrophes and "</style>" print as typed (escapejs would print
    \\u0027 as "u0027", and an unescaped "</style>" would end the style sheet)."""
    officer = as_user("officer")
    title = """Chair's "pack" </style> \\ 2009"""
    pack = compose(officer, rounds[0], title=title)
    add_text(officer, pack, "Intro", "Hello")
    make(officer, pack)
    texts = page_texts(pdf(officer, pack))
    assert f"Testshire Partnership · {title}" in texts[2]
