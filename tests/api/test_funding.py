"""The funding part of the API: funding streams, budget rounds with their bids, and published results.

Who may read them is who may read the pages (everyone with a role in the partnership); what a count found
leaves only once published, as on the public page; voters, ballots, applicants and contact addresses never."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from placeboard.core.models import Area, Group, Outcome, Partnership, Role, Theme
from placeboard.funding import pb_services, voters
from placeboard.funding.models import (
    Ballot,
    BallotChoice,
    Bid,
    BudgetRound,
    FundingAmount,
    FundingStream,
    PendingBallot,
    Voter,
    VotingCode,
)
from tests.api.test_access import expected
from tests.conftest import make_user
from tests.funding.pb_helpers import publish, set_phase
from tests.personas import ALL, MEMBERS

pytestmark = pytest.mark.django_db

BASE = "/api/v1/partnerships/testshire"
PERSONAS = [*ALL, "manager"]
READERS = MEMBERS | {"manager"}


@pytest.fixture
def board(partnership):
    return Group.objects.create(partnership=partnership, name="North Area Board", kind="area_board",
                                area=Area.objects.get(partnership=partnership, name="North"))


@pytest.fixture
def manager(partnership, personas, board):
    """The board's community area manager, who runs its rounds on the pages."""
    user = make_user("areamanager")
    Role.objects.create(user=user, partnership=partnership, kind="community_area_manager", group=board)
    personas["manager"] = user
    return user


def make_round(partnership, board, name="You Decide 2009", phase="bids", budget=100):
    round_ = BudgetRound(partnership=partnership, board=board, name=name, total_budget=Decimal(budget),
                         rule="greedy", ballot_type="approval", max_projects=2, paper_ballots_issued=20)
    return set_phase(round_, phase)


def add_bid(round_, title, amount, **extra):
    values = {"applicant": "Northside Youth Forum", "contact_email": "youth@example.org", "description": "x",
              "eligibility": "eligible", "eligibility_reason": "Fine", **extra}
    return Bid.objects.create(round=round_, title=title, amount=Decimal(amount), **values)


SECRETS = ["jo.bloggs@example.org", "Jo Bloggs", "Northside Youth Forum", "youth@example.org"]


@pytest.fixture
def counted(partnership, board, manager):
    """Budget £100, greedy: A and B (£50 each) with 6 votes each, C (£40) with 4, a bid not eligible; the votes
    are cast online (two), with a voting code (one) and on paper (seven), then counted, not yet published."""
    round_ = make_round(partnership, board)
    a, b, c = add_bid(round_, "A", 50), add_bid(round_, "B", 50), add_bid(round_, "C", "40.50")
    add_bid(round_, "Private driveway", 30, applicant="Jo Bloggs", contact_email="jo.bloggs@example.org",
            description="Resurface my drive", eligibility="ineligible",
            eligibility_reason="Benefits one household, not the community.")
    set_phase(round_, "voting")
    for i in range(2):
        Voter.objects.create(round=round_, email_hash=voters.keyed_hash(round_.voter_salt, "email", f"v{i}@x.org"),
                             token_hash=voters.keyed_hash(round_.voter_salt, "token", f"token-{i}"))
        pb_services.cast_ballot(round_, [a, b], token=f"token-{i}")
    code = pb_services.issue_codes(manager, round_, 1)[0]
    pb_services.cast_ballot(round_, [a, b], code=code)
    for choice, count in (([a, b], 3), ([c], 4)):
        for _ in range(count):
            pb_services.enter_paper_ballot(manager, round_, choice)
    set_phase(round_, "counting")
    pb_services.compute_results(manager, round_)
    round_.refresh_from_db()
    return round_


def get(client, bearer, persona, url):
    return client.get(url, **bearer(persona))


def everything(client, bearer, persona, round_):
    """Every funding answer the persona gets, as text."""
    urls = [f"{BASE}/funding-streams/", f"{BASE}/budget-rounds/", f"{BASE}/budget-rounds/{round_.pk}/",
            f"{BASE}/budget-rounds/{round_.pk}/results/"]
    return "\n".join(get(client, bearer, persona, url).content.decode() for url in urls)


