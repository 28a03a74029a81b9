"""The indicator list and the web reports are kept in the cache until the partnership's data changes
(core/fragments.py): every way data changes must show at once, and nothing may be kept past a change."""

import re
import time
from datetime import date

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placeboard.core import fragments
from placeboard.core.models import AuditEvent, Partnership, Role
from placeboard.imports.models import ImportBatch
from placeboard.performance.models import AssessedPeriod, Indicator
from tests.imports.test_views import upload
from tests.performance.conftest import build_indicators


@pytest.fixture
def indicators(partnership):
    return build_indicators(partnership)


@pytest.fixture(autouse=True)
def _no_replica(monkeypatch):
    """As on one database, even when the tests run with DATABASE_REPLICA_URL (the last test has its own)."""
    monkeypatch.setattr(fragments, "replica_configured", lambda: False)


def list_url(partnership):
    return reverse("indicator_list", args=[partnership.slug])


def report_url(partnership, kind="spreadsheet"):
    return reverse("report", args=[partnership.slug, kind])


def shown(client, path):
    """The part of the page that may come from the cache (the rest holds a fresh CSRF token)."""
    body = client.get(path).content.decode()
    start = body.index('<h2 class="govuk-heading-s">Latest status') if "Latest status" in body else body.index("<table")
    return body[start:body.rindex("</table>")]


def assert_fresh(client, path):
    """What the page shows now equals what it would show were nothing kept; returns it."""
    kept = shown(client, path)
    cache.clear()
    assert shown(client, path) == kept
    return kept


def queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("path", [list_url, report_url, lambda p: report_url(p, "agreement")])
def test_kept_after_the_first_view_and_built_again_only_after_a_change(as_user, partnership, indicators, path):
    client = as_user("viewer")
    path = path(partnership)
    built = queries(client, path)
    kept = queries(client, path)
    assert kept < built
    # Data changed behind the application's back (no audit event) is not seen: the page really is kept...
    Indicator.objects.filter(pk=indicators["treatment"].pk).update(title="Changed without an audit event")
    assert "Changed without an audit event" not in shown(client, path)
    # ...until an audit event of the partnership is written, as every change through Placeboard writes one.
    AuditEvent.objects.create(partnership=partnership, action="update", object_type="indicator", object_id="1")
    assert "Changed without an audit event" in shown(client, path)


def test_another_partnerships_change_leaves_this_one_kept(as_user, partnership, personas, indicators):
    client = as_user("viewer")
    path = list_url(partnership)
    shown(client, path)
    elsewhere = Partnership.objects.get(slug="elsewhere")
    AuditEvent.objects.create(partnership=elsewhere, action="update", object_type="indicator", object_id="1")
    assert queries(client, path) < 10


def test_a_figure_saved_on_its_form_shows_at_once(as_user, partnership, indicators):
    treatment = indicators["treatment"]
    viewer_pages = [list_url(partnership), report_url(partnership)]
    client = as_user("officer")
    before = [shown(client, path) for path in viewer_pages]
    entry = reverse("observation_entry", args=[partnership.slug, treatment.pk])
    response = client.post(entry, {"period": "2006/07 Q4", "value": "4321", "status": "final"})
    assert response.status_code == 302, response.content.decode()[:2000]
    after = [assert_fresh(client, path) for path in viewer_pages]
    assert after[0] != before[0] and "4,321" in after[0]


