"""Importing the indicator catalogue: indicators with their tags and the outcomes they measure."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from placeboard.core.models import Organisation, Outcome
from placeboard.imports.importers.cells import parse_bool, parse_choice, parse_number, split_list
from placeboard.imports.importers.plan import BATCH, Change
from placeboard.imports.importers.writer import bulk_audit, user_id_of
from placeboard.performance import stored
from placeboard.performance.figures import audit_text, same
from placeboard.performance.models import Indicator, IndicatorTag

DECIMAL_FIELDS = ["minimum_value", "maximum_value", "band_low", "band_high", "tolerance_amount"]
# The fields whose DecimalField is not the figures' (20 digits, 6 after the point).
STORABLE = {name: {"digits": Indicator._meta.get_field(name).max_digits,
                   "places": Indicator._meta.get_field(name).decimal_places} for name in ["tolerance_amount"]}
TEXT_FIELDS = ["title", "definition", "rationale", "units", "data_source", "reporting_organisation", "owner"]
CHOICE_FIELDS = ["value_type", "polarity", "collection_interval", "spatial_level", "tolerance_kind"]


@dataclass
class IndicatorStep:
    """One indicator to create or change, with its tags and outcomes and the audit event's changes."""

    action: str  # "create" or "update"
    indicator: Indicator
    tag_names: list
    outcomes: list
    changes: dict


class _RowProblems:
    """Problems of one row, recorded as they are found; `bad` once there is one."""

    def __init__(self, reader, number):
        self.reader, self.number, self.bad = reader, number, False

    def __call__(self, column, message):
        self.reader.problem(self.number, column, message)
        self.bad = True


def _choices_and_numbers(reader, cells, values, problem):
    for name in CHOICE_FIELDS:
        text = reader.get(cells, name)
        if name == "spatial_level" and not text:
            values[name] = Indicator.SpatialLevel.LOCAL_AUTHORITY
            continue
        if name == "tolerance_kind" and not text:
            values[name] = ""
            continue
        try:
            values[name] = parse_choice(text, Indicator._meta.get_field(name).choices)
        except ValueError as exc:
            problem(name, str(exc) if text else f"The {name.replace('_', ' ')} is blank.")
    for name in DECIMAL_FIELDS:
        text = reader.get(cells, name)
        try:
            values[name] = parse_number(text, **STORABLE.get(name, {})) if text else None
        except ValueError as exc:
            problem(name, str(exc))
    places = reader.get(cells, "decimal_places")
    if places and not (places.isdigit() and int(places) <= 6):
        problem("decimal_places", f"'{places}' should be a whole number from 0 to 6.")
    values["decimal_places"] = int(places) if places.isdigit() else 1
    try:
        values["cumulative"] = parse_bool(reader.get(cells, "cumulative"))
    except ValueError as exc:
        problem("cumulative", str(exc))


class _Catalogue:
    """The partnership's indicators, organisations and outcomes, fetched once."""

    def __init__(self, partnership, reader, plan):
        self.partnership, self.reader, self.plan = partnership, reader, plan
        self.existing = {i.code.lower(): i for i in Indicator.objects.filter(partnership=partnership)
                         .select_related("lead_organisation").prefetch_related("tags", "outcomes")}
        self.organisations = {}
        for org in Organisation.objects.filter(partnership=partnership):
            self.organisations[org.name.lower()] = org
            if org.short_name:
                self.organisations.setdefault(org.short_name.lower(), org)
        self.outcomes = {o.code.lower(): o for o in Outcome.objects.filter(partnership=partnership)}

    def row(self, number, cells, code):
        """(values, tag names, outcomes) of a row, or None with its problems recorded."""
        reader, problem = self.reader, _RowProblems(self.reader, number)
        values = {"code": code}
        for name in TEXT_FIELDS:
            values[name] = reader.get(cells, name)
        _choices_and_numbers(reader, cells, values, problem)
        lead_text = reader.get(cells, "lead_organisation")
        values["lead_organisation"] = self.organisations.get(lead_text.lower()) if lead_text else None
        if lead_text and values["lead_organisation"] is None:
            problem("lead_organisation", f"There is no organisation called '{lead_text}' in "
                                         f"{self.partnership.name}.")
        outcome_list = []
        for outcome_code in split_list(reader.get(cells, "outcomes")):
            outcome = self.outcomes.get(outcome_code.lower())
            if outcome is None:
                problem("outcomes", f"There is no outcome with the code '{outcome_code}'.")
            outcome_list.append(outcome)
        return None if problem.bad else (values, split_list(reader.get(cells, "tags")), outcome_list)

    def plan_row(self, number, code, values, tag_names, outcome_list):
        indicator = self.existing.get(code.lower())
        created = indicator is None
        if created:
            indicator = Indicator(partnership=self.partnership)
        before = {k: getattr(indicator, k) for k in values} if not created else {}
        before_tags = sorted(t.name for t in indicator.tags.all()) if not created else []
        before_outcomes = sorted(o.code for o in indicator.outcomes.all()) if not created else []
        for k, v in values.items():
            setattr(indicator, k, v)
        problems = _indicator_rule_problems(indicator)
        for column, message in problems:
            self.reader.problem(number, column, message)
        if problems:
            return
        changed = [k for k in values if created or not same(before[k], values[k])]
        if sorted(tag_names) != before_tags:
            changed.append("tags")
        if sorted(o.code for o in outcome_list) != before_outcomes:
            changed.append("outcomes")
        if not created and not changed:
            self.plan.changes.append(Change(number, "unchanged", code))
            return
        self.plan.changes.append(Change(number, "create" if created else "update",
                                        f"{code} {values['title']}" if created else f"{code}: {', '.join(changed)}"))
        changes = {k: ["" if created else audit_text(before.get(k)), audit_text(values.get(k))]
                   for k in changed if k in values}
        if "tags" in changed:
            changes["tags"] = ["; ".join(before_tags), "; ".join(sorted(tag_names))]
        if "outcomes" in changed:
            changes["outcomes"] = ["; ".join(before_outcomes), "; ".join(sorted(o.code for o in outcome_list))]
        self.plan.ops.append(IndicatorStep("create" if created else "update", indicator, tag_names, outcome_list,
                                           changes))


