"""Wiltshire asks for sign-off, and its latest round is mid-approval (issue 18): of the whole-place figures of
*Progress report, 2009/10 Q2*, some are approved, the rest submitted, and one of Wiltshire Council's is returned
to its provider with a reason. Every other figure was published before sign-off began. Idempotent: a
partnership that already asks for sign-off is left alone."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from placeboard.core.models import Partnership
from placeboard.performance import approval
from placeboard.performance.models import Observation, ReportingRound

ROUND = "Progress report, 2009/10 Q2"
RETURNED_REASON = ("The figure is the same as last quarter's: please check it is this quarter's and not a "
                   "copy of Q1's.")


def load_demo_sign_off():
    partnership = Partnership.objects.filter(slug="wiltshire").first()
    round_ = ReportingRound.objects.filter(partnership=partnership, name=ROUND).first()
    if partnership is None or round_ is None or partnership.sign_off:
        return
    partnership.sign_off = True
    partnership.save(update_fields=["sign_off"])
    officer = get_user_model().objects.filter(username="officer").first()
    figures = list(Observation.objects.filter(indicator__partnership=partnership, period=round_.period, area=None,
                                              population_group=None, value__isnull=False)
                   .select_related("indicator__lead_organisation").order_by("indicator__code", "pk"))
    now = timezone.now()
    council = [o for o in figures if o.indicator.lead_organisation and
               o.indicator.lead_organisation.name == "Wiltshire Council"]
    returned = council[-1] if council else None
    for number, figure in enumerate(figures):
        if figure is returned:
            figure.approval, figure.approval_note = approval.RETURNED, RETURNED_REASON
        elif number % 2 == 0:
            figure.approval, figure.approved_value, figure.approved_by, figure.approved_at = (
                approval.APPROVED, figure.value, officer, now)
        else:
            figure.approval = approval.SUBMITTED
    Observation.objects.bulk_update(figures, ["approval", "approval_note", "approved_value", "approved_by",
                                              "approved_at"])
