"""Helpers for the participatory budgeting tests: moving a round to a phase, and voting as a resident would."""

import re
from datetime import timedelta

from django.core import mail
from django.urls import reverse

from placeboard.funding import pb_services
from placeboard.funding.models import BudgetRound


def set_phase(round_, phase):
    """Move the round's dates so that today is in the phase ("results" and "delivery" also need publishing:
    see publish)."""
    today = pb_services.today()
    dated = {"bids": 0, "eligibility": 1, "voting": 2, "counting": 3, "results": 3, "delivery": 4}[phase]
    for i, name in enumerate(BudgetRound.DATE_FIELDS):
        setattr(round_, name, today + timedelta(days=10 * (i - dated)))
    round_.save()
    return round_


def publish(user, round_):
    """Count and publish the results of a round whose voting has closed."""
    pb_services.compute_results(user, round_)
    return pb_services.publish_results(user, round_)


def request_link(client, partnership, round_, email, **extra):
    """Ask for a voting link as a resident; the link's path, or None if no e-mail was sent."""
    mail.outbox.clear()
    client.post(reverse("public_vote_request", args=[partnership.slug, round_.pk]), {"email": email, **extra})
    if not mail.outbox:
        return None
    return re.search(r"https?://\S+", mail.outbox[0].body).group(0).replace("http://testserver", "")


def open_ballot(client, link):
    """Follow the e-mailed link: it moves the token into the session and redirects to the ballot's address."""
    response = client.get(link)
    assert response.status_code == 302, response.status_code
    return response["Location"]


def cast(client, partnership, round_, email, bids):
    """Vote as a resident from start to end; the response to casting."""
    link = request_link(client, partnership, round_, email)
    assert link, "no voting link was sent"
    return client.post(open_ballot(client, link), {"bids": [b.pk for b in bids]})
