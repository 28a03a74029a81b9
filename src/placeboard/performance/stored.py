"""Keeping the stored assessments (AssessedPeriod) in step with the figures they are made from.

Any change to a whole-place actual, a target or baseline, a profile point, an indicator's settings or the
partnership's default tolerance reassesses that indicator in the same transaction: model saves and deletes
do it through the signals below; bulk writes that bypass save() (imports' COPY and bulk_create) call
refresh_assessments() themselves at the end. Inside `deferred()` the indicators are gathered and
reassessed once, in id order, when the block ends: for writes of many figures at once.

Judgements and "overdue" are not stored: they are applied when the rows are read
(evaluation.period_rows), so a judgement or the passing of a deadline never leaves a row stale."""

import contextlib
import contextvars
from collections import namedtuple

from django.db import models, transaction
from django.db.models.signals import post_delete, post_save, pre_save

from placeboard.performance.evaluation import _text, assess_periods, overdue_until
from placeboard.performance.models import AssessedPeriod, Indicator, Observation, ProfilePoint, Target
from placeboard.performance.periods import parse_period

READ = ["period", "latest_reported", "observation_ref", "target_ref", "baseline_ref", "earlier_ref", "status",
        "direction", "rule", "actual", "target", "compared_target", "variance", "favourable_variance",
        "percentage_variance"]  # what pages read of a stored row (evaluation._rows_from_store)
CHUNK = 500  # indicators reassessed per round trip: bounds memory and the size of IN lists
_pending = contextvars.ContextVar("placeboard_pending_assessments", default=None)


def refresh_assessments(indicator_ids):
    """Reassess these indicators and replace their stored rows. Locks the indicators' rows first (in id
    order), so two people changing one indicator's figures at once each leave a complete, fresh set."""
    ids = sorted({int(i) for i in indicator_ids if i is not None})
    for start in range(0, len(ids), CHUNK):
        _refresh(ids[start:start + CHUNK])


