"""The framework pages through HTTP: lists, details, forms, bad input and the audit trail."""

import pytest
from django.urls import reverse

from placeboard.core.framework import KINDS
from placeboard.core.models import (
    Area,
    AreaSet,
    AuditEvent,
    Group,
    GroupMember,
    Organisation,
    Outcome,
    PopulationGroup,
    Role,
    Theme,
)


def url(name, partnership, *args):
    return reverse(name, args=[partnership.slug, *args])


@pytest.fixture
def officer(as_user):
    return as_user("officer")


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.slug)
def test_list_shows_every_row_and_detail_shows_the_object(officer, partnership, kind):
    objects = list(kind.model.objects.filter(partnership=partnership))
    body = officer.get(url("framework_list", partnership, kind.slug)).content.decode()
    for obj in objects:
        assert reverse("framework_detail", args=[partnership.slug, kind.slug, obj.pk]) in body
    detail = officer.get(url("framework_detail", partnership, kind.slug, objects[0].pk)).content.decode()
    assert str(objects[0]).split(" (")[0] in detail


def test_list_search_and_filter(officer, partnership):
    body = officer.get(url("framework_list", partnership, "organisations"), {"q": "police"}).content.decode()
    assert "Testshire Police" in body and "Testshire Council" not in body
    body = officer.get(url("framework_list", partnership, "groups"), {"kind": "board"}).content.decode()
    assert "Partnership Board" in body and "Safer Communities Group" not in body
    # An unknown filter value is ignored rather than failing.
    assert officer.get(url("framework_list", partnership, "groups"), {"kind": "nonsense"}).status_code == 200


def test_theme_list_is_a_tree(officer, partnership):
    body = officer.get(url("framework_list", partnership, "themes")).content.decode()
    assert body.index("Safer communities") < body.index("Less crime") < body.index("Economic growth")
    assert "shown as a tree" in body


def test_partnership_home_shows_theme_tree_and_counts(officer, partnership):
    body = officer.get(url("partnership_home", partnership)).content.decode()
    assert "Ambitions and outcomes" in body
    assert "1.1.1 Fewer burglaries" in body
    assert "Performance officer" in body
    assert f'href="{reverse("public_partnership", args=[partnership.slug])}"' in body


def test_partnership_home_leads_an_area_manager_to_their_board(as_user, partnership, personas):
    board = Group.objects.create(partnership=partnership, name="North Area Board", kind="area_board")
    Role.objects.create(user=personas["viewer"], partnership=partnership, kind=Role.Kind.COMMUNITY_AREA_MANAGER,
                        group=board)
    body = as_user("viewer").get(url("partnership_home", partnership)).content.decode()
    assert f'href="{url("board_detail", partnership, board.pk)}">North Area Board</a>' in body
    assert url("budget_round_list", partnership) in body
    assert url("board_detail", partnership, board.pk) not in as_user("officer").get(
        url("partnership_home", partnership)).content.decode()


def test_create_organisation_saves_and_audits(officer, partnership, personas):
    response = officer.post(url("framework_create", partnership, "organisations"),
                            {"name": "Testshire Fire", "short_name": "TFRS", "sector": "public"})
    org = Organisation.objects.get(name="Testshire Fire")
    assert response.status_code == 302 and response["Location"] == org.get_absolute_url()
    event = AuditEvent.objects.get(object_type="organisation", action="create")
    assert event.user == personas["officer"]
    assert event.changes["sector"] == ["", "Public"]
    assert event.partnership == partnership


