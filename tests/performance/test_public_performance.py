"""The public performance site (issue 17.3, docs/public-performance.md): what residents see, and, above all, what
they must not: a provisional figure, unpublished commentary, an indicator nobody published, another partnership's."""

import csv
import io
import json
import re

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placeboard.core.models import Area, AuditEvent, Outcome, Partnership, Theme
from placeboard.performance import public_views
from placeboard.performance.forms import ObservationForm
from placeboard.performance.models import Indicator, Judgement, Observation, Target
from placeboard.performance.periods import parse_period
from tests.performance.conftest import add_actual, add_target


def page(client, name, *args, status=200):
    response = client.get(reverse(name, args=args))
    assert response.status_code == status, (name, args, response.status_code)
    return response.content.decode() if status == 200 else response


def pages_of(partnership, indicator):
    """Every public address that shows something of one indicator."""
    slug = partnership.slug
    return [("public_indicator", slug, indicator.pk),
            ("public_indicator_download", slug, indicator.pk, "csv"),
            ("public_indicator_download", slug, indicator.pk, "json")]


def publish(*indicators):
    Indicator.objects.filter(pk__in=[i.pk for i in indicators]).update(public=True)


def finalise(indicator, period, area=None):
    Observation.objects.filter(indicator=indicator, period=period, area=area).update(status="final")


# -- what is public ----------------------------------------------------------------------------------------

def test_nothing_is_public_until_an_officer_marks_it(client, partnership, indicators):
    listing = page(client, "public_performance", partnership.slug)
    assert "No indicators have been published yet." in listing
    for indicator in indicators.values():
        assert indicator.title not in listing
        for name, *args in pages_of(partnership, indicator):
            page(client, name, *args, status=404)


def test_a_public_indicator_shows_its_final_figures_only(client, partnership, indicators):
    ni72 = indicators["ni72"]  # AY 2008/09 57 provisional; AY 2009/10 57.4 final against 57.2
    publish(ni72)
    html = page(client, "public_indicator", partnership.slug, ni72.pk)
    assert "57.4%" in html and "57.2%" in html
    assert re.search(r'pb-rag--green">Green<', html)
    assert "57.0%" not in html  # the provisional figure, in the table, the chart or the direction of travel
    assert "AY 2008/09" in html and "Provisional: not yet published" in html  # its period, not its value
    assert "Early Years Foundation Stage achievement" in html
    listing = page(client, "public_performance", partnership.slug)
    assert ni72.title in listing and "57.4%" in listing
    assert indicators["ni92"].title not in listing and indicators["treatment"].title not in listing
    for name, *args in pages_of(partnership, indicators["ni92"]):
        page(client, name, *args, status=404)


def test_a_provisional_latest_figure_is_not_published_nor_read_into_a_status(client, partnership, indicators):
    ni92 = indicators["ni92"]  # lower is better: AY 2008/09 31.4, AY 2009/10 29.6 against 32.4, both provisional
    publish(ni92)
    html = page(client, "public_indicator", partnership.slug, ni92.pk)
    assert "No final figures have been published for this indicator yet." in html
    assert "provisional figures not yet published" in html
    assert "31.4" not in html and "29.6" not in html and "Green" not in html.split("</h1>")[1].split("How we judge")[0]
    # The earlier year becomes final: its status is worked out from it alone (no target for it), and the
    # provisional 29.6, which would be Green and Improving, is neither shown nor used.
    finalise(ni92, "AY 2008/09")
    html = page(client, "public_indicator", partnership.slug, ni92.pk)
    assert "31.4%" in html and "29.6" not in html
    assert 'pb-rag--no_target">No target<' in html and "pb-rag--green" not in html
    assert "Improving" not in html
    assert "AY 2009/10: provisional figures not yet published." in html
    assert '<meta property="og:title" content="NI 092 Narrowing the gap in the Early Years Foundation Stage: No target">' in html
    listing = page(client, "public_performance", partnership.slug)
    assert "31.4%" in listing and "29.6" not in listing and "provisional figures not yet published" in listing
    for fmt in ("csv", "json"):
        body = page(client, "public_indicator_download", partnership.slug, ni92.pk, fmt)
        assert "31.4" in body and "29.6" not in body


