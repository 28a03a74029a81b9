"""Target revisions (issue 18 §2, seed 003 §3.5 "trajectory planning", docs/approval.md): the rule of the value in
force, who may revise, the write with its history and audit, bad input, and the pages."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from placeboard.core import audit
from placeboard.core.access import Access
from placeboard.core.models import AuditEvent, Role
from placeboard.performance import revisions, versions
from placeboard.performance.models import AssessedPeriod, IndicatorTag, Target, TargetRevision, ValueChange
from placeboard.performance.revisions import can_revise, is_laa_designated, revise_target, target_in_force
from tests.performance.conftest import add_target
from tests.personas import ALL, expected

OCT_1 = datetime.date(2009, 10, 1)


def rev(old, new, day, pk=0):
    return SimpleNamespace(old_value=Decimal(old), new_value=Decimal(new), effective_from=day, id=pk)


# -- the value in force ------------------------------------------------------------------------------------------


def test_value_in_force_before_on_and_after_a_revision():
    target = SimpleNamespace(value=Decimal("56.0"))
    found = [rev("57.2", "56.0", OCT_1)]
    assert target_in_force(target, found, datetime.date(2009, 9, 30)) == Decimal("57.2")
    assert target_in_force(target, found, OCT_1) == Decimal("56.0")  # in force from that day
    assert target_in_force(target, found, datetime.date(2010, 3, 31)) == Decimal("56.0")
    assert target_in_force(target, [], datetime.date(2000, 1, 1)) == Decimal("56.0")


def test_two_revisions_in_any_order():
    target = SimpleNamespace(value=Decimal("55"))
    later, earlier = rev("56", "55", datetime.date(2010, 1, 1), 2), rev("57.2", "56", OCT_1, 1)
    for found in ([earlier, later], [later, earlier]):
        assert target_in_force(target, found, datetime.date(2009, 9, 1)) == Decimal("57.2")
        assert target_in_force(target, found, datetime.date(2009, 12, 31)) == Decimal("56")
        assert target_in_force(target, found, datetime.date(2010, 1, 1)) == Decimal("55")


def test_two_revisions_on_one_day_the_first_made_gives_the_old_value():
    target = SimpleNamespace(value=Decimal("54"))
    found = [rev("57.2", "56", OCT_1, 1), rev("56", "54", OCT_1, 2)]
    assert target_in_force(target, found, datetime.date(2009, 9, 30)) == Decimal("57.2")
    assert target_in_force(target, found, OCT_1) == Decimal("54")


values = st.decimals(min_value=-1000, max_value=1000, places=1, allow_nan=False, allow_infinity=False)
days = st.integers(min_value=0, max_value=800)


@given(values, st.lists(st.tuples(values, days), max_size=8), st.lists(days, min_size=1, max_size=10))
def test_value_in_force_equals_a_replay(first, steps, asked):
    """Revisions made one after another, each in force no earlier than the last (revise_target refuses
    otherwise): on any day the helper gives what replaying them up to that day gives."""
    start = datetime.date(2009, 4, 1)
    made, value, latest = [], first, 0
    for n, (new, offset) in enumerate(steps):
        latest = max(latest, offset)  # never before the last one's date
        made.append(rev(value, new, start + datetime.timedelta(days=latest), n))
        value = new
    target = SimpleNamespace(value=value)
    for offset in asked:
        day = start + datetime.timedelta(days=offset)
        replayed = first
        for r in made:
            if r.effective_from <= day:
                replayed = r.new_value
        assert target_in_force(target, made, day) == replayed


# -- who may revise ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "designated"), [
    ("LAA designated", True), ("laa designated", True), ("LAA-designated", True), ("  LAA   Designated ", True),
    ("Designated", True), ("LAA designated targets", True),
    ("LAA local", False), ("LAA mandatory", False), ("Stretch", False), ("Not designated", False),
    ("LAA designatedish", False)])
def test_which_tags_are_laa_designated(partnership, indicators, name, designated):
    ni72 = indicators["ni72"]
    ni72.tags.add(IndicatorTag.objects.create(partnership=partnership, name=name))
    assert is_laa_designated(ni72) is designated


def _designate(partnership, indicator):
    indicator.tags.add(IndicatorTag.objects.create(partnership=partnership, name="LAA designated"))


def test_can_revise(partnership, indicators, personas):
    ni72 = indicators["ni72"]
    ni72.lead_officer = personas["viewer"]
    ni72.save()

    def access(name):
        user = personas[name]
        return Access(partnership, user, list(Role.objects.filter(user=user, partnership=partnership)))

    assert [n for n in personas if can_revise(access(n), ni72)] == ["officer", "viewer", "superuser"]
    _designate(partnership, ni72)
    ni72.refresh_from_db()
    assert [n for n in personas if can_revise(access(n), ni72)] == ["officer", "superuser"]


# -- the write -----------------------------------------------------------------------------------------------------


def _target(indicators):
    return Target.objects.get(indicator=indicators["ni72"], kind="target", period="AY 2009/10")


def test_revise_target_records_everything(indicators, personas):
    target = _target(indicators)
    officer = personas["officer"]
    revision = revise_target(target=target, new_value=Decimal("56.0"), reason="  Trajectory reviewed at the "
                             "self-assessment.  ", effective_from=OCT_1, user=officer)
    assert (revision.old_value, revision.new_value, revision.reason, revision.effective_from,
            revision.revised_by) == (Decimal("57.2"), Decimal("56.0"), "Trajectory reviewed at the self-assessment.",
                                     OCT_1, officer)
    target.refresh_from_db()
    assert target.value == Decimal("56.0") and target.updated_by == officer
    change = ValueChange.objects.get(indicator=indicators["ni72"], what="Target")
    assert (change.old, change.changed_by) == ("57.2%", officer)
    assert change.new == "56.0% from 1 October 2009 (revised: Trajectory reviewed at the self-assessment.)"
    event = AuditEvent.objects.get(object_type="target", object_id=str(target.pk))
    assert event.user == officer and event.action == "update" and event.partnership == target.indicator.partnership
    assert event.changes == {"value": ["57.2", "56"], "effective from": ["", "2009-10-01"],
                             "reason": ["", "Trajectory reviewed at the self-assessment."]}
    # The stored assessment follows the new target (performance/stored.py, through Target.save).
    assert AssessedPeriod.objects.get(indicator=indicators["ni72"], period="AY 2009/10").target == "56"


def test_a_failing_audit_leaves_nothing(indicators, personas, monkeypatch):
    target = _target(indicators)

    def broken(*args, **kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError):
        revise_target(target=target, new_value=Decimal("56"), reason="r", effective_from=OCT_1,
                      user=personas["officer"])
    assert not TargetRevision.objects.exists() and not ValueChange.objects.filter(what="Target").exists()
    assert Target.objects.get(pk=target.pk).value == Decimal("57.2")


def test_a_stale_form_is_refused(indicators, personas):
    target = _target(indicators)
    shown = versions.version(target)
    revise_target(target=Target.objects.get(pk=target.pk), new_value=Decimal("56"), reason="first",
                  effective_from=OCT_1, user=personas["officer"])
    with pytest.raises(versions.StaleEdit):
        revise_target(target=target, new_value=Decimal("55"), reason="second", effective_from=OCT_1,
                      user=personas["officer"], based_on=shown)
    assert TargetRevision.objects.count() == 1


def _refused(target, user, field, message, **given):
    data = {"new_value": Decimal("56"), "reason": "Reviewed", "effective_from": OCT_1, **given}
    with pytest.raises(ValidationError) as caught:
        revise_target(target=target, user=user, **data)
    assert field in caught.value.message_dict, caught.value.message_dict
    assert message in " ".join(caught.value.message_dict[field])


@pytest.mark.parametrize(("given", "field", "message"), [
    ({"reason": ""}, "reason", "Enter the reason for the revision"),
    ({"reason": "   \n "}, "reason", "Enter the reason for the revision"),
    ({"reason": "x" * 2001}, "reason", "2,000 characters or fewer; it is 2,001"),
    ({"effective_from": datetime.date(2009, 8, 31)}, "effective_from", "on or after 1 September 2009"),
    ({"effective_from": datetime.date(2011, 9, 1)}, "effective_from", "no later than 31 August 2011"),
    ({"effective_from": None}, "effective_from", "Enter the date the new target takes effect"),
    ({"new_value": Decimal("57.20")}, "new_value", "The target is already 57.2%"),
    ({"new_value": Decimal("101")}, "new_value", "cannot be above 100"),
    ({"new_value": None}, "new_value", "Enter the new target"),
    ({"new_value": "fifty"}, "new_value", "not one"),
    ({"new_value": Decimal("NaN")}, "new_value", "not one"),
    ({"new_value": Decimal("1.1234567")}, "new_value", "more digits than can be stored"),
])
def test_bad_input_is_refused_naming_the_field(indicators, personas, given, field, message):
    target = _target(indicators)
    _refused(target, personas["officer"], field, message, **given)
    assert not TargetRevision.objects.exists() and not AuditEvent.objects.filter(object_type="target").exists()
    assert Target.objects.get(pk=target.pk).value == Decimal("57.2")


def test_the_last_day_allowed_is_a_year_after_the_period_ends(indicators, personas):
    target = _target(indicators)
    revise_target(target=target, new_value=Decimal("56"), reason="Late review", user=personas["officer"],
                  effective_from=datetime.date(2011, 8, 31))
    assert Target.objects.get(pk=target.pk).value == Decimal("56")


def test_all_errors_at_once(indicators, personas):
    with pytest.raises(ValidationError) as caught:
        revise_target(target=_target(indicators), new_value=Decimal("57.2"), reason="", user=personas["officer"],
                      effective_from=datetime.date(2000, 1, 1))
    assert set(caught.value.message_dict) == {"new_value", "reason", "effective_from"}


def test_targets_without_a_number_and_baselines_are_refused(indicators, personas):
    ni92 = indicators["ni92"]
    words = add_target(ni92, "AY 2010/11", text="less than 30")
    to_be_set = add_target(ni92, "AY 2011/12", to_be_set=True, note="after the review")
    baseline = add_target(ni92, "AY 2008/09", "31.4", kind="baseline")
    officer = personas["officer"]
    _refused(words, officer, "new_value", "no number to revise (it is “less than 30”)",
             effective_from=datetime.date(2010, 10, 1))
    _refused(to_be_set, officer, "new_value", "no number to revise", effective_from=datetime.date(2011, 10, 1))
    _refused(baseline, officer, "new_value", "Only a target can be revised", effective_from=datetime.date(2008, 10, 1))


def test_a_revision_cannot_take_effect_before_the_last(indicators, personas):
    target = _target(indicators)
    revise_target(target=target, new_value=Decimal("56"), reason="first", effective_from=datetime.date(2010, 1, 1),
                  user=personas["officer"])
    _refused(target, personas["officer"], "effective_from", "on or after 1 January 2010, when the last revision",
             new_value=Decimal("55"))
    revise_target(target=target, new_value=Decimal("55"), reason="same day", user=personas["officer"],
                  effective_from=datetime.date(2010, 1, 1))
    assert [r.new_value for r in target.revisions.all()] == [Decimal("56"), Decimal("55")]


# -- the pages -----------------------------------------------------------------------------------------------------


def _url(partnership, target):
    return reverse("target_revise", args=[partnership.slug, target.indicator_id, target.pk])


@pytest.fixture
def led(indicators, personas):
    """NI 072 with the viewer as its lead officer: any member may be one."""
    ni72 = indicators["ni72"]
    ni72.lead_officer = personas["viewer"]
    ni72.save()
    return ni72


@pytest.mark.parametrize("persona", ALL)
def test_who_may_open_the_form(as_user, partnership, led, persona):
    target = Target.objects.get(indicator=led, kind="target")
    assert as_user(persona).get(_url(partnership, target)).status_code == expected(
        persona, {"officer", "superuser", "viewer"})


@pytest.mark.parametrize("persona", ALL)
def test_who_may_revise_a_designated_target(as_user, partnership, led, persona):
    _designate(partnership, led)
    target = Target.objects.get(indicator=led, kind="target")
    client = as_user(persona)
    assert client.get(_url(partnership, target)).status_code == expected(persona, {"officer", "superuser"})
    response = client.post(_url(partnership, target), {"new_value": "56.0", "effective_from": "2009-10-01",
                                                      "reason": "Agreed with GOWM"})
    assert response.status_code == (302 if persona in ("officer", "superuser", "anonymous") else
                                    expected(persona, set()))
    assert TargetRevision.objects.count() == (1 if persona in ("officer", "superuser") else 0)


def test_the_lead_officer_revises_through_the_page(as_user, partnership, led, personas):
    target = Target.objects.get(indicator=led, kind="target")
    client = as_user("viewer")
    page = client.get(led.get_absolute_url()).content.decode()
    assert _url(partnership, target) in page  # the Revise link beside the target
    response = client.post(_url(partnership, target), {
        "new_value": "56.0", "effective_from": "2009-10-01", "reason": "Trajectory reviewed <b>in</b> March",
        "based_on": versions.version(target)})
    assert response.status_code == 302 and response["Location"] == led.get_absolute_url()
    page = client.get(led.get_absolute_url()).content.decode()
    assert "Revised from 57.2% to 56.0% on 1 October 2009: Trajectory reviewed &lt;b&gt;in&lt;/b&gt; March" in page
    assert AuditEvent.objects.get(object_type="target").user == personas["viewer"]
    form = client.get(_url(partnership, target)).content.decode()
    assert "Trajectory reviewed &lt;b&gt;in&lt;/b&gt; March" in form and "1 October 2009" in form


def test_the_form_shows_errors_by_field(as_user, partnership, led):
    target = Target.objects.get(indicator=led, kind="target")
    response = as_user("officer").post(_url(partnership, target), {
        "new_value": "57.2", "effective_from": "2008-01-01", "reason": "Reviewed"})
    page = response.content.decode()
    assert response.status_code == 200 and page.count("govuk-error-summary") >= 1
    assert "The target is already 57.2%" in page and 'href="#id_new_value"' in page
    assert "on or after 1 September 2009" in page and 'href="#id_effective_from"' in page
    page = as_user("officer").post(_url(partnership, target), {
        "new_value": "56", "effective_from": "2009-10-01", "reason": " "}).content.decode()
    assert "Enter the reason for the revision" in page and 'href="#id_reason"' in page
    assert not TargetRevision.objects.exists()
    response = as_user("officer").post(_url(partnership, target), {
        "new_value": "abc", "effective_from": "2009-02-31", "reason": "r"})
    page = response.content.decode()
    assert "is not a number" in page and "Enter a real date" in page


def test_a_stale_form_page_says_so(as_user, partnership, led, personas):
    target = Target.objects.get(indicator=led, kind="target")
    shown = versions.version(target)
    revise_target(target=target, new_value=Decimal("55"), reason="meanwhile", effective_from=OCT_1,
                  user=personas["officer"])
    page = as_user("officer").post(_url(partnership, target), {
        "new_value": "56", "effective_from": "2009-10-01", "reason": "mine", "based_on": shown}).content.decode()
    assert "changed while you were revising it: it is now 55.0%" in page
    assert TargetRevision.objects.count() == 1


def test_the_targets_page_links_each_numeric_target(as_user, partnership, indicators):
    ni92 = indicators["ni92"]
    words = add_target(ni92, "AY 2010/11", text="less than 30")
    numeric = Target.objects.get(indicator=ni92, period="AY 2009/10")
    page = as_user("officer").get(reverse("indicator_targets", args=[partnership.slug, ni92.pk])).content.decode()
    assert _url(partnership, numeric) in page and _url(partnership, words) not in page
    assert as_user("officer").get(_url(partnership, words)).status_code == 200  # refused on saving, with a reason


def test_a_target_of_another_indicator_is_not_found(as_user, partnership, indicators):
    other = Target.objects.get(indicator=indicators["ni92"], kind="target")
    path = reverse("target_revise", args=[partnership.slug, indicators["ni72"].pk, other.pk])
    assert as_user("officer").get(path).status_code == 404


def test_indicator_page_queries_do_not_grow_with_revisions(as_user, partnership, indicators, personas):
    ni72 = indicators["ni72"]
    client = as_user("officer")
    path = ni72.get_absolute_url()

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        return len(ctx.captured_queries)

    target = Target.objects.get(indicator=ni72, kind="target")
    revise_target(target=target, new_value=Decimal("56"), reason="one", effective_from=OCT_1,
                  user=personas["officer"])
    before = count()
    for year in range(2010, 2016):
        more = add_target(ni72, f"AY {year}/{str(year + 1)[2:]}", "60")
        revise_target(target=more, new_value=Decimal("61"), reason="more", user=personas["officer"],
                      effective_from=datetime.date(year, 10, 1))
        revise_target(target=more, new_value=Decimal("62"), reason="again", user=personas["officer"],
                      effective_from=datetime.date(year, 11, 1))
    assert count() == before


def test_max_reason_is_documented():
    assert revisions.MAX_REASON == 2000