@pytest.mark.parametrize(
    "kind_slug, data, field, message",
    [
        ("organisations", {"name": "", "sector": "public"}, "name", "This field is required."),
        ("organisations", {"name": "Testshire Police", "sector": "public"}, None, "already exists"),
        ("organisations", {"name": "New", "sector": "galactic"}, "sector", "Select a valid choice"),
        ("areas", {"name": "South", "gss_code": "E06000099", "area_type": "ward"}, None,
         "Another area in this partnership already has this GSS code."),
        ("areas", {"name": "South", "gss_code": "X123", "area_type": "ward"}, "gss_code", "Enter an ONS GSS code"),
        ("groups", {"name": "West Area Board", "kind": "area_board"}, "area",
         "Choose the community area this area board serves."),
        ("themes", {"code": "1", "name": "Duplicate code"}, None, "already exists"),
        ("outcomes", {"code": "9.9", "title": "No theme"}, "theme", "This field is required."),
        ("population-groups", {"name": ""}, "name", "This field is required."),
        ("area-sets", {"name": "Priority neighbourhoods"}, None, "already exists"),
    ],
)
def test_invalid_create_shows_error_summary_and_saves_nothing(officer, partnership, kind_slug, data, field, message):
    kind = next(k for k in KINDS if k.slug == kind_slug)
    before = kind.model.objects.count()
    events = AuditEvent.objects.count()
    response = officer.post(url("framework_create", partnership, kind_slug), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert message in body
    if field:
        assert f'href="#id_{field}' in body
        # On the input, or on the fieldset of radios and checkboxes.
        assert any(f"id_{field}_error" in ids for ids in _described_by(body).values())
    assert kind.model.objects.count() == before
    assert AuditEvent.objects.count() == events


def _described_by(body):
    """Each element's aria-describedby ids, checked to name elements on the page."""
    from html.parser import HTMLParser

    ids, described = set(), {}

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if attrs.get("id"):
                ids.add(attrs["id"])
            if attrs.get("aria-describedby"):
                described[attrs.get("id") or tag] = attrs["aria-describedby"].split()

    Parser().feed(body)
    missing = {name: [i for i in targets if i not in ids] for name, targets in described.items()}
    assert not any(missing.values()), f"aria-describedby names no element: {missing}"
    return described


def test_hints_and_errors_are_announced_with_their_fields(officer, partnership):
    body = officer.get(url("framework_create", partnership, "areas")).content.decode()
    assert _described_by(body)["id_gss_code"] == ["id_gss_code_helptext"]
    body = officer.post(url("framework_create", partnership, "areas"),
                        {"name": "South", "gss_code": "X123", "area_type": "ward"}).content.decode()
    assert _described_by(body)["id_gss_code"] == ["id_gss_code_helptext", "id_gss_code_error"]


def test_a_field_in_error_gets_its_govuk_error_class():
    from django import forms

    from placeboard.core.forms import GovukMixin

    class Form(GovukMixin, forms.Form):
        when = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
        kind = forms.ChoiceField(choices=[("a", "A")])
        notes = forms.CharField(widget=forms.Textarea)
        tick = forms.BooleanField()
        fine = forms.CharField()

    form = Form({"when": "someday", "kind": "z", "fine": "ok"})
    assert not form.is_valid()
    classes = {name: form.fields[name].widget.attrs["class"] for name in form.fields}
    assert classes == {
        "when": "govuk-input govuk-input--width-10 govuk-input--error",
        "kind": "govuk-select govuk-select--error",
        "notes": "govuk-textarea govuk-textarea--error",
        "tick": "govuk-checkboxes__input",  # GOV.UK marks the group, not the box
        "fine": "govuk-input",
    }


@pytest.mark.parametrize(
    "kind_slug, find, parent_find",
    [
        ("themes", lambda: Theme.objects.get(code="1"), lambda: Theme.objects.get(code="1.1")),
        ("areas", lambda: Area.objects.get(name="Testshire"), lambda: Area.objects.get(name="North")),
        ("groups", lambda: Group.objects.get(name="Partnership Board"),
         lambda: Group.objects.get(name="Safer Communities Group")),
    ],
)
def test_cycles_in_trees_are_refused(officer, partnership, kind_slug, find, parent_find):
    obj, new_parent = find(), parent_find()
    kind = next(k for k in KINDS if k.slug == kind_slug)
    form = kind.form_class(instance=obj, partnership=partnership)
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data["parent"] = new_parent.pk
    response = officer.post(url("framework_edit", partnership, kind_slug, obj.pk), data)
    assert response.status_code == 200
    assert "cannot also be its parent" in response.content.decode()
    obj.refresh_from_db()
    assert obj.parent_id is None


def test_parent_cannot_be_itself(officer, partnership):
    theme = Theme.objects.get(code="2")
    response = officer.post(url("framework_edit", partnership, "themes", theme.pk),
                            {"code": "2", "name": "Economic growth", "parent": theme.pk})
    # The form offers no such choice, so the value is rejected outright.
    assert "Select a valid choice" in response.content.decode()


def test_edit_records_old_and_new_values(officer, partnership):
    outcome = Outcome.objects.get(code="2.1")
    council = Organisation.objects.get(name="Testshire Council")
    theme = Theme.objects.get(code="1")
    response = officer.post(url("framework_edit", partnership, "outcomes", outcome.pk), {
        "theme": outcome.theme_id, "code": "2.1", "title": "More and better jobs",
        "lead_organisation": council.pk, "contributes_to": [theme.pk],
    })
    assert response.status_code == 302
    outcome.refresh_from_db()
    assert outcome.title == "More and better jobs"
    assert list(outcome.contributes_to.all()) == [theme]
    event = AuditEvent.objects.get(action="update")
    assert event.changes["title"] == ["More jobs", "More and better jobs"]
    assert event.changes["contributes_to"] == ["", "1 Safer communities"]
    assert "lead_organisation" not in event.changes


def test_saving_without_changes_records_nothing(officer, partnership):
    org = Organisation.objects.get(name="Testshire Police")
    officer.post(url("framework_edit", partnership, "organisations", org.pk),
                 {"name": org.name, "short_name": "", "sector": "public"})
    assert not AuditEvent.objects.filter(action="update").exists()


def test_data_provider_edits_own_organisations_outcome(as_user, partnership):
    client = as_user("provider")
    outcome = Outcome.objects.get(code="1.1.1")
    response = client.post(url("framework_edit", partnership, "outcomes", outcome.pk), {
        "theme": outcome.theme_id, "code": "1.1.1", "title": "Fewer domestic burglaries",
        "lead_organisation": outcome.lead_organisation_id,
    })
    assert response.status_code == 302
    assert Outcome.objects.get(pk=outcome.pk).title == "Fewer domestic burglaries"
    other = Outcome.objects.get(code="2.1")
    response = client.post(url("framework_edit", partnership, "outcomes", other.pk),
                           {"theme": other.theme_id, "code": "2.1", "title": "Hijacked"})
    assert response.status_code == 403
    assert Outcome.objects.get(pk=other.pk).title == "More jobs"


def test_delete_unreferenced_object(officer, partnership):
    group = PopulationGroup.objects.get(name="Older people")
    response = officer.post(url("framework_delete", partnership, "population-groups", group.pk))
    assert response.status_code == 302
    assert not PopulationGroup.objects.filter(pk=group.pk).exists()
    assert AuditEvent.objects.filter(action="delete", object_repr="Older people").exists()


@pytest.mark.parametrize(
    "kind_slug, find, mentions",
    [
        ("organisations", lambda: Organisation.objects.get(name="Testshire Police"), "1 outcomes (1.1.1 Fewer burglaries)"),
        ("themes", lambda: Theme.objects.get(code="1"), "1.1 Less crime"),
        ("areas", lambda: Area.objects.get(name="Testshire"), "North"),
        ("groups", lambda: Group.objects.get(name="Safer Communities Group"), "1 Safer communities"),
    ],
)
def test_delete_still_referenced_is_refused(officer, partnership, kind_slug, find, mentions):
    obj = find()
    response = officer.post(url("framework_delete", partnership, kind_slug, obj.pk))
    body = response.content.decode()
    assert response.status_code == 409
    assert "cannot be deleted because these still refer to it" in body
    assert mentions in body
    assert type(obj).objects.filter(pk=obj.pk).exists()
    assert not AuditEvent.objects.filter(action="delete").exists()


def test_group_members(officer, partnership):
    group = Group.objects.get(name="Partnership Board")
    police = Organisation.objects.get(name="Testshire Police")
    add = url("group_member_add", partnership, group.pk)
    assert officer.get(add).status_code == 200
    response = officer.post(add, {"organisation": "", "person_name": "", "role": "chair"})
    assert "Choose an organisation or enter a person" in response.content.decode()
    assert not GroupMember.objects.exists()
    response = officer.post(add, {"organisation": police.pk, "person_name": "Inspector Jones", "role": "member"})
    assert response.status_code == 302
    member = GroupMember.objects.get()
    assert "Inspector Jones" in officer.get(group.get_absolute_url()).content.decode()
    response = officer.post(url("group_member_remove", partnership, group.pk, member.pk))
    assert response.status_code == 302
    assert not GroupMember.objects.exists()
    assert AuditEvent.objects.filter(object_type="group member").count() == 2
    # Removing needs POST, so a link or prefetch cannot do it.
    assert officer.get(url("group_member_remove", partnership, group.pk, 999)).status_code == 405


def test_theme_lead_manages_own_group_members_only(as_user, partnership):
    client = as_user("theme_lead")
    own = Group.objects.get(name="Safer Communities Group")
    other = Group.objects.get(name="Partnership Board")
    assert client.get(url("group_member_add", partnership, own.pk)).status_code == 200
    assert client.get(url("group_member_add", partnership, other.pk)).status_code == 403


def test_people_roles(officer, partnership, personas):
    people_url = url("people", partnership)
    body = officer.get(people_url).content.decode()
    assert "viewer@example.org" in body
    response = officer.post(people_url, {"email": "nobody@example.org", "kind": "viewer"})
    assert "No account has this email address." in response.content.decode()
    response = officer.post(people_url, {"email": "viewer@example.org", "kind": "viewer"})
    assert "This person already has this role." in response.content.decode()
    response = officer.post(people_url, {"email": "viewer@example.org", "kind": "data_provider"})
    assert "A data provider needs an organisation." in response.content.decode()
    police = Organisation.objects.get(name="Testshire Police")
    response = officer.post(people_url, {"email": "viewer@example.org", "kind": "data_provider",
                                         "organisation": police.pk})
    assert response.status_code == 302
    role = Role.objects.get(user=personas["viewer"], kind="data_provider")
    assert role.organisation == police
    response = officer.post(url("role_remove", partnership, role.pk))
    assert response.status_code == 302
    assert not Role.objects.filter(pk=role.pk).exists()
    assert AuditEvent.objects.filter(object_type="role").count() == 2


def test_audit_log_lists_changes(officer, partnership):
    officer.post(url("framework_create", partnership, "population-groups"), {"name": "Young people"})
    body = officer.get(url("audit_log", partnership)).content.decode()
    assert "Created population group" in body and "Young people" in body


def test_area_set_membership(officer, partnership):
    area_set = AreaSet.objects.get(name="Priority neighbourhoods")
    county = Area.objects.get(name="Testshire")
    north = Area.objects.get(name="North")
    response = officer.post(url("framework_edit", partnership, "area-sets", area_set.pk),
                            {"name": area_set.name, "description": "", "areas": [north.pk, county.pk]})
    assert response.status_code == 302
    assert set(area_set.areas.all()) == {north, county}


def test_sign_in_with_wrong_password_shows_error(client, personas):
    response = client.post(reverse("login"), {"username": "officer", "password": "wrong"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    response = client.post(reverse("login"), {"username": "officer", "password": "correct horse battery"})
    assert response.status_code == 302


def test_forms_need_csrf(partnership, personas):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["officer"])
    response = client.post(url("framework_create", partnership, "population-groups"), {"name": "Carers"})
    assert response.status_code == 403
    assert not PopulationGroup.objects.filter(name="Carers").exists()


def test_partnership_settings(officer, partnership):
    path = url("partnership_settings", partnership)
    response = officer.post(path, {"name": partnership.name, "place": "Testshire", "theme_label": "Priority",
                                   "default_tolerance_kind": "absolute", "default_tolerance_amount": "-1"})
    assert "The tolerance cannot be negative." in response.content.decode()
    response = officer.post(path, {"name": partnership.name, "place": "Testshire", "theme_label": "Priority",
                                   "default_tolerance_kind": "absolute", "default_tolerance_amount": "2",
                                   "open_data_licence": "CC-BY-4.0"})
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert (partnership.theme_label, partnership.default_tolerance_kind) == ("Priority", "absolute")
    assert partnership.open_data_licence == "CC-BY-4.0"
    event = AuditEvent.objects.get(object_type="partnership")
    assert event.changes["theme_label"] == ["Ambition", "Priority"]
