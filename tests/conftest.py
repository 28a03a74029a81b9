"""Shared fixtures: a small partnership and the personas of docs/permissions.md."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from placeboard.core.models import (
    Area,
    AreaSet,
    Group,
    Organisation,
    Outcome,
    Partnership,
    PopulationGroup,
    Role,
    Theme,
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits live in Django's cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def partnership(db):
    p = Partnership.objects.create(slug="testshire", name="Testshire Partnership", place="Testshire",
                                   theme_label="Ambition")
    council = Organisation.objects.create(partnership=p, name="Testshire Council", sector="public")
    police = Organisation.objects.create(partnership=p, name="Testshire Police", sector="public")
    board = Group.objects.create(partnership=p, name="Partnership Board", kind="board")
    safer = Group.objects.create(partnership=p, name="Safer Communities Group", kind="theme_group", parent=board)
    county = Area.objects.create(partnership=p, name="Testshire", gss_code="E06000099", area_type="unitary_authority")
    north = Area.objects.create(partnership=p, name="North", area_type="community_area", parent=county)
    priority = AreaSet.objects.create(partnership=p, name="Priority neighbourhoods")
    priority.areas.add(north)
    PopulationGroup.objects.create(partnership=p, name="Older people")
    theme = Theme.objects.create(partnership=p, code="1", name="Safer communities", group=safer)
    child = Theme.objects.create(partnership=p, code="1.1", name="Less crime", parent=theme)
    other = Theme.objects.create(partnership=p, code="2", name="Economic growth")
    Outcome.objects.create(partnership=p, theme=child, code="1.1.1", title="Fewer burglaries",
                           lead_organisation=police)
    Outcome.objects.create(partnership=p, theme=other, code="2.1", title="More jobs",
                           lead_organisation=council)
    return p


def make_user(username, **extra):
    return get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password="correct horse battery", **extra
    )


@pytest.fixture
def personas(partnership):
    """Everyone the permission rules tell apart, keyed by a short name."""
    p = partnership
    people = {
        "officer": make_user("officer"),
        "provider": make_user("provider"),
        "other_provider": make_user("other_provider"),
        "theme_lead": make_user("theme_lead"),
        "viewer": make_user("viewer"),
        "outsider": make_user("outsider"),
        "superuser": make_user("root", is_superuser=True, is_staff=True),
    }
    Role.objects.create(user=people["officer"], partnership=p, kind="performance_officer")
    Role.objects.create(user=people["provider"], partnership=p, kind="data_provider",
                        organisation=Organisation.objects.get(name="Testshire Police"))
    Role.objects.create(user=people["other_provider"], partnership=p, kind="data_provider",
                        organisation=Organisation.objects.get(name="Testshire Council"))
    Role.objects.create(user=people["theme_lead"], partnership=p, kind="theme_lead",
                        group=Group.objects.get(name="Safer Communities Group"))
    Role.objects.create(user=people["viewer"], partnership=p, kind="viewer")
    # The outsider has a role elsewhere, which must not open this partnership.
    elsewhere = Partnership.objects.create(slug="elsewhere", name="Elsewhere", place="Elsewhere")
    Role.objects.create(user=people["outsider"], partnership=elsewhere, kind="performance_officer")
    return people


@pytest.fixture
def as_user(client, personas):
    """Returns a client signed in as the named persona (or anonymous for 'anonymous')."""

    def sign_in(name):
        client.logout()
        if name != "anonymous":
            client.force_login(personas[name])
        return client

    return sign_in
