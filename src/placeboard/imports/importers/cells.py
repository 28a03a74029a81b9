"""Reading the cells of an import's rows: headers, numbers, yes/no, choices and lists, with problems
recorded against the row and column they come from."""

import re
from decimal import Decimal, InvalidOperation

from openpyxl.utils import get_column_letter

from placeboard.imports.importers.plan import COLUMNS, REQUIRED
from placeboard.performance.figures import STORED_DIGITS, STORED_PLACES, check_storable
from placeboard.performance.models import Indicator


def normalise_header(name):
    return name.strip().lower().replace(" ", "_").replace("-", "_")


# A plain figure a stored DecimalField always holds exactly (at most 14 digits before the point, 6 after): taken
# as it is, without the checks below, as nearly every cell of a big file is one.
_PLAIN_FIGURE = re.compile(rf"-?[0-9]{{1,{STORED_DIGITS - STORED_PLACES}}}(?:\.[0-9]{{1,{STORED_PLACES}}})?")


def parse_number(text, *, digits=STORED_DIGITS, places=STORED_PLACES):
    """The number in a cell; refuses one a DecimalField of `digits` digits, `places` after the point, could
    not store exactly (rather than round it, which would also make every re-import count as a change)."""
    if digits == STORED_DIGITS and places == STORED_PLACES and _PLAIN_FIGURE.fullmatch(text):
        return Decimal(text)
    cleaned = text.replace(",", "").replace("£", "").strip()
    if cleaned.endswith("%"):
        cleaned = cleaned[:-1].strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"'{text}' is not a number.") from None
    if not value.is_finite():
        raise ValueError(f"'{text}' is not a number.")
    problem = check_storable(value, text, digits=digits, places=places)
    if problem:
        raise ValueError(problem)
    return value


TRUE, FALSE = {"yes", "y", "true", "1", "x"}, {"no", "n", "false", "0", ""}


def parse_bool(text):
    lowered = text.strip().lower()
    if lowered in TRUE:
        return True
    if lowered in FALSE:
        return False
    raise ValueError(f"'{text}' should be yes or no.")


def parse_choice(text, choices):
    lowered = text.strip().lower()
    for value, label in choices:
        if lowered in (value.lower(), str(label).lower()):
            return value
    options = ", ".join(value for value, _ in choices)
    raise ValueError(f"'{text}' is not one of: {options}.")


def split_list(text):
    return [part.strip() for part in text.replace("\n", ";").split(";") if part.strip()]


class RowReader:
    """The cells of the data rows by column name, with problems collected against the table."""

    def __init__(self, table, kind, plan):
        self.table, self.plan = table, plan
        self.index = {}
        allowed = COLUMNS[kind]
        for position, name in enumerate(table.header):
            key = normalise_header(name)
            if not key:
                continue
            if key not in allowed:
                plan.problems.append(table.problem(
                    f"Unknown column '{name}'. The columns are: {', '.join(allowed)}.", row=1, column=name))
            elif key in self.index:
                plan.problems.append(table.problem(f"The column '{name}' appears twice.", row=1, column=name))
            else:
                self.index[key] = position
        for name in allowed:
            if name in REQUIRED[kind] and name not in self.index:
                plan.problems.append(table.problem(
                    f"The column '{name}' is missing. The first row must name the columns: "
                    f"{', '.join(allowed)}.", row=1))

    def check_stray_cells(self):
        """Records every value in a column without a heading (after the last heading, or under a blank one):
        such a value would otherwise be silently ignored."""
        table = self.table
        unheaded = [position for position, name in enumerate(table.header) if not normalise_header(name)]
        for number, cells in table.rows:
            beyond = table.strays.get(number, [])  # the reader keeps rows no wider than the header
            if not unheaded and not beyond:
                continue
            for position in [*(p for p in unheaded if p < len(cells) and cells[p].strip()), *beyond]:
                self.problem(number, get_column_letter(position + 1), "A value with no column heading.")

    def get(self, cells, name):
        position = self.index.get(name)
        if position is None or position >= len(cells):
            return ""
        return cells[position]

    def problem(self, row, column, message):
        self.plan.problems.append(self.table.problem(message, row=row, column=column))


def indicators_by_code(partnership):
    return {i.code.lower(): i for i in Indicator.objects.filter(partnership=partnership)}


def indicator_problem(code, indicators, partnership):
    """(the indicator a code names, None) or (None, the problem in words)."""
    indicator = indicators.get(code.lower())
    if indicator is None:
        return None, (f"There is no indicator with the code '{code}' in {partnership.name}." if code
                      else "The indicator code is blank.")
    return indicator, None


def row_indicator(reader, number, cells, indicators, partnership):
    """The indicator a row's 'indicator' column names, or None with the problem recorded."""
    indicator, problem = indicator_problem(reader.get(cells, "indicator"), indicators, partnership)
    if problem:
        reader.problem(number, "indicator", problem)
    return indicator


BAD = object()  # a cell whose problem has been recorded; the row is skipped


def row_value(reader, number, cells, indicator):
    """The number in a row's 'value' column, None when blank, or BAD with the problem recorded."""
    text = reader.get(cells, "value")
    if not text:
        return None
    try:
        value = parse_number(text)
    except ValueError as exc:
        reader.problem(number, "value", str(exc))
        return BAD
    message = indicator.check_value(value)
    if message:
        reader.problem(number, "value", message)
        return BAD
    return value
