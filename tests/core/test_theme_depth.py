"""Themes go three levels deep (core.models.THEME_LEVELS): the framework forms refuse a fourth."""

import pytest
from django.urls import reverse

from placeboard.core.demo_seed import PARTNERSHIPS
from placeboard.core.models import THEME_LEVELS, AuditEvent, Theme


@pytest.fixture
def officer(as_user):
    return as_user("officer")


def create(client, partnership, **data):
    return client.post(reverse("framework_create", args=[partnership.slug, "themes"]), data)


def edit(client, partnership, theme, **data):
    data = {"code": theme.code, "name": theme.name, **data}
    return client.post(reverse("framework_edit", args=[partnership.slug, "themes", theme.pk]), data)


@pytest.fixture
def third_level(partnership):
    """1 Safer communities > 1.1 Less crime > 1.1.1 Fewer burglaries (the fixture has the first two)."""
    return Theme.objects.create(partnership=partnership, code="1.1.1", name="Fewer burglaries",
                                parent=Theme.objects.get(code="1.1"))


def test_a_third_level_is_allowed(officer, partnership):
    response = create(officer, partnership, code="1.1.1", name="Fewer burglaries",
                      parent=Theme.objects.get(code="1.1").pk)
    assert response.status_code == 302
    assert Theme.objects.get(code="1.1.1").parent.code == "1.1"


def test_a_fourth_level_is_refused_on_create(officer, partnership, third_level):
    events = AuditEvent.objects.count()
    response = create(officer, partnership, code="1.1.1.1", name="Fewer shed burglaries", parent=third_level.pk)
    assert response.status_code == 200
    assert ("Themes go three levels deep: 1.1.1 Fewer burglaries is already at the third level, "
            "so it cannot have sub-themes.") in response.content.decode()
    assert not Theme.objects.filter(code="1.1.1.1").exists()
    assert AuditEvent.objects.count() == events


def test_moving_a_theme_under_a_third_level_theme_is_refused(officer, partnership, third_level):
    economy = Theme.objects.get(code="2")
    response = edit(officer, partnership, economy, parent=third_level.pk)
    assert response.status_code == 200
    assert "is already at the third level, so it cannot have sub-themes." in response.content.decode()
    economy.refresh_from_db()
    assert economy.parent_id is None


def test_moving_a_theme_whose_sub_themes_would_reach_a_fourth_level_is_refused(officer, partnership, third_level):
    safer = Theme.objects.get(code="1")
    response = edit(officer, partnership, safer, parent=Theme.objects.get(code="2").pk)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Themes go three levels deep: under 2 Economic growth, 1 Safer communities would be at the second " \
           "level and the themes within it at the fourth." in body
    safer.refresh_from_db()
    assert safer.parent_id is None

    # One level down: 1.1 under 2.1 puts 1.1.1 at the fourth level too.
    jobs = Theme.objects.create(partnership=partnership, code="2.1", name="Jobs", parent=Theme.objects.get(code="2"))
    less_crime = Theme.objects.get(code="1.1")
    response = edit(officer, partnership, less_crime, parent=jobs.pk)
    assert "the themes within it at the fourth" in response.content.decode()
    less_crime.refresh_from_db()
    assert less_crime.parent.code == "1"


def test_moving_a_theme_with_sub_themes_within_three_levels_is_allowed(officer, partnership):
    # 1 > 1.1 moves under 2: 1 at the second level, 1.1 at the third.
    safer = Theme.objects.get(code="1")
    response = edit(officer, partnership, safer, parent=Theme.objects.get(code="2").pk,
                    group=safer.group_id)
    assert response.status_code == 302
    safer.refresh_from_db()
    assert safer.parent.code == "2"


def test_a_theme_lead_cannot_move_a_theme_to_a_fourth_level_either(as_user, partnership, third_level):
    """The Safer Communities Group's theme lead may edit the themes within theme 1, but not put one below the
    third level, where it would drop out of the group's reports and reminders."""
    repeat = Theme.objects.create(partnership=partnership, code="1.2", name="Less reoffending",
                                  parent=Theme.objects.get(code="1"))
    response = edit(as_user("theme_lead"), partnership, repeat, parent=third_level.pk)
    assert response.status_code == 200
    assert "is already at the third level, so it cannot have sub-themes." in response.content.decode()
    repeat.refresh_from_db()
    assert repeat.parent.code == "1"


def _depth(themes, level=1):
    return max((max(level, _depth(t.get("children", []), level + 1)) for t in themes), default=0)


def test_demo_themes_fit_within_three_levels():
    for p in PARTNERSHIPS:
        assert _depth(p["themes"]) <= THEME_LEVELS, p["slug"]
