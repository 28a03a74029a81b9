"""Production headers (issue 14.11): HSTS and the HTTPS redirect, a Content-Security-Policy that allows no
inline script or style, Referrer-Policy and Permissions-Policy; and no page that would need anything looser."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from placeboard.core.models import Area

SRC = Path(__file__).resolve().parents[2] / "src" / "placeboard"
# Rendered only for WeasyPrint on the server (reports.render.to_pdf), never sent to a browser.
SERVER_ONLY_TEMPLATES = {"reports/templates/reports/print.html", "reports/templates/reports/packs/print_front.html",
                         "reports/templates/reports/packs/print_text.html"}
INLINE = [
    (re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> block"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]
GOOD_KEY = "production-like-dummy-secret-key-" + "k7Qz" * 10


COMMENTS = re.compile(r"{#.*?#}|{% comment %}.*?{% endcomment %}", re.S)


def inline_code(html):
    return [what for pattern, what in INLINE if pattern.search(html)]


def browser_templates():
    for path in sorted(SRC.rglob("templates/**/*.html")):
        relative = path.relative_to(SRC).as_posix()
        if relative not in SERVER_ONLY_TEMPLATES:
            yield relative, path


def test_the_inline_check_finds_what_it_looks_for():
    assert inline_code('<p style="color:red">') == ["style attribute"]
    assert inline_code("<script>alert(1)</script>") == ["inline <script>"]
    assert inline_code('<a href="javascript:x()" onclick="y()">') == ["event handler attribute", "javascript: URL"]
    assert inline_code('<script type="module" src="/static/placeboard/init.js"></script>') == []


@pytest.mark.parametrize("relative, path", list(browser_templates()), ids=lambda v: v if isinstance(v, str) else "")
def test_no_template_sent_to_browsers_has_inline_script_or_style(relative, path):
    assert inline_code(COMMENTS.sub("", path.read_text())) == [], relative


def test_python_made_html_has_no_style_attributes():
    """Charts and other HTML built in Python use SVG presentation attributes (fill=…), which the policy allows."""
    offenders = [p.relative_to(SRC).as_posix() for p in SRC.rglob("*.py")
                 if "migrations" not in p.parts and re.search(r"""\sstyle=\\?["']|<script>|<style>""", p.read_text())]
    assert offenders == []


@pytest.fixture
def tree(partnership):
    top = Area.objects.create(partnership=partnership, name="Testshire North")
    Area.objects.create(partnership=partnership, name="Northtown", parent=top)
    return partnership


def test_headers_on_a_normal_page(as_user, tree):
    response = as_user("officer").get(reverse("framework_list", args=[tree.slug, "areas"]))
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    directives = dict((part.split(" ", 1) + [""])[:2] for part in csp.split("; "))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("name", ["home", "public_index", "login"])
def test_public_pages_have_the_policy_and_no_inline_code(client, partnership, name):
    response = client.get(reverse(name))
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert inline_code(response.content.decode()) == []


def test_signed_in_pages_render_without_inline_code(as_user, tree):
    """The tree view indents by class and the header's sign-out form is inline by class."""
    client = as_user("officer")
    for url in (reverse("partnership_home", args=[tree.slug]), reverse("framework_list", args=[tree.slug, "areas"])):
        html = client.get(url).content.decode()
        assert inline_code(html) == [], url
    assert 'class="govuk-table__cell pb-indent-1"' in html
    assert 'src="/static/placeboard/init.js"' in html and 'src="/static/placeboard/js-enabled.js"' in html


def test_our_scripts_are_served(client):
    for name in ("placeboard/init.js", "placeboard/js-enabled.js"):
        response = client.get(f"/static/{name}")
        assert response.status_code == 200, name
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"govuk-frontend" in content or b"js-enabled" in content


def production_settings(**env):
    """HTTPS settings from placeboard.settings in a fresh interpreter with a production environment plus env."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "DEBUG", "DJANGO_SETTINGS"))}
    clean.update(SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="placeboard.example.org", **env)
    code = ("import placeboard.settings as s, json; print(json.dumps({'redirect': s.SECURE_SSL_REDIRECT, "
            "'hsts': s.SECURE_HSTS_SECONDS, 'subdomains': s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
            "'preload': s.SECURE_HSTS_PRELOAD}))")
    result = subprocess.run([sys.executable, "-c", code], env=clean, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_https_redirect_and_hsts_on_in_production():
    assert production_settings() == {"redirect": True, "hsts": 31536000, "subdomains": True, "preload": False}


def test_https_switched_off_for_a_tls_terminating_proxy():
    settings = production_settings(SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0",
                                   SECURE_HSTS_INCLUDE_SUBDOMAINS="off")
    assert settings == {"redirect": False, "hsts": 0, "subdomains": False, "preload": False}


def test_https_off_with_debug():
    settings = production_settings(DEBUG="1")
    assert settings["redirect"] is False and settings["hsts"] == 0


@pytest.mark.parametrize("env, message", [
    ({"SECURE_SSL_REDIRECT": "sometimes"}, "SECURE_SSL_REDIRECT must be one of"),
    ({"SECURE_HSTS_SECONDS": "a year"}, "SECURE_HSTS_SECONDS must be a whole number"),
    ({"SECURE_HSTS_SECONDS": "-1"}, "SECURE_HSTS_SECONDS must be 0 (off) or more"),
])
def test_bad_https_values_stop_start_up(env, message):
    with pytest.raises(AssertionError, match=re.escape(message)):
        production_settings(**env)


def test_redirect_and_hsts_on_the_wire(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get(reverse("login"))
    assert response.status_code == 301 and response["Location"].startswith("https://")
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path):
    # Not the test run's own settings, nor the async switch the browser tests set (tests/browser/conftest.py).
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SECURE_", "DEBUG", "DJANGO_SETTINGS", "DJANGO_ALLOW_ASYNC_UNSAFE"))}
    env.update(SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="placeboard.example.org", PLACEBOARD_DATA_DIR=str(tmp_path))
    placeboard = Path(sys.executable).parent / "placeboard"
    result = subprocess.run([str(placeboard), "manage", "check", "--deploy", "--fail-level", "WARNING"],
                            env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
