"""Stale forms never overwrite silently (issue 14.7), and the same new figure entered twice at once is no
server error (issue 14.6): through HTTP, and the services' insert-or-update logic on any database."""

import html
import re
from decimal import Decimal

from django.db.models import QuerySet
from django.test import Client
from django.urls import reverse

from placeboard.core.models import AuditEvent
from placeboard.performance import services
from placeboard.performance.models import Judgement, Observation, Target, TaskUpdate, ValueChange
from placeboard.performance.periods import parse_period
from tests.performance.test_action_views import plan  # noqa: F401 (a fixture)


def url(name, partnership, *args):
    return reverse(name, args=[partnership.slug, *args])


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def hidden(body, name):
    return html.unescape(re.search(rf'name="{re.escape(name)}" value="([^"]*)"', body).group(1))


# -- a new figure or target entered twice at once: the logic, on any database -------------------------


def missed_first_look(monkeypatch):
    """The service's first look for the row finds nothing, as if the other request's insert had not yet
    committed; every later query is real."""
    original, calls = QuerySet.first, []

    def first(self):
        calls.append(self.model)
        return None if len(calls) == 1 else original(self)

    monkeypatch.setattr(QuerySet, "first", first)


def test_a_figure_inserted_meanwhile_becomes_an_update(partnership, indicators, personas, monkeypatch):
    """The second of two simultaneous inserts hits the unique constraint: it is then an update, with history
    and audit, instead of an IntegrityError."""
    t = indicators["treatment"]
    period = parse_period("2006/07 Q2")
    services.record_observation(indicator=t, period=period, user=personas["officer"], value=Decimal("70"))
    missed_first_look(monkeypatch)
    observation, changed = services.record_observation(indicator=t, period=period, user=personas["provider"],
                                                       value=Decimal("71"))
    monkeypatch.undo()
    assert changed and Observation.objects.get(indicator=t, period="2006/07 Q2").value == Decimal("71")
    assert Observation.objects.filter(indicator=t, period="2006/07 Q2").count() == 1
    assert ValueChange.objects.filter(indicator=t, period="2006/07 Q2").count() == 2
    assert AuditEvent.objects.filter(object_type="observation", action="update").count() == 1


def test_a_target_inserted_meanwhile_becomes_an_update(partnership, indicators, personas, monkeypatch):
    t = indicators["treatment"]
    period = parse_period("2007/08")
    services.set_target(indicator=t, kind="target", period=period, user=personas["officer"], value=Decimal("110"))
    missed_first_look(monkeypatch)
    services.set_target(indicator=t, kind="target", period=period, user=personas["officer"], value=Decimal("120"))
    monkeypatch.undo()
    assert Target.objects.get(indicator=t, period="2007/08").value == Decimal("120")
    assert ValueChange.objects.filter(indicator=t, what="Target", period="2007/08").count() == 2


# -- stale forms, one kind at a time ------------------------------------------------------------------


def test_stale_actual_is_not_overwritten(partnership, indicators, personas):
    t = indicators["treatment"]
    path = url("observation_entry", partnership, t.pk)
    mine = signed_in(personas["provider"])
    based_on = hidden(mine.get(path, {"period": "2006/07 Q1"}).content.decode(), "based_on")
    services.record_observation(indicator=t, period=parse_period("2006/07 Q1"), user=personas["officer"],
                                value=Decimal("60"), based_on=based_on)
    data = {"period": "2006/07 Q1", "value": "65", "status": "final", "based_on": based_on}
    response = mine.post(path, data)
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body
    assert "officer changed this figure while you were editing it" in body
    assert "60 (provisional)" in body and "65 (final)" in body and "Keep their figure" in body
    assert Observation.objects.get(indicator=t, period="2006/07 Q1").value == Decimal("60")
    # Choosing neither asks again; keeping theirs saves nothing; using mine saves mine.
    again = {**data, "based_on": hidden(body, "based_on"), "resolving": "1"}
    assert "Choose whether to keep their figure or use yours" in mine.post(path, again).content.decode()
    assert mine.post(path, {**again, "resolve": "theirs"}).status_code == 302
    assert Observation.objects.get(indicator=t, period="2006/07 Q1").value == Decimal("60")
    assert mine.post(path, {**again, "resolve": "mine"}).status_code == 302
    assert Observation.objects.get(indicator=t, period="2006/07 Q1").value == Decimal("65")


def test_a_new_actual_someone_else_entered_first_is_not_overwritten(partnership, indicators, personas):
    t = indicators["treatment"]
    path = url("observation_entry", partnership, t.pk)
    mine = signed_in(personas["provider"])
    based_on = hidden(mine.get(path).content.decode(), "based_on")
    assert based_on == "new"
    services.record_observation(indicator=t, period=parse_period("2006/07 Q3"), user=personas["officer"],
                                value=Decimal("90"))
    response = mine.post(path, {"period": "2006/07 Q3", "value": "95", "status": "final", "based_on": based_on})
    assert "changed this figure while you were editing it" in response.content.decode()
    assert Observation.objects.get(indicator=t, period="2006/07 Q3").value == Decimal("90")
    # The same figure as theirs is no conflict: there is nothing to overwrite.
    response = mine.post(path, {"period": "2006/07 Q3", "value": "90", "status": "provisional",
                                "based_on": based_on})
    assert response.status_code == 302