def keys_of(value):
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys_of(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys_of(v)}
    return set()


# Who may read


@pytest.fixture
def urls(partnership, board, manager):
    round_ = make_round(partnership, board, phase="counting")
    bid = add_bid(round_, "A", 50)
    Voter.objects.create(round=round_, email_hash="e" * 64, token_hash="t" * 64, has_voted=True)
    ballot = Ballot.objects.create(id="00000000-0000-4000-8000-000000000001", round=round_, source="online")
    BallotChoice.objects.create(ballot=ballot, bid=bid)
    publish(manager, round_)
    return [f"{BASE}/funding-streams/", f"{BASE}/budget-rounds/", f"{BASE}/budget-rounds/{round_.pk}/",
            f"{BASE}/budget-rounds/{round_.pk}/results/"]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("index", range(4))
def test_who_may_read(client, bearer, urls, persona, index):
    response = get(client, bearer, persona, urls[index])
    assert response.status_code == expected(persona, READERS)
    if response.status_code != 200:
        assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("persona", PERSONAS)
def test_another_partnerships_round_is_not_found(client, bearer, manager, persona):
    elsewhere = Partnership.objects.get(slug="elsewhere")
    board = Group.objects.create(partnership=elsewhere, name="Their Board", kind="area_board")
    theirs = make_round(elsewhere, board, phase="counting")
    add_bid(theirs, "Theirs", 10)
    publish(make_user("theirs"), theirs)
    for path in ("", "results/"):
        response = get(client, bearer, persona, f"{BASE}/budget-rounds/{theirs.pk}/{path}")
        assert response.status_code == (401 if persona == "anonymous" else 404)
        assert "Theirs" not in response.content.decode()
    # Nor in the lists of this partnership.
    if persona in READERS:
        assert get(client, bearer, persona, f"{BASE}/budget-rounds/").json()["items"] == []


def test_a_read_only_token_reads(client, bearer, urls):
    for url in urls:
        assert get(client, bearer, "viewer", url).status_code == 200
        assert client.get(url, **bearer("viewer", scope="read")).status_code == 200


# Funding streams


@pytest.fixture
def streams(partnership):
    block = Theme.objects.get(partnership=partnership, code="1")
    other = Theme.objects.get(partnership=partnership, code="2")
    pooled = FundingStream.objects.create(partnership=partnership, name="Safer Streets Fund", theme=block,
                                          arrangement="pooled", pooling="automatic", previously_pooled=True,
                                          heading="Capital Funding", note="From the Home Office", position=2)
    pooled.outcomes.set(Outcome.objects.filter(partnership=partnership))
    FundingAmount.objects.create(stream=pooled, year="2008/09", capital=None, revenue=Decimal("0.10"), note="NYQ")
    FundingAmount.objects.create(stream=pooled, year="2007/08", capital=Decimal("134760.00"),
                                 revenue=Decimal("364350.50"))
    aligned = FundingStream.objects.create(partnership=partnership, name="Working Neighbourhoods", theme=other,
                                           arrangement="aligned")
    return pooled, aligned


def test_funding_streams_with_their_amounts_exactly(client, bearer, streams):
    pooled, aligned = streams
    outcomes = sorted(Outcome.objects.filter(partnership=pooled.partnership).values_list("pk", flat=True))
    body = get(client, bearer, "viewer", f"{BASE}/funding-streams/").json()
    assert body == {"next": None, "items": [
        {"id": pooled.pk, "name": "Safer Streets Fund", "theme_id": pooled.theme_id, "block": "1",
         "arrangement": "pooled", "pooling": "automatic", "category": "automatic", "previously_pooled": True,
         "heading": "Capital Funding", "note": "From the Home Office", "position": 2, "outcome_ids": outcomes,
         "amounts": [{"year": "2007/08", "capital": "134760", "revenue": "364350.5", "note": ""},
                     {"year": "2008/09", "capital": None, "revenue": "0.1", "note": "NYQ"}]},
        {"id": aligned.pk, "name": "Working Neighbourhoods", "theme_id": aligned.theme_id, "block": "2",
         "arrangement": "aligned", "pooling": "", "category": "aligned", "previously_pooled": False,
         "heading": "", "note": "", "position": 0, "outcome_ids": [], "amounts": []},
    ]}


