"""Sign-off of figures (issue 18 §1, docs/approval.md): the rules exhaustively, then the steps through the pages as
each persona takes them."""

from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from placeboard.core.models import AuditEvent
from placeboard.performance import approval
from placeboard.performance.models import Observation, ValueChange
from tests.performance.conftest import add_actual
from tests.personas import ALL, expected

# -- the rules --------------------------------------------------------------------------------------------------


def test_every_step_from_every_state():
    table = {(state, name): None for state in approval.STATES for name in approval.STEPS}
    table.update({("submitted", "approve"): "approved", ("submitted", "return"): "returned",
                  ("approved", "publish"): "published", ("approved", "unlock"): "submitted",
                  ("published", "unlock"): "submitted"})
    for (state, name), after in table.items():
        if after is None:
            with pytest.raises(approval.ApprovalError, match=f"can be {approval.STEP_NAMES[name]}"):
                approval.step(state, name, "a reason")
        else:
            assert approval.step(state, name, "a reason") == after


@pytest.mark.parametrize("name", ["return", "unlock"])
def test_returning_and_unlocking_need_a_reason(name):
    state = "submitted" if name == "return" else "approved"
    for reason in ("", "   "):
        with pytest.raises(approval.ApprovalError, match=f"Say why the figure is {approval.STEP_NAMES[name]}"):
            approval.step(state, name, reason)
    with pytest.raises(approval.ApprovalError, match="at most 2000 characters"):
        approval.step(state, name, "x" * 2001)
    with pytest.raises(approval.ApprovalError, match="no step called"):
        approval.step(state, "delete")


@given(st.booleans(), st.lists(st.sampled_from(["save", "save-approve", *approval.STEPS]), max_size=30))
def test_any_sequence_keeps_the_rules(sign_off, actions):
    """Whatever happens, a figure is in one of the four states; it is locked exactly when sign-off is asked for
    and it is approved or published; and without sign-off every save publishes it."""
    state = approval.saved_state(sign_off)
    for action in actions:
        if action.startswith("save"):
            if approval.is_locked(state, sign_off):
                continue  # refused (services.FigureLocked)
            state = approval.saved_state(sign_off, approve=action == "save-approve")
        else:
            try:
                state = approval.step(state, action, "why")
            except approval.ApprovalError:
                pass
        assert state in approval.STATES
        assert approval.is_locked(state, sign_off) == (sign_off and state in ("approved", "published"))
        if not sign_off and action.startswith("save"):
            assert state == "published"


# -- through the pages ------------------------------------------------------------------------------------------


def url(name, partnership, *args):
    return reverse(name, args=[partnership.slug, *args])


@pytest.fixture
def sign_off(partnership, indicators):
    partnership.sign_off = True
    partnership.save()
    return partnership


def enter(client, partnership, indicator, period, value, **extra):
    return client.post(url("observation_entry", partnership, indicator.pk),
                       {"period": period, "value": value, "status": "final", "note": "", **extra})


def step(client, partnership, figures, name, reason="", **filters):
    return client.post(url("approval_step", partnership), {
        "figure": [f.pk for f in figures], "step": name, "reason": reason,
        "query": "&".join(f"{k}={v}" for k, v in filters.items())})