def test_stale_target_is_not_overwritten(partnership, indicators, personas):
    t = indicators["treatment"]
    path = url("indicator_targets", partnership, t.pk)
    mine = signed_in(personas["officer"])
    body = mine.get(path, {"kind": "target", "period": "2006/07"}).content.decode()
    based_on = hidden(body, "based_on")
    assert 'value="107"' in body  # the Change link opens the form on the target
    services.set_target(indicator=t, kind="target", period=parse_period("2006/07"), user=personas["superuser"],
                        value=Decimal("100"))
    response = mine.post(path, {"kind": "target", "period": "2006/07", "value": "110", "based_on": based_on})
    body = response.content.decode()
    assert "changed this target while you were editing it" in body and "Keep their target" in body
    assert Target.objects.get(indicator=t, period="2006/07").value == Decimal("100")
    response = mine.post(path, {"kind": "target", "period": "2006/07", "value": "110", "resolving": "1",
                                "resolve": "mine", "based_on": hidden(body, "based_on")})
    assert response.status_code == 302 and Target.objects.get(indicator=t, period="2006/07").value == 110


def test_stale_judgement_is_not_overwritten(partnership, indicators, personas):
    r = indicators["reregistrations"]
    period = parse_period("2006/07 Q1")
    services.record_judgement(indicator=r, period=period, status="amber", reason="Small numbers.",
                              user=personas["officer"])
    path = url("judgement", partnership, r.pk, "2006/07 Q1")
    mine = signed_in(personas["officer"])
    based_on = hidden(mine.get(path).content.decode(), "based_on")
    services.record_judgement(indicator=r, period=period, status="green", reason="Reviewed by the board.",
                              user=personas["superuser"], based_on=based_on)
    response = mine.post(path, {"status": "red", "reason": "Worse than it looks.", "based_on": based_on})
    body = response.content.decode()
    assert "changed this judgement while you were editing it" in body
    assert "Green: Reviewed by the board." in body and "Red: Worse than it looks." in body
    assert Judgement.objects.get(indicator=r).status == "green"
    # Withdrawing a judgement someone has changed since is refused in the same way.
    response = mine.post(path, {"withdraw": "1", "based_on": based_on})
    assert "changed this judgement while you were editing it" in response.content.decode()
    assert Judgement.objects.filter(indicator=r).exists()


def test_stale_task_update_is_not_overwritten(partnership, plan, personas):  # noqa: F811
    _, tasks, round_ = plan
    path = url("task_update", partnership, round_.pk, tasks[0].pk)
    mine = signed_in(personas["theme_lead"])
    based_on = hidden(mine.get(path).content.decode(), "based_on")
    theirs = signed_in(personas["officer"])
    assert theirs.post(path, {"position": "Done early.", "status": "green", "based_on": based_on}).status_code == 302
    response = mine.post(path, {"position": "Started.", "status": "green", "based_on": based_on})
    body = response.content.decode()
    assert "changed this update while you were editing it" in body and "Done early." in body
    assert TaskUpdate.objects.get(task=tasks[0]).position == "Done early."
    response = mine.post(path, {"position": "Started.", "status": "green", "resolving": "1", "resolve": "mine",
                                "based_on": hidden(body, "based_on")})
    assert response.status_code == 302 and TaskUpdate.objects.get(task=tasks[0]).position == "Started."


def test_stale_row_on_what_i_have_to_report(partnership, indicators, personas):
    t, r = indicators["treatment"], indicators["reregistrations"]
    path = url("my_returns", partnership)
    mine = signed_in(personas["provider"])
    body = mine.get(path, {"period": "2006/07 Q1"}).content.decode()
    fields = {name: hidden(body, name) for name in
              (f"i{t.pk}-based_on", f"i{t.pk}-shown", f"i{r.pk}-based_on", f"i{r.pk}-shown")}
    services.record_observation(indicator=t, period=parse_period("2006/07 Q1"), user=personas["officer"],
                                value=Decimal("59"))
    services.record_observation(indicator=r, period=parse_period("2006/07 Q1"), user=personas["officer"],
                                value=Decimal("25"), note="Checked.")
    data = {"period": "2006/07 Q1", **fields,
            f"i{t.pk}-value": "62", f"i{t.pk}-status": "provisional", f"i{t.pk}-note": "",
            # CYP 41 left as it was shown: not a conflict, and not written back.
            f"i{r.pk}-value": "26.8", f"i{r.pk}-status": "provisional",
            f"i{r.pk}-note": "Small numbers; reviewed by the safeguarding board."}
    response = mine.post(path, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert f'href="#i{t.pk}-resolve">CYP 36: officer changed this figure' in body
    assert f'href="#i{r.pk}-resolve"' not in body
    assert Observation.objects.get(indicator=t, period="2006/07 Q1").value == Decimal("59")
    data.update({f"i{t.pk}-based_on": hidden(body, f"i{t.pk}-based_on"), f"i{t.pk}-resolving": "1",
                 f"i{t.pk}-resolve": "mine"})
    response = mine.post(path, data, follow=True)
    assert "Saved 1 figure for 2006/07 Q1." in response.content.decode()
    assert Observation.objects.get(indicator=t, period="2006/07 Q1").value == Decimal("62")
    assert Observation.objects.get(indicator=r, period="2006/07 Q1").value == Decimal("25")
