"""A target revision for the demo (docs/approval.md, "Target revisions"), loaded after the seed figures.

Seed 003 §3.5 says Coventry uses "trajectory planning ... to review, develop and if necessary amend our annual
targets", and its row 48 (CYP 48, schools with an approved travel plan) is the one target it prints as a
trajectory: 40%, 55%, 70%, 85% towards 100% by March 2010. The seed prints no amended value, so the revision
here is an illustration, and its reason says so. Idempotent: a target already revised is not revised again, but
keeps its revised value when the seed figures were loaded again over it. Call it after load_demo_indicators."""

import datetime
from decimal import Decimal

from placeboard.performance.models import Target
from placeboard.performance.revisions import revise_target

# (partnership slug, indicator code, target period, new value, in force from, reason)
REVISIONS = [
    ("coventry", "CYP 48", "2006/07", Decimal("52"), datetime.date(2006, 10, 1),
     # An illustration: seed 003 (§3.5, row 48) prints the trajectory but no amended value.
     "In-year review of the trajectory to 100% travel plan coverage by March 2010: schools' plans are arriving "
     "later than profiled, so this year's step is smaller and the later years' larger."),
]


def load_demo_revisions(user=None):
    """Make each revision not already made; returns how many were. `user` is who made them (None: the demo)."""
    made = 0
    for slug, code, period, value, effective_from, reason in REVISIONS:
        target = (Target.objects.filter(indicator__partnership__slug=slug, indicator__code=code, kind="target",
                                        period=period).select_related("indicator").first())
        if target is None:
            continue
        last = target.revisions.order_by("-effective_from", "-id").first()
        if last is not None:
            # Loading the seed figures again (load_demo_indicators) put back the printed target: the revision
            # stands, so its value does too, quietly, as the loader's own saves are.
            if target.value != last.new_value:
                target.value = last.new_value
                target.save(update_fields=["value", "updated_at"])
            continue
        revise_target(target=target, new_value=value, reason=reason, effective_from=effective_from, user=user)
        made += 1
    return made
