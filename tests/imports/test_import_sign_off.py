"""Sign-off of imported figures (issue 18 §1, docs/imports.md "Sign-off"): imports follow the rules of
services.record_observation. Without sign-off figures land published, as before; with it they land submitted, or
approved when an officer's import says so; a row changing a locked figure refuses the whole file.

Run on SQLite (bulk_create) and on PostgreSQL (COPY), the new actuals' columns differing between the two paths."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from placeboard.cli import main
from placeboard.core.access import Access
from placeboard.core.models import Area, AuditEvent, Role
from placeboard.imports import importers
from placeboard.imports.importers.actuals import NOT_AN_OFFICER
from placeboard.imports.models import ImportBatch
from placeboard.performance import services
from placeboard.performance.models import Observation, ValueChange
from tests.imports.conftest import DATA, data_file
from tests.reports.downloads import run_worker

# CYP 36 (led by the police, the provider's organisation): 2006/07 Q1 is recorded as 58; the rest are new.
HEADER = "indicator,period,area,population_group,value,status,note\n"
NEW = ("CYP 36,2006/07 Q1,,,58,provisional,\n"  # unchanged
       "CYP 36,2006/07 Q2,,,71,provisional,\n"
       "CYP 36,2006/07 Q3,North,,12,provisional,\n"
       "CYP 36,2006/07 Q3,,,80,final,Referrals rose\n")  # Amber: it needs its commentary
CHANGED = "CYP 36,2006/07 Q1,,,60,final,\n"  # Q1 changed


def csv(*lines):
    return (HEADER + "".join(lines)).encode()


def access_of(user, partnership):
    return Access(partnership=partnership, user=user, roles=list(Role.objects.filter(user=user,
                                                                                    partnership=partnership)))


@pytest.fixture
def sign_off(partnership, indicators):
    partnership.sign_off = True
    partnership.save()
    return partnership


def figure(period, area=None):
    found = Observation.objects.filter(indicator__code="CYP 36", period=period)
    return found.get(area__name=area) if area else found.get(area=None)


def states():
    return dict(Observation.objects.filter(indicator__code="CYP 36").values_list("period", "approval"))


def written():
    return (Observation.objects.count(), ValueChange.objects.count(), AuditEvent.objects.count(),
            list(Observation.objects.order_by("pk").values_list("value", "approval", "updated_at")))


# -- the importer ------------------------------------------------------------------------------------------------


def test_without_sign_off_figures_land_published_as_before(partnership, indicators, personas):
    officer = personas["officer"]
    plan = importers.import_file("actuals", partnership, "q.csv", csv(CHANGED, *NEW.splitlines(True)[1:]), officer,
                                 access=access_of(officer, partnership))
    assert plan.ok and plan.summary() == "4 rows: 3 new, 1 changed, 0 unchanged"
    assert plan.lands == "published" and plan.approved == 0
    assert set(states().values()) == {"published"}
    assert not Observation.objects.filter(approved_by__isnull=False).exists()
    assert not Observation.objects.filter(approved_value__isnull=False).exists()
    new = AuditEvent.objects.get(object_type="actual", action="create")
    assert set(new.changes) == {"file", "new actuals", "indicators"}  # no word of approval
    changed = AuditEvent.objects.get(object_type="actual", action="update")
    assert "approval" not in changed.changes


def test_with_sign_off_new_and_changed_figures_land_submitted(sign_off, personas):
    officer = personas["officer"]
    returned = figure("2006/07 Q1")
    returned.approval, returned.approval_note = "returned", "Check the Q1 count"
    returned.save()
    plan = importers.import_file("actuals", sign_off, "q.csv",
                                 csv(CHANGED, *NEW.splitlines(True)[1:]), officer,
                                 access=access_of(officer, sign_off))
    assert plan.ok and plan.lands == "submitted"
    assert plan.summary() == "4 rows: 3 new, 1 changed, 0 unchanged; 4 figures submitted for approval"
    assert set(states().values()) == {"submitted"}
    q1 = figure("2006/07 Q1")
    assert q1.value == Decimal("60") and q1.approval_note == ""  # saving answers the reason it was returned
    assert not Observation.objects.filter(indicator__code="CYP 36", approved_by__isnull=False).exists()
    assert AuditEvent.objects.get(object_type="actual", action="create").changes["approval"] == ["", "Submitted"]
    changed = AuditEvent.objects.get(object_type="actual", action="update")
    assert changed.changes["approval"] == ["Returned", "Submitted"]


def test_an_officer_approves_as_they_import(sign_off, personas):
    officer = personas["officer"]
    submitted = figure("2006/07 Q1")
    submitted.approval = "submitted"
    submitted.save()
    plan = importers.import_file("actuals", sign_off, "q.csv",
                                 csv(CHANGED, *NEW.splitlines(True)[1:]), officer,
                                 access=access_of(officer, sign_off), approve=True)
    assert plan.ok and plan.lands == "approved" and plan.approved == 4
    assert plan.summary().endswith("; 4 figures approved")
    for period, area in (("2006/07 Q1", None), ("2006/07 Q2", None), ("2006/07 Q3", "North"),
                         ("2006/07 Q3", None)):
        o = figure(period, area)
        assert o.approval == "approved" and o.approved_by == officer and o.approved_at is not None
        assert o.approved_value == o.value and o.approval_note == ""
    assert figure("2006/07 Q2").approved_value == Decimal("71")
    assert AuditEvent.objects.get(object_type="actual", action="create").changes["approval"] == ["", "Approved"]
    assert AuditEvent.objects.get(object_type="actual", action="update").changes["approval"] == [
        "Submitted", "Approved"]


def test_approving_without_sign_off_changes_nothing(partnership, indicators, personas):
    """As record_observation: without sign-off every figure is published, approve or not."""
    officer = personas["officer"]
    plan = importers.import_file("actuals", partnership, "q.csv", csv(NEW), officer,
                                 access=access_of(officer, partnership), approve=True)
    assert plan.ok and plan.lands == "published" and "approv" not in plan.summary()
    assert set(states().values()) == {"published"}
    assert not Observation.objects.filter(approved_by__isnull=False).exists()


@pytest.mark.parametrize("kind", ["actuals", "return"])
def test_a_provider_cannot_approve(sign_off, personas, kind):
    provider = personas["provider"]
    before = written()
    plan = importers.import_file(kind, sign_off, "q.csv", csv(NEW), provider,
                                 access=access_of(provider, sign_off), approve=True)
    assert not plan.ok and [p.message for p in plan.problems] == [NOT_AN_OFFICER]
    assert written() == before
    # Without asking, their figures land submitted.
    plan = importers.import_file(kind, sign_off, "q.csv", csv(NEW), provider, access=access_of(provider, sign_off))
    assert plan.ok and plan.created == 3
    assert states() == {"2006/07 Q1": "published", "2006/07 Q2": "submitted", "2006/07 Q3": "submitted"}


@pytest.mark.parametrize("state", ["approved", "published"])
def test_changing_a_locked_figure_refuses_the_whole_file(sign_off, personas, state):
    officer = personas["officer"]
    locked = figure("2006/07 Q1")
    locked.approval = state
    locked.save()
    north = Observation(indicator=locked.indicator, area=Area.objects.get(name="North"), value=Decimal(3),
                        approval=state)
    north.set_period(locked.indicator.parse_period_for_actuals("2006/07 Q1"))
    north.save()
    before = written()
    plan = importers.import_file(
        "actuals", sign_off, "q.csv",
        csv("CYP 36,2006/07 Q1,,,58,final,\n",  # the status changes
            "CYP 36,2006/07 Q2,,,71,provisional,\n",
            "CYP 36,2006/07 Q1,North,,4,provisional,\n"),  # the value changes
        officer, access=access_of(officer, sign_off), approve=True)  # approving does not unlock
    assert not plan.ok and plan.ops == [] and plan.changes == []
    assert [(p.row, p.column, p.message) for p in plan.problems] == [
        (2, "status", str(services.FigureLocked(locked))),
        (4, "value", str(services.FigureLocked(north))),
    ]
    assert plan.problems[1].message == (f"The figure for 2006/07 Q1 (North) is {state}: a performance officer "
                                        "must unlock it, with a reason, before it can change.")
    assert written() == before


def test_an_unchanged_locked_figure_is_fine(sign_off, personas):
    provider = personas["provider"]
    locked = figure("2006/07 Q1")
    locked.approval = "approved"
    locked.save()
    plan = importers.import_file("actuals", sign_off, "q.csv", csv(NEW), provider,
                                 access=access_of(provider, sign_off))
    assert plan.ok and (plan.created, plan.updated, plan.unchanged) == (3, 0, 1)
    locked.refresh_from_db()
    assert locked.approval == "approved" and locked.updated_at == figure("2006/07 Q1").updated_at


def test_an_unlocked_figure_can_change_again(sign_off, personas):
    """Unlocked with a reason, it is submitted (as services.take_step leaves it): an import may change it."""
    officer = personas["officer"]
    unlocked = figure("2006/07 Q1")
    unlocked.approval, unlocked.approval_note, unlocked.approved_value = "submitted", "Recount", unlocked.value
    unlocked.save()
    plan = importers.import_file("actuals", sign_off, "q.csv", csv("CYP 36,2006/07 Q1,,,61,provisional,\n"),
                                 officer)
    assert plan.ok and plan.updated == 1
    q1 = figure("2006/07 Q1")
    assert q1.value == Decimal("61") and q1.approval == "submitted" and q1.approval_note == ""


# -- the web import ----------------------------------------------------------------------------------------------


def upload(client, data=None, kind="actuals", **extra):
    name, data = ("q.csv", data) if data is not None else data_file("actuals_good.csv")
    return client.post(reverse("import_start", args=["testshire"]),
                       {"kind": kind, "file": SimpleUploadedFile(name, data), **extra})


def preview(client, batch):
    return client.get(reverse("import_preview", args=["testshire", batch.pk])).content.decode()


def confirm(client, batch):
    return client.post(reverse("import_confirm", args=["testshire", batch.pk]))


APPROVE = "Approve these figures as they are imported"


def test_an_officer_ticks_approve_on_the_web(sign_off, as_user, personas):
    client = as_user("officer")
    page = client.get(reverse("import_start", args=["testshire"])).content.decode()
    assert APPROVE in page and 'name="approve"' in page and "Figures need sign-off here" in page
    response = upload(client, approve="on")
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and batch.approve
    shown = preview(client, batch)
    assert "4 figures will be approved</strong>" in shown and "Import and approve 4 figures" in shown
    confirm(client, batch)
    batch.refresh_from_db()
    assert batch.state == "imported" and batch.summary == "5 rows: 4 new, 0 changed, 1 unchanged; 4 figures approved"
    q2 = Observation.objects.get(indicator__code="CYP 36", period="2006/07 Q2")
    assert q2.approval == "approved" and q2.approved_by == personas["officer"] and q2.approved_value == q2.value
    event = AuditEvent.objects.get(object_type="import")
    assert event.changes == {"imported": ["", batch.summary], "approval": ["", "4 figures approved"]}
    assert "4 figures were approved</strong>" in preview(client, batch)


def test_an_officer_not_ticking_approve_submits(sign_off, as_user):
    client = as_user("officer")
    upload(client)
    batch = ImportBatch.objects.get()
    assert not batch.approve
    shown = preview(client, batch)
    assert "the 4 new or changed figures will be submitted for approval" in shown and "Import 4 figures" in shown
    confirm(client, batch)
    assert AuditEvent.objects.get(object_type="import").changes["approval"] == ["", "4 figures submitted for approval"]
    assert Observation.objects.get(indicator__code="CYP 36", period="2006/07 Q2").approval == "submitted"


def test_a_provider_is_not_offered_approve_and_a_forged_post_is_refused(sign_off, as_user):
    client = as_user("provider")
    page = client.get(reverse("import_start", args=["testshire"])).content.decode()
    assert 'name="approve"' not in page and APPROVE not in page
    assert "actuals you import are submitted for approval." in page
    response = upload(client, approve="on")
    assert response.status_code == 200 and not ImportBatch.objects.exists()
    assert "Only a performance officer can approve figures as they are imported." in response.content.decode()
    # Without it, the provider's figures for their own indicators land submitted.
    upload(client, csv(NEW))
    batch = ImportBatch.objects.get()
    assert "will be submitted for approval" in preview(client, batch)
    confirm(client, batch)
    assert states() == {"2006/07 Q1": "published", "2006/07 Q2": "submitted", "2006/07 Q3": "submitted"}


def test_a_batch_forged_to_approve_for_a_provider_is_refused(sign_off, as_user):
    """Should a provider's batch ever ask to approve, the check refuses it: nothing is saved."""
    client = as_user("provider")
    upload(client, csv(NEW))
    batch = ImportBatch.objects.get()
    ImportBatch.objects.filter(pk=batch.pk).update(approve=True)
    before = written()
    confirm(client, batch)
    batch.refresh_from_db()
    assert batch.state == "rejected" and written() == before
    assert NOT_AN_OFFICER in preview(client, batch)


