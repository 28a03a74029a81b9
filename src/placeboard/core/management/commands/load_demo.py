from django.core.management.base import BaseCommand

from placeboard.demo import load_all


class Command(BaseCommand):
    help = "Load or update the demo partnerships built from the seed papers (idempotent)."

    def handle(self, *args, **options):
        for partnership in load_all():
            self.stdout.write(f"Loaded {partnership.name}")
