"""Routing, duplicate suggestions and the status workflow of community issues, without Django."""

from hypothesis import given
from hypothesis import strategies as st

from placeboard.engagement import issue_rules as r

# Areas: 1 county > 2 community area > 3 neighbourhood; 4 another community area.
ANCESTORS = {1: [], 2: [1], 3: [2, 1], 4: [1]}
HIGHWAYS, ASB = "highways", "asb"


def test_most_specific_rule_wins():
    rules = [(None, None, "Council"), (None, ASB, "Police"), (2, ASB, "Chippenham police team"),
             (1, HIGHWAYS, "Highways"), (3, HIGHWAYS, "Parish")]
    assert r.route(3, ASB, rules, ANCESTORS) == "Chippenham police team"  # area 2 contains 3
    assert r.route(4, ASB, rules, ANCESTORS) == "Police"
    assert r.route(3, HIGHWAYS, rules, ANCESTORS) == "Parish"
    assert r.route(2, HIGHWAYS, rules, ANCESTORS) == "Highways"
    assert r.route(2, "litter", rules, ANCESTORS) == "Council"


def test_category_beats_area():
    rules = [(3, None, "Parish"), (None, ASB, "Police")]
    assert r.route(3, ASB, rules, ANCESTORS) == "Police"


def test_no_rule_no_route():
    assert r.route(3, ASB, [(4, ASB, "Elsewhere")], ANCESTORS) is None
    assert r.route(3, ASB, [], ANCESTORS) is None


def test_duplicates():
    candidates = [(1, "Pothole on Station Road"), (2, "Broken street light in the park"),
                  (3, "Potholes, Station Rd")]
    assert [k for k, _ in r.possible_duplicates("Large pothole on Station Road", candidates)] == [1, 3]
    assert r.possible_duplicates("Dog fouling", candidates) == []


def test_similarity_ignores_case_and_small_words():
    assert r.similarity("The pothole on Station Road", "POTHOLE STATION ROAD") == 1.0


def test_workflow():
    assert r.allowed_next("new") >= {"accepted", "referred", "closed_not_ours", "closed_duplicate"}
    assert "resolved" not in r.allowed_next("new")
    assert r.allowed_next("resolved") == {"in_progress"}
    assert all(status in r.TRANSITIONS for nexts in r.TRANSITIONS.values() for status in nexts)


@given(st.text(max_size=40), st.text(max_size=40))
def test_similarity_is_symmetric_and_bounded(a, b):
    assert 0.0 <= r.similarity(a, b) <= 1.0
    assert r.similarity(a, b) == r.similarity(b, a)
