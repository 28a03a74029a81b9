"""Postcode lists for areas: normalising UK postcodes, reading an area's list from CSV, and asking
whether a postcode lies within an area (for a participatory-budgeting round's voters).

The top part is plain Python that touches no database, so it can be tested without one; the functions
at the end query the areas' lists."""

import csv
import io
import re
from dataclasses import dataclass

from django.db import transaction

from placeboard.core import audit
from placeboard.core.models import Area, AreaPostcode

# Royal Mail's rules for the outward code (A9, A99, AA9, AA99, A9A, AA9A) and the inward code
# (a digit, then two letters never C, I, K, M, O or V), checked on the upper-case form without spaces.
# GIR 0AA (Girobank) is the one postcode outside the pattern.
_FIRST = "[A-PR-UWYZ]"  # no Q, V or X first
_SECOND = "[A-HK-Y]"  # no I, J or Z second
_OUTWARD = (
    f"{_FIRST}[0-9][0-9]?"
    f"|{_FIRST}{_SECOND}[0-9][0-9]?"
    f"|{_FIRST}[0-9][A-HJKPSTUW]"
    f"|{_FIRST}{_SECOND}[0-9][ABEHMNPRVWXY]"
)
_INWARD = "[0-9][ABD-HJLNP-UW-Z]{2}"
_COMPACT = re.compile(f"GIR0AA|(?:{_OUTWARD}){_INWARD}")

MAX_ROWS = 200_000
MAX_PROBLEMS = 20  # listed in full; the rest are counted


def _shown(text, limit=20):
    """The text as typed, cut short so a pasted paragraph does not swamp the message."""
    text = text.strip()
    return text if len(text) <= limit else text[:limit] + "…"


def normalise_postcode(text):
    """'sn151er', ' SN15  1ER ' → 'SN15 1ER'; ValueError saying why for anything not a UK postcode."""
    compact = "".join(text.split())
    if not compact:
        raise ValueError("no postcode given")
    # ASCII first: upper() turns some other letters into Latin ones ('ı' into 'I').
    if not compact.isascii() or not _COMPACT.fullmatch(compact.upper()):
        raise ValueError(f"'{_shown(text)}' is not a UK postcode")
    compact = compact.upper()
    return f"{compact[:-3]} {compact[-3:]}"


@dataclass
class PostcodeList:
    postcodes: list  # normalised, each once, in the order of the file
    rows: int  # the data rows read, blank rows not counted


class PostcodeFileError(Exception):
    """Everything wrong with a file: the first problems in full, and how many more there were."""

    def __init__(self, problems, more=0):
        super().__init__(problems, more)
        self.problems = problems
        self.more = more

    def __str__(self):
        return "; ".join(self.messages())

    def messages(self):
        if not self.more:
            return list(self.problems)
        return [*self.problems, f"and {self.more:,} more problem{'s' if self.more != 1 else ''}"]


