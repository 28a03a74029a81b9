"""What the demo publishes on the public performance site (docs/public-performance.md): some of Wiltshire's
indicators one by one, Coventry's Children and Young People ambition whole, and a few figures' commentary.

The seeds' figures are the papers' published results, loaded as final (demo.py) except where a paper calls one
provisional (NI 073, NI 075, NI 093 and NI 094 in 2009/10 Q2; Coventry's CYP 4 in 2005/06): those stay
provisional, so the demo shows "provisional figures not yet published" beside the latest final figure."""

from django.db import transaction

from placeboard.core.models import Theme
from placeboard.performance.models import Indicator, Observation

# Indicators published one by one: NI 004 has benchmarks against England and similar councils, NI 075 area
# figures, NI 073 and NI 075 a provisional latest figure.
PUBLIC_INDICATORS = {"wiltshire": ["NI 004", "NI 072", "NI 073", "NI 075", "NI 092", "NI 110"]}
PUBLIC_THEMES = {"coventry": ["CYP"]}  # top-level themes: every indicator under them
# (indicator code, period) whose final whole-place figure's commentary is published.
PUBLIC_COMMENTARY = {
    "wiltshire": [("NI 072", "2009/10 Q2"), ("NI 004", "2008/09")],
    "coventry": [("CYP 36", "2006/07 Q1"), ("CYP 41", "2006/07 H1")],
}


@transaction.atomic
def load_demo_public():
    """Idempotent: loading the demo again marks the same again."""
    for slug, codes in PUBLIC_INDICATORS.items():
        Indicator.objects.filter(partnership__slug=slug, code__in=codes).update(public=True)
    for slug, codes in PUBLIC_THEMES.items():
        Theme.objects.filter(partnership__slug=slug, code__in=codes, parent=None).update(public=True)
    for slug, pairs in PUBLIC_COMMENTARY.items():
        for code, period in pairs:
            Observation.objects.filter(indicator__partnership__slug=slug, indicator__code=code, period=period,
                                       area=None, population_group=None, status=Observation.Status.FINAL
                                       ).update(note_public=True)
