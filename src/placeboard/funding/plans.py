"""The share of community areas with a current community plan: plain arithmetic."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass
class Coverage:
    current: int
    areas: int

    @property
    def percent(self):
        """Whole per cent, halves rounded up; None when there are no community areas."""
        if not self.areas:
            return None
        return int((Decimal(100 * self.current) / self.areas).quantize(Decimal(1), rounding=ROUND_HALF_UP))

    def sentence(self):
        if not self.areas:
            return "There are no community areas yet."
        return (f"{self.current} of {self.areas} community areas ({self.percent}%) have a current community plan.")


def coverage(area_ids, plans, day):
    """Areas counted once each; a plan counts when complete and not past its review date."""
    area_ids = set(area_ids)
    current = {p.area_id for p in plans if p.area_id in area_ids and p.is_current(day)}
    return Coverage(len(current), len(area_ids))