def _refresh(ids):
    """Write only the rows that changed: a new quarter's figure changes two or three of an indicator's rows,
    not all forty, and an import of a few figures for hundreds of indicators writes little."""
    with transaction.atomic():
        list(Indicator.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
        stored = {(values[1], values[2]): (values[0], values[2:])
                  for values in AssessedPeriod.objects.filter(indicator_id__in=ids).values_list(
                      "pk", "indicator_id", *COMPARED)}
        new, kept = [], set()
        for indicator in _with_figures(Indicator.objects.filter(pk__in=ids)):
            for row in fresh_rows(indicator):
                pk, key = stored.get((row.indicator_id, row.period), (None, None))
                if key == _key(row):
                    kept.add(pk)
                else:
                    new.append(row)
        stale = [pk for pk, _ in stored.values() if pk not in kept]
        for start in range(0, len(stale), 2000):
            AssessedPeriod.objects.filter(pk__in=stale[start:start + 2000]).delete()
        AssessedPeriod.objects.bulk_create(new, batch_size=2000)


def _with_figures(indicators):
    return indicators.select_related("partnership").prefetch_related(
        models.Prefetch("targets", queryset=Target.objects.with_profiles()),
        models.Prefetch("observations", queryset=Observation.objects.filter(area=None, population_group=None),
                        to_attr="headline_observations"),
    )


def fresh_rows(indicator):
    """The AssessedPeriods (unsaved) of an indicator fetched with its targets and headline observations."""
    rows = []
    for position, row in enumerate(assess_periods(indicator)):
        result = row.assessment
        stored = AssessedPeriod(
            indicator_id=indicator.pk, partnership_id=indicator.partnership_id, position=position,
            observation_ref=row.observation.pk if row.observation is not None else None,
            target_ref=row.target.pk if row.target is not None else None,
            baseline_ref=row.baseline.pk if row.baseline is not None else None,
            earlier_ref=row.earlier.pk if row.earlier is not None else None,
            status=result.status.value, direction=row.direction.value, rule=result.rule,
            actual=_text(result.actual), target=_text(result.target), compared_target=_text(result.compared_target),
            variance=_text(result.variance), favourable_variance=_text(result.favourable_variance),
            percentage_variance=_text(result.percentage_variance),
        )
        stored.set_period(row.period)
        rows.append(stored)
    if rows:
        rows[-1].last = True
        reported = [r for r in rows if r.observation_ref is not None]
        if reported:
            max(reported, key=lambda r: (r.period_end, -r.period_start.toordinal())).latest_reported = True
    return rows


COMPARED = ["period", "period_start", "period_end", "position", "latest_reported", "last", "observation_ref", "target_ref", "baseline_ref",
            "earlier_ref", "status", "direction", "rule", "actual", "target", "compared_target", "variance",
            "favourable_variance", "percentage_variance"]


def _key(row):
    return tuple(getattr(row, name) for name in COMPARED)


def differences(indicators):
    """For each indicator whose stored rows differ from a fresh assessment: (indicator, stored, fresh) as
    lists of tuples of COMPARED. `indicators` is a queryset; read in chunks."""
    ids = list(indicators.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        stored = {}
        for row in AssessedPeriod.objects.filter(indicator_id__in=chunk).order_by("indicator_id", "position"):
            stored.setdefault(row.indicator_id, []).append(_key(row))
        for indicator in _with_figures(Indicator.objects.filter(pk__in=chunk).order_by("pk")):
            fresh = [_key(row) for row in fresh_rows(indicator)]
            if stored.get(indicator.pk, []) != fresh:
                yield indicator, stored.get(indicator.pk, []), fresh


@contextlib.contextmanager
def deferred():
    """Gather the indicators changed inside the block and reassess each once when it ends without error."""
    if _pending.get() is not None:  # already inside one: the outer block reassesses
        yield
        return
    pending = set()
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    refresh_assessments(pending)


def changed(*indicator_ids):
    """Say that these indicators' assessments are stale: reassess now, or at the end of deferred()."""
    pending = _pending.get()
    if pending is not None:
        pending.update(i for i in indicator_ids if i is not None)
    else:
        refresh_assessments(indicator_ids)


class StoredRow(namedtuple("StoredRow", READ)):
    """An AssessedPeriod as read by pages: a tuple, as tens of thousands of model instances cost seconds."""


def _stored_rows(rows):
    by_indicator = {}
    for values in rows.order_by("indicator_id", "position").values_list("indicator_id", *READ):
        by_indicator.setdefault(values[0], []).append(StoredRow(*values[1:]))
    return by_indicator


def attach_stored(indicators):
    """Give each indicator (fetched by with_assessment_data for the whole place) all its stored rows, as
    stored_periods, in one query."""
    if not indicators:
        return
    found = _stored_rows(AssessedPeriod.objects.filter(indicator_id__in=[i.pk for i in indicators]))
    for indicator in indicators:
        indicator.stored_periods = found.get(indicator.pk, [])


def _up_to(rows, up_to, end):
    """The rows a report as of a round sees: periods ending by up_to, and those with no figure."""
    return rows if up_to is None else [r for r in rows if r.observation_ref is None or end(r) <= up_to]


def _candidates(indicator, found, period, up_to=None, headline=True):
    """Of an indicator's stored rows, the one that will be its headline and the one for `period`, so that
    only their figures and targets are fetched. The headline is chosen here as evaluation.headline chooses
    it from assessed rows: the latest period (ending last, the longer when two end together) with a figure or
    a note, a judgement, or no figure past its deadline (then Overdue); with none, the last period."""
    if not headline:
        return [r for r in found if r.period == period]
    periods = {r.period: parse_period(r.period) for r in found}
    found = _up_to(found, up_to, lambda r: periods[r.period].end)
    if not found:
        return []
    until = overdue_until(indicator)
    judged = {j.period for j in indicator.judgement_list}
    reported = [r for r in found if r.observation_ref is not None or r.period in judged
                or (until is not None and periods[r.period].end <= until)]
    head = (max(reported, key=lambda r: (periods[r.period].end, -periods[r.period].start.toordinal()))
            if reported else found[-1])
    return [r for r in found if r is head or r.period == period]


def _unassessed(ids):
    """{indicator id: (its rows assessed afresh, its headline figures, its targets)} for those of these indicators (which have no stored rows) that
    have figures all the same. A fixed number of queries; normally none, as migrate, imports and saves keep
    the store complete, but a list must never show "no data" for an indicator that has figures."""
    if not ids:
        return {}
    with_figures = (set(Observation.objects.filter(indicator_id__in=ids, area=None, population_group=None)
                        .values_list("indicator_id", flat=True).distinct())
                    | set(Target.objects.filter(indicator_id__in=ids, kind="target")
                          .values_list("indicator_id", flat=True).distinct()))
    if not with_figures:
        return {}
    from placeboard.performance.evaluation import period_rows

    return {indicator.pk: (period_rows(indicator), indicator.headline_observations, list(indicator.targets.all()))
            for indicator in Indicator.objects.filter(pk__in=with_figures).with_assessment_data()}


def attach_headlines(indicators, period=None, people=False, up_to=None, headline=True):
    """Give each indicator (fetched by with_headlines) the stored row that is its headline
    (evaluation.headline: the latest period with a figure, a judged period, a period with no figure whose
    deadline has passed, the last period) and the one for `period`, with only the figures and targets those
    rows refer to. Three queries, through the (indicator, period) index, however many figures there are.

    With up_to (a date: a report as of a reporting round), figures for periods ending after it are left out,
    as if not yet reported; then every stored row is read (as tuples), as the latest reported by that date
    is not marked. With headline=False, only the row for `period` (and each indicator's last row, to know
    it has stored rows at all), for a page that shows no headline."""
    if not indicators:
        return
    judged = {j.period for indicator in indicators for j in indicator.judgement_list}
    wanted = models.Q(latest_reported=True) | models.Q(last=True) | models.Q(observation_ref__isnull=True)
    if not headline:
        wanted = models.Q(last=True) | models.Q(period=period)
    elif judged or period:
        wanted |= models.Q(period__in=judged | ({period} if period else set()))
    stored = AssessedPeriod.objects.filter(indicator_id__in=[i.pk for i in indicators])
    rows = _stored_rows(stored.filter(wanted) if up_to is None else stored)
    for indicator in indicators:
        indicator.headline_up_to = up_to
        if indicator.pk in rows:
            rows[indicator.pk] = _candidates(indicator, rows[indicator.pk], period, up_to, headline)
    refs = [r for found in rows.values() for r in found]
    observations = Observation.objects.filter(
        pk__in={r.observation_ref for r in refs if r.observation_ref} | {r.earlier_ref for r in refs if r.earlier_ref})
    if people:
        observations = observations.select_related("updated_by")
    by_indicator = {}
    for observation in observations:
        by_indicator.setdefault(observation.indicator_id, []).append(observation)
    targets = {}
    for target in Target.objects.filter(pk__in={r.target_ref for r in refs if r.target_ref}
                                        | {r.baseline_ref for r in refs if r.baseline_ref}):
        targets.setdefault(target.indicator_id, []).append(target)
    unassessed = _unassessed([i.pk for i in indicators if i.pk not in rows])
    for indicator in indicators:
        if indicator.pk in unassessed:  # figures but no stored rows: written by something that bypassed them
            indicator.headline_candidates = None
            indicator.fresh_rows, indicator.headline_observations, indicator.headline_targets = unassessed[indicator.pk]
            continue
        indicator.headline_candidates = rows.get(indicator.pk, [])
        indicator.headline_observations = by_indicator.get(indicator.pk, [])
        indicator.headline_targets = targets.get(indicator.pk, [])
        for figure in (*indicator.headline_observations, *indicator.headline_targets):
            figure.indicator = indicator  # as prefetch_related would: target.display() formats by it


# -- signals: saves and deletes of single rows ------------------------------------------------------------

def _own_deletion(sender, origin):
    """Whether a delete started with this kind of row: one cascading from its indicator (or the
    partnership) needs nothing, as the indicator's stored rows go with it."""
    model = origin.model if isinstance(origin, models.QuerySet) else type(origin)
    return model is sender


def _observation_saved(sender, instance, raw=False, **kwargs):
    if not raw and instance.area_id is None and instance.population_group_id is None:
        changed(instance.indicator_id)


def _observation_deleted(sender, instance, origin=None, **kwargs):
    if _own_deletion(sender, origin) and instance.area_id is None and instance.population_group_id is None:
        changed(instance.indicator_id)


def _target_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        changed(instance.indicator_id)


def _target_deleted(sender, instance, origin=None, **kwargs):
    if _own_deletion(sender, origin):
        changed(instance.indicator_id)


def _profile_point_changed(sender, instance, raw=False, origin=None, **kwargs):
    if raw or (origin is not None and not _own_deletion(sender, origin)):
        return
    indicator_id = Target.objects.filter(pk=instance.target_id).values_list("indicator_id", flat=True).first()
    changed(indicator_id)


def _indicator_saved(sender, instance, created=False, raw=False, **kwargs):
    # A new indicator has no figures yet; a saved one may have a new polarity, band or tolerance.
    if not raw and not created:
        changed(instance.pk)


def _partnership_saving(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    instance._tolerance_before = sender.objects.filter(pk=instance.pk).values_list(
        "default_tolerance_kind", "default_tolerance_amount").first()


def _partnership_saved(sender, instance, created=False, raw=False, **kwargs):
    before = getattr(instance, "_tolerance_before", None)
    if raw or created or before is None:
        return
    if before != (instance.default_tolerance_kind, instance.default_tolerance_amount):
        # Only indicators without a tolerance of their own use the partnership's default.
        own = models.Q(tolerance_amount__isnull=False) & ~models.Q(tolerance_kind="")
        changed(*Indicator.objects.filter(partnership=instance).exclude(own).values_list("pk", flat=True))


def fill_missing(**kwargs):
    """After migrate: assess the indicators that have figures but no stored rows (an installation from
    before stored assessments, or rows written by a tool that bypassed Placeboard)."""
    using = kwargs.get("using", "default")
    has_rows = models.Exists(AssessedPeriod.objects.filter(indicator=models.OuterRef("pk")))
    has_figures = (models.Exists(Target.objects.filter(indicator=models.OuterRef("pk"), kind="target"))
                   | models.Exists(Observation.objects.filter(indicator=models.OuterRef("pk"), area=None,
                                                              population_group=None)))
    missing = Indicator.objects.using(using).filter(has_figures).exclude(has_rows).values_list("pk", flat=True)
    refresh_assessments(list(missing))


def connect():
    from django.apps import apps
    from django.db.models.signals import post_migrate

    from placeboard.core.models import Partnership

    post_migrate.connect(fill_missing, sender=apps.get_app_config("performance"), dispatch_uid="stored_fill")

    post_save.connect(_observation_saved, sender=Observation, dispatch_uid="stored_observation_saved")
    post_delete.connect(_observation_deleted, sender=Observation, dispatch_uid="stored_observation_deleted")
    post_save.connect(_target_saved, sender=Target, dispatch_uid="stored_target_saved")
    post_delete.connect(_target_deleted, sender=Target, dispatch_uid="stored_target_deleted")
    post_save.connect(_profile_point_changed, sender=ProfilePoint, dispatch_uid="stored_profile_saved")
    post_delete.connect(_profile_point_changed, sender=ProfilePoint, dispatch_uid="stored_profile_deleted")
    post_save.connect(_indicator_saved, sender=Indicator, dispatch_uid="stored_indicator_saved")
    pre_save.connect(_partnership_saving, sender=Partnership, dispatch_uid="stored_partnership_saving")
    post_save.connect(_partnership_saved, sender=Partnership, dispatch_uid="stored_partnership_saved")