def test_another_partnerships_streams_are_not_listed(client, bearer, streams):
    elsewhere = Partnership.objects.get(slug="elsewhere")
    theirs = Theme.objects.create(partnership=elsewhere, code="X", name="Theirs")
    FundingStream.objects.create(partnership=elsewhere, name="Their Fund", theme=theirs, arrangement="aligned")
    names = [s["name"] for s in get(client, bearer, "officer", f"{BASE}/funding-streams/").json()["items"]]
    assert names == ["Safer Streets Fund", "Working Neighbourhoods"]


def test_cursor_walks_every_stream_once(client, bearer, partnership):
    block = Theme.objects.get(partnership=partnership, code="1")
    for n in range(7):
        FundingStream.objects.create(partnership=partnership, name=f"Fund {n}", theme=block, arrangement="aligned")
    url, names = f"{BASE}/funding-streams/?limit=3", []
    while url:
        body = get(client, bearer, "viewer", url).json()
        names += [s["name"] for s in body["items"]]
        url = body["next"]
    assert names == [f"Fund {n}" for n in range(7)]


# Rounds and bids


def test_round_list_with_phases_drafts_included(client, bearer, partnership, board):
    draft = make_round(partnership, board, name="Next year")
    for i, name in enumerate(BudgetRound.DATE_FIELDS):  # every phase still to come
        setattr(draft, name, pb_services.today() + timedelta(days=100 + 10 * i))
    draft.save()
    voting = make_round(partnership, board, name="This year", phase="voting", budget="2500.50")
    add_bid(voting, "A", 10)
    add_bid(voting, "B", 10)
    items = get(client, bearer, "theme_lead", f"{BASE}/budget-rounds/").json()["items"]
    assert [(r["name"], r["phase"], r["phase_label"], r["bid_count"]) for r in items] == [
        ("This year", "voting", "Voting", 2), ("Next year", "draft", "Not open yet", 0)]
    first = items[0]
    assert first["total_budget"] == "2500.5" and first["board"] == "North Area Board"
    assert first["board_id"] == board.pk and first["results_published_at"] is None
    assert first["voting_from"] == voting.voting_from.isoformat()
    assert {"voter_salt", "box_sealed"}.isdisjoint(first)


def test_round_before_publication_has_no_count_in_it(client, bearer, counted):
    body = get(client, bearer, "viewer", f"{BASE}/budget-rounds/{counted.pk}/").json()
    assert body["phase"] == "counting" and body["results_published_at"] is None and body["voided"] == []
    assert [b["title"] for b in body["bids"]] == ["A", "B", "C", "Private driveway"]
    for bid in body["bids"]:
        assert (bid["votes"], bid["funded"], bid["explanation"], bid["progress"], bid["spent"]) == (None,) * 5
    driveway = body["bids"][3]
    assert driveway["eligibility"] == "ineligible"
    assert driveway["eligibility_reason"] == "Benefits one household, not the community."
    assert body["bids"][2]["amount"] == "40.5"


