"""Two officers adding the same category or routing rule at once: the second is told, never a server error."""

from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from placeboard.core.models import Area, AuditEvent, Organisation
from placeboard.engagement import services
from placeboard.engagement.issue_forms import RoutingRuleForm
from placeboard.engagement.models import IssueCategory, RoutingRule


def test_a_category_added_twice_is_refused_by_the_service(partnership, personas):
    officer = personas["officer"]
    services.add_category(officer, partnership, "Street lighting")
    for name in ("Street lighting", "STREET LIGHTING"):
        with pytest.raises(ValidationError, match="There is already a category with this name."):
            services.add_category(officer, partnership, name)
    assert IssueCategory.objects.filter(partnership=partnership).count() == 1
    assert AuditEvent.objects.filter(object_type="issue category").count() == 1


@pytest.mark.parametrize("with_category", [True, False])  # an empty category: no constraint on SQLite
def test_a_rule_added_by_someone_else_after_the_form_checked_is_refused(partnership, personas, routing,
                                                                        with_category):
    officer = personas["officer"]
    north = Area.objects.get(partnership=partnership, name="North")
    police = Organisation.objects.get(partnership=partnership, name="Testshire Police")
    form = RoutingRuleForm({"area": north.pk, "category": routing[1].pk if with_category else "",
                            "organisation": police.pk}, partnership=partnership)
    assert form.is_valid()  # checked while there was no such rule
    services.add_routing_rule(officer, partnership, dict(form.cleaned_data))  # the other officer's save
    with pytest.raises(ValidationError, match="There is already a rule for this area and category"):
        services.add_routing_rule(officer, partnership, form.cleaned_data)
    assert RoutingRule.objects.filter(partnership=partnership, area=north).count() == 1


def test_the_routing_page_shows_the_refusal_when_the_race_is_lost(as_user, partnership, routing):
    """The form's check passes, the other officer's rule lands before the insert: an error on the page."""
    client = as_user("officer")
    north = Area.objects.get(partnership=partnership, name="North")
    police = Organisation.objects.get(partnership=partnership, name="Testshire Police")
    RoutingRule.objects.create(partnership=partnership, area=north, category=routing[1], organisation=police)
    with mock.patch.object(RoutingRuleForm, "clean", lambda form: form.cleaned_data):
        response = client.post(reverse("issue_routing", args=[partnership.slug]),
                               {"add_rule": "1", "area": north.pk, "category": routing[1].pk, "organisation": police.pk})
    assert response.status_code == 200
    assert "There is already a rule for this area and category" in response.content.decode()
