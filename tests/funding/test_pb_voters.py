# ruff: noqa: F811  (the fixtures imported from test_pb_web are named as arguments)
"""One person, one vote: addresses normalised, hashes that survive a key rotation, postcodes, voting codes,
and limits on link requests and bids."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from placeboard.core.models import AreaPostcode, AuditEvent
from placeboard.funding import pb_services, voters
from placeboard.funding.models import Bid, BudgetRound, Voter, VotingCode
from tests.funding.pb_helpers import cast, open_ballot, request_link, set_phase
from tests.funding.test_pb_web import add_bids, bid_data, boards, manager, round_, round_data  # noqa: F401

# Normalising addresses


@pytest.mark.parametrize("typed, mailbox", [
    ("Voter.One+2@Example.org", "voter.one@example.org"),
    ("  voter.one@EXAMPLE.org ", "voter.one@example.org"),
    ("voter.one+ballot+again@example.org", "voter.one@example.org"),
    ("Voter.One+2@gmail.com", "voterone@gmail.com"),
    ("v.o.t.e.r.o.n.e@googlemail.com", "voterone@gmail.com"),
])
def test_addresses_are_normalised_to_their_mailbox(typed, mailbox):
    assert voters.normalise_email(typed, ["gmail.com"]) == mailbox


@pytest.mark.parametrize("junk", ["", "no-at-sign", "@example.org", "name@", "+tag@example.org"])
def test_what_is_not_an_address_is_refused(junk):
    with pytest.raises(voters.NotAnAddress):
        voters.normalise_email(junk)


local = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789.", min_size=1, max_size=12).filter(
    lambda s: s.strip("."))


@given(local, st.sampled_from(["example.org", "gmail.com", "council.gov.uk"]), st.text(
    alphabet="abc123", max_size=5), st.booleans())
def test_case_spaces_and_tags_never_make_a_second_voter(name, domain, tag, shout):
    plain = voters.normalise_email(f"{name}@{domain}", ["gmail.com"])
    typed = f" {name}{'+' + tag if tag else ''}@{domain} "
    typed = typed.upper() if shout else typed
    assert voters.normalise_email(typed, ["gmail.com"]) == plain
    assert voters.normalise_email(plain, ["gmail.com"]) == plain  # idempotent


def test_the_address_variants_of_the_review_vote_once(client, partnership, round_, settings):
    settings.PB_EMAIL_DOTLESS_DOMAINS = ["example.com"]
    a, = add_bids(round_, ("A", 50))
    set_phase(round_, "voting")
    assert cast(client, partnership, round_, "voter.one+2@example.com", [a]).status_code == 200
    assert request_link(client, partnership, round_, "voterone@example.com") is None
    assert request_link(client, partnership, round_, "VoterOne+3@Example.com") is None
    assert pb_services.ballot_count(round_) == 1 and Voter.objects.count() == 1


def test_rotating_the_secret_key_lets_nobody_vote_again(client, partnership, round_):
    a, = add_bids(round_, ("A", 50))
    set_phase(round_, "voting")
    assert cast(client, partnership, round_, "resident@example.org", [a]).status_code == 200
    with override_settings(SECRET_KEY="a-new-key-after-rotation-" + "x" * 40, SECRET_KEY_FALLBACKS=[]):
        assert request_link(client, partnership, round_, "resident@example.org") is None
    assert pb_services.ballot_count(round_) == 1


def test_each_round_salts_its_hashes(partnership, round_, boards):
    other = BudgetRound.objects.create(partnership=partnership, board=boards[1], name="Other", total_budget=10,
                                       max_projects=1, **{k: getattr(round_, k) for k in BudgetRound.DATE_FIELDS})
    assert len(round_.voter_salt) == 64 and round_.voter_salt != other.voter_salt
    assert (voters.keyed_hash(round_.voter_salt, "email", "a@example.org")
            != voters.keyed_hash(other.voter_salt, "email", "a@example.org"))


# Postcodes


@pytest.fixture
def postcode_round(partnership, round_, boards):
    AreaPostcode.objects.create(area=boards[0].area, postcode="SN15 1ER")
    round_.voter_check = "email_postcode"
    round_.save()
    add_bids(round_, ("A", 50))
    return set_phase(round_, "voting")


@pytest.mark.parametrize("postcode, message", [
    ("", "This field is required."),
    ("SN15 XYZ", "Enter a UK postcode, such as SN15 1ER."),
    ("BA1 1AA", "BA1 1AA is not in North: this vote is for people who live there."),
])
def test_a_postcode_outside_the_area_gets_no_link(client, partnership, postcode_round, postcode, message):
    page = client.post(reverse("public_vote_request", args=[partnership.slug, postcode_round.pk]),
                       {"email": "r@example.org", "postcode": postcode})
    assert page.status_code == 400 and message in page.content.decode()
    assert not mail.outbox and not Voter.objects.exists()


def test_a_postcode_in_the_area_gets_a_link(client, partnership, postcode_round):
    page = client.get(reverse("public_budget_round", args=[partnership.slug, postcode_round.pk])).content.decode()
    assert "Voting is for people who live in North." in page  # the hint names the board's area
    assert request_link(client, partnership, postcode_round, "r@example.org", postcode="sn151er")
    assert "SN15" not in str(list(Voter.objects.values()))  # checked, never stored


def test_a_round_cannot_ask_for_postcodes_the_area_has_not_got(as_user, partnership, manager, boards):
    response = as_user("manager").post(reverse("budget_round_create", args=[partnership.slug]),
                                       round_data(boards[0], voter_check="email_postcode"))
    assert response.status_code == 400 and "There is no postcode list for North yet." in response.content.decode()
    AreaPostcode.objects.create(area=boards[0].area, postcode="SN15 1ER")
    assert as_user("manager").post(reverse("budget_round_create", args=[partnership.slug]),
                                   round_data(boards[0], voter_check="email_postcode")).status_code == 302


# Voting codes


def test_voting_codes_are_shown_once_and_each_casts_one_ballot(as_user, client, partnership, manager, round_):
    a, b = add_bids(round_, ("A", 50), ("B", 40))
    set_phase(round_, "voting")
    staff = as_user("manager")
    response = staff.post(reverse("budget_round_codes", args=[partnership.slug, round_.pk]), {"count": "3"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    codes = re.findall(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}", response.content.decode())
    assert len(set(codes)) == 3 and VotingCode.objects.filter(round=round_).count() == 3
    stored = str(list(VotingCode.objects.values()))
    assert not any(code.replace("-", "") in stored for code in codes)  # only hashes are kept
    assert AuditEvent.objects.filter(changes__has_key="voting codes issued").get().user == manager
    detail = staff.get(round_.get_absolute_url()).content.decode()
    assert "voting codes: 0 used of 3 issued" in detail and codes[0] not in detail
    client.logout()
    code_url = reverse("public_vote_code", args=[partnership.slug, round_.pk])
    assert "Vote with your code" in client.get(reverse("public_budget_round", args=[partnership.slug, round_.pk])
                                               ).content.decode()
    ballot = client.post(code_url, {"code": codes[0].lower().replace("-", " ")})
    assert ballot.status_code == 302
    assert client.post(ballot["Location"], {"bids": [a.pk]}).status_code == 200
    used = client.post(code_url, {"code": codes[0]})
    assert used.status_code == 400 and "This voting code has been used." in used.content.decode()
    pb_services.mix_ballots(round_, force=True)
    assert list(round_.ballots.values_list("source", flat=True)) == ["code"]
    assert "voting codes: 1 used of 3 issued" in as_user("manager").get(round_.get_absolute_url()).content.decode()


def test_guessing_voting_codes_is_limited(client, partnership, round_, settings):
    settings.PB_RATE_LIMIT = 3
    add_bids(round_, ("A", 50))
    set_phase(round_, "voting")
    pb_services.issue_codes(None, round_, 1)
    url = reverse("public_vote_code", args=[partnership.slug, round_.pk])
    for _ in range(3):
        assert "This voting code is not valid." in client.post(url, {"code": "AAAA-AAAA-AA"}).content.decode()
    assert "Please wait an hour" in client.post(url, {"code": "AAAA-AAAA-AA"}).content.decode()


def test_codes_cannot_be_issued_once_voting_has_closed(manager, round_):
    set_phase(round_, "counting")
    with pytest.raises(Exception, match="only until voting closes"):
        pb_services.issue_codes(manager, round_, 5)


# Limits on link requests and bids


def test_voting_links_are_limited_per_address_and_per_client(client, partnership, round_, settings):
    settings.PB_RATE_LIMIT = 2
    add_bids(round_, ("A", 50))
    set_phase(round_, "voting")
    url = reverse("public_vote_request", args=[partnership.slug, round_.pk])
    for _ in range(2):
        assert client.post(url, {"email": "same@example.org"}, REMOTE_ADDR="192.0.2.1").status_code == 200
    refused = client.post(url, {"email": "Same+x@example.org"}, REMOTE_ADDR="192.0.2.99")
    assert refused.status_code == 400 and "Please wait an hour" in refused.content.decode()
    assert len(mail.outbox) == 2
    # Another address from the first client is refused too: that client has asked twice.
    assert client.post(url, {"email": "other@example.org"}, REMOTE_ADDR="192.0.2.1").status_code == 400
    assert client.post(url, {"email": "other@example.org"}, REMOTE_ADDR="192.0.2.2").status_code == 200


def test_residents_behind_a_trusted_proxy_are_limited_apart(client, partnership, round_, settings):
    settings.PB_RATE_LIMIT, settings.TRUSTED_PROXIES = 1, ["127.0.0.1"]
    add_bids(round_, ("A", 50))
    set_phase(round_, "voting")
    url = reverse("public_vote_request", args=[partnership.slug, round_.pk])
    for n in range(3):
        assert client.post(url, {"email": f"r{n}@example.org"}, REMOTE_ADDR="127.0.0.1",
                           HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code == 200


def test_a_robot_filling_the_hidden_field_saves_no_bid(client, partnership, round_):
    response = client.post(reverse("public_bid", args=[partnership.slug, round_.pk]),
                           bid_data(website="http://spam.example"))
    assert response.status_code == 200 and "Bid sent" in response.content.decode()
    assert not Bid.objects.exists() and not AuditEvent.objects.exists()


def test_bids_without_an_account_are_limited(client, partnership, round_, settings):
    settings.PB_RATE_LIMIT = 2
    url = reverse("public_bid", args=[partnership.slug, round_.pk])
    for n in range(2):
        assert client.post(url, bid_data(title=f"Bid {n}")).status_code == 200
    refused = client.post(url, bid_data(title="One too many"))
    assert refused.status_code == 400 and "Please wait an hour before sending another" in refused.content.decode()
    assert Bid.objects.count() == 2


def test_a_round_has_a_total_upload_cap(client, partnership, round_, settings):
    settings.PB_ROUND_UPLOAD_MAX_BYTES = 100
    url = reverse("public_bid", args=[partnership.slug, round_.pk])
    text = b"x" * 60 + b"\n"
    assert client.post(url, {**bid_data(title="First"), "files": [SimpleUploadedFile("a.txt", text, "text/plain")]}
                       ).status_code == 200
    refused = client.post(url, {**bid_data(title="Second"),
                                "files": [SimpleUploadedFile("b.txt", text, "text/plain")]})
    assert refused.status_code == 400 and "reached the round&#x27;s limit" in refused.content.decode()
    assert list(Bid.objects.values_list("title", flat=True)) == ["First"]
    # Without files the bid still goes in.
    assert client.post(url, bid_data(title="Third")).status_code == 200


def test_the_link_is_opened_once_then_the_ballot_page_needs_no_token(client, partnership, round_):
    a, = add_bids(round_, ("A", 50))
    set_phase(round_, "voting")
    link = request_link(client, partnership, round_, "r@example.org")
    ballot = open_ballot(client, link)
    assert client.get(ballot).status_code == 200
    # Another browser without the link's session sees no ballot.
    client.cookies.clear()
    page = client.get(ballot)
    assert page.status_code == 400 and "Open the link from your e-mail" in page.content.decode()