def test_a_figure_is_submitted_approved_locked_unlocked_and_published(as_user, sign_off, indicators):
    partnership, treatment = sign_off, indicators["treatment"]
    provider = as_user("provider")
    assert enter(provider, partnership, treatment, "2006/07 Q2", "70").status_code == 302
    figure = Observation.objects.get(indicator=treatment, period="2006/07 Q2")
    assert figure.approval == "submitted" and figure.approved_value is None

    officer = as_user("officer")
    page = officer.get(url("approval_list", partnership)).content.decode()
    assert "CYP 36" in page and "Never approved" in page and "Approve the chosen figures" in page
    response = step(officer, partnership, [figure], "approve", state="submitted")
    assert response.status_code == 302 and response["Location"] == url("approval_list", partnership) + "?state=submitted"
    figure.refresh_from_db()
    assert (figure.approval, figure.approved_value, figure.approved_by.username) == ("approved", Decimal("70"),
                                                                                     "officer")

    # Locked: the provider's change is refused, and says why.
    provider = as_user("provider")
    response = enter(provider, partnership, treatment, "2006/07 Q2", "71")
    assert response.status_code == 200
    assert "is approved: a performance officer must unlock it, with a reason, before it can change." in \
        response.content.decode()
    figure.refresh_from_db()
    assert figure.value == Decimal("70")

    officer = as_user("officer")
    assert "Say why the figure is unlocked." in _followed(step(officer, partnership, [figure], "unlock"), officer)
    step(officer, partnership, [figure], "unlock", "The police have corrected the count.")
    figure.refresh_from_db()
    assert (figure.approval, figure.approval_note) == ("submitted", "The police have corrected the count.")
    provider = as_user("provider")
    enter(provider, partnership, treatment, "2006/07 Q2", "71")
    figure.refresh_from_db()
    assert (figure.value, figure.approval, figure.approved_value) == (Decimal("71"), "submitted", Decimal("70"))
    officer = as_user("officer")
    page = officer.get(url("approval_list", partnership)).content.decode()
    assert "(changed)" in page  # what changed since the last approved value
    step(officer, partnership, [figure], "approve")
    # Not public until published.
    public = Client()
    treatment.public = True
    treatment.save()
    page = public.get(reverse("public_indicator", args=[partnership.slug, treatment.pk])).content.decode()
    assert "2006/07 Q2: provisional figures not yet published" in page
    step(officer, partnership, [figure], "publish")
    figure.refresh_from_db()
    assert figure.approval == "published"
    page = public.get(reverse("public_indicator", args=[partnership.slug, treatment.pk])).content.decode()
    assert "provisional figures not yet published" not in page

    # Every step is in the figure's history and the audit log, with who and why.
    history = list(ValueChange.objects.filter(indicator=treatment, period="2006/07 Q2").values_list("old", "new"))
    assert ("Approved", "Submitted: The police have corrected the count.") in history
    assert ("Approved", "Published") in history
    events = AuditEvent.objects.filter(object_type="observation", object_id=str(figure.pk))
    assert events.filter(changes__approval=["Submitted", "Approved"], user__username="officer").count() == 2
    assert events.filter(changes__reason=["", "The police have corrected the count."]).exists()


def _followed(response, client):
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def test_returned_figures_tell_the_provider_why(as_user, sign_off, indicators, personas):
    partnership, treatment = sign_off, indicators["treatment"]
    personas["provider"].email = "provider@example.org"
    personas["provider"].save()
    provider = as_user("provider")
    enter(provider, partnership, treatment, "2006/07 Q2", "700")
    figure = Observation.objects.get(indicator=treatment, period="2006/07 Q2")
    officer = as_user("officer")
    assert "Say why the figure is returned." in _followed(step(officer, partnership, [figure], "return"), officer)
    figure.refresh_from_db()
    assert figure.approval == "submitted"
    page = _followed(step(officer, partnership, [figure], "return", "700 looks like a typing slip for 70."), officer)
    assert "Returned 1 figure. Their providers have been told why by e-mail." in page
    figure.refresh_from_db()
    assert (figure.approval, figure.approval_note) == ("returned", "700 looks like a typing slip for 70.")
    provider = as_user("provider")
    page = provider.get(url("my_returns", partnership), {"period": "2006/07 Q2"}).content.decode()
    assert "Returned to you: 700 looks like a typing slip for 70." in page
    # Saved again: submitted again, the reason answered.
    enter(provider, partnership, treatment, "2006/07 Q2", "70")
    figure.refresh_from_db()
    assert (figure.approval, figure.approval_note, figure.value) == ("submitted", "", Decimal("70"))


