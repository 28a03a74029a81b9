"""POST /partnerships/{slug}/actuals/: one or many actuals, all or nothing.

Each row is checked by the web's own form (performance.forms.ObservationForm: the period against the
indicator's interval, the valid range, commentary when off target) and saved by the web's own service
(performance.services.record_observation: history, audit, sign-off), so a figure sent here is stored exactly
as one typed into the page."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from ninja import Schema
from pydantic import Field

from placeboard.api.common import MAX_ID
from placeboard.api.problems import problem
from placeboard.core.access import get_partnership_for_user
from placeboard.performance import services
from placeboard.performance.forms import ObservationForm
from placeboard.performance.models import Indicator, Observation

MAX_ROWS = 1000
# The API's names for the form's fields, so a problem names what the client sent.
FIELD_NAMES = {"note": "commentary", "note_public": "commentary_public", "population_group": "population_group"}


class ActualIn(Schema):
    indicator: int = Field(ge=1, le=MAX_ID, description="The indicator's id.")
    period: str = Field(max_length=60, description="For example 2009/10 Q2.")
    area: int | None = Field(None, ge=1, le=MAX_ID, description="An area's id; none for the whole place.")
    population_group: int | None = Field(None, ge=1, le=MAX_ID, description="None for everyone.")
    value: Decimal | None = Field(None, max_digits=20, decimal_places=6,
                                  description="The actual; a JSON number or its decimal text.")
    status: Observation.Status = Observation.Status.PROVISIONAL
    commentary: str = Field("", max_length=10000, description="Required when the figure is off target.")
    expected: str = Field("", max_length=200, description="When a figure not yet available is expected.")
    commentary_public: bool | None = Field(None, description="A performance officer's choice to publish the "
                                                             "commentary; none keeps the stored choice.")


class ActualsIn(Schema):
    actuals: list[ActualIn] = Field(min_length=1, max_length=MAX_ROWS)


class SavedOut(Schema):
    saved: int
    changed: int
    ids: list[int]


def _form(row, indicator, access):
    data = {"period": row.period, "area": row.area or "", "population_group": row.population_group or "",
            "value": "" if row.value is None else format(row.value, "f"), "status": row.status.value,
            "note": row.commentary, "expected": row.expected}
    if row.commentary_public:
        data["note_public"] = "on"
    return ObservationForm(data, indicator=indicator, can_publish=access.can_manage)


def record_actuals(request, slug, payload):
    access = get_partnership_for_user(request, slug)
    rows = payload.actuals
    indicators = Indicator.objects.select_related("partnership").in_bulk(
        {row.indicator for row in rows}) if rows else {}
    problems, forms, seen = [], [], {}
    for index, row in enumerate(rows):
        indicator = indicators.get(row.indicator)
        if indicator is None or indicator.partnership_id != access.partnership.pk:
            problems.append({"row": index, "field": "indicator", "msg": "No indicator with this id in this "
                                                                          "partnership."})
            continue
        if not indicator.reportable_by(access):
            raise PermissionDenied(f"Row {index}: only {indicator.code}'s lead organisation's data providers and "
                                   "performance officers enter its actuals.")
        form = _form(row, indicator, access)
        if not form.is_valid():
            problems.extend({"row": index, "field": FIELD_NAMES.get(field, field) if field != "__all__" else None,
                             "msg": str(message)}
                            for field, messages in form.errors.items() for message in messages)
            continue
        key = (indicator.pk, form.period.label, row.area, row.population_group)
        if key in seen:
            problems.append({"row": index, "field": None,
                             "msg": f"The same figure as row {seen[key]}: send each figure once."})
            continue
        seen[key] = index
        forms.append((index, indicator, form))
    if problems:
        return problem(422, f"Nothing was saved: {len(problems)} problem{'s' if len(problems) != 1 else ''} "
                            "in the rows.", errors=problems)
    saved = []
    try:
        with transaction.atomic():
            for index, indicator, form in forms:
                data = form.cleaned_data
                try:
                    observation, changed = services.record_observation(
                        indicator=indicator, period=form.period, user=request.user, area=data["area"],
                        population_group=data["population_group"], value=data["value"], status=data["status"],
                        note=data["note"], expected=data["expected"],
                        note_public=None if rows[index].commentary_public is None else data.get("note_public"))
                except services.FigureLocked as locked:
                    raise _RowLocked(index, locked) from None
                saved.append((observation.pk, changed))
    except _RowLocked as refused:
        return problem(409, f"Nothing was saved: row {refused.index}: {refused.locked}",
                       errors=[{"row": refused.index, "field": None, "msg": str(refused.locked)}])
    return {"saved": len(saved), "changed": sum(changed for _, changed in saved), "ids": [pk for pk, _ in saved]}


class _RowLocked(Exception):
    def __init__(self, index, locked):
        self.index, self.locked = index, locked
        super().__init__(str(locked))
