"""Two people deleting the same comparator group at once: the second finds it gone (404) and the audit log
records the group and each of its values once."""

import pytest
from django.http import Http404

from placeboard.benchmarking import services
from placeboard.benchmarking.models import BenchmarkValue, ComparatorGroup, is_national
from placeboard.core.models import AuditEvent
from tests.benchmarking.test_comparator_views import unitary  # noqa: F401 (a fixture)


def test_a_group_deleted_twice_is_recorded_once(personas, unitary):  # noqa: F811
    first, second = (ComparatorGroup.objects.get(pk=unitary.pk) for _ in range(2))  # two pages, loaded together
    assert services.delete_group(personas["officer"], first) == 8
    with pytest.raises(Http404):
        services.delete_group(personas["officer"], second)
    assert AuditEvent.objects.filter(object_type="comparator group", action="delete").count() == 1
    assert AuditEvent.objects.filter(object_type="comparator value", action="delete").count() == 8


def test_values_of_a_group_deleted_meanwhile_are_not_found(personas, unitary, indicators):  # noqa: F811
    stale = ComparatorGroup.objects.get(pk=unitary.pk)
    services.delete_group(personas["officer"], unitary)
    with pytest.raises(Http404):
        services.delete_values(personas["officer"], stale, indicators["ni72"], "AY 2008/09")
    assert not BenchmarkValue.objects.exists()


@pytest.mark.parametrize(("authority", "code", "national"), [
    ("England", "", True), ("Wales", "W92000004", True), ("Anywhere", "E92000001", True),
    ("United Kingdom", "K02000001", True), ("Wiltshire", "E06000054", False)])
def test_the_national_figure_is_one_rule(authority, code, national):
    assert is_national(authority, code) is national