def check_indicators(partnership, table, reader, plan, access):
    catalogue = _Catalogue(partnership, reader, plan)
    seen = {}
    for done, (number, cells) in enumerate(table.rows, start=1):
        if done % plan.progress_every == 0:
            yield "Checked", done, len(table.rows)
        code = reader.get(cells, "code")
        if not code:
            reader.problem(number, "code", "The indicator code is blank.")
            continue
        if code.lower() in seen:
            reader.problem(number, "code", f"This row repeats the code '{code}' of row {seen[code.lower()]}.")
            continue
        seen[code.lower()] = number
        row = catalogue.row(number, cells, code)
        if row is not None:
            catalogue.plan_row(number, code, *row)


def _indicator_rule_problems(indicator):
    problems = []
    try:
        indicator.clean_fields(exclude=["partnership", "lead_organisation"])
        indicator.clean()
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            for message in messages:
                problems.append(("" if name == "__all__" else name, message))
    low, high = indicator.minimum_value, indicator.maximum_value
    if low is not None and high is not None and low > high:
        problems.append(("minimum_value", "The minimum must not be above the maximum."))
    return problems


def _link_rows(steps, tags):
    """The tag and outcome links to write, and the indicators whose old links go first."""
    tag_links, outcome_links, relink_tags, relink_outcomes = [], [], [], []
    for step in steps:
        indicator = step.indicator
        if step.action == "create" or "tags" in step.changes:
            relink_tags.append(indicator.pk)
            tag_links.extend(Indicator.tags.through(indicator_id=indicator.pk, indicatortag_id=tag_id)
                             for tag_id in {tags[name.lower()].pk for name in step.tag_names})
        if step.action == "create" or "outcomes" in step.changes:
            relink_outcomes.append(indicator.pk)
            outcome_links.extend(Indicator.outcomes.through(indicator_id=indicator.pk, outcome_id=outcome_id)
                                 for outcome_id in {o.pk for o in step.outcomes})
    return tag_links, outcome_links, relink_tags, relink_outcomes


def apply_indicators(plan, user, partnership):
    """The whole catalogue in a fixed number of statements (apart from batches of BATCH): new tags, new and
    changed indicators, their tag and outcome links (replaced only where they changed) and the audit events."""
    user_id = user_id_of(user)
    tags = {t.name.lower(): t for t in IndicatorTag.objects.filter(partnership=partnership)}
    new_tags = {}
    for step in plan.ops:
        for name in step.tag_names:
            if name.lower() not in tags:
                tags[name.lower()] = new_tags[name.lower()] = IndicatorTag(partnership=partnership, name=name)
    IndicatorTag.objects.bulk_create(new_tags.values(), batch_size=BATCH)
    Indicator.objects.bulk_create([s.indicator for s in plan.ops if s.action == "create"], batch_size=BATCH)
    Indicator.objects.bulk_update([s.indicator for s in plan.ops if s.action == "update"],
                                  ["code", *TEXT_FIELDS, *CHOICE_FIELDS, *DECIMAL_FIELDS, "decimal_places",
                                   "cumulative", "lead_organisation"], batch_size=BATCH)
    tag_links, outcome_links, relink_tags, relink_outcomes = _link_rows(plan.ops, tags)
    for first in range(0, max(len(relink_tags), len(relink_outcomes)), BATCH):
        Indicator.tags.through.objects.filter(indicator_id__in=relink_tags[first:first + BATCH]).delete()
        Indicator.outcomes.through.objects.filter(indicator_id__in=relink_outcomes[first:first + BATCH]).delete()
    Indicator.tags.through.objects.bulk_create(tag_links, batch_size=BATCH)
    Indicator.outcomes.through.objects.bulk_create(outcome_links, batch_size=BATCH)
    bulk_audit(user_id, partnership, [("create", tag, {"name": ["", tag.name]}) for tag in new_tags.values()],
               IndicatorTag._meta.verbose_name)
    bulk_audit(user_id, partnership, [(s.action, s.indicator, s.changes) for s in plan.ops],
               Indicator._meta.verbose_name)
    # A changed indicator may have a new polarity, band or tolerance (bulk_update bypasses the signal that
    # reassesses it); a new one has no figures yet.
    stored.changed(*[s.indicator.pk for s in plan.ops if s.action == "update"])
    yield "Saved", len(plan.ops), len(plan.ops)