def test_the_return_email_goes_to_the_organisations_providers(as_user, sign_off, indicators, personas,
                                                             django_capture_on_commit_callbacks):
    partnership, treatment = sign_off, indicators["treatment"]
    personas["provider"].email = "provider@example.org"
    personas["provider"].save()
    personas["other_provider"].email = "council@example.org"  # a provider of another organisation
    personas["other_provider"].save()
    enter(as_user("provider"), partnership, treatment, "2006/07 Q2", "700")
    figure = Observation.objects.get(indicator=treatment, period="2006/07 Q2")
    officer = as_user("officer")
    with django_capture_on_commit_callbacks(execute=True):
        step(officer, partnership, [figure], "return", "Check the count.")
    assert [m.to for m in mail.outbox] == [["provider@example.org"]]
    body = mail.outbox[0].body
    assert "CYP 36 Under-18s in substance misuse treatment, 2006/07 Q2: 700" in body
    assert "The reason given: Check the count." in body and "/p/testshire/report/" in body


def test_a_locked_figure_cannot_change_on_what_i_have_to_report(as_user, sign_off, indicators):
    partnership, treatment = sign_off, indicators["treatment"]
    figure = add_actual(treatment, "2006/07 Q2", "70", approval="approved")
    provider = as_user("provider")
    page = provider.get(url("my_returns", partnership), {"period": "2006/07 Q2"}).content.decode()
    assert "Approved figures cannot change until a performance officer unlocks them." in page
    prefix = f"i{treatment.pk}"
    assert f'name="{prefix}-value"' in page and "disabled" in page.split(f'name="{prefix}-value"')[1][:200]
    # A hand-made POST with a new value changes nothing: the disabled field keeps the stored value.
    provider.post(url("my_returns", partnership), {"period": "2006/07 Q2", f"{prefix}-value": "99",
                                                   f"{prefix}-status": "final"})
    figure.refresh_from_db()
    assert figure.value == Decimal("70")


def test_approving_a_whole_organisations_period_at_once_is_all_or_nothing(as_user, sign_off, indicators):
    partnership = sign_off
    police = [add_actual(indicators[k], "2006/07 Q2", v, approval="submitted")
              for k, v in (("treatment", "70"), ("reregistrations", "12.5"))]
    council = add_actual(indicators["ni92"], "AY 2010/11", "30", approval="submitted")
    officer = as_user("officer")
    page = officer.get(url("approval_list", partnership), {"state": "submitted", "period": "2006/07 Q2",
                                                           "organisation": police[0].indicator.lead_organisation_id})
    body = page.content.decode()
    assert "Submitted: 2 figures" in body and "NI 092" not in body
    # One of them already approved by someone else: nothing is approved, and the message names it.
    Observation.objects.filter(pk=police[1].pk).update(approval="approved")
    message = _followed(step(officer, partnership, police, "approve"), officer)
    assert "CYP 41 2006/07 Q2: Only a figure that is submitted can be approved; this one is approved." in message
    assert Observation.objects.get(pk=police[0].pk).approval == "submitted"
    Observation.objects.filter(pk=police[1].pk).update(approval="submitted")
    assert "Approved 2 figures." in _followed(step(officer, partnership, police, "approve"), officer)
    assert set(Observation.objects.filter(pk__in=[p.pk for p in police]).values_list("approval", flat=True)) == {
        "approved"}
    assert Observation.objects.get(pk=council.pk).approval == "submitted"


def test_a_lead_officer_approves_their_indicators_only(as_user, sign_off, indicators, personas):
    partnership = sign_off
    treatment, ni92 = indicators["treatment"], indicators["ni92"]
    treatment.lead_officer = personas["theme_lead"]
    treatment.save()
    mine = add_actual(treatment, "2006/07 Q2", "70", approval="submitted")
    theirs = add_actual(ni92, "AY 2010/11", "30", approval="submitted")
    lead = as_user("theme_lead")
    page = lead.get(url("approval_list", partnership)).content.decode()
    assert "CYP 36" in page and "NI 092" not in page
    step(lead, partnership, [mine, theirs], "approve")
    assert Observation.objects.get(pk=mine.pk).approval == "approved"
    assert Observation.objects.get(pk=theirs.pk).approval == "submitted"  # not theirs to approve: left alone
    assert step(lead, partnership, [mine], "publish").status_code == 403
    assert step(lead, partnership, [mine], "unlock", "why").status_code == 403
    page = lead.get(url("approval_list", partnership), {"state": "approved"}).content.decode()
    assert "Publish the chosen figures" not in page and "Unlock the chosen figures" not in page