def test_a_judgement_counts_only_on_a_final_figure(client, partnership, indicators):
    ni92 = indicators["ni92"]
    publish(ni92)
    finalise(ni92, "AY 2008/09")
    j = Judgement(indicator=ni92, status="red", reason="Internal: the cohort changed.")
    j.set_period(parse_period("AY 2009/10"))  # the provisional year
    j.save()
    html = page(client, "public_indicator", partnership.slug, ni92.pk)
    assert "pb-rag--red" not in html and "cohort" not in html
    j2 = Judgement(indicator=ni92, status="amber", reason="Internal reason")
    j2.set_period(parse_period("AY 2008/09"))
    j2.save()
    html = page(client, "public_indicator", partnership.slug, ni92.pk)
    assert 'pb-rag--amber">Amber<' in html and "the figures alone give No target" in html
    assert "Internal reason" not in html


def test_commentary_is_public_only_where_an_officer_marked_it_and_the_figure_is_final(client, partnership, indicators):
    cyp41 = indicators["reregistrations"]  # 2006/07 Q1 26.8 with commentary, provisional
    publish(cyp41)
    note = "Small numbers; reviewed by the safeguarding board."
    Observation.objects.filter(indicator=cyp41).update(note_public=True)  # marked, but the figure is provisional
    for name, *args in pages_of(partnership, cyp41):
        assert note not in page(client, name, *args)
    Observation.objects.filter(indicator=cyp41).update(note_public=False, status="final")  # final, not marked
    for name, *args in pages_of(partnership, cyp41):
        body = page(client, name, *args)
        assert "26.8" in body and note not in body
    Observation.objects.filter(indicator=cyp41).update(note_public=True)
    for name, *args in pages_of(partnership, cyp41):
        assert note in page(client, name, *args)


def test_a_public_theme_publishes_every_indicator_under_it_and_no_other(client, partnership, indicators):
    Theme.objects.filter(code="1").update(public=True)  # Safer communities: 1.1 Less crime: 1.1.1 burglaries
    Observation.objects.update(status="final")
    listing = page(client, "public_performance", partnership.slug)
    assert "Safer communities" in listing and "Fewer burglaries" in listing
    for key in ("treatment", "reregistrations"):
        assert indicators[key].title in listing
        for name, *args in pages_of(partnership, indicators[key]):
            page(client, name, *args)
    assert "Economic growth" not in listing
    for key in ("ni72", "ni92"):
        assert indicators[key].title not in listing
        for name, *args in pages_of(partnership, indicators[key]):
            page(client, name, *args, status=404)


def test_a_sub_theme_marked_public_is_not_listed_under_its_ambition_with_other_indicators(client, partnership,
                                                                                          indicators):
    """An indicator public on its own is listed under its ambition; the ambition's other indicators are not."""
    crime = Outcome.objects.get(code="1.1.1")
    other = Indicator.objects.create(partnership=partnership, code="X 1", title="Unpublished crime measure",
                                     value_type="count", polarity="higher", collection_interval="financial_year")
    other.outcomes.add(crime)
    publish(indicators["treatment"])
    listing = page(client, "public_performance", partnership.slug)
    assert indicators["treatment"].title in listing and "Unpublished crime measure" not in listing
    page(client, "public_indicator", partnership.slug, other.pk, status=404)


