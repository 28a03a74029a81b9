"""The demo data of this app, loaded idempotently after the frameworks and indicators."""

from decimal import Decimal

from django.db import transaction

from placeboard.core.models import Outcome, Partnership, Theme
from placeboard.funding.annex3 import OUTCOMES, STREAMS, YEAR
from placeboard.funding.models import FundingAmount, FundingStream


def load_annex3(partnership):
    """Seed 003's Annex 3 streams and 2007/08 amounts, keyed by (block, part, name). Needs themes CYP, SSC, HCOP, EED."""
    themes = {t.code: t for t in Theme.objects.filter(partnership=partnership, code__in={s[1] for s in STREAMS})}
    outcomes = {o.code: o for o in Outcome.objects.filter(partnership=partnership)}
    for position, (part, block, heading, name, previously, capital, revenue, note, line) in enumerate(STREAMS):
        stream, _ = FundingStream.objects.update_or_create(
            partnership=partnership, theme=themes[block], name=name,
            arrangement="aligned" if part == "aligned" else "pooled",
            pooling="" if part == "aligned" else part,
            defaults={"previously_pooled": previously, "heading": heading, "position": position,
                      "note": f"Seed 003, Annex 3, line {line}."})
        FundingAmount.objects.update_or_create(stream=stream, year=YEAR, defaults={
            "capital": None if capital is None else Decimal(capital),
            "revenue": None if revenue is None else Decimal(revenue), "note": note})
        stream.outcomes.set([outcomes[c] for c in OUTCOMES.get(name, []) if c in outcomes])


@transaction.atomic
def load_demo():
    coventry = Partnership.objects.filter(slug="coventry").first()
    if coventry is not None:
        load_annex3(coventry)