def test_published_round_gives_each_bids_count_and_delivery(client, bearer, manager, counted):
    pb_services.publish_results(manager, counted)
    a = counted.bids.get(title="A")
    pb_services.add_project_update(manager, a, date=pb_services.today(), note="Ramps ordered",
                                   progress="in_progress", spent=Decimal("12.30"))
    body = get(client, bearer, "provider", f"{BASE}/budget-rounds/{counted.pk}/").json()
    assert body["phase"] == "results" and body["results_published_at"]
    rows = {b["title"]: b for b in body["bids"]}
    assert [b["title"] for b in body["bids"]] == ["A", "B", "C", "Private driveway"]
    assert (rows["A"]["votes"], rows["A"]["funded"], rows["A"]["progress"], rows["A"]["spent"]) == (
        6, True, "in_progress", "12.3")
    assert (rows["B"]["votes"], rows["B"]["funded"], rows["B"]["progress"], rows["B"]["spent"]) == (
        6, True, "not_started", "0")
    assert (rows["C"]["votes"], rows["C"]["funded"], rows["C"]["progress"], rows["C"]["spent"]) == (
        4, False, None, None)
    result = pb_services.result_in_force(counted)
    assert rows["C"]["explanation"] == next(r["explanation"] for r in result.rows if r["title"] == "C")
    assert rows["Private driveway"]["votes"] == 0 and rows["Private driveway"]["funded"] is False
    assert rows["Private driveway"]["explanation"].startswith("Not on the ballot: found not eligible")


def test_published_results_exactly(client, bearer, manager, counted):
    result = publish(manager, counted)
    a, b, c = (counted.bids.get(title=t).pk for t in "ABC")
    body = get(client, bearer, "viewer", f"{BASE}/budget-rounds/{counted.pk}/results/").json()
    explanations = {row["bid"]: row["explanation"] for row in result.rows}
    assert body.pop("computed_at") and body.pop("published_at")
    assert body == {
        "round_id": counted.pk, "rule": "greedy", "completion": "", "ballot_count": 10, "budget": "100",
        "spent": "100", "left": "0", "left_note": result.left_note, "fingerprint": result.fingerprint,
        "sources": {"online": 2, "paper": 7, "code": 1, "paper_issued": 20, "codes_issued": 1},
        "other_rule_funded": result.other_rule_funded,
        "rows": [{"bid_id": a, "title": "A", "cost": "50", "votes": 6, "funded": True, "explanation": explanations[a]},
                 {"bid_id": b, "title": "B", "cost": "50", "votes": 6, "funded": True, "explanation": explanations[b]},
                 {"bid_id": c, "title": "C", "cost": "40.5", "votes": 4, "funded": False,
                  "explanation": explanations[c]}],
    }
    assert "40.5" in explanations[c] or "40.50" in explanations[c]


# Secrecy: what the web would not show


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_count_not_yet_published_leaks_through_no_endpoint(client, bearer, counted, persona):
    result = pb_services.result_in_force(counted)
    assert result is not None and result.published_at is None
    answer = get(client, bearer, persona, f"{BASE}/budget-rounds/{counted.pk}/results/")
    assert answer.status_code == {"anonymous": 401, "outsider": 404}.get(persona, 404)
    assert answer["Content-Type"] == "application/problem+json"
    if persona in READERS:
        assert answer.json()["detail"] == "This round's results are not published."
    text = everything(client, bearer, persona, counted)
    assert result.fingerprint not in text
    for row in result.rows:
        assert row["explanation"] not in text
    for word in ("other_rule_funded", "ballot_count", "left_note", "Funded", "funded: true", '"votes": 6'):
        assert word not in text


@pytest.mark.parametrize("persona", sorted(READERS))
def test_voided_results_are_withdrawn_from_the_api(client, bearer, manager, counted, persona):
    published = publish(manager, counted)
    pb_services.void_results(manager, counted, "Seven paper ballots were entered twice.")
    assert get(client, bearer, persona, f"{BASE}/budget-rounds/{counted.pk}/results/").status_code == 404
    body = get(client, bearer, persona, f"{BASE}/budget-rounds/{counted.pk}/").json()
    assert [(v["reason"], v["published_at"] is not None) for v in body["voided"]] == [
        ("Seven paper ballots were entered twice.", True)]
    assert all(b["votes"] is None and b["funded"] is None for b in body["bids"])
    # Counted again, not yet published: still nothing.
    pb_services.compute_results(manager, counted)
    text = everything(client, bearer, persona, counted)
    assert published.fingerprint not in text and '"votes": 6' not in text
    for row in published.rows:
        assert row["explanation"] not in text


