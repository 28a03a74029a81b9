"""The catalogue of hostile and broken inputs (issue 14, 13).

Each case sends one input through one channel (tests/hostile/channels.py) and checks three things: the answer is
not a server error, it names the problem where a message is expected, and no table has gained or lost a row (an
import's upload may add its batch, which is what the preview reads). To add a case, add a line to a list below."""

import re
from dataclasses import dataclass, field
from typing import Callable

import pytest
from django.db import connection

from tests.hostile import cases_files, cases_forms
from tests.hostile.channels import IMPORT_STAGING, import_web
from tests.hostile.conftest import TALLY, row_counts


@dataclass(frozen=True)
class Case:
    id: str
    send: Callable  # world -> Answer
    expect: tuple = ()  # texts the answer must contain, each naming the problem
    staging: frozenset = field(default_factory=frozenset)  # tables the channel may add a row to by design


def _case(spec):
    case_id, send, *expect = spec
    staging = IMPORT_STAGING if getattr(send, "func", None) is import_web else ()
    return Case(case_id, send, tuple(expect), frozenset(staging))


CASES = [_case(spec) for spec in cases_files.CASES + cases_forms.CASES]
XFAIL = {**cases_files.XFAIL, **cases_forms.XFAIL}


def _known(case):
    """Whether the case is a known server error on this database."""
    return case.id in XFAIL and XFAIL[case.id][1] in (None, connection.vendor)


def _params():
    for case in CASES:
        marks = []
        if _known(case):
            reason, _, raises = XFAIL[case.id]
            marks.append(pytest.mark.xfail(strict=True, raises=raises, reason=reason))
        yield pytest.param(case, id=case.id, marks=marks)


def _changes(before, after, staging):
    return {label: after[label] - before[label] for label in before
            if after[label] != before[label] and not (label in staging and after[label] - before[label] == 1)}


def test_the_ids_are_unique():
    assert len({case.id for case in CASES}) == len(CASES) >= 40


def test_the_row_counts_see_a_row_saved_anywhere(world):
    before = row_counts()
    world.category  # noqa: B018 (saves a category and a routing rule)
    assert _changes(before, row_counts(), frozenset()) == {"engagement.IssueCategory": 1, "engagement.RoutingRule": 1}
    assert _changes(before, row_counts(), frozenset({"engagement.IssueCategory"})) == {"engagement.RoutingRule": 1}


@pytest.mark.parametrize("case", list(_params()))
def test_hostile_input(world, case):
    TALLY["inputs"] += 1
    # A known failure (xfail) is counted apart, so the totals' "0 server errors" means no new one.
    errors = "known_failures" if _known(case) else "server_errors"
    try:
        answer = case.send(world)
    except Exception:
        TALLY[errors] += 1
        raise
    assert world.before is not None, "the channel did not call world.sent() before sending"
    changes = _changes(world.before, row_counts(), case.staging)
    TALLY[errors] += answer.status >= 500
    TALLY["half_saved"] += sum(abs(n) for n in changes.values())
    assert answer.status < 500, answer.text[-3000:]
    assert not changes, f"rows added or removed: {changes}"
    read = _messages(answer.text, limit=None)
    missing = [text for text in case.expect if text not in answer.text and text not in read]
    assert not missing, f"the answer does not say {missing}:\n{_messages(answer.text)}"


def _messages(text, limit=2500):
    """What a person reads of a page (its main part, without tags), or a command's output, for a failure's message."""
    main = re.search(r"(?s)<main.*?</main>", text)
    words = " ".join(re.sub(r"(?s)<[^>]+>", " ", main.group(0) if main else text).split())
    return words[:limit]