def test_without_sign_off_approve_is_not_offered_and_refused(partnership, indicators, as_user):
    client = as_user("officer")
    page = client.get(reverse("import_start", args=["testshire"])).content.decode()
    assert 'name="approve"' not in page and 'id="sign-off"' not in page
    response = upload(client, approve="on")
    assert response.status_code == 200 and not ImportBatch.objects.exists()
    assert "figures do not need sign-off" in response.content.decode()
    upload(client)
    batch = ImportBatch.objects.get()
    shown = preview(client, batch)
    assert 'id="sign-off"' not in shown and "Import and approve" not in shown
    confirm(client, batch)
    assert set(AuditEvent.objects.get(object_type="import").changes) == {"imported"}


def test_approve_is_for_actuals_only(sign_off, as_user):
    filename, data = data_file("targets_good.csv")
    response = as_user("officer").post(reverse("import_start", args=["testshire"]), {
        "kind": "targets", "file": SimpleUploadedFile(filename, data), "approve": "on"})
    assert response.status_code == 200 and not ImportBatch.objects.exists()
    assert "Only actuals and data returns can be approved" in response.content.decode()


def test_a_locked_figure_refuses_the_web_import(sign_off, as_user):
    locked = figure("2006/07 Q1")
    locked.approval = "approved"
    locked.save()
    client = as_user("officer")
    upload(client, csv("CYP 36,2006/07 Q1,,,59,provisional,\n", "CYP 36,2006/07 Q2,,,71,provisional,\n"),
           approve="on")
    shown = preview(client, ImportBatch.objects.get())
    assert "has 1 problem; nothing was saved" in shown
    assert "The figure for 2006/07 Q1 is approved: a performance officer must unlock it" in shown


