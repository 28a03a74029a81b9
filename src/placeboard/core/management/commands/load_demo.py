from django.core.management.base import BaseCommand

from placeboard.core.demo import load_demo_data


class Command(BaseCommand):
    help = "Load or update the demo partnerships built from the seed papers (idempotent)."

    def handle(self, *args, **options):
        for partnership in load_demo_data():
            self.stdout.write(f"Loaded {partnership.name}")
