"""Rules of the community issue system, in pure Python (no Django): routing by
area × category, possible duplicates, and the status workflow (docs/engagement.md)."""

import re
from difflib import SequenceMatcher

NEW, ACCEPTED, IN_PROGRESS, REFERRED, RESOLVED, CLOSED_NOT_OURS, CLOSED_DUPLICATE = (
    "new", "accepted", "in_progress", "referred", "resolved", "closed_not_ours", "closed_duplicate")

# Where an issue may go next from each status.
TRANSITIONS = {
    NEW: {ACCEPTED, IN_PROGRESS, REFERRED, CLOSED_NOT_OURS, CLOSED_DUPLICATE},
    ACCEPTED: {IN_PROGRESS, REFERRED, RESOLVED, CLOSED_DUPLICATE},
    IN_PROGRESS: {REFERRED, RESOLVED},
    REFERRED: {ACCEPTED, IN_PROGRESS, REFERRED, CLOSED_NOT_OURS, CLOSED_DUPLICATE},
    RESOLVED: {IN_PROGRESS},  # reopened
    CLOSED_NOT_OURS: {NEW},  # reopened and routed again
    CLOSED_DUPLICATE: {NEW},
}
OPEN = {NEW, ACCEPTED, IN_PROGRESS, REFERRED}


def allowed_next(status):
    return TRANSITIONS.get(status, set())


def route(area, category, rules, area_ancestors):
    """The organisation of the most specific rule for an issue, or None.

    `rules` are (area or None, category or None, organisation); None matches any.
    A rule for the issue's own category beats one for any category; then a rule
    for the issue's own area beats one for an area above it (the nearer the
    better), which beats one for any area. `area_ancestors[area]` lists the areas
    above `area`, nearest first."""
    chain = [area, *area_ancestors.get(area, ())]
    best, best_key = None, None
    for rule_area, rule_category, organisation in rules:
        if rule_category is not None and rule_category != category:
            continue
        if rule_area is None:
            distance = len(chain)
        elif rule_area in chain:
            distance = chain.index(rule_area)
        else:
            continue
        key = (rule_category is None, distance)
        if best_key is None or key < best_key:
            best, best_key = organisation, key
    return best


STOP_WORDS = {"the", "a", "an", "and", "or", "of", "in", "on", "at", "to", "is", "are", "by", "for", "near",
              "outside", "with", "from", "our", "my", "there", "it", "its", "this", "that", "not", "no"}


def words(text):
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP_WORDS and len(w) > 1}


def similarity(a, b):
    """How alike two titles are, from 0 to 1: the larger of the shared-word share and the character match."""
    wa, wb = words(a), words(b)
    shared = len(wa & wb) / len(wa | wb) if wa and wb else 0.0
    x, y = a.lower().strip(), b.lower().strip()
    chars = max(SequenceMatcher(None, x, y).ratio(), SequenceMatcher(None, y, x).ratio())  # either order
    return max(shared, chars)


def possible_duplicates(title, candidates, threshold=0.5, limit=5):
    """The (key, title) candidates most like the title, best first, at or above the threshold."""
    scored = [(similarity(title, t), key, t) for key, t in candidates]
    scored = [s for s in scored if s[0] >= threshold]
    scored.sort(key=lambda s: (-s[0], str(s[1])))
    return [(key, t) for _, key, t in scored[:limit]]
