"""core.audit.save_form: a form saved together with its audit record."""

import pytest

from placeboard.core import audit
from placeboard.core.forms import AreaSetForm, GroupForm, OrganisationForm
from placeboard.core.models import Area, AreaSet, AuditEvent, Group, Organisation


def test_a_new_object_is_recorded_as_created(partnership, personas):
    form = OrganisationForm({"name": "Testshire Fire", "short_name": "", "sector": "public"}, partnership=partnership)
    assert form.is_valid(), form.errors
    obj = audit.save_form(form, personas["officer"])
    event = AuditEvent.objects.get()
    assert (event.action, event.object_id, event.partnership) == ("create", str(obj.pk), partnership)
    assert event.user == personas["officer"]
    assert event.changes == {"name": ["", "Testshire Fire"], "sector": ["", "Public"]}


def test_a_change_is_recorded_against_the_row_as_stored(partnership, personas):
    group = Group.objects.get(partnership=partnership, name="Safer Communities Group")
    form = GroupForm({"name": "Safer Testshire", "kind": "theme_group", "parent": "", "area": "",
                      "description": ""}, instance=group, partnership=partnership)
    assert form.is_valid(), form.errors  # copies the cleaned data onto the instance
    audit.save_form(form, personas["officer"])
    event = AuditEvent.objects.get()
    assert event.action == "update"
    assert event.changes == {"name": ["Safer Communities Group", "Safer Testshire"],
                             "parent": ["Partnership Board", ""]}


def test_nothing_changed_records_nothing(partnership, personas):
    council = Organisation.objects.get(partnership=partnership, name="Testshire Council")
    form = OrganisationForm({"name": "Testshire Council", "short_name": "", "sector": "public"},
                            instance=council, partnership=partnership)
    assert form.is_valid(), form.errors
    assert audit.save_form(form, personas["officer"]) == council
    assert not AuditEvent.objects.exists()


def test_many_to_many_fields_are_compared(partnership, personas):
    priority = AreaSet.objects.get(partnership=partnership)
    county = Area.objects.get(partnership=partnership, name="Testshire")
    north = Area.objects.get(partnership=partnership, name="North")
    form = AreaSetForm({"name": priority.name, "description": "", "areas": [north.pk, county.pk]},
                       instance=priority, partnership=partnership)
    assert form.is_valid(), form.errors
    audit.save_form(form, personas["officer"], fields=["name", "areas"])
    event = AuditEvent.objects.get()
    assert event.changes == {"areas": ["North", "North, Testshire (E06000099)"]}
    assert set(priority.areas.all()) == {north, county}


def test_a_failing_save_leaves_no_audit_event(partnership, personas, monkeypatch):
    priority = AreaSet.objects.get(partnership=partnership)
    north = Area.objects.get(partnership=partnership, name="North")
    form = AreaSetForm({"name": "Renamed", "description": "", "areas": [north.pk]},
                       instance=priority, partnership=partnership)
    assert form.is_valid(), form.errors

    def fail():
        raise RuntimeError("the many-to-many save failed")

    monkeypatch.setattr(form, "_save_m2m", fail)
    with pytest.raises(RuntimeError):
        audit.save_form(form, personas["officer"])
    assert not AuditEvent.objects.exists()
    assert AreaSet.objects.get(pk=priority.pk).name == "Priority neighbourhoods"
