"""What the demo shows people reads as written for them: no notes of where the seed papers put things
("(seed 001 line 17)"), no doubled words such as "Funded Funded:", no doubled full stops such as "community.).".

The whole demo is loaded, and every public page and the pages each demo role reaches by following links
(up to a limit) are fetched and read as text."""

import html
import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model

from placeboard.core.demo import ensure_demo_users
from placeboard.demo import load_all

# Internal notes and doubled words or punctuation, as people would read them.
WRONG = re.compile(r"\(seed|seed 00\d|\bFunded\.? Funded\b|\bNot funded\.? Not funded\b|\.\)\.", re.IGNORECASE)
# Not pages to read: downloads, feeds, forms that change things, the admin, signing out.
SKIP = re.compile(r"sign-out|/admin/|\.(csv|json|xlsx|ics|atom|pdf|pb)\b|download|export|pabulib|/static/|photo|"
                  r"/papers?/\d|/files?/\d|delete|/print|outbox")
# An indicator's own page shows its data source, which the demo still sets from the seed's row (see below).
INDICATOR_PAGE = re.compile(r"^/p/[^/]+/indicators/\d+/$")
ROLES = ["officer", "provider", "themelead", "board", "coventry", "areamanager", "admin"]
PUBLIC_STARTS = ["/", "/public/wiltshire/", "/public/coventry/", "/public/gloucester/", "/public/wirral/"]


def text_of(page):
    page = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", page)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def links(page):
    for href in re.findall(r'href="([^"#]+)', page):
        href = html.unescape(href)
        parts = urlsplit(href)
        if parts.netloc or not href.startswith("/") or SKIP.search(href):
            continue
        yield href


def crawl(client, starts, limit, skip=None):
    """{url: text} of the HTML pages reached from starts, breadth first, one query-string variant per path."""
    seen, paths, queue, pages = set(), set(), deque(starts), {}
    while queue and len(pages) < limit:
        url = queue.popleft()
        path = url.split("?")[0]
        if url in seen or (url != path and path in paths) or (skip and skip.search(path)):
            continue
        seen.add(url)
        paths.add(path)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        page = response.content.decode()
        pages[url] = text_of(page)
        queue.extend(links(page))
    return pages


def wrong_wording(pages):
    found = {}
    for url, text in pages.items():
        for match in WRONG.finditer(text):
            found.setdefault(url, []).append(text[max(0, match.start() - 60):match.end() + 60])
    return found


@pytest.fixture
def demo(db, tmp_path):
    load_all()
    ensure_demo_users(tmp_path / "logins.json")


def test_demo_pages_read_without_seed_notes_or_doubled_words(demo, client):
    public = crawl(client, PUBLIC_STARTS, 400)
    assert any("/budgets/" in url for url in public)  # the published results, with their explanations
    problems = wrong_wording(public)
    reached = len(public)
    for username in ROLES:
        client.force_login(get_user_model().objects.get(username=username))
        pages = crawl(client, ["/"] + PUBLIC_STARTS[1:], 250, skip=INDICATOR_PAGE)
        reached += len(pages)
        problems.update(wrong_wording(pages))
        client.logout()
    assert reached > 500
    assert problems == {}


def test_published_results_say_funded_once(demo, client):
    page = text_of(client.get("/public/wiltshire/budgets/").content.decode())
    assert "Chippenham You Decide 2009" in page
    from placeboard.funding.models import BudgetRound

    round_ = BudgetRound.objects.get(name="Chippenham You Decide 2009")
    public = text_of(client.get(f"/public/wiltshire/budgets/{round_.pk}/").content.decode())
    assert " Funded Its 12 supporters paid" in public  # the Result column, then why
    client.force_login(get_user_model().objects.get(username="officer"))
    staff = text_of(client.get(round_.get_absolute_url()).content.decode())
    assert "Funded. Its 12 supporters paid" in staff and "Funded. Funded" not in staff


def test_indicator_pages_show_no_seed_rows(demo, client):
    from placeboard.performance.models import Indicator

    client.force_login(get_user_model().objects.get(username="admin"))
    pages = {url: text_of(client.get(url).content.decode())
             for url in (f"/p/{i.partnership.slug}/indicators/{i.pk}/"
                         for i in Indicator.objects.select_related("partnership"))}
    assert wrong_wording(pages) == {}