def read_postcode_csv(filename, data, *, max_rows=MAX_ROWS, max_problems=MAX_PROBLEMS):
    """A PostcodeList from the bytes of a CSV file with a header row naming a postcode column.

    Other columns are ignored. Raises PostcodeFileError listing every problem (up to
    max_problems, then a count), each naming the file, row and column."""
    try:
        text = data.decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a byte-order mark
    except UnicodeDecodeError:
        raise PostcodeFileError([
            f"{filename} is not UTF-8 text. In Excel, save it as \u201cCSV UTF-8 (Comma delimited)\u201d "
            f"and upload it again."
        ]) from None
    if not text.strip():
        raise PostcodeFileError([f"{filename} is empty."])
    problems, more = [], 0
    seen = {}  # a dict keeps the file's order
    rows = 0
    # newline="" lets the csv module handle line breaks inside quoted cells itself; strict refuses a quotation
    # mark left open, which would otherwise swallow the rest of the file into one cell.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    number = 0  # the last row read, as a spreadsheet numbers them (the header is row 1)
    try:
        header = [cell.strip() for cell in next(reader)]
        number = 1
        columns = [i for i, name in enumerate(header) if name.lower() == "postcode"]
        if not columns:
            raise PostcodeFileError([
                f"{filename}, row 1: there is no postcode column. The first row must name the columns, "
                f"and one of them must be postcode."
            ])
        if len(columns) > 1:
            raise PostcodeFileError([f"{filename}, row 1: {len(columns)} columns are called postcode; keep one."])
        index, column = columns[0], header[columns[0]]
        for number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            rows += 1
            if rows > max_rows:
                # Stop reading: the file is refused whatever the rest holds.
                raise PostcodeFileError([
                    f"{filename} has more than {max_rows:,} rows; an area's list can have at most "
                    f"{max_rows:,} postcodes."
                ])
            try:
                seen[normalise_postcode(row[index] if index < len(row) else "")] = None
            except ValueError as exc:
                if len(problems) < max_problems:
                    problems.append(f"{filename}, row {number}, column {column}: {exc}")
                else:
                    more += 1
    except csv.Error as exc:
        # The rest of the file cannot be read reliably, so say where it went wrong and stop.
        problems.append(f"{filename}, row {number + 1}: this row is not valid CSV "
                        f"({exc}); look for a quotation mark that is not closed.")
    if problems:
        raise PostcodeFileError(problems, more)
    if not seen:
        raise PostcodeFileError([f"{filename} has no postcodes below its header row."])
    return PostcodeList(list(seen), rows)


# ---------------------------------------------------------------------------------------------
# Django side


def area_ids_within(area):
    """The pks of the area and of every area below it, at any depth, from one query of the partnership's tree."""
    children = {}
    for pk, parent_id in Area.objects.filter(partnership_id=area.partnership_id).values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, todo = {area.pk}, [area.pk]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found:  # a guard against a cycle saved before clean() refused it
                found.add(child)
                todo.append(child)
    return found


def postcode_in_area(area, postcode):
    """Whether the postcode is listed for the area or for any area below it.

    False for text that is not a postcode; call normalise_postcode first to tell someone why.
    One query, or two when the postcode is listed only for other areas (then the tree is read)."""
    try:
        postcode = normalise_postcode(postcode)
    except ValueError:
        return False
    # The areas listing the postcode are few (found by the postcode index); walk up from each.
    listed = set(AreaPostcode.objects.filter(postcode=postcode, area__partnership_id=area.partnership_id)
                 .values_list("area_id", flat=True))
    if area.pk in listed:
        return True
    if not listed:
        return False
    parents = dict(Area.objects.filter(partnership_id=area.partnership_id).values_list("pk", "parent_id"))
    for node in listed:
        seen = set()
        while node is not None and node not in seen:
            if node == area.pk:
                return True
            seen.add(node)
            node = parents.get(node)
    return False


def area_has_postcodes(area):
    """Whether the area or any area below it lists a postcode: without a list, no voter can be found in it.

    Two queries: the areas within it, then whether any of them has a postcode."""
    return AreaPostcode.objects.filter(area_id__in=area_ids_within(area)).exists()


def replace_area_postcodes(area, postcodes, user):
    """Make the area's list exactly these normalised postcodes, in one transaction with one audit event.

    The area's row is locked first, so two imports at once run one after the other: otherwise the second
    one's delete missed the rows the first had just added, and its own inserts broke the list's uniqueness.
    Returns (how many there were, how many there are)."""
    postcodes = list(dict.fromkeys(postcodes))
    with transaction.atomic():
        Area.objects.select_for_update().get(pk=area.pk)
        before = area.postcodes.count()
        area.postcodes.all().delete()
        AreaPostcode.objects.bulk_create((AreaPostcode(area=area, postcode=p) for p in postcodes), batch_size=5000)
        audit.record(user, "update", area, {"postcodes": [str(before), str(len(postcodes))]})
    return before, len(postcodes)