@pytest.mark.parametrize("persona", ALL)
def test_who_may_sign_off(as_user, sign_off, indicators, personas, persona):
    figure = add_actual(indicators["treatment"], "2006/07 Q2", "70", approval="submitted")
    client = as_user(persona)
    managers = {"officer", "superuser"}
    assert client.get(url("approval_list", sign_off)).status_code == expected(persona, managers)
    got = step(client, sign_off, [figure], "approve").status_code
    assert got == (302 if persona in managers else expected(persona, managers))
    assert (Observation.objects.get(pk=figure.pk).approval == "approved") == (persona in managers)
    got = client.post(url("sign_off_setting", sign_off), {}).status_code
    assert got == (302 if persona in managers else expected(persona, managers))


def test_another_partnerships_figures_cannot_be_signed_off(as_user, sign_off, indicators):
    from placeboard.core.models import Partnership
    from placeboard.performance.models import Indicator

    other = Partnership.objects.create(slug="otherplace", name="Otherplace", place="Otherplace", sign_off=True)
    foreign = Indicator.objects.create(partnership=other, code="X 1", title="Foreign", value_type="count",
                                       polarity="higher", collection_interval="financial_year")
    figure = add_actual(foreign, "2006/07", "1", approval="submitted")
    officer = as_user("officer")
    assert "Choose at least one figure." in _followed(step(officer, sign_off, [figure], "approve"), officer)
    assert Observation.objects.get(pk=figure.pk).approval == "submitted"


def test_without_sign_off_figures_are_published_as_saved_and_switching_off_publishes_the_waiting(
        as_user, partnership, indicators):
    treatment = indicators["treatment"]
    officer = as_user("officer")
    enter(officer, partnership, treatment, "2006/07 Q2", "70")
    figure = Observation.objects.get(indicator=treatment, period="2006/07 Q2")
    assert figure.approval == "published"
    enter(officer, partnership, treatment, "2006/07 Q2", "71")  # nothing locked
    figure.refresh_from_db()
    assert figure.value == Decimal("71")
    page = officer.get(url("approval_list", partnership)).content.decode()
    assert "does not ask for sign-off" in page

    officer.post(url("sign_off_setting", partnership), {"sign_off": "on"})
    partnership.refresh_from_db()
    assert partnership.sign_off
    enter(officer, partnership, treatment, "2006/07 Q3", "90")
    waiting = Observation.objects.get(indicator=treatment, period="2006/07 Q3")
    assert waiting.approval == "submitted"
    page = _followed(officer.post(url("sign_off_setting", partnership), {}), officer)
    assert "1 figure awaiting sign-off was published." in page
    waiting.refresh_from_db()
    assert waiting.approval == "published"
    assert AuditEvent.objects.filter(object_type="partnership", changes__has_key="figures need sign-off").count() == 2


def test_the_sign_off_page_makes_the_same_queries_however_many_figures(as_user, sign_off, indicators):
    officer = as_user("officer")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert officer.get(url("approval_list", sign_off)).status_code == 200
        return len(queries)

    add_actual(indicators["treatment"], "2006/07 Q2", "70", approval="submitted")
    small = count()
    for n, period in enumerate(["2006/07 Q3", "2006/07 Q4", "2007/08 Q1"]):
        for key in ("treatment", "reregistrations"):
            add_actual(indicators[key], period, str(10 + n), approval="submitted")
    assert count() == small


