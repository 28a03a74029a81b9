"""Every gatekeeper, tried by every persona (docs/permissions.md)."""

import pytest
from django.urls import reverse

from placeboard.core.framework import KINDS
from placeboard.core.models import Area, Group, Organisation, Outcome, Partnership, Theme
from tests.personas import ALL, MANAGERS, MEMBERS, expected


def first_of(kind, partnership):
    return kind.model.objects.filter(partnership=partnership).first()


@pytest.mark.parametrize("persona", ALL)
def test_partnership_home(as_user, partnership, persona):
    response = as_user(persona).get(reverse("partnership_home", args=[partnership.slug]))
    assert response.status_code == expected(persona, MEMBERS)
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.slug)
def test_framework_list_and_detail(as_user, partnership, persona, kind):
    client = as_user(persona)
    assert client.get(reverse("framework_list", args=[partnership.slug, kind.slug])).status_code == expected(persona, MEMBERS)
    obj = first_of(kind, partnership)
    url = reverse("framework_detail", args=[partnership.slug, kind.slug, obj.pk])
    assert client.get(url).status_code == expected(persona, MEMBERS)


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.slug)
def test_create_and_delete_are_for_managers(as_user, partnership, persona, kind):
    client = as_user(persona)
    assert client.get(reverse("framework_create", args=[partnership.slug, kind.slug])).status_code == expected(persona, MANAGERS)
    obj = first_of(kind, partnership)
    assert client.get(reverse("framework_delete", args=[partnership.slug, kind.slug, obj.pk])).status_code == expected(persona, MANAGERS)


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("page", ["people", "audit_log", "partnership_settings"])
def test_officer_pages(as_user, partnership, persona, page):
    assert as_user(persona).get(reverse(page, args=[partnership.slug])).status_code == expected(persona, MANAGERS)


EDIT_CASES = [
    # (kind slug, how to find the object, who besides managers may change it)
    ("outcomes", lambda: Outcome.objects.get(code="1.1.1"), {"provider", "theme_lead"}),
    ("outcomes", lambda: Outcome.objects.get(code="2.1"), {"other_provider"}),
    ("organisations", lambda: Organisation.objects.get(name="Testshire Police"), {"provider"}),
    ("organisations", lambda: Organisation.objects.get(name="Testshire Council"), {"other_provider"}),
    ("groups", lambda: Group.objects.get(name="Safer Communities Group"), {"theme_lead"}),
    ("groups", lambda: Group.objects.get(name="Partnership Board"), set()),
    ("themes", lambda: Theme.objects.get(code="1"), {"theme_lead"}),
    ("themes", lambda: Theme.objects.get(code="1.1"), {"theme_lead"}),
    ("themes", lambda: Theme.objects.get(code="2"), set()),
    ("areas", lambda: Area.objects.get(name="North"), set()),
]


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("case", EDIT_CASES, ids=lambda c: c[0] + "-" + str(id(c))[-3:])
def test_edit_gatekeeper(as_user, partnership, persona, case):
    kind_slug, find, editors = case
    obj = find()
    response = as_user(persona).get(reverse("framework_edit", args=[partnership.slug, kind_slug, obj.pk]))
    assert response.status_code == expected(persona, MANAGERS | editors)


@pytest.mark.parametrize("persona", ALL)
def test_public_pages_are_open_to_all(as_user, partnership, persona):
    client = as_user(persona)
    assert client.get(reverse("public_index")).status_code == 200
    response = client.get(reverse("public_partnership", args=[partnership.slug]))
    assert response.status_code == 200
    assert "Fewer burglaries" in response.content.decode()


def test_the_public_page_leads_to_every_public_page(client, partnership):
    body = client.get(reverse("public_partnership", args=[partnership.slug])).content.decode()
    for name in ("public_boards", "public_issues", "public_issue_new", "public_opportunities",
                 "public_activities_ics", "public_activities_atom", "public_budget_rounds"):
        address = reverse(name, args=[partnership.slug])
        assert f'href="{address}"' in body, name
        assert client.get(address).status_code == 200, name


def test_object_of_another_partnership_is_not_found_even_for_officer(as_user, partnership):
    other = Partnership.objects.create(slug="other", name="Other", place="Other")
    foreign = Organisation.objects.create(partnership=other, name="Foreign Council", sector="public")
    client = as_user("officer")
    for name in ("framework_detail", "framework_edit", "framework_delete"):
        url = reverse(name, args=[partnership.slug, "organisations", foreign.pk])
        assert client.get(url).status_code == 404


def test_unknown_partnership_and_kind_are_not_found(as_user, partnership):
    client = as_user("officer")
    assert client.get("/p/nowhere/").status_code == 404
    assert client.get(f"/p/{partnership.slug}/spaceships/").status_code == 404


def test_member_post_to_managers_form_is_refused_and_saves_nothing(as_user, partnership):
    response = as_user("viewer").post(
        reverse("framework_create", args=[partnership.slug, "organisations"]),
        {"name": "Sneaky Ltd", "sector": "private"},
    )
    assert response.status_code == 403
    assert not Organisation.objects.filter(name="Sneaky Ltd").exists()


def test_home_lists_only_my_partnerships(as_user, partnership):
    body = as_user("outsider").get("/").content.decode()
    assert "Elsewhere" in body and "Testshire Partnership" not in body
    body = as_user("viewer").get("/").content.decode()
    assert "Testshire Partnership" in body and "Elsewhere" not in body


@pytest.mark.django_db
def test_a_community_area_manager_needs_an_area_board(partnership, personas):
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    from placeboard.core.models import Group, Role

    user = personas["viewer"]
    theme_group = Group.objects.get(partnership=partnership, kind="theme_group")
    role = Role(user=user, partnership=partnership, kind=Role.Kind.COMMUNITY_AREA_MANAGER, group=theme_group)
    with pytest.raises(ValidationError, match="area board"):
        role.clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(user=user, partnership=partnership, kind=Role.Kind.COMMUNITY_AREA_MANAGER)
