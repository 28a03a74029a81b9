"""Hostile form fields and addresses: the community issue report, public bids, voting, and query strings and ids.

Each line: (id, how it is sent, *texts the answer must contain)."""

from functools import partial

from django.urls import reverse

from tests.hostile.builders import HUGE
from tests.hostile.channels import ballot, ballot_total, bid, issue, page, vote_code, vote_request

NOT_FOUND = "Page not found"
NUL = "Null characters are not allowed."
RTL = "\u202e"


def get(path, persona="anonymous", **params):
    return partial(page, path=path, params=params, persona=persona)


def url(name, *args, persona="anonymous", **params):
    """A named page; args may be functions of the world (for ids made by the fixture)."""
    def path(world):
        return reverse(name, args=[world.partnership.slug, *[a(world) if callable(a) else a for a in args]])
    return get(path, persona, **params)


def post(name, data, persona="officer"):
    """A signed-in form, sent to a named page of the partnership."""
    return partial(page, path=lambda w: reverse(name, args=[w.partnership.slug]), persona=persona, data=data)


def raw(template, persona="anonymous", **params):
    """An address no reverse() would build (negative ids, paths that climb): {slug} and {round} filled in."""
    return get(lambda w: template.format(slug=w.partnership.slug, round=w.voting_round.pk), persona, **params)


FORMS = [
    ("issue-nul-in-title", partial(issue, title="Pothole\x00"), NUL),
    ("issue-very-long-title", partial(issue, title="A" * 100_000),
     "Title: Ensure this value has at most 150 characters (it has 100000)."),
    ("issue-rtl-override-email", partial(issue, reporter_email=f"ann{RTL}gro.elpmaxe@example.org"),
     "Enter an email address like name@example.org."),
    ("issue-control-characters-email", partial(issue, reporter_email="ann\x07\x1b@example.org"),
     "Enter an email address like name@example.org."),
    ("issue-huge-area-id", partial(issue, area=HUGE), "Choose an area from the list."),
    ("issue-negative-area-id", partial(issue, area="-1"), "Choose an area from the list."),
    ("issue-nan-category-id", partial(issue, category="NaN"), "Choose a category from the list."),
    ("bid-amount-1e309", partial(bid, amount="1e309"), "Ensure that there are no more than 14 digits in total."),
    ("bid-amount-nan", partial(bid, amount="NaN"), "Enter an amount"),
    ("bid-amount-infinity", partial(bid, amount="Infinity"), "Enter an amount"),
    ("bid-amount-minus-zero", partial(bid, amount="-0"), "Enter an amount of more than £0."),
    ("bid-nul-in-description", partial(bid, description="Ramps\x00"), NUL),
    ("bid-very-long-title", partial(bid, title="T" * 100_000),
     "Project name: Ensure this value has at most 200 characters (it has 100000)."),
    ("bid-huge-area-id", partial(bid, area=HUGE), "Area: Select a valid choice."),
    ("bid-negative-outcome-id", partial(bid, outcomes=["-7"]), "Outcomes it serves: “-7” is not a valid value."),
    ("bid-huge-outcome-id", partial(bid, outcomes=[HUGE]), f"Outcomes it serves: “{HUGE}” is not a valid value."),
    ("bid-javascript-link", partial(bid, attachment_url="javascript:alert(1)"), "Enter a valid URL."),
    ("vote-request-nul-email", partial(vote_request, email="voter\x00@example.org"), NUL),
    ("vote-request-very-long-email", partial(vote_request, email="v" * 10_000 + "@example.org"),
     "Your e-mail address: Enter a valid email address."),
    ("vote-code-nul", partial(vote_code, code="ABCD\x00EFGH"), NUL),
    ("vote-code-very-long", partial(vote_code, code="A" * 10_000), "at most 40 characters"),
    ("vote-code-rtl-and-control", partial(vote_code, code=f"ABCD{RTL}-\x07EFGH-JK"), "This voting code is not valid."),
    ("ballot-huge-bid-id", partial(ballot, bids=[HUGE]), "Choose only projects on this ballot."),
    ("ballot-negative-bid-id", partial(ballot, bids=["-1"]), "Choose only projects on this ballot."),
    ("ballot-nan-bid-id", partial(ballot, bids=["nan"]), "Choose only projects on this ballot."),
    ("ballot-another-rounds-bid", partial(ballot, bids=[lambda w: w.funded.pk]), "Choose only projects on this ballot."),
    ("activity-huge-topic-id", post("activity_create", {"title": "Survey", "topics": [HUGE], "areas": ["-1"]}),
     "Choose areas from the list."),
    ("funding-stream-huge-outcome-id", post("funding_stream_create", {"name": "Stream", "outcomes": [HUGE]}),
     f"“{HUGE}” is not a valid value."),
    ("indicator-huge-tag-id", post("indicator_create", {"code": "X 1", "tags": [HUGE], "outcomes": [HUGE]}),
     "Tags: ", HUGE),
    ("reporting-round-huge-group-id", post("round_create", {"name": "Q1", "groups": [HUGE]}), "Groups: ", HUGE),
    ("ballot-total-huge-ids", partial(ballot_total, bids=[HUGE, "-1", "1e309"]), "You have chosen 0 projects of the 2"),
]

