"""POST actuals: the web form's checks and the web's service, all or nothing."""

import json

import pytest

from placeboard.core.models import AuditEvent
from placeboard.performance.models import Observation, ValueChange

pytestmark = pytest.mark.django_db
URL = "/api/v1/partnerships/testshire/actuals/"


def post(client, headers, *rows):
    return client.post(URL, json.dumps({"actuals": list(rows)}), content_type="application/json", **headers)


def test_many_actuals_in_one_request(client, bearer, indicators):
    treatment = indicators["treatment"]
    response = post(client, bearer("provider"),
                    {"indicator": treatment.pk, "period": "2006/07 Q2", "value": 71},
                    {"indicator": treatment.pk, "period": "2006/07 Q3", "value": "90.0", "status": "final"},
                    {"indicator": treatment.pk, "period": "2006/07 Q4", "expected": "Data available in May"})
    assert response.status_code == 200, response.content
    assert response.json()["saved"] == 3 and response.json()["changed"] == 3
    stored = {o.period: o for o in Observation.objects.filter(indicator=treatment)}
    assert stored["2006/07 Q3"].value == 90 and stored["2006/07 Q3"].status == "final"
    assert stored["2006/07 Q4"].expected == "Data available in May"
    # Sending the same again changes nothing, as saving the same form again does.
    again = post(client, bearer("provider"), {"indicator": treatment.pk, "period": "2006/07 Q2", "value": "71"})
    assert again.json() == {"saved": 1, "changed": 0, "ids": [stored["2006/07 Q2"].pk]}


def test_one_bad_row_saves_nothing_and_names_each_problem(client, bearer, indicators):
    treatment, reregistrations = indicators["treatment"], indicators["reregistrations"]
    before = Observation.objects.count()
    response = post(client, bearer("officer"),
                    {"indicator": treatment.pk, "period": "2006/07 Q2", "value": 71},
                    {"indicator": treatment.pk, "period": "2006/07 Q7", "value": 1},
                    {"indicator": reregistrations.pk, "period": "2006/07", "value": "140"},
                    {"indicator": reregistrations.pk, "period": "2006/07", "value": "30"},
                    {"indicator": 999999, "period": "2006/07", "value": "1"},
                    {"indicator": treatment.pk, "period": "2006/07 Q2", "value": 72})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    problems = response.json()["errors"]
    by_row = {(p["row"], p["field"]): p["msg"] for p in problems}
    assert "is not a period" in by_row[(1, "period")]
    assert by_row[(2, "value")] == "CYP 41 cannot be above 100.0%; 140 is."
    # The web form's own wording for commentary on a figure off target.
    assert by_row[(3, "commentary")].startswith("A comment is required because this is off target")
    assert by_row[(4, "indicator")] == "No indicator with this id in this partnership."
    assert by_row[(5, None)] == "The same figure as row 0: send each figure once."
    assert Observation.objects.count() == before


def test_a_locked_figure_refuses_the_whole_request(client, bearer, indicators):
    treatment = indicators["treatment"]
    partnership = treatment.partnership
    partnership.sign_off = True
    partnership.save()
    Observation.objects.filter(indicator=treatment, period="2006/07 Q1").update(approval="approved")
    response = post(client, bearer("provider"),
                    {"indicator": treatment.pk, "period": "2006/07 Q2", "value": 71},
                    {"indicator": treatment.pk, "period": "2006/07 Q1", "value": 60})
    assert response.status_code == 409
    assert response.json()["errors"][0]["row"] == 1
    assert "is approved: a performance officer must unlock it" in response.json()["detail"]
    assert not Observation.objects.filter(indicator=treatment, period="2006/07 Q2").exists()


def test_submitted_where_sign_off_is_asked(client, bearer, indicators):
    treatment = indicators["treatment"]
    treatment.partnership.sign_off = True
    treatment.partnership.save()
    post(client, bearer("provider"), {"indicator": treatment.pk, "period": "2006/07 Q2", "value": 71})
    assert Observation.objects.get(indicator=treatment, period="2006/07 Q2").approval == "submitted"


def test_api_and_web_leave_the_same_audit_and_history(client, bearer, as_user, indicators):
    treatment = indicators["treatment"]
    web = as_user("provider")
    entry = f"/p/testshire/indicators/{treatment.pk}/actuals/new/"
    form = {"area": "", "population_group": "", "status": "provisional", "note": "Ahead of plan", "expected": ""}
    web.post(entry, {**form, "period": "2006/07 Q2", "value": "71"})
    web.post(entry, {**form, "period": "2006/07 Q2", "value": "75", "status": "final"})
    web.logout()
    headers = bearer("provider")
    row = {"indicator": treatment.pk, "commentary": "Ahead of plan"}
    assert post(client, headers, {**row, "period": "2006/07 Q3", "value": 71}).status_code == 200
    assert post(client, headers, {**row, "period": "2006/07 Q3", "value": "75", "status": "final"}).status_code == 200

    def trail(period):
        ids = Observation.objects.filter(indicator=treatment, period=period).values_list("pk", flat=True)
        events = AuditEvent.objects.filter(object_id__in=[str(pk) for pk in ids]).order_by("id")
        changes = ValueChange.objects.filter(indicator=treatment, period=period).order_by("id")
        return ([(e.object_type, e.action, e.changes, e.user.username) for e in events],
                [(c.what, c.old, c.new, c.changed_by.username) for c in changes])

    web_trail, api_trail = trail("2006/07 Q2"), trail("2006/07 Q3")
    assert len(web_trail[0]) == 2 and len(web_trail[1]) == 2
    assert web_trail == api_trail


@pytest.mark.parametrize("body", ['{"actuals": []}', '{"actuals": [{"period": "2006/07"}]}', "not json",
                                  '{"actuals": [{"indicator": 1, "period": "2006/07", "value": "NaN"}]}'])
def test_malformed_bodies_are_problems(client, bearer, indicators, body):
    response = client.post(URL, body, content_type="application/json", **bearer("officer"))
    assert response.status_code in (400, 422)
    assert response["Content-Type"] == "application/problem+json"


def test_a_body_beyond_the_upload_limit_is_a_problem(client, bearer, indicators, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    row = {"indicator": indicators["treatment"].pk, "period": "2006/07 Q2", "value": "1"}
    response = client.post(URL, json.dumps({"actuals": [row] * 200}), content_type="application/json",
                           **bearer("officer"))
    assert response.status_code == 413 and response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "The request body is larger than 9 KB: send fewer rows at a time."
    assert not Observation.objects.filter(period="2006/07 Q2").exists()