def test_the_home_page_says_what_is_waiting_and_what_was_returned(as_user, sign_off, indicators, personas):
    treatment = indicators["treatment"]
    add_actual(treatment, "2006/07 Q2", "70", approval="submitted")
    add_actual(indicators["reregistrations"], "2006/07 Q2", "12", approval="returned", approval_note="Check it.")
    officer = as_user("officer").get(reverse("partnership_home", args=[sign_off.slug])).content.decode()
    assert "1 figure waiting for your approval" in officer
    provider = as_user("provider").get(reverse("partnership_home", args=[sign_off.slug])).content.decode()
    assert "1 figure was returned to your organisation" in provider
    assert "/p/testshire/report/?period=2006/07%20Q2" in provider
    viewer = as_user("viewer").get(reverse("partnership_home", args=[sign_off.slug])).content.decode()
    assert "Sign-off of figures" not in viewer


def test_the_lead_officer_is_chosen_from_the_partnerships_people(as_user, partnership, indicators, personas):
    officer = as_user("officer")
    page = officer.get(url("indicator_edit", partnership, indicators["treatment"].pk)).content.decode()
    assert "theme_lead" in page and "outsider" not in page  # the outsider has no role in this partnership


def _csv_rows(client, partnership, kind, **params):
    import csv
    import io

    response = client.get(reverse("report", args=[partnership.slug, kind]), {"format": "csv", **params})
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_reports_mark_figures_not_approved_and_can_show_approved_ones_only(as_user, sign_off, indicators):
    treatment, ni92 = indicators["treatment"], indicators["ni92"]
    # CYP 36: a Q2 figure changed since it was approved at 60; NI 092: a newer figure never approved.
    add_actual(treatment, "2006/07 Q2", "70", approval="submitted", approved_value=Decimal("60"))
    add_actual(ni92, "AY 2010/11", "30", approval="submitted")
    officer = as_user("officer")
    for kind in ("spreadsheet", "dashboard"):
        rows = _csv_rows(officer, sign_off, kind)
        text = "\n".join(",".join(row) for row in rows)
        assert "70 (not approved)" in text and "30 (not approved)" in text, kind
        assert "2 of the figures shown are not yet approved: marked \"not approved\"." in text, kind
        approved = "\n".join(",".join(row) for row in _csv_rows(officer, sign_off, kind, approved="1"))
        assert "not approved" not in approved and "Approved figures only" in approved, kind
        assert ",60," in approved or "60 " in approved or ",60\n" in approved, kind  # the value last approved
        assert "AY 2010/11" not in approved  # never approved: left out
    # Without sign-off the option is not offered and nothing is marked.
    sign_off.sign_off = False
    sign_off.save()
    page = officer.get(reverse("report", args=[sign_off.slug, "spreadsheet"])).content.decode()
    assert "Approved figures only" not in page
    assert "not approved" not in "\n".join(",".join(r) for r in _csv_rows(officer, sign_off, "spreadsheet"))


def test_an_approved_only_pdf_keeps_the_choice(as_user, sign_off, indicators):
    from placeboard.reports.models import Download
    from tests.reports.downloads import run_worker

    officer = as_user("officer")
    officer.post(reverse("report_download", args=[sign_off.slug, "exceptions"]), {"format": "pdf", "approved": "1"})
    download = Download.objects.get()
    assert download.params == {"approved": 1} and download.title == "Exception report, approved figures only"
    run_worker()
    download.refresh_from_db()
    assert download.status == "ready", download.error


def test_the_indicator_page_shows_each_figures_sign_off(as_user, sign_off, indicators):
    treatment = indicators["treatment"]
    add_actual(treatment, "2006/07 Q2", "70", approval="submitted")
    page = as_user("viewer").get(url("indicator_detail", sign_off, treatment.pk)).content.decode()
    assert '<strong class="govuk-tag govuk-tag--grey">Submitted</strong>' in page
    assert page.count("govuk-tag--grey\">") == 1  # the published Q1 figure has no tag
