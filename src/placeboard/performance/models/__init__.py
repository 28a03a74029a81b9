"""Indicators, their baselines and targets, observations (actuals), manual
judgements and the history of every value change (`indicators`); actions, their tasks and the reporting
rounds in which they are updated (`rounds`).

Periods are stored as their canonical label plus start and end dates (from
placeboard.performance.periods), so they sort, contain and compare in the
database as well as in Python. Every model is imported here, which is how Django finds them and how the
rest of the code imports them (`from placeboard.performance.models import Indicator`)."""

from placeboard.performance.models.assessed import AssessedPeriod
from placeboard.performance.models.indicators import (
    Indicator,
    IndicatorQuerySet,
    IndicatorTag,
    Judgement,
    Observation,
    PeriodMixin,
    ProfilePoint,
    Target,
    TargetRevision,
    ValueChange,
)
from placeboard.performance.models.rounds import Action, ReportingRound, RoundFigure, Task, TaskUpdate

__all__ = [
    "IndicatorTag",
    "IndicatorQuerySet",
    "Indicator",
    "PeriodMixin",
    "Target",
    "ProfilePoint",
    "TargetRevision",
    "Observation",
    "Judgement",
    "ValueChange",
    "Action",
    "Task",
    "ReportingRound",
    "TaskUpdate",
    "RoundFigure",
    "AssessedPeriod",
]
