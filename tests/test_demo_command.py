"""`placeboard demo` as a newcomer runs it: a real server with DEBUG off, serving its own static files, its
own error pages and its e-mail outbox, whose links work on the demo's host and port."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo server's address. The shell's production-like settings must not reach it."""
    data_dir = tmp_path_factory.mktemp("demo")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(DEBUG="1", ALLOWED_HOSTS="placeboard.example.org", SITE_URL="https://placeboard.example.org")
    log = (data_dir / "server.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "placeboard.cli", "demo", "--data-dir", str(data_dir),
                               "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while True:
            assert server.poll() is None, (data_dir / "server.log").read_text()
            assert time.monotonic() < deadline, "the demo did not start in time"
            try:
                urllib.request.urlopen(f"{url}/static/lib/placeboard.css", timeout=5)
                break
            except OSError:
                time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def get(url, opener=None, **headers):
    """Status, headers and text of a GET, errors included."""
    try:
        response = (opener or urllib.request.build_opener()).open(urllib.request.Request(url, headers=headers), timeout=30)
    except urllib.error.HTTPError as error:
        response = error
    return response.status, response.headers, response.read().decode()


def test_an_unknown_page_is_the_products_own_404(demo):
    status, _, html = get(f"{demo}/no-such-page/")
    assert status == 404 and "Page not found" in html
    assert "Using the URLconf" not in html and "DEBUG = True" not in html


def test_static_files_are_served(demo):
    status, headers, css = get(f"{demo}/static/lib/placeboard.css")
    assert status == 200 and headers["Content-Type"].startswith("text/css") and ".govuk-link" in css


def test_only_the_demos_own_hosts_are_answered(demo):
    assert get(f"{demo}/", Host="localhost")[0] == 200
    status, _, html = get(f"{demo}/", Host="placeboard.example.org")
    assert status == 400 and "there is a problem with the request" in html


def test_an_e_mail_is_read_in_the_outbox_and_its_link_works_on_the_demo(demo):
    """A resident raises a community issue, reads the confirmation in the outbox and follows its link."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    form_url = f"{demo}/public/wiltshire/issues/new/"
    _, _, form = get(form_url, opener)
    assert 'href="/outbox/">E-mail outbox (demo only)</a>' in form

    def first_choice(name):
        select = re.search(rf'<select[^>]*name="{name}".*?</select>', form, re.S).group(0)
        return re.search(r'<option value="(\d+)"', select).group(1)

    data = {"csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1),
            "title": "Broken bench by the library", "description": "One slat is missing.",
            "area": first_choice("area"), "category": first_choice("category"), "location": "Library",
            "reporter_name": "Ann Resident", "reporter_email": "ann@example.org", "website": ""}
    request = urllib.request.Request(form_url, data=urllib.parse.urlencode(data).encode(),
                                     headers={"Referer": form_url})
    assert "Check your email" in opener.open(request, timeout=30).read().decode()

    status, _, outbox = get(f"{demo}/outbox/")
    assert status == 200 and "Confirm your issue: Broken bench by the library" in outbox
    link = re.search(rf'href="({re.escape(demo)}/public/wiltshire/issues/confirm/[^"]+)"', outbox).group(1)
    status, _, page = get(link, opener)
    assert status == 200 and "your issue is confirmed" in page
