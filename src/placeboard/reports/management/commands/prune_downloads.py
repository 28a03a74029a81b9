"""Delete expired downloads (the worker also does this after every job)."""

from django.core.management.base import BaseCommand

from placeboard.reports.downloads import prune


class Command(BaseCommand):
    help = "Delete expired downloads and mark those whose worker stopped as failed."

    def handle(self, *args, **options):
        deleted, stale = prune()
        self.stdout.write(f"Deleted {deleted} expired download(s); {stale} whose worker stopped marked failed.")
