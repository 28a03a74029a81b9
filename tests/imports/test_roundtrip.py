"""What is exported imports again: every export of every demo partnership, uploaded back, changes nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from placeboard.core.models import Partnership
from placeboard.demo import load_all
from placeboard.imports.importers import EXPORT_KINDS, KINDS
from placeboard.performance.models import Observation


@pytest.fixture
def demo(db, client):
    load_all()
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "x"))
    return client


def round_trip(client, slug, kind, fmt):
    """Export, upload the file back and open its preview: the plan the preview shows, and the page."""
    exported = client.get(reverse("export_download", args=[slug, kind, fmt]))
    assert exported.status_code == 200
    name = f"{slug}-{kind}.{fmt}"
    response = client.post(reverse("import_start", args=[slug]),
                           {"kind": kind, "file": SimpleUploadedFile(name, exported.content)})
    assert response.status_code == 302, response.content[:500]
    page = client.get(response.url)
    assert page.status_code == 200
    return page.context["plan"], page.content.decode()


def test_every_export_of_every_demo_partnership_imports_back_unchanged(demo):
    # The demo's "figure available Q4" notes of annual indicators sit at the year, not the quarter.
    waiting = Observation.objects.filter(value=None).exclude(expected="").select_related("indicator")
    assert waiting.filter(indicator__partnership__slug="wiltshire", period="2009/10").exists()
    for o in waiting:
        assert o.indicator.parse_period_for_actuals(o.period).label == o.period, (o.indicator.code, o.period)
    assert set(EXPORT_KINDS) <= set(KINDS)
    slugs = list(Partnership.objects.order_by("slug").values_list("slug", flat=True))
    assert {"coventry", "gloucester", "wiltshire"} <= set(slugs)
    failures, tried = [], set()
    for slug in slugs:
        for kind in EXPORT_KINDS:
            for fmt in ("csv", "xlsx"):
                plan, page = round_trip(demo, slug, kind, fmt)
                if plan.rows == 0:
                    # Nothing of this kind to export: the header alone is refused as empty, saving nothing.
                    if [p.message for p in plan.problems] != ["The file has a header row but no data rows."]:
                        failures.append((slug, kind, fmt, [f"{p}" for p in plan.problems[:3]]))
                    continue
                tried.add((slug, kind))
                if not plan.ok:
                    failures.append((slug, kind, fmt, [f"{p}" for p in plan.problems[:3]]))
                elif (plan.created, plan.updated) != (0, 0) or \
                        "<strong>0 new</strong>, <strong>0 changed</strong>" not in page:
                    failures.append((slug, kind, fmt, plan.summary()))
    assert failures == [], "\n".join(map(str, failures))
    assert {("wiltshire", "actuals"), ("coventry", "actuals"), ("wiltshire", "benchmarks")} <= tried


def test_migration_moves_notes_left_at_a_quarter(db):
    """Installs loaded before the fix hold the note at 2009/10 Q2; the data migration moves it to 2009/10."""
    import importlib

    from django.apps import apps

    from placeboard.performance.models import Indicator
    from placeboard.performance.periods import parse_period

    migration = importlib.import_module("placeboard.performance.migrations.0005_expected_notes_at_collection_periods")
    load_all()
    ni001 = Indicator.objects.get(partnership__slug="wiltshire", code="NI 001")
    note = Observation.objects.get(indicator=ni001, value=None)
    note.set_period(parse_period("2009/10 Q2"))  # as the old demo loader stored it
    note.save()
    ni004 = Indicator.objects.get(partnership__slug="wiltshire", code="NI 004")
    Observation.objects.filter(indicator=ni004, value=None).update(period="2009/10 Q2")  # ... with a figure for the year:
    Observation.objects.create(indicator=ni004, period="2009/10", period_start="2009-04-01",
                               period_end="2010-03-31", value=50)
    migration.move_notes(apps, None)
    note.refresh_from_db()
    assert (note.period, str(note.period_start), str(note.period_end)) == ("2009/10", "2009-04-01", "2010-03-31")
    assert Observation.objects.filter(indicator=ni004, period="2009/10 Q2").exists()  # left beside the figure