def test_the_worker_carries_approve(sign_off, as_user, personas, settings, tmp_path):
    settings.IMPORT_STREAM_ROWS = 1  # every file is large: checked and imported by the worker
    settings.DATA_DIR = tmp_path
    client = as_user("officer")
    upload(client, approve="on")
    batch = ImportBatch.objects.get()
    run_worker()
    assert "4 figures will be approved</strong>" in preview(client, batch)
    confirm(client, batch)
    run_worker()
    batch.refresh_from_db()
    assert batch.state == "imported" and batch.summary.endswith("; 4 figures approved")
    assert Observation.objects.get(indicator__code="CYP 36", period="2006/07 Q2").approved_by == personas["officer"]
    assert AuditEvent.objects.get(object_type="import").changes["approval"] == ["", "4 figures approved"]


# -- the command line ---------------------------------------------------------------------------------------------


def test_cli_approve(sign_off, personas, capsys):
    good = str(DATA / "actuals_good.csv")
    args = ["import", "actuals", good, "--partnership", "testshire", "--approve"]
    assert main(args) == 2
    assert "--approve needs --user" in capsys.readouterr().err
    assert main([*args, "--user", "provider"]) == 2
    assert "Only a performance officer can approve" in capsys.readouterr().err
    assert main(["import", "targets", str(DATA / "targets_good.csv"), "--partnership", "testshire", "--approve",
                 "--user", "officer"]) == 2
    assert "--approve is for actuals and data returns only" in capsys.readouterr().err
    assert not Observation.objects.filter(period="2006/07 Q2").exists()
    assert main([*args, "--user", "officer", "--dry-run"]) == 0
    assert "4 figures approved" in capsys.readouterr().out
    assert main([*args, "--user", "officer"]) == 0
    assert capsys.readouterr().out.strip().endswith("5 rows: 4 new, 0 changed, 1 unchanged; 4 figures approved.")
    q2 = Observation.objects.get(indicator__code="CYP 36", period="2006/07 Q2")
    assert q2.approval == "approved" and q2.approved_by == personas["officer"]


def test_cli_without_approve_submits_and_refuses_approve_without_sign_off(partnership, indicators, personas,
                                                                          capsys):
    good = str(DATA / "actuals_good.csv")
    assert main(["import", "actuals", good, "--partnership", "testshire", "--user", "officer", "--approve"]) == 2
    assert "figures do not need sign-off" in capsys.readouterr().err
    partnership.sign_off = True
    partnership.save()
    assert main(["import", "actuals", good, "--partnership", "testshire"]) == 0
    assert "4 figures submitted for approval" in capsys.readouterr().out
    assert Observation.objects.get(indicator__code="CYP 36", period="2006/07 Q2").approval == "submitted"
