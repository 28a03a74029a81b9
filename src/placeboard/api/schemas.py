"""What the API answers. Numbers are given as their exact decimal text, as stored, so no client reads
0.1 as 0.1000000000000000055."""

from datetime import date, datetime

from ninja import Schema

from placeboard.performance.figures import plain


def number(value):
    """A figure as the one plain rule prints it (performance.figures.plain); None stays None."""
    return None if value is None else plain(value)


class PartnershipOut(Schema):
    slug: str
    name: str
    place: str
    theme_label: str
    sign_off: bool
    roles: list[str]


class ThemeOut(Schema):
    id: int
    code: str
    name: str
    description: str
    parent_id: int | None
    group_id: int | None
    public: bool


class OutcomeOut(Schema):
    id: int
    code: str
    title: str
    description: str
    theme_id: int
    lead_organisation: str | None


class AreaOut(Schema):
    id: int
    name: str
    gss_code: str
    area_type: str
    parent_id: int | None


class PopulationGroupOut(Schema):
    id: int
    name: str
    description: str


class IndicatorOut(Schema):
    id: int
    code: str
    title: str
    definition: str
    rationale: str
    value_type: str
    units: str
    polarity: str
    decimal_places: int
    cumulative: bool
    collection_interval: str
    data_source: str
    reporting_organisation: str
    spatial_level: str
    lead_organisation: str | None
    owner: str
    minimum_value: str | None
    maximum_value: str | None
    band_low: str | None
    band_high: str | None
    tags: list[str]
    outcome_ids: list[int]
    public: bool


class TargetOut(Schema):
    id: int
    kind: str
    period: str
    period_start: date
    period_end: date
    value: str | None
    text: str
    to_be_set: bool
    note: str


class ActualOut(Schema):
    id: int
    indicator_id: int
    period: str
    period_start: date
    period_end: date
    area_id: int | None
    population_group_id: int | None
    value: str | None
    status: str
    approval: str
    commentary: str
    commentary_public: bool
    source: str
    expected: str
    updated_at: datetime


class AssessmentOut(Schema):
    period: str
    period_start: date
    period_end: date
    position: int
    status: str
    direction: str
    rule: str
    actual: str
    target: str
    compared_target: str
    variance: str
    favourable_variance: str
    percentage_variance: str
    latest_reported: bool


class RoundOut(Schema):
    id: int
    name: str
    period: str
    reporting_date: date
    due: date | None
    closed_at: datetime | None


def page_of(item):
    """The page schema for a list of `item`."""
    return type(f"{item.__name__.removesuffix('Out')}Page", (Schema,), {
        "__annotations__": {"items": list[item], "next": str | None}})


PartnershipPage = page_of(PartnershipOut)
ThemePage = page_of(ThemeOut)
OutcomePage = page_of(OutcomeOut)
AreaPage = page_of(AreaOut)
PopulationGroupPage = page_of(PopulationGroupOut)
IndicatorPage = page_of(IndicatorOut)
TargetPage = page_of(TargetOut)
ActualPage = page_of(ActualOut)
AssessmentPage = page_of(AssessmentOut)
RoundPage = page_of(RoundOut)
