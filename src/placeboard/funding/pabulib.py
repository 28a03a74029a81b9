"""Participatory budgeting rounds as Pabulib `.pb` files: pure text, no database.

Pabulib (pabulib.org) is the research community's library of participatory budgeting elections, and pabutools
reads it (`pabutools.election.parse_pabulib_from_string`). A file has three sections, each a name line, a header
line and rows of fields separated by ";": META (key;value), PROJECTS (project_id;cost;votes;name) and VOTES
(voter_id;vote, the vote being the chosen project ids separated by commas).

The ballots are anonymised: shuffled (the caller's order, which may be the order people voted in, is never kept)
and numbered 1..n afresh, with each ballot's choices in project order. Projects are numbered 1..m in the order
given."""

import secrets
import unicodedata
from decimal import Decimal

REQUIRED = ("description", "country", "unit", "instance", "budget", "rule")
WRITTEN = REQUIRED + ("num_projects", "num_votes", "vote_type", "date_begin", "date_end", "min_length", "max_length")


def dump(meta, projects, ballots, rng=None):
    """The round as Pabulib text.

    meta: {key: value} with description, country, unit, instance, budget (Decimal) and rule, and optionally
    date_begin, date_end, max_length (the most projects a ballot may choose) and any other Pabulib META keys;
    num_projects, num_votes and vote_type (approval) are worked out here. projects: [(key, name, cost)];
    ballots: [set of keys] (keys not among the projects are left out). rng: a random.Random for tests; by default
    the shuffle uses the operating system's randomness, so it cannot be replayed."""
    missing = [key for key in REQUIRED if meta.get(key) in (None, "")]
    if missing:
        raise ValueError(f"A Pabulib file needs {', '.join(missing)} in its META section.")
    ids = {key: index for index, (key, _, _) in enumerate(projects, start=1)}
    if len(ids) != len(projects):
        raise ValueError("Each project must appear once.")
    votes = dict.fromkeys(ids, 0)
    rows = []
    for ballot in ballots:
        chosen = {key for key in ballot if key in ids}
        for key in chosen:
            votes[key] += 1
        rows.append(",".join(str(i) for i in sorted(ids[key] for key in chosen)))
    (rng or secrets.SystemRandom()).shuffle(rows)

    fields = {"description": meta["description"], "country": meta["country"], "unit": meta["unit"],
              "instance": meta["instance"], "num_projects": len(projects), "num_votes": len(ballots),
              "budget": _amount(meta["budget"]), "vote_type": "approval", "rule": meta["rule"]}
    for key in ("date_begin", "date_end", "min_length", "max_length"):
        if meta.get(key) not in (None, ""):
            fields[key] = meta[key]
    fields.update((key, value) for key, value in meta.items() if key not in WRITTEN and value not in (None, ""))

    lines = ["META", "key;value"]
    lines += [f"{_field(key)};{_field(value)}" for key, value in fields.items()]
    lines += ["PROJECTS", "project_id;cost;votes;name"]
    lines += [f"{ids[key]};{_amount(cost)};{votes[key]};{_field(name)}" for key, name, cost in projects]
    lines += ["VOTES", "voter_id;vote"]
    lines += [f"{voter};{row}" for voter, row in enumerate(rows, start=1)]
    return "\n".join(lines) + "\n"


def _amount(value):
    """Whole pounds where whole ("1000"), otherwise pounds and pence ("12.50"): pabutools reads either as an
    exact fraction."""
    value = Decimal(value)
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(f"{value} is not a whole number of pence.")
    return f"{value:.0f}" if value == value.to_integral_value() else f"{value:.2f}"


def _field(value):
    """Text that cannot break the file. Pabulib has no escaping: ";" always separates fields, any line break
    (including the Unicode ones Python's splitlines honours) ends a row, and pabutools' CSV reader takes a
    leading '"' as quoting. So ";" becomes ",", control characters and line breaks become spaces, '"' becomes
    "'", and the ends are trimmed as readers trim them anyway."""
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in str(value))
    return text.replace(";", ",").replace('"', "'").strip()
