import pytest

from placeboard.core.models import Outcome, Theme
from placeboard.funding.demo import load_annex3


@pytest.fixture
def coventry(partnership):
    """The test partnership with seed 003's four blocks and its Annex 3 streams."""
    for code, name in [("CYP", "Children and Young People"), ("SSC", "Safer and Stronger Communities"),
                       ("HCOP", "Healthier Communities and Older People"), ("EED", "Economic Development")]:
        theme = Theme.objects.create(partnership=partnership, code=code, name=name)
    Outcome.objects.create(partnership=partnership, theme=Theme.objects.get(code="CYP"), code="CYP.6",
                           title="Young people feel part of their neighbourhood")
    load_annex3(partnership)
    assert theme
    return partnership