def test_unknown_partnership_and_another_partnerships_indicator_are_not_found(client, partnership, indicators):
    elsewhere = Partnership.objects.create(slug="elsewhere", name="Elsewhere", place="Elsewhere")
    theirs = Indicator.objects.create(partnership=elsewhere, code="E 1", title="Theirs", value_type="count",
                                      polarity="higher", collection_interval="financial_year", public=True)
    add_actual(theirs, "2008/09", "5", status="final")
    page(client, "public_indicator", "elsewhere", theirs.pk)  # public where it belongs
    for name, *args in pages_of(partnership, theirs):
        page(client, name, *args, status=404)  # not through this partnership's address
    assert "Theirs" not in page(client, "public_performance", partnership.slug)
    publish(indicators["ni72"])
    for name in ("public_performance", "public_how_we_judge"):
        page(client, name, "nowhere", status=404)
    page(client, "public_indicator", "nowhere", indicators["ni72"].pk, status=404)
    page(client, "public_indicator", partnership.slug, 999999, status=404)
    page(client, "public_indicator_download", partnership.slug, indicators["ni72"].pk, "xlsx", status=404)


def test_area_figures_are_a_table_per_area_final_only(client, partnership, indicators):
    ni72 = indicators["ni72"]
    publish(ni72)
    north, county = Area.objects.get(name="North"), Area.objects.get(name="Testshire")
    add_actual(ni72, "AY 2009/10", "61.3", area=north, status="final", note="North's note", note_public=True)
    add_actual(ni72, "AY 2008/09", "44.4", area=north, status="provisional")
    add_actual(ni72, "AY 2009/10", "55.5", area=county, status="final", note="Private county note")
    html = page(client, "public_indicator", partnership.slug, ni72.pk)
    assert '<caption class="govuk-table__caption govuk-table__caption--s">North</caption>' in html
    assert '<caption class="govuk-table__caption govuk-table__caption--s">Testshire</caption>' in html
    assert "61.3%" in html and "55.5%" in html and "North&#x27;s note" in html
    assert "44.4" not in html and "Private county note" not in html
    rows = list(csv.DictReader(io.StringIO(page(client, "public_indicator_download", partnership.slug, ni72.pk,
                                                "csv"))))
    assert [(r["period"], r["area"], r["value"]) for r in rows] == [
        ("AY 2009/10", "Whole place", "57.4"), ("AY 2009/10", "North", "61.3"), ("AY 2009/10", "Testshire", "55.5")]


# -- downloads ---------------------------------------------------------------------------------------------

