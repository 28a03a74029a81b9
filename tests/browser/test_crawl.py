"""Every demo role, crawling from its home page on a 375 px screen: no link leads to an error, every page fits
the screen, and one page of each type (URL name) passes axe.

Breadth-first and bounded so that it stays quick while still reaching every kind of page: at most MAX_PAGES
requests a role, and only PER_NAME pages of one URL name are opened in the browser and searched for links;
further links of that name, and downloads, are only checked for their status. Only <a href> links are followed
(forms and htmx requests change state)."""

import json
import time
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.urls import Resolver404, resolve
from playwright.sync_api import expect

from placeboard.core.models import Partnership
from placeboard.imports.models import ImportBatch
from tests.browser.conftest import axe, sign_in_on

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = ["officer", "provider", "board", "themelead", "areamanager", None, "admin"]  # None: a resident
MAX_PAGES = 150
PER_NAME = 2
WIDTH = 375
SKIP_PATHS = {"/sign-out/", "/admin/logout/"}
# axe runs on our own pages; Django's admin is not ours to fix.
NO_AXE_NAMESPACES = ("admin:",)

LINKS = """els => els
    .filter(a => !a.hasAttribute('download') && !['hx-post', 'hx-put', 'hx-patch', 'hx-delete']
        .some(h => a.hasAttribute(h)))
    .map(a => a.href)"""


@pytest.fixture
def demo(tmp_path):
    from placeboard.core.demo import ensure_demo_users
    from placeboard.demo import load_all

    load_all()
    logins = tmp_path / "demo-logins.json"
    ensure_demo_users(logins)
    # An import by the officer: Recent imports must not offer it to those who cannot open it.
    officer = get_user_model().objects.get(username="officer")
    ImportBatch.objects.create(partnership=Partnership.objects.get(slug="wiltshire"), kind="indicators",
                               filename="indicators.csv", content=b"", uploaded_by=officer)
    return json.loads(logins.read_text())


def url_name(path):
    try:
        match = resolve(path)
    except Resolver404:
        return "(no such URL)"
    return match.view_name


class Crawl:
    """One role's crawl; problems are collected as sentences naming the page and the link."""

    def __init__(self, context, origin, who, axed, problems):
        self.context, self.origin, self.who = context, origin, who
        self.page = context.new_page()
        self.axed, self.problems = axed, problems
        self.per_name, self.visited = {}, 0

    def run(self):
        # Links to a kind of page not yet opened go first, so the bound is spent on reaching every kind.
        seen, fresh, rest = {self.origin + "/"}, deque([(self.origin + "/", "(start)")]), deque()
        while (fresh or rest) and self.visited < MAX_PAGES:
            from_fresh = bool(fresh)
            url, source = (fresh or rest).popleft()
            name = url_name(urlsplit(url).path)
            if from_fresh and self.per_name.get(name, 0) >= PER_NAME:
                rest.append((url, source))  # its kind was opened enough while it waited: later, if time allows
                continue
            self.visited += 1
            if self.per_name.get(name, 0) >= PER_NAME:
                self.check_status(self.context.request.get(url).status, url, source)
                continue
            self.per_name[name] = self.per_name.get(name, 0) + 1
            for link in self.visit(url, source, name):
                if link not in seen:
                    seen.add(link)
                    opened = self.per_name.get(url_name(urlsplit(link).path), 0)
                    (fresh if opened < PER_NAME else rest).append((link, url))
        return self.visited

    def follow(self, href):
        href = urldefrag(href).url
        parts = urlsplit(href)
        if not href.startswith(self.origin + "/") or parts.path in SKIP_PATHS:
            return None
        return href

    def visit(self, url, source, name):
        from playwright.sync_api import Error

        try:
            # The module script in <body> runs after the stylesheet and before DOMContentLoaded, so the page
            # is laid out, and GOV.UK Frontend started, by then.
            response = self.page.goto(url, wait_until="domcontentloaded")
        except Error as e:
            if "Download is starting" not in str(e):
                raise
            response = self.context.request.get(url)  # a download: only its answer matters
            self.check_status(response.status, url, source)
            return []
        self.check_status(response.status, url, source)
        if "text/html" not in response.headers.get("content-type", ""):
            return []
        self.check_page(url, name)
        return [link for link in map(self.follow, self.page.eval_on_selector_all("a[href]", LINKS)) if link]

    def check_status(self, status, url, source):
        if status >= 400:
            self.problems.append(f"{self.who}: {url} answers {status} (linked from {source})")

    def check_page(self, url, name):
        width = self.page.evaluate("document.documentElement.scrollWidth")
        if width > WIDTH:
            self.problems.append(f"{self.who}: {url} is {width} px wide at {WIDTH} px")
        if name not in self.axed and not name.startswith(NO_AXE_NAMESPACES):
            self.axed[name] = url
            self.problems.extend(f"{self.who}: {url} axe: {v}" for v in serious_violations(self.page))


def serious_violations(page):
    return [text for impact, text in axe(page) if impact in ("serious", "critical")]


def test_every_role_crawls_without_errors_on_a_phone(browser, live_server, demo):
    problems, axed, counts = [], {}, {}
    for username in ROLES:
        started = time.monotonic()
        context = browser.new_context(viewport={"width": WIDTH, "height": 800})
        context.set_default_timeout(15_000)
        try:
            if username:
                page = context.new_page()
                sign_in_on(page, live_server.url, username, demo[username])
                page.close()
            who = username or "resident"
            counts[who] = Crawl(context, live_server.url, who, axed, problems).run()
            print(f"{who}: {counts[who]} pages in {time.monotonic() - started:.0f} s")
        finally:
            context.close()
    print(f"pages visited: {counts}; page types checked by axe: {len(axed)}: {sorted(axed)}")
    assert all(counts.values()), counts
    # Beyond the home page: links that all went elsewhere (another host name, say) would leave nothing checked.
    assert min(counts.values()) >= 20, counts
    assert problems == [], "\n".join(problems)


def test_the_partnership_menu_folds_behind_a_button_on_a_phone(page, live_server, sign_in, personas, partnership):
    sign_in("officer")
    page.set_viewport_size({"width": WIDTH, "height": 800})
    page.goto(f"{live_server.url}/p/{partnership.slug}/")
    menu = page.get_by_role("button", name="Menu")
    audit_log = page.get_by_role("link", name="Audit log", exact=True)
    # expect() waits for the page to settle (a resize applies the media queries a moment later): a bare
    # is_visible() right after set_viewport_size failed when the machine was busy.
    expect(menu).to_be_visible()
    expect(audit_log).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(audit_log).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 800})  # a wide screen shows the links, not the button
    expect(audit_log).to_be_visible()
    expect(menu).to_be_hidden()