@pytest.mark.parametrize("persona", sorted(READERS))
def test_voters_ballots_applicants_and_addresses_never_appear(client, bearer, manager, counted, persona):
    publish(manager, counted)
    text = everything(client, bearer, persona, counted)
    stored = [counted.voter_salt]
    stored += [h for v in Voter.objects.filter(round=counted) for h in (v.email_hash, v.token_hash)]
    stored += [str(pk) for pk in Ballot.objects.filter(round=counted).values_list("pk", flat=True)]
    stored += [str(pk) for pk in BallotChoice.objects.filter(ballot__round=counted).values_list("pk", flat=True)]
    stored += list(VotingCode.objects.filter(round=counted).values_list("code_hash", flat=True))
    assert len(stored) == 1 + 4 + 10 + 16 + 1 and not PendingBallot.objects.exists()
    for value in stored + SECRETS:
        assert value not in text, value
    keys = set()
    for url in (f"{BASE}/budget-rounds/", f"{BASE}/budget-rounds/{counted.pk}/",
                f"{BASE}/budget-rounds/{counted.pk}/results/"):
        keys |= keys_of(get(client, bearer, persona, url).json())
    # Only counts of ballots by source ("code" is how many came with voting codes), never a ballot or a voter.
    assert keys >= {"sources", "ballot_count", "online", "paper", "code"}
    assert not keys & {"applicant", "contact_email", "voters", "voter", "ballots", "ballot", "choices", "email",
                       "email_hash", "token", "token_hash", "code_hash", "voter_salt", "has_voted",
                       "computed_by", "published_by", "voided_by"}


def test_no_endpoint_writes_or_seals_the_box(client, bearer, partnership, board, manager):
    """Reading is reading: the page's first look after voting closes seals the box, the API leaves it be."""
    round_ = make_round(partnership, board, phase="voting")
    bid = add_bid(round_, "A", 10)
    pb_services.enter_paper_ballot(manager, round_, [bid])
    set_phase(round_, "counting")
    for path in ("", "results/"):
        get(client, bearer, "officer", f"{BASE}/budget-rounds/{round_.pk}/{path}")
    round_.refresh_from_db()
    assert not round_.box_sealed and PendingBallot.objects.filter(round=round_).count() == 1


# Query counts


def count_queries(client, url, headers):
    client.get(url, **headers)  # the token's first use is recorded once; count a steady request
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200, response.content[:300]
    return len(queries), response.json()


def test_stream_list_costs_the_same_at_any_size(client, bearer, partnership):
    headers = bearer("viewer")
    block = Theme.objects.get(partnership=partnership, code="1")
    outcome = Outcome.objects.filter(partnership=partnership).first()

    def add(start, n):
        for i in range(start, start + n):
            stream = FundingStream.objects.create(partnership=partnership, name=f"Fund {i}", theme=block,
                                                  arrangement="aligned")
            stream.outcomes.add(outcome)
            for year in ("2007/08", "2008/09"):
                FundingAmount.objects.create(stream=stream, year=year, capital=1, revenue=2)

    add(0, 2)
    small, body = count_queries(client, f"{BASE}/funding-streams/", headers)
    assert len(body["items"]) == 2
    add(2, 10)
    large, body = count_queries(client, f"{BASE}/funding-streams/", headers)
    assert len(body["items"]) == 12 and all(len(s["amounts"]) == 2 for s in body["items"])
    # token, partnership, roles, streams (with their blocks), amounts, outcomes
    assert small == large == 6


def test_round_list_costs_the_same_at_any_size(client, bearer, partnership, board):
    headers = bearer("viewer")
    for i in range(2):
        add_bid(make_round(partnership, board, name=f"Round {i}"), "A", 1)
    small, body = count_queries(client, f"{BASE}/budget-rounds/", headers)
    assert len(body["items"]) == 2
    for i in range(2, 12):
        add_bid(make_round(partnership, board, name=f"Round {i}"), "A", 1)
    large, body = count_queries(client, f"{BASE}/budget-rounds/", headers)
    assert len(body["items"]) == 12 and {r["bid_count"] for r in body["items"]} == {1}
    # token, partnership, roles, rounds (with their boards and bid counts)
    assert small == large == 4