def test_downloads_are_spreadsheet_safe_and_bounded(client, partnership, indicators, monkeypatch):
    ni72 = indicators["ni72"]
    publish(ni72)
    Observation.objects.filter(indicator=ni72, period="AY 2009/10").update(note="=HYPERLINK(\"http://x\")",
                                                                          note_public=True)
    text = page(client, "public_indicator_download", partnership.slug, ni72.pk, "csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == public_views.COLUMNS
    assert rows[1][:8] == ["NI 072", "Early Years Foundation Stage achievement", "AY 2009/10", "Whole place",
                           "57.4", "Percentage", "57.2", "Green"]
    assert rows[1][9].startswith("'=")  # core.spreadsheets: never run as a formula
    data = json.loads(page(client, "public_indicator_download", partnership.slug, ni72.pk, "json"))
    assert data["truncated"] is False and data["indicator"]["code"] == "NI 072"
    assert data["figures"] == [{
        "indicator": "NI 072", "title": "Early Years Foundation Stage achievement", "period": "AY 2009/10",
        "area": "Whole place", "value": "57.4", "units": "Percentage", "target": "57.2", "status": "Green",
        "direction_of_travel": "Not comparable: no figure a year earlier or for the period before",
        "commentary": '=HYPERLINK("http://x")'}]
    monkeypatch.setattr(public_views, "MAX_DOWNLOAD_ROWS", 1)
    add_actual(ni72, "AY 2009/10", "61.3", area=Area.objects.get(name="North"), status="final")
    data = json.loads(page(client, "public_indicator_download", partnership.slug, ni72.pk, "json"))
    assert data["truncated"] is True and len(data["figures"]) == 1


# -- the pages ---------------------------------------------------------------------------------------------

def test_open_graph_metadata_names_the_indicator_and_its_status(client, partnership, indicators):
    ni72 = indicators["ni72"]
    publish(ni72)
    html = page(client, "public_indicator", partnership.slug, ni72.pk)
    assert '<meta property="og:title" content="NI 072 Early Years Foundation Stage achievement: Green">' in html
    assert ('<meta property="og:description" content="57.4% in AY 2009/10 against a target of 57.2%: Green.">'
            in html)
    assert f'<meta property="og:url" content="http://testserver/public/testshire/performance/{ni72.pk}/">' in html
    assert '<meta property="og:type" content="website">' in html
    for name in ("public_performance", "public_how_we_judge"):
        html = page(client, name, partnership.slug)
        for prop in ("og:title", "og:description", "og:url", "og:type"):
            assert f'<meta property="{prop}" content="' in html, (name, prop)
    assert '<meta property="og:description" content="How Testshire Partnership is doing against its targets for ' \
           'Testshire: 1 Green.">' in page(client, "public_performance", partnership.slug)


def test_the_indicator_page_has_what_a_resident_needs(client, partnership, indicators):
    ni72 = indicators["ni72"]
    Indicator.objects.filter(pk=ni72.pk).update(public=True, definition="Pupils reaching a good level.",
                                                 data_source="DCSF statistical first release")
    html = page(client, "public_indicator", partnership.slug, ni72.pk)
    for text in ("Pupils reaching a good level.", "DCSF statistical first release", "Higher is better",
                 "higher is better", "Amber when worse than target by up to 5% of the target",
                 reverse("public_how_we_judge", args=[partnership.slug]), '<svg', 'id="figures"',
                 reverse("public_indicator_download", args=[partnership.slug, ni72.pk, "csv"]),
                 reverse("public_indicator_download", args=[partnership.slug, ni72.pk, "json"])):
        assert text in html, text
    assert "Sign out" not in html and "Change indicator" not in html


def test_how_we_judge_progress_and_the_partnership_page_link(client, partnership):
    html = page(client, "public_how_we_judge", partnership.slug)
    assert "final figures only" in html and "Amber when worse than target by up to 5% of the target" in html
    assert reverse("public_performance", args=[partnership.slug]) in page(client, "public_partnership",
                                                                           partnership.slug)


def test_signed_in_people_see_the_same_public_pages(as_user, partnership, indicators):
    """Signing in opens nothing more on the public site: an officer sees no provisional figure there either."""
    publish(indicators["ni72"])
    client = as_user("officer")
    html = page(client, "public_indicator", partnership.slug, indicators["ni72"].pk)
    assert "57.0%" not in html
    page(client, "public_indicator", partnership.slug, indicators["ni92"].pk, status=404)


# -- officers marking what is public -----------------------------------------------------------------------

def indicator_post(indicator, **changes):
    data = {"code": indicator.code, "title": indicator.title, "value_type": indicator.value_type,
            "polarity": indicator.polarity, "decimal_places": indicator.decimal_places,
            "collection_interval": indicator.collection_interval, "spatial_level": indicator.spatial_level,
            "outcomes": [o.pk for o in indicator.outcomes.all()]}
    data.update(changes)
    return data


def test_an_officer_marks_an_indicator_public_through_the_audited_form(as_user, partnership, indicators):
    ni72 = indicators["ni72"]
    client = as_user("officer")
    detail = reverse("indicator_detail", args=[partnership.slug, ni72.pk])
    assert re.search(r"Public</dt><dd[^>]*>No</dd>", client.get(detail).content.decode())
    form = client.get(reverse("indicator_edit", args=[partnership.slug, ni72.pk])).content.decode()
    assert 'name="public"' in form
    response = client.post(reverse("indicator_edit", args=[partnership.slug, ni72.pk]),
                           indicator_post(ni72, public="on"))
    assert response.status_code == 302
    assert Indicator.objects.get(pk=ni72.pk).public
    event = AuditEvent.objects.filter(object_id=str(ni72.pk), action="update").latest("pk")
    assert event.changes["public"] == ["False", "True"]
    html = client.get(detail).content.decode()
    assert "Public</dt>" in html and reverse("public_indicator", args=[partnership.slug, ni72.pk]) in html
    page(client, "public_indicator", partnership.slug, ni72.pk)


def test_an_officer_marks_a_top_level_theme_public_and_only_a_top_level_one(as_user, partnership, indicators):
    client = as_user("officer")
    top, sub = Theme.objects.get(code="1"), Theme.objects.get(code="1.1")
    url = reverse("framework_edit", args=[partnership.slug, "themes", sub.pk])
    response = client.post(url, {"code": "1.1", "name": sub.name, "parent": top.pk, "public": "on"})
    assert response.status_code == 200 and "Only a top-level theme" in response.content.decode()
    assert not Theme.objects.get(pk=sub.pk).public
    url = reverse("framework_edit", args=[partnership.slug, "themes", top.pk])
    assert 'name="public"' in client.get(url).content.decode()
    response = client.post(url, {"code": "1", "name": top.name, "group": top.group_id, "public": "on"})
    assert response.status_code == 302 and Theme.objects.get(pk=top.pk).public
    assert AuditEvent.objects.filter(object_id=str(top.pk), action="update").latest("pk").changes["public"] == [
        "False", "True"]
    detail = client.get(reverse("indicator_detail", args=[partnership.slug, indicators["treatment"].pk]))
    assert "Yes, as part of 1 Safer communities" in detail.content.decode()


def test_a_theme_lead_cannot_make_their_theme_public(as_user, partnership):
    client = as_user("theme_lead")
    top = Theme.objects.get(code="1")
    url = reverse("framework_edit", args=[partnership.slug, "themes", top.pk])
    client.post(url, {"code": "1", "name": top.name, "group": top.group_id, "public": "on"})
    assert not Theme.objects.get(pk=top.pk).public


def test_the_actual_form_has_the_commentary_checkbox_only_for_officers_and_off_by_default(partnership, indicators):
    treatment = indicators["treatment"]
    form = ObservationForm(indicator=treatment, can_publish=True)
    assert list(form.fields)[-2:] == ["expected", "note_public"] and form.fields["note_public"].initial is False
    assert '<input type="checkbox" name="note_public" class="govuk-checkboxes__input" id="id_note_public">' in str(form)
    assert "note_public" not in ObservationForm(indicator=treatment).fields
    posted = ObservationForm({"period": "2006/07 Q2", "value": "70", "status": "final", "note_public": "on"},
                             indicator=treatment, can_publish=True)
    assert posted.is_valid() and posted.cleaned_data["note_public"] is True
    unticked = ObservationForm({"period": "2006/07 Q2", "value": "70", "status": "final"}, indicator=treatment,
                               can_publish=True)
    assert unticked.is_valid() and unticked.cleaned_data["note_public"] is False


def test_the_commentary_checkbox_is_offered_to_officers_and_off_by_default(as_user, partnership, indicators):
    url = reverse("observation_entry", args=[partnership.slug, indicators["treatment"].pk])
    html = as_user("officer").get(url).content.decode()
    assert re.search(r'<input type="checkbox" name="note_public"[^>]*>', html)
    assert "checked" not in re.search(r'<input type="checkbox" name="note_public"[^>]*>', html).group(0)
    assert 'name="note_public"' not in as_user("provider").get(url).content.decode()


def test_an_officer_publishes_commentary_through_the_actual_form(as_user, partnership, indicators):
    treatment = indicators["treatment"]
    client = as_user("officer")
    client.post(reverse("observation_entry", args=[partnership.slug, treatment.pk]),
                {"period": "2006/07 Q2", "value": "70", "status": "final", "note": "Up.", "note_public": "on",
                 "based_on": "new"})
    assert Observation.objects.get(indicator=treatment, period="2006/07 Q2").note_public


def test_note_public_column_defaults_to_off(partnership, indicators):
    o = add_actual(indicators["ni72"], "AY 2010/11", "60")
    assert Observation.objects.get(pk=o.pk).note_public is False


# -- query counts ------------------------------------------------------------------------------------------

def count(client, path):
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_listing_queries_do_not_grow_with_indicators(client, partnership, personas, indicators):
    from tests.performance.test_query_counts import grow

    Theme.objects.filter(code="1").update(public=True)
    path = reverse("public_performance", args=[partnership.slug])
    grow(partnership, 10, 0)
    Observation.objects.filter(period__endswith="Q1").update(status="final")
    small = count(client, path)
    grow(partnership, 290, 10)
    Observation.objects.filter(period__endswith="Q1").update(status="final")
    cache.clear()  # grown without audit events, which would have the kept listing built again
    html = client.get(path).content.decode()
    assert "Indicator 299" in html
    assert count(client, path) == small


def test_indicator_page_queries_do_not_grow_with_periods_or_areas(client, partnership, indicators):
    ind = indicators["treatment"]
    publish(ind)
    north, county = Area.objects.get(name="North"), Area.objects.get(name="Testshire")
    paths = [reverse(name, args=args) for name, *args in pages_of(partnership, ind)]
    small = [count(client, path) for path in paths]
    for year in range(2007, 2017):
        label = f"{year}/{str(year + 1)[2:]}"
        add_target(ind, label, "100")
        for q in (1, 2, 3, 4):
            for area in (None, north, county):
                add_actual(ind, f"{label} Q{q}", 20 * q, area=area, status="final" if q < 4 else "provisional",
                           note="n", note_public=q == 2)
    assert [count(client, path) for path in paths] == small
    assert "2016/17 Q4: provisional figures not yet published" in client.get(paths[0]).content.decode()


def test_target_only_periods_show_their_target(client, partnership, indicators):
    ni72 = indicators["ni72"]
    publish(ni72)
    add_target(ni72, "AY 2010/11", "58.5")
    html = page(client, "public_indicator", partnership.slug, ni72.pk)
    assert "58.5%" in html
    assert Target.objects.filter(indicator=ni72).count() == 2


def test_changed_commentary_is_private_again_until_an_officer_publishes_it(partnership, indicators):
    from placeboard.performance import services

    treatment = indicators["treatment"]
    period = parse_period("2006/07 Q1")
    services.record_observation(indicator=treatment, period=period, user=None, value=58, status="final",
                                note="Published.", note_public=True)
    services.record_observation(indicator=treatment, period=period, user=None, value=59, status="final",
                                note="Published.")
    assert Observation.objects.get(indicator=treatment, period=period.label).note_public
    services.record_observation(indicator=treatment, period=period, user=None, value=59, status="final",
                                note="Changed by a provider.")
    assert not Observation.objects.get(indicator=treatment, period=period.label).note_public


def test_the_listing_is_kept_for_residents_and_shows_a_published_indicator_at_once(client, as_user, partnership,
                                                                                    indicators):
    # Kept in the cache (core/fragments.py) until the partnership's data changes: publishing through the
    # indicator's form (audited) shows at once.
    ni72 = Indicator.objects.get(code="NI 072")
    path = reverse("public_performance", args=[partnership.slug])
    assert "NI 072" not in client.get(path).content.decode()
    with CaptureQueriesContext(connection) as ctx:
        client.get(path)
    assert len(ctx.captured_queries) <= 4  # the partnership, and the cache's versions and page
    officer = as_user("officer")
    edit = reverse("indicator_edit", args=[partnership.slug, ni72.pk])
    form = officer.get(edit).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None and name in form.fields}
    data.update(outcomes=[o.pk for o in ni72.outcomes.all()], tags=[], public="on")
    assert officer.post(edit, data).status_code == 302
    officer.logout()
    assert "NI 072" in client.get(path).content.decode()
