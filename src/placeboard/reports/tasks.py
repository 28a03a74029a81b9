"""The background jobs of the reports app, run by `placeboard worker` (docs/deployment.md, "Background jobs").

One download per job, so a worker holds one report at a time; the work is in reports/downloads.py."""

from django_tasks import task

from placeboard.reports import downloads


@task()
def make_download(download_id):
    """Make one requested download, then remove expired ones (so no separate timer is needed)."""
    downloads.make(download_id)
    downloads.prune()