def test_round_costs_the_same_at_any_number_of_bids(client, bearer, partnership, board, manager):
    headers = bearer("viewer")
    round_ = make_round(partnership, board, phase="counting")
    outcome = Outcome.objects.filter(partnership=partnership).first()
    for i in range(2):
        add_bid(round_, f"Bid {i}", 1).outcomes.add(outcome)
    url = f"{BASE}/budget-rounds/{round_.pk}/"
    small, body = count_queries(client, url, headers)
    assert len(body["bids"]) == 2
    for i in range(2, 12):
        add_bid(round_, f"Bid {i}", 1).outcomes.add(outcome)
    publish(manager, round_)
    large, body = count_queries(client, url, headers)
    assert len(body["bids"]) == 12 and all(b["outcome_ids"] == [outcome.pk] for b in body["bids"])
    # token, partnership, roles, the round, its bids, their outcomes, its voided results
    assert small == large == 7


def test_results_cost_the_same_at_any_number_of_bids(client, bearer, partnership, board, manager):
    headers = bearer("viewer")
    sizes = []
    for name, n in (("Small", 2), ("Large", 12)):
        round_ = make_round(partnership, board, name=name, phase="voting", budget=1000)
        bids = [add_bid(round_, f"Bid {i}", 1) for i in range(n)]
        pb_services.enter_paper_ballot(manager, round_, bids[:2])
        set_phase(round_, "counting")
        publish(manager, round_)
        queries, body = count_queries(client, f"{BASE}/budget-rounds/{round_.pk}/results/", headers)
        assert len(body["rows"]) == n
        sizes.append(queries)
    # token, partnership, roles, the round, its result
    assert sizes == [5, 5]


# Bad input


@pytest.mark.parametrize("path, status", [
    ("/budget-rounds/0/", 422),
    (f"/budget-rounds/{2 ** 63}/", 422),
    (f"/budget-rounds/{2 ** 63 - 1}/", 404),
    (f"/budget-rounds/{2 ** 63 - 1}/results/", 404),
    ("/budget-rounds/0/results/", 422),
    ("/budget-rounds/?limit=0", 422),
    ("/budget-rounds/?limit=501", 422),
    ("/budget-rounds/?limit=x", 422),
    ("/budget-rounds/?cursor=nonsense", 400),
    ("/budget-rounds/?cursor=WzUsMV0", 400),  # [5,1]: a number where the list's key is a date
    ("/budget-rounds/?cursor=WyIyMDA5LTEzLTQ1IiwxXQ", 400),  # ["2009-13-45",1]
    ("/funding-streams/?cursor=WyJ4IiwxXQ", 400),  # ["x",1]: text where the key is a number
    ("/funding-streams/?limit=501", 422),
])
def test_bad_input_is_a_problem(client, bearer, partnership, path, status):
    response = get(client, bearer, "viewer", f"{BASE}{path}")
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == status


def test_a_slug_with_nul_is_refused(client, bearer, partnership):
    response = get(client, bearer, "viewer", "/api/v1/partnerships/test%00shire/budget-rounds/")
    assert response.status_code in (404, 422)
    assert response["Content-Type"] == "application/problem+json"


def test_the_schema_documents_the_endpoints(client, partnership):
    paths = json.loads(client.get("/api/v1/openapi.json").content)["paths"]
    for path in ("/api/v1/partnerships/{slug}/funding-streams/", "/api/v1/partnerships/{slug}/budget-rounds/",
                 "/api/v1/partnerships/{slug}/budget-rounds/{pk}/",
                 "/api/v1/partnerships/{slug}/budget-rounds/{pk}/results/"):
        responses = paths[path]["get"]["responses"]
        assert {"200", "401", "403", "404", "422"} <= set(responses)
        assert "application/problem+json" in responses["404"]["content"]