def test_an_indicator_edited_on_its_form_shows_at_once(as_user, partnership, indicators):
    client = as_user("officer")
    ni72 = indicators["ni72"] if "ni72" in indicators else Indicator.objects.get(code="NI 072")
    shown(client, list_url(partnership))
    edit = client.get(reverse("indicator_edit", args=[partnership.slug, ni72.pk])).context["form"]
    data = {name: value for name, value in edit.initial.items() if value is not None and name in edit.fields}
    data["outcomes"] = [o.pk for o in ni72.outcomes.all()]
    data["tags"] = []
    data["title"] = "Early years, renamed on its form"
    response = client.post(reverse("indicator_edit", args=[partnership.slug, ni72.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    assert "Early years, renamed on its form" in assert_fresh(client, list_url(partnership))


def test_an_import_shows_at_once(as_user, partnership, indicators):
    client = as_user("officer")
    before = shown(client, list_url(partnership))
    response = upload(client, "actuals_good.xlsx")
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert client.post(reverse("import_confirm", args=[partnership.slug, batch.pk])).status_code == 302
    assert assert_fresh(client, list_url(partnership)) != before


def test_rebuilding_the_stored_assessments_shows_at_once(as_user, partnership, indicators):
    client = as_user("viewer")
    right = shown(client, list_url(partnership))
    # A stored status made wrong behind the application's back, and a page kept with it...
    AssessedPeriod.objects.filter(indicator__partnership=partnership).update(status="red")
    cache.clear()
    wrong = shown(client, list_url(partnership))
    assert wrong != right
    # ...is put right by the command that rebuilds them, though no audit event records a rebuild.
    call_command("rebuild_assessments")
    assert shown(client, list_url(partnership)) == right


def test_a_report_kept_for_one_round_or_filter_is_not_shown_for_another(as_user, partnership, indicators):
    client = as_user("viewer")
    everything = shown(client, report_url(partnership))
    theme = partnership.theme_set.get(code="2")
    narrowed = shown(client, report_url(partnership) + f"?theme={theme.pk}")
    assert narrowed != everything
    assert shown(client, report_url(partnership)) == everything


def test_tomorrow_the_pages_are_built_again(as_user, partnership, indicators, monkeypatch):
    # Statuses turn overdue with the date, so a page kept today is not shown tomorrow.
    client = as_user("viewer")
    path = list_url(partnership)
    shown(client, path)
    assert queries(client, path) < 10

    class Tomorrow(date):
        @classmethod
        def today(cls):
            return date.fromordinal(date.today().toordinal() + 1)

    monkeypatch.setattr(fragments, "date", Tomorrow)
    assert queries(client, path) > 10


def test_switched_off_builds_every_time(as_user, partnership, indicators, settings):
    settings.FRAGMENT_CACHE_SECONDS = 0
    client = as_user("viewer")
    path = list_url(partnership)
    assert queries(client, path) == queries(client, path) > 10


def test_the_version_is_replaced_again_when_the_change_commits(partnership, django_capture_on_commit_callbacks):
    key = fragments._version_key(partnership.pk)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        AuditEvent.objects.create(partnership=partnership, action="update", object_type="indicator", object_id="1")
        during = cache.get(key)
        assert during is not None
    assert len(callbacks) == 1
    assert cache.get(key) not in (None, during)


def test_an_event_without_a_partnership_replaces_every_partnerships_pages(as_user, partnership, indicators):
    client = as_user("viewer")
    path = list_url(partnership)
    shown(client, path)
    Indicator.objects.filter(pk=indicators["treatment"].pk).update(title="Seen after a site-wide change")
    AuditEvent.objects.create(partnership=None, action="update", object_type="user", object_id="1")
    assert "Seen after a site-wide change" in shown(client, path)


def test_with_a_replica_a_page_built_just_after_a_change_is_not_kept(as_user, partnership, indicators,
                                                                      monkeypatch):
    # The replica may not have the change yet: what was built from it is shown, and built again next time.
    monkeypatch.setattr(fragments, "replica_configured", lambda: True)
    client = as_user("viewer")
    path = list_url(partnership)
    AuditEvent.objects.create(partnership=partnership, action="update", object_type="indicator", object_id="1")
    first = queries(client, path)
    assert queries(client, path) == first
    # Once the version has settled, the page is kept.
    monkeypatch.setattr(fragments, "_now", lambda: time.time() + fragments.REPLICA_SETTLE_SECONDS)
    queries(client, path)
    assert queries(client, path) < first


def test_the_kept_page_is_escaped_once(as_user, partnership, indicators):
    Indicator.objects.filter(pk=indicators["treatment"].pk).update(title="<script>alert(1)</script> & more")
    client = as_user("viewer")
    for _ in range(2):  # built, then kept
        body = shown(client, list_url(partnership))
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in body and "<script>alert" not in body


def test_another_partnership_with_the_same_filters_never_shares_a_kept_page(as_user, partnership, indicators,
                                                                             personas):
    other = Partnership.objects.get(slug="elsewhere")
    Indicator.objects.create(partnership=other, code="ELSE 1", title="Only elsewhere", value_type="count",
                             polarity="higher", collection_interval="financial_year")
    Role.objects.create(user=personas["viewer"], partnership=other, kind="viewer")
    client = as_user("viewer")
    here = shown(client, list_url(partnership))
    there = shown(client, list_url(other))
    assert "Only elsewhere" in there and "Only elsewhere" not in here
    assert "NI 072" in here and "NI 072" not in there


def without_tokens(body):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)


@pytest.mark.parametrize("persona", ["officer", "provider"])
def test_the_home_page_shows_a_saved_figure_at_once(as_user, partnership, indicators, persona):
    # Its counts by theme (everyone's) and the figures the provider's organisation owes are kept.
    client = as_user(persona)
    home = reverse("partnership_home", args=[partnership.slug])
    before = without_tokens(client.get(home).content.decode())
    entry = reverse("observation_entry", args=[partnership.slug, indicators["treatment"].pk])
    response = client.post(entry, {"period": "2006/07 Q2", "value": "1", "status": "final", "note": "Why."})
    assert response.status_code == 302
    client.get(home)  # shows, and so clears, the message "Saved …"
    kept = without_tokens(client.get(home).content.decode())
    cache.clear()
    assert without_tokens(client.get(home).content.decode()) == kept != before


def test_what_i_have_to_report_counts_a_figure_saved_on_it_at_once(as_user, partnership, indicators):
    # Which indicators are due and their counts are kept; the page's rows are always read afresh.
    client = as_user("provider")
    path = reverse("my_returns", args=[partnership.slug]) + "?period=2006/07+Q2"
    before = without_tokens(client.get(path).content.decode())
    assert "2 indicators for 2006/07 Q2; 2 still without a figure" in before
    treatment = indicators["treatment"]
    response = client.post(path, {"period": "2006/07 Q2", f"i{treatment.pk}-value": "80",
                                  f"i{treatment.pk}-status": "final", f"i{treatment.pk}-note": "Why.",
                                  f"i{treatment.pk}-expected": ""})
    assert response.status_code == 302
    client.get(path)  # shows, and so clears, the message "Saved …"
    kept = without_tokens(client.get(path).content.decode())
    assert "2 indicators for 2006/07 Q2; 1 still without a figure" in kept
    cache.clear()
    assert without_tokens(client.get(path).content.decode()) == kept


def test_a_change_replaces_the_kept_page_rather_than_adding_another(as_user, partnership, indicators):
    # The cache holds one fragment per page however often the data changes (no pile of old versions).
    client = as_user("viewer")
    for i in range(3):
        shown(client, list_url(partnership))
        AuditEvent.objects.create(partnership=partnership, action="update", object_type="indicator", object_id=i)
    shown(client, list_url(partnership))
    assert sum(":indicator-list:" in key for key in cache._cache) == 1