ADDRESSES = [
    ("query-huge-area-public-issues", url("public_issues", area=HUGE)),
    ("query-negative-area-public-issues", url("public_issues", area="-5")),
    ("query-nul-and-rtl-public-issues", url("public_issues", area="\x00", q=RTL + "x" * 10_000)),
    ("query-huge-ids-opportunities", url("public_opportunities", area=HUGE, topic="-1", group="1e309")),
    ("query-nan-month-calendar", url("plan_calendar", persona="officer", month="NaN-NaN")),
    ("query-huge-page-comparators", url("comparator_list", persona="officer", page=HUGE)),
    ("query-huge-ids-indicators", url("indicator_list", persona="officer", theme=HUGE, outcome="-1", tag="\x00")),
    ("query-negative-round-return", url("return_template", persona="officer", round="-1", organisation="1")),
    ("query-huge-round-report", url("report", "thematic", persona="officer", round=HUGE, theme="-3")),
    ("path-negative-round-id", raw("/public/{slug}/budgets/-1/"), NOT_FOUND),
    ("path-huge-round-id", raw("/public/{slug}/budgets/" + HUGE + "/"), NOT_FOUND),
    ("path-huge-issue-id", raw("/public/{slug}/issues/" + HUGE + "/"), NOT_FOUND),
    ("path-huge-paper-id", raw("/public/{slug}/boards/papers/" + HUGE + "/"), NOT_FOUND),
    ("path-huge-attachment-id", raw("/public/{slug}/budgets/{round}/attachments/" + HUGE + "/"), NOT_FOUND),
    ("path-traversal-export-kind", raw("/p/{slug}/exports/..%2F..%2Fetc%2Fpasswd.csv", persona="officer"),
     NOT_FOUND),
    ("path-unknown-download-format", raw("/public/{slug}/issues/issues.exe"), NOT_FOUND),
    ("path-traversal-judgement-period", raw("/p/{slug}/indicators/1/judgement/../../../etc/passwd/",
                                            persona="officer"), NOT_FOUND),
    ("path-huge-indicator-id", raw("/p/{slug}/indicators/" + HUGE + "/", persona="officer"), NOT_FOUND),
    # The link's page keeps any token for the ballot page, which then says the link is not valid.
    ("path-vote-token-nul-and-long", raw("/public/{slug}/budgets/{round}/vote/" + "%00" + "t" * 5000 + "/",
                                         persona="voter")),
]

CASES = FORMS + ADDRESSES
# Known server errors, each (reason, the database it fails on or None for all, the exception expected): none
# now; partnership forms' many-to-many fields refuse ids the database cannot hold (core.forms).
XFAIL = {}
