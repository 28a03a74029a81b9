"""The demo's e-mail outbox (core/outbox.py): e-mails kept, read on /outbox/ with links that work; no page
and no footer link on a site that sends its e-mails."""

import re

import pytest
from django.core.mail import send_mail
from django.urls import reverse

from placeboard.core.models import Area
from placeboard.engagement.models import CommunityIssue, IssueCategory

HOST = "localhost:8123"  # as a newcomer's browser reaches the demo


@pytest.fixture
def outbox_on(settings, tmp_path):
    """What placeboard.demo_settings sets."""
    settings.EMAIL_BACKEND = "placeboard.core.outbox.OutboxBackend"
    settings.EMAIL_OUTBOX_DIR = tmp_path / "outbox"
    return settings.EMAIL_OUTBOX_DIR


def test_a_community_issue_confirmation_is_read_and_followed(client, partnership, outbox_on):
    category = IssueCategory.objects.create(partnership=partnership, name="Roads and pavements")
    data = {"title": "Pothole on Station Road", "description": "A deep hole by the bus stop.",
            "area": Area.objects.get(partnership=partnership, name="North").pk, "category": category.pk,
            "location": "Station Road", "reporter_name": "Ann Resident", "reporter_email": "ann@example.org",
            "website": ""}
    response = client.post(reverse("public_issue_new", args=[partnership.slug]), data, HTTP_HOST=HOST)
    assert "Check your email" in response.content.decode()

    page = client.get(reverse("outbox"), HTTP_HOST=HOST)
    html = page.content.decode()
    assert page.status_code == 200 and "only in the demo" in html
    assert "Confirm your issue: Pothole on Station Road" in html and "ann@example.org" in html
    # The link is absolute, on the host and port the resident used, and confirms the issue.
    link = re.search(rf'<a class="govuk-link" href="(http://{HOST}/public/testshire/issues/confirm/[^"]+/)">',
                     html).group(1)
    confirmed = client.get(link.removeprefix(f"http://{HOST}"), HTTP_HOST=HOST, follow=True)
    assert "your issue is confirmed" in confirmed.content.decode()
    assert CommunityIssue.objects.get().confirmed_at is not None


def test_e_mails_newest_first_as_text_with_their_links(client, outbox_on, db):
    send_mail("Older", "First.", None, ["a@example.org"])
    send_mail("Café <b>news</b>", "Dear <Ann>,\nsee https://example.org/a?b=1&c=2.\n\nBye", None, ["b@example.org"])
    html = client.get(reverse("outbox")).content.decode()
    assert html.index("Café &lt;b&gt;news&lt;/b&gt;") < html.index("Older")
    assert "Dear &lt;Ann&gt;,<br>see " in html and "<b>news" not in html
    # The full stop after the address is the sentence's, not the link's.
    assert '<a class="govuk-link" href="https://example.org/a?b=1&amp;c=2">https://example.org/a?b=1&amp;c=2</a>.' \
        in html
    assert "2 e-mails, newest first" in html
    assert len(list(outbox_on.glob("*.eml"))) == 2


def test_every_page_links_to_the_outbox_while_it_is_on(client, outbox_on, db):
    for path in (reverse("home"), reverse("public_index"), "/no-such-page/"):
        assert 'href="/outbox/">E-mail outbox (demo only)</a>' in client.get(path).content.decode()


def test_a_site_that_sends_its_e_mails_has_no_outbox(client, db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert client.get(reverse("outbox")).status_code == 404
    assert "outbox" not in client.get(reverse("home")).content.decode().lower()
