"""placeboard manage rebuild_assessments [--check] [--partnership SLUG]: compare every indicator's stored
assessments with a fresh assessment, say which differed, and rebuild them (or, with --check, only say)."""

from django.core.management.base import BaseCommand, CommandError

from placeboard.core import fragments
from placeboard.core.models import Partnership
from placeboard.performance.models import Indicator
from placeboard.performance.stored import differences, refresh_assessments

SHOWN = 20  # differing indicators named one by one; the rest are counted


class Command(BaseCommand):
    help = "Check the stored assessments against a fresh assessment of every indicator, and rebuild them."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true",
                            help="only report indicators whose stored assessments differ; exit 1 if any do")
        parser.add_argument("--partnership", help="only this partnership (its slug)")

    def handle(self, *args, check=False, partnership=None, **options):
        indicators = Indicator.objects.all()
        if partnership:
            found = Partnership.objects.filter(slug=partnership).first()
            if found is None:
                raise CommandError(f"There is no partnership with the slug {partnership!r}.")
            indicators = indicators.filter(partnership=found)
        total = indicators.count()
        differing = []
        for indicator, stored, fresh in differences(indicators):
            differing.append(indicator.pk)
            if len(differing) <= SHOWN:
                self.stdout.write(f"{indicator.partnership.slug} {indicator.code}: {len(stored)} stored "
                                  f"period(s) differ from a fresh assessment of {len(fresh)}")
        if len(differing) > SHOWN:
            self.stdout.write(f"… and {len(differing) - SHOWN} more indicator(s)")
        if check:
            self.stdout.write(f"Checked {total} indicator(s): {len(differing)} differed.")
            if differing:
                raise SystemExit(1)
            return
        refresh_assessments(differing)
        # Pages kept in the cache (core/fragments.py) are built again: the rows just rebuilt, or whatever was
        # changed outside Placeboard that this was run after, are recorded by no audit event.
        fragments.data_changed()
        self.stdout.write(f"Checked {total} indicator(s): {len(differing)} differed and were rebuilt.")
