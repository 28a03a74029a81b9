# ruff: noqa: F811  (the fixtures imported from test_pb_web are named as arguments)
"""Files sent with bids and photos of funded projects: checks, who may download them, and the public pages."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from placeboard.core.models import AuditEvent
from placeboard.funding import pb_services as services
from placeboard.funding.models import Bid, BidAttachment, BudgetResult, ProjectPhoto, ProjectUpdate
from tests.funding.pb_helpers import publish, set_phase
from tests.funding.test_pb_web import add_bids, bid_data, boards, manager, round_  # noqa: F401

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\x00" * 16
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8 " + b"\x00" * 14


def upload(name, content):
    return SimpleUploadedFile(name, content)


def send_bid(client, partnership, round_, files):
    return client.post(reverse("public_bid", args=[partnership.slug, round_.pk]), {**bid_data(), "files": files})


# Bids


def test_a_resident_attaches_files_to_a_bid(client, partnership, round_):
    response = send_bid(client, partnership, round_, [upload("plan.pdf", PDF), upload("site.png", PNG),
                                                      upload("notes.txt", b"Quote: \xc2\xa3120")])
    assert response.status_code == 200 and "Bid sent" in response.content.decode()
    bid = Bid.objects.get()
    files = list(bid.attachments.order_by("pk"))
    assert [(f.filename, f.content_type, bytes(f.content)) for f in files] == [
        ("plan.pdf", "application/pdf", PDF), ("site.png", "image/png", PNG),
        ("notes.txt", "text/plain", b"Quote: \xc2\xa3120")]
    events = AuditEvent.objects.filter(action="create", object_type="bid attachment")
    assert sorted(e.changes["file"][1] for e in events) == ["notes.txt", "plan.pdf", "site.png"]
    assert all(e.user is None and e.partnership == partnership for e in events)


def test_a_bid_without_files_still_works(client, partnership, round_):
    assert send_bid(client, partnership, round_, []).status_code == 200
    assert Bid.objects.count() == 1 and not BidAttachment.objects.exists()


@pytest.mark.parametrize("files, message", [
    ([upload("evil.exe", b"MZ\x90\x00")], "evil.exe is not a type of file we accept"),
    ([upload("drawing.svg", b"<svg onload='alert(1)'/>")], "drawing.svg is not a type of file we accept"),
    ([upload("plan.pdf", PDF), upload("fake.pdf", b"<html><script>")], "fake.pdf does not look like a .pdf file"),
    ([upload("photo.jpg", PNG)], "photo.jpg does not look like a .jpg file"),
    ([upload("notes.txt", b"\xff\xfe\x00bad")], "notes.txt is not a plain text file"),
    ([upload("big.pdf", PDF + b"x" * 3000)], "big.pdf is 3 KB; files can be up to 2 KB"),
    ([upload(f"p{i}.pdf", PDF) for i in range(6)], "You chose 6 files; send no more than 5 with a bid."),
])
def test_a_bid_with_a_bad_file_is_not_saved_at_all(client, partnership, round_, settings, files, message):
    settings.UPLOAD_MAX_BYTES = 2048
    response = send_bid(client, partnership, round_, files)
    page = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 400 and message in page
    assert 'href="#id_files"' in page  # the error summary leads to the file input
    assert "Choose your files again" in page
    assert not Bid.objects.exists() and not BidAttachment.objects.exists() and not AuditEvent.objects.exists()


def test_only_the_bad_files_are_named(client, partnership, round_):
    response = send_bid(client, partnership, round_, [upload("plan.pdf", PDF), upload("a.exe", b"MZ"),
                                                      upload("b.pdf", b"nope")])
    page = response.content.decode()
    assert "a.exe is not a type" in page and "b.pdf does not look like a .pdf file" in page
    assert "plan.pdf" not in page
    assert not Bid.objects.exists()


def test_a_bid_refused_for_another_reason_keeps_no_files(client, partnership, round_):
    response = client.post(reverse("public_bid", args=[partnership.slug, round_.pk]),
                           {**bid_data(amount="500"), "files": [upload("plan.pdf", PDF)]})
    assert response.status_code == 400 and not BidAttachment.objects.exists()


@pytest.fixture
def bid_with_file(round_):
    bid = Bid.objects.create(round=round_, title="Bench", applicant="A group", contact_email="a@example.org",
                             amount=Decimal(10), description="x")
    attachment = BidAttachment.objects.create(bid=bid, filename="plan.pdf", content_type="application/pdf",
                                              size=len(PDF), content=PDF)
    return bid, attachment


STAFF_EXPECTED = {"anonymous": 302, "outsider": 404, "viewer": 403, "other_manager": 403, "manager": 200,
                  "officer": 200}


@pytest.mark.parametrize("persona", list(STAFF_EXPECTED))
@pytest.mark.parametrize("eligibility", ["pending", "eligible"])
def test_who_may_download_a_bids_files(as_user, partnership, manager, round_, bid_with_file, persona,
                                       eligibility):
    bid, attachment = bid_with_file
    Bid.objects.filter(pk=bid.pk).update(eligibility=eligibility)
    set_phase(round_, "eligibility")
    client = as_user(persona)
    staff = client.get(reverse("bid_attachment", args=[partnership.slug, round_.pk, attachment.pk]))
    assert staff.status_code == STAFF_EXPECTED[persona]
    public = client.get(reverse("public_bid_attachment", args=[partnership.slug, round_.pk, attachment.pk]))
    assert public.status_code == (200 if eligibility == "eligible" else 404)
    for response in (staff, public):
        if response.status_code == 200:
            assert response.content == PDF
            assert response["Content-Type"] == "application/pdf"
            assert response["Content-Disposition"] == 'attachment; filename="plan.pdf"'
            assert response["X-Content-Type-Options"] == "nosniff"


def test_a_file_keeps_a_name_that_is_not_ascii(as_user, partnership, manager, round_, bid_with_file):
    bid, attachment = bid_with_file
    BidAttachment.objects.filter(pk=attachment.pk).update(filename='Café "quote".pdf')
    response = as_user("manager").get(reverse("bid_attachment", args=[partnership.slug, round_.pk, attachment.pk]))
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''Caf%C3%A9%20quote.pdf"


def test_files_are_not_public_while_bids_are_open(client, partnership, round_, bid_with_file):
    bid, attachment = bid_with_file
    Bid.objects.filter(pk=bid.pk).update(eligibility="eligible")
    url = reverse("public_bid_attachment", args=[partnership.slug, round_.pk, attachment.pk])
    assert client.get(url).status_code == 404
    set_phase(round_, "voting")
    assert client.get(url).status_code == 200


def test_a_file_of_another_round_is_not_found(as_user, partnership, manager, round_, bid_with_file, boards):
    from placeboard.funding.models import BudgetRound

    bid, attachment = bid_with_file
    other = set_phase(BudgetRound(partnership=partnership, board=boards[0], name="Other", total_budget=Decimal(10),
                                  max_projects=1), "voting")
    Bid.objects.filter(pk=bid.pk).update(eligibility="eligible")
    set_phase(round_, "voting")
    assert as_user("manager").get(reverse("bid_attachment", args=[partnership.slug, other.pk, attachment.pk])
                                  ).status_code == 404
    assert as_user("anonymous").get(reverse("public_bid_attachment", args=[partnership.slug, other.pk,
                                                                           attachment.pk])).status_code == 404


def test_pages_list_the_files(as_user, partnership, manager, round_, bid_with_file):
    bid, attachment = bid_with_file
    hidden = Bid.objects.create(round=round_, title="Hidden", applicant="x", contact_email="x@example.org",
                                amount=Decimal(5), description="x")
    BidAttachment.objects.create(bid=hidden, filename="secret.pdf", content_type="application/pdf", size=len(PDF),
                                 content=PDF)
    set_phase(round_, "eligibility")
    staff = as_user("manager").get(round_.get_absolute_url()).content.decode()
    assert reverse("bid_attachment", args=[partnership.slug, round_.pk, attachment.pk]) in staff
    assert "secret.pdf" in staff
    Bid.objects.filter(pk=bid.pk).update(eligibility="eligible")
    viewer = as_user("viewer").get(round_.get_absolute_url()).content.decode()
    assert reverse("public_bid_attachment", args=[partnership.slug, round_.pk, attachment.pk]) in viewer
    assert "bid_attachment" not in viewer and "/attachments/" in viewer
    public = as_user("anonymous").get(reverse("public_budget_round", args=[partnership.slug, round_.pk]))
    page = public.content.decode()
    assert reverse("public_bid_attachment", args=[partnership.slug, round_.pk, attachment.pk]) in page
    assert "secret.pdf" not in page


# Photos of funded projects


@pytest.fixture
def funded(partnership, manager, round_):
    a, b = add_bids(round_, ("Play area", 50), ("Bench", 80))
    set_phase(round_, "voting")
    services.enter_paper_ballot(manager, round_, [a])
    set_phase(round_, "delivery")
    publish(manager, round_)
    a.refresh_from_db()
    assert a.funded
    return a


def progress(client, partnership, bid, **photos):
    prefix = f"bid{bid.pk}-"
    data = {prefix + "date": "2026-01-05", prefix + "progress": "in_progress", prefix + "spent": "25",
            prefix + "note": "Ground works done"}
    data.update({prefix + k: v for k, v in photos.items()})
    return client.post(reverse("bid_progress", args=[partnership.slug, bid.round_id, bid.pk]), data, follow=True)


@pytest.mark.parametrize("photos, message", [
    ({"photo_1": upload("site.png", PNG)}, "Describe what site.png shows, for people who cannot see it."),
    ({"photo_1": upload("site.png", PNG), "alt_1": "   "}, "Describe what site.png shows"),
    ({"alt_1": "Children on the new swings"}, "Choose photo 1, or clear its description."),
    ({"photo_1": upload("site.jpg", b"<html>"), "alt_1": "x"}, "site.jpg does not look like a .jpg file"),
    ({"photo_1": upload("site.svg", b"<svg/>"), "alt_1": "x"}, "site.svg is not a type of photo we accept"),
    ({"photo_1": upload("plan.pdf", PDF), "alt_1": "x"}, "upload a JPEG, PNG or WebP image"),
    ({"photo_1": upload("ok.png", PNG), "alt_1": "Fine", "photo_2": upload("bad.png", JPEG), "alt_2": "x"},
     "Photo 2: bad.png does not look like a .png file"),
])
def test_bad_photos_keep_the_whole_update_out(as_user, partnership, funded, photos, message):
    page = progress(as_user("manager"), partnership, funded, **photos).content.decode().replace("&#x27;", "'")
    assert "There is a problem" in page and message in page
    assert "Ground works done</textarea>" in page  # what was typed is kept
    assert not ProjectUpdate.objects.exists() and not ProjectPhoto.objects.exists()
    assert not AuditEvent.objects.filter(object_type__in=["bid", "project photo"], action__in=["update", "create"],
                                         user__username="areamanager").exists()


def test_staff_record_progress_with_described_photos(as_user, partnership, funded):
    assert progress(as_user("other_manager"), partnership, funded, photo_1=upload("swings.jpg", JPEG),
                    alt_1="Swings").status_code == 403
    assert not ProjectPhoto.objects.exists()
    page = progress(as_user("manager"), partnership, funded, photo_1=upload("swings.jpg", JPEG),
                    alt_1="Children on the new swings", photo_3=upload("gate.webp", WEBP),
                    alt_3="The new gate, painted green").content.decode()
    assert "Recorded progress on Play area" in page
    photos = list(ProjectPhoto.objects.order_by("pk"))
    assert [(p.filename, p.content_type, p.alt_text) for p in photos] == [
        ("swings.jpg", "image/jpeg", "Children on the new swings"), ("gate.webp", "image/webp",
                                                                    "The new gate, painted green")]
    events = AuditEvent.objects.filter(object_type="project photo", action="create")
    assert {e.changes["description"][1] for e in events} == {"Children on the new swings",
                                                             "The new gate, painted green"}
    assert all(e.user.username == "areamanager" for e in events)

    staff_url = reverse("project_photo", args=[partnership.slug, funded.round_id, photos[0].pk])
    assert staff_url in as_user("manager").get(funded.round.get_absolute_url()).content.decode()
    assert as_user("manager").get(staff_url).status_code == 200
    assert as_user("other_manager").get(staff_url).status_code == 403
    assert as_user("outsider").get(staff_url).status_code == 404

    client = as_user("anonymous")
    public = client.get(reverse("public_budget_round", args=[partnership.slug, funded.round_id])).content.decode()
    for photo in photos:
        src = reverse("public_project_photo", args=[partnership.slug, funded.round_id, photo.pk])
        assert f'src="{src}" alt="{photo.alt_text}"' in public
    response = client.get(reverse("public_project_photo", args=[partnership.slug, funded.round_id, photos[0].pk]))
    assert response.status_code == 200 and response.content == JPEG
    assert response["Content-Type"] == "image/jpeg" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'inline; filename="swings.jpg"'


def test_photos_are_public_only_while_results_are(client, partnership, funded):
    update = ProjectUpdate.objects.create(bid=funded, date=services.today(), note="x", progress="in_progress",
                                          spent=Decimal(1))
    photo = ProjectPhoto.objects.create(update=update, filename="a.png", content_type="image/png", size=len(PNG),
                                        content=PNG, alt_text="A photo")
    url = reverse("public_project_photo", args=[partnership.slug, funded.round_id, photo.pk])
    assert client.get(url).status_code == 200
    set_phase(funded.round, "voting")
    assert client.get(url).status_code == 404


def test_public_and_staff_pages_queries_do_not_grow_with_files(as_user, client, partnership, manager, round_):
    """The pages never load file contents and fetch files in a fixed number of queries."""
    set_phase(round_, "voting")
    public_url = reverse("public_budget_round", args=[partnership.slug, round_.pk])
    counts = {"public": [], "staff": []}
    staff = as_user("manager")
    for n in (1, 4):
        for bid in add_bids(round_, *[(f"Project {n}-{i}", 1) for i in range(n)]):
            BidAttachment.objects.bulk_create([BidAttachment(bid=bid, filename=f"f{j}.pdf", content=PDF,
                                                             content_type="application/pdf", size=len(PDF))
                                               for j in range(n)])
            Bid.objects.filter(pk=bid.pk).update(funded=True)
            for d in range(n):
                update = ProjectUpdate.objects.create(bid=bid, date=services.today(), note=f"Update {d}",
                                                      progress="in_progress", spent=Decimal(0))
                ProjectPhoto.objects.bulk_create([ProjectPhoto(update=update, filename=f"p{j}.png", content=PNG,
                                                               content_type="image/png", size=len(PNG),
                                                               alt_text=f"Photo {n}-{d}-{j}") for j in range(n)])
        bids = list(round_.bids.all())
        BudgetResult.objects.update_or_create(round=round_, defaults={
            "rule": "greedy", "fingerprint": "0" * 64, "ballot_count": 0, "budget": 100, "spent": 0, "left": 100,
            "rows": [{"bid": b.pk, "title": b.title, "cost": str(b.amount), "votes": 0, "funded": True,
                      "explanation": "x"} for b in bids], "computed_at": timezone.now(),
            "published_at": timezone.now()})
        round_.results_published_at = timezone.now()
        round_.save()
        set_phase(round_, "delivery")
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(public_url).content.decode()
        assert page.count("<img ") == ProjectPhoto.objects.count()
        assert not any('."content"' in q["sql"] for q in ctx.captured_queries)  # files are never loaded
        counts["public"].append(len(ctx))
        with CaptureQueriesContext(connection) as ctx:
            assert staff.get(round_.get_absolute_url()).status_code == 200
        counts["staff"].append(len(ctx))
    assert ProjectPhoto.objects.count() == 1 + 4 * 4 * 4
    assert counts["public"][0] == counts["public"][1]
    assert counts["staff"][0] == counts["staff"][1]


@pytest.mark.parametrize("persona, status", [
    ("manager", 200), ("officer", 200), ("other_manager", 403), ("viewer", 403), ("outsider", 404),
])
def test_progress_page_for_whoever_runs_the_board(as_user, partnership, funded, persona, status):
    url = reverse("bid_progress", args=[partnership.slug, funded.round_id, funded.pk])
    response = as_user(persona).get(url)
    assert response.status_code == status
    if status == 200:
        assert "Record progress on Play area" in response.content.decode()


def test_progress_page_is_only_for_funded_projects_and_saves_once(as_user, partnership, funded):
    unfunded = Bid.objects.get(round=funded.round, title="Bench")
    client = as_user("manager")
    assert client.get(reverse("bid_progress", args=[partnership.slug, unfunded.round_id, unfunded.pk])
                      ).status_code == 404
    response = progress(client, partnership, funded, photo_1=upload("site.png", PNG), alt_1="The cleared site")
    assert response.redirect_chain[-1][0] == funded.round.get_absolute_url()
    assert "Recorded progress on Play area." in response.content.decode()
    assert ProjectUpdate.objects.get().photos.get().alt_text == "The cleared site"


def test_the_round_page_links_funded_projects_to_their_progress_page(as_user, partnership, funded):
    unfunded = Bid.objects.get(round=funded.round, title="Bench")
    link = reverse("bid_progress", args=[partnership.slug, funded.round_id, funded.pk])
    page = as_user("manager").get(funded.round.get_absolute_url()).content.decode()
    assert f'href="{link}"' in page
    assert reverse("bid_progress", args=[partnership.slug, funded.round_id, unfunded.pk]) not in page
    assert link not in as_user("viewer").get(funded.round.get_absolute_url()).content.decode()
