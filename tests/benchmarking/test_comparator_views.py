"""Comparator group pages: who may see and change them, add, rename, duplicate names, delete a group or one
indicator-period's values (audited, atomic), and fixed query counts."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placeboard.benchmarking import comparator_views, services
from placeboard.benchmarking.models import BenchmarkValue, ComparatorGroup
from placeboard.core.models import AuditEvent, Partnership
from placeboard.performance.models import Indicator
from tests.personas import ALL, MANAGERS, MEMBERS, expected

SLUG = "testshire"


UNITARY = [  # as benchmarks_unitary.csv would import them
    ("AY 2008/09", "2008-09-01", "Bath and North East Somerset", "E06000022", "55.0"),
    ("AY 2008/09", "2008-09-01", "Testshire", "E06000099", "57.0"),
    ("AY 2008/09", "2008-09-01", "Bristol", "E06000023", "49.5"),
    ("AY 2008/09", "2008-09-01", "North Somerset", "E06000024", "58.2"),
    ("AY 2008/09", "2008-09-01", "South Gloucestershire", "E06000025", "57.0"),
    ("AY 2008/09", "2008-09-01", "Swindon", "E06000030", "60.1"),
    ("AY 2008/09", "2008-09-01", "England", "E92000001", "52.0"),
    ("AY 2007/08", "2007-09-01", "Testshire", "E06000099", "54.0"),
]


@pytest.fixture
def unitary(partnership, indicators):
    """NI 072 for AY 2008/09 (six authorities and England) and AY 2007/08 (Testshire only)."""
    group = ComparatorGroup.objects.create(partnership=partnership, name="Unitary councils")
    BenchmarkValue.objects.bulk_create(
        BenchmarkValue(group=group, indicator=indicators["ni72"], period=period, period_start=start,
                       authority=authority, gss_code=code, value=Decimal(value), is_national=authority == "England")
        for period, start, authority, code, value in UNITARY)
    return group


def url(name, *args):
    return reverse(name, args=[SLUG, *args])


def values_url(group, indicator, period):
    return url("comparator_values_delete", group.pk, indicator.pk, period)


def pages(group, indicators):
    """Every comparator page as (path, who may open it)."""
    return [
        (url("comparator_list"), MEMBERS),
        (url("comparator_detail", group.pk), MEMBERS),
        (url("comparator_create"), MANAGERS),
        (url("comparator_edit", group.pk), MANAGERS),
        (url("comparator_delete", group.pk), MANAGERS),
        (values_url(group, indicators["ni72"], "AY 2008/09"), MANAGERS),
    ]


@pytest.mark.parametrize("persona", ALL)
def test_gatekeeper(as_user, unitary, indicators, persona):
    client = as_user(persona)
    for path, allowed in pages(unitary, indicators):
        response = client.get(path)
        assert response.status_code == expected(persona, allowed), (persona, path)
        if persona == "anonymous":
            assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["provider", "viewer", "outsider", "anonymous"])
def test_only_officers_change_anything(as_user, unitary, indicators, persona):
    client = as_user(persona)
    client.post(url("comparator_create"), {"name": "Statistical neighbours"})
    client.post(url("comparator_edit", unitary.pk), {"name": "Renamed"})
    client.post(url("comparator_delete", unitary.pk))
    client.post(values_url(unitary, indicators["ni72"], "AY 2008/09"))
    assert list(ComparatorGroup.objects.values_list("name", flat=True)) == ["Unitary councils"]
    assert BenchmarkValue.objects.count() == 8
    assert not AuditEvent.objects.filter(action="delete").exists()


def test_members_see_the_list_and_values_but_no_change_links(as_user, unitary):
    text = as_user("provider").get(url("comparator_list")).content.decode()
    assert "Unitary councils" in text and "Add a comparator group" not in text
    detail = as_user("viewer").get(url("comparator_detail", unitary.pk)).content.decode()
    assert "Swindon" in detail and "Delete group" not in detail and "Delete these" not in detail


def test_list_counts_authorities_indicators_periods_and_latest(as_user, unitary):
    ComparatorGroup.objects.create(partnership=unitary.partnership, name="Statistical neighbours",
                                   description="CIPFA nearest neighbours")
    text = as_user("officer").get(url("comparator_list")).content.decode()
    row = text.split("Unitary councils</a>")[1].split("</tr>")[0]
    cells = [c.split(">", 1)[1].split("<")[0] for c in row.split("<td")[2:]]
    # Six authorities (England is the national figure, not an authority), one indicator, two periods.
    assert cells == ["6", "1", "2", "AY 2008/09"]
    empty = text.split("Statistical neighbours</a>")[1].split("</tr>")[0]
    assert "CIPFA nearest neighbours" in empty and "No values yet" in empty


def test_add_and_rename_are_audited(as_user, partnership):
    client = as_user("officer")
    response = client.post(url("comparator_create"), {"name": "  Statistical neighbours ",
                                                      "description": "CIPFA's 15 nearest"})
    group = ComparatorGroup.objects.get()
    assert response.url == url("comparator_detail", group.pk)
    assert group.name == "Statistical neighbours" and group.partnership == partnership
    created = AuditEvent.objects.get(action="create", object_type="comparator group")
    assert created.object_id == str(group.pk) and created.user.username == "officer"
    assert created.changes == {"name": ["", "Statistical neighbours"], "description": ["", "CIPFA's 15 nearest"]}
    client.post(url("comparator_edit", group.pk), {"name": "Nearest neighbours", "description": "CIPFA's 15 nearest"})
    group.refresh_from_db()
    assert group.name == "Nearest neighbours"
    changed = AuditEvent.objects.get(action="update", object_type="comparator group")
    assert changed.changes == {"name": ["Statistical neighbours", "Nearest neighbours"]}
    # Saving without a change records nothing.
    client.post(url("comparator_edit", group.pk), {"name": "Nearest neighbours", "description": "CIPFA's 15 nearest"})
    assert AuditEvent.objects.filter(object_type="comparator group").count() == 2


@pytest.mark.parametrize("name", ["Unitary councils", "UNITARY COUNCILS"])
def test_duplicate_name_is_a_field_error(as_user, unitary, name):
    client = as_user("officer")
    response = client.post(url("comparator_create"), {"name": name})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["name"] == ["There is already a comparator group called 'Unitary councils'. "
                                   "Choose another name."]
    assert "govuk-error-summary" in response.content.decode()
    assert ComparatorGroup.objects.count() == 1
    # Renaming another group onto it is refused too, and the page keeps the saved name in its heading.
    other = ComparatorGroup.objects.create(partnership=unitary.partnership, name="Neighbours")
    response = client.post(url("comparator_edit", other.pk), {"name": name})
    assert "name" in response.context["form"].errors
    assert "Change comparator group Neighbours" in response.content.decode()
    other.refresh_from_db()
    assert other.name == "Neighbours"
    assert not AuditEvent.objects.filter(object_type="comparator group").exists()


def test_same_name_in_another_partnership_is_fine(as_user, unitary):
    other = Partnership.objects.get(slug="elsewhere")
    ComparatorGroup.objects.create(partnership=other, name="Statistical neighbours")
    response = as_user("officer").post(url("comparator_create"), {"name": "Statistical neighbours"})
    assert response.status_code == 302
    assert ComparatorGroup.objects.filter(name="Statistical neighbours").count() == 2


def test_delete_group_confirms_the_count_and_audits_every_value(as_user, unitary):
    client = as_user("officer")
    page = client.get(url("comparator_delete", unitary.pk)).content.decode()
    assert "Its 8 values (1 indicator, 2 periods) will be deleted" in page
    assert "Delete the group and its 8 values" in page
    assert ComparatorGroup.objects.exists()  # a GET deletes nothing
    response = client.post(url("comparator_delete", unitary.pk))
    assert response.url == url("comparator_list")
    assert not ComparatorGroup.objects.exists() and not BenchmarkValue.objects.exists()
    event = AuditEvent.objects.get(action="delete", object_type="comparator group")
    assert event.object_id == str(unitary.pk) and event.object_repr == "Unitary councils"
    assert event.changes == {"name": ["Unitary councils", ""], "values": ["8", ""]}
    gone = AuditEvent.objects.filter(action="delete", object_type="comparator value")
    assert gone.count() == 8 and {e.user.username for e in gone} == {"officer"}
    swindon = gone.get(object_repr="Swindon, NI 072 AY 2008/09 (Unitary councils)")
    assert swindon.changes == {"value": ["60.1", ""]}


def test_delete_one_indicator_periods_values(as_user, unitary, indicators):
    client = as_user("officer")
    path = values_url(unitary, indicators["ni72"], "AY 2008/09")
    detail = client.get(url("comparator_detail", unitary.pk)).content.decode()
    assert f'href="{path}"' in detail and "Delete these 7 values" in detail
    confirm = client.get(path).content.decode()
    assert "Delete the 7 values of NI 072 for AY 2008/09?" in confirm
    assert BenchmarkValue.objects.count() == 8
    response = client.post(path)
    assert response.url == url("comparator_detail", unitary.pk)
    # Only that indicator-period went: the other period stays, and so does the group.
    assert list(BenchmarkValue.objects.values_list("period", "authority")) == [("AY 2007/08", "Testshire")]
    event = AuditEvent.objects.get(object_type="comparator group")
    assert event.action == "update" and event.changes == {"values": ["7 values of NI 072 for AY 2008/09", "deleted"]}
    assert AuditEvent.objects.filter(action="delete", object_type="comparator value").count() == 7
    # Nothing left to delete: not found, and nothing more is recorded.
    assert client.post(path).status_code == 404
    assert client.get(path).status_code == 404
    assert AuditEvent.objects.count() == 8


def test_values_delete_is_all_or_nothing(as_user, unitary, indicators, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(services, "record_values_deleted", fail)
    client = as_user("officer")
    client.raise_request_exception = True
    with pytest.raises(RuntimeError):
        client.post(values_url(unitary, indicators["ni72"], "AY 2008/09"))
    assert BenchmarkValue.objects.count() == 8 and not AuditEvent.objects.exists()
    with pytest.raises(RuntimeError):
        client.post(url("comparator_delete", unitary.pk))
    assert ComparatorGroup.objects.exists() and BenchmarkValue.objects.count() == 8


def test_values_of_another_partnerships_indicator_are_not_found(as_user, unitary, indicators):
    other = Partnership.objects.get(slug="elsewhere")
    foreign = Indicator.objects.create(partnership=other, code="X 1", title="Elsewhere's", value_type="count",
                                       polarity="higher", collection_interval="financial_year")
    assert as_user("officer").post(values_url(unitary, foreign, "AY 2008/09")).status_code == 404


def test_detail_ranks_marks_the_partnership_and_the_national_figure(as_user, unitary, indicators):
    text = as_user("viewer").get(url("comparator_detail", unitary.pk)).content.decode()
    ni72 = indicators["ni72"]
    assert f'href="{reverse("indicator_detail", args=[SLUG, ni72.pk])}#benchmarking"' in text
    latest, earlier = text.index("AY 2008/09</h3>"), text.index("AY 2007/08</h3>")
    assert latest < earlier  # latest period first
    section = text[latest:earlier]
    assert section.index("Swindon") < section.index("North Somerset") < section.index("Bristol")
    assert "<strong>Testshire</strong> (this partnership)" in section
    assert "England (national figure, not ranked)" in section and "52.0%" in section
    assert "=3" in section


def test_indicator_page_and_import_page_link_to_the_groups(as_user, unitary, indicators):
    client = as_user("viewer")
    page = client.get(reverse("indicator_detail", args=[SLUG, indicators["ni72"].pk])).content.decode()
    assert url("comparator_detail", unitary.pk) in page
    assert url("comparator_list") in client.get(url("import_start")).content.decode()


def grow(partnership, indicators, groups, periods, authorities):
    """Groups each holding every indicator for `periods` periods and `authorities` authorities plus England."""
    BenchmarkValue.objects.all().delete()
    ComparatorGroup.objects.all().delete()
    rows = []
    for g in range(groups):
        group = ComparatorGroup.objects.create(partnership=partnership, name=f"Group {g}")
        for indicator in indicators.values():
            for year in range(2000, 2000 + periods):
                label, start = f"{year}/{str(year + 1)[2:]}", f"{year}-04-01"
                rows.extend(BenchmarkValue(group=group, indicator=indicator, period=label, period_start=start,
                                           authority=f"Authority {n}", gss_code=f"E0600{n:04d}", value=Decimal(n))
                            for n in range(authorities))
                rows.append(BenchmarkValue(group=group, indicator=indicator, period=label, period_start=start,
                                           authority="England", gss_code="E92000001", value=Decimal(50),
                                           is_national=True))
    BenchmarkValue.objects.bulk_create(rows)
    return group


def queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_list_query_count_is_fixed(as_user, partnership, indicators):
    client = as_user("officer")
    grow(partnership, indicators, 2, 1, 3)
    small, _ = queries(client, url("comparator_list"))
    grow(partnership, indicators, 12, 4, 40)
    large, response = queries(client, url("comparator_list"))
    assert response.content.decode().count("comparators/") >= 12
    assert small == large, f"{small} queries with 2 groups, {large} with 12"


def test_detail_query_count_is_fixed_and_pages(as_user, partnership, indicators):
    client = as_user("officer")
    group = grow(partnership, indicators, 1, 1, 3)
    small, _ = queries(client, url("comparator_detail", group.pk))
    # Four indicators × five periods = 20 sections: two pages of ten, each with 40 authorities.
    group = grow(partnership, indicators, 1, 5, 40)
    large, response = queries(client, url("comparator_detail", group.pk))
    assert small == large, f"{small} queries with 4 sections of 3 authorities, {large} with 20 of 40"
    text = response.content.decode()
    assert comparator_views.SECTIONS_PER_PAGE == 10
    assert text.count("(national figure, not ranked)") == 10 and "Page 1 of 2" in text
    assert text.count("Authority 39<") == 10
    second = client.get(url("comparator_detail", group.pk), {"page": 2}).content.decode()
    assert second.count("(national figure, not ranked)") == 10 and "Page 2 of 2" in second
