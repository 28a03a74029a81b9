"""Importing a filled-in data return (a round's workbook): actuals, skipping the rows left blank."""

from placeboard.imports.importers.actuals import check_actuals
from placeboard.imports.importers.plan import Change


def check_return(partnership, table, reader, plan, access):
    kept = []
    for number, cells in table.rows:
        if reader.get(cells, "value") or reader.get(cells, "expected"):
            kept.append((number, cells))
        else:
            plan.changes.append(Change(number, "skipped", f"{reader.get(cells, 'indicator')}: left blank"))
    table.rows = kept
    yield from check_actuals(partnership, table, reader, plan, access)
