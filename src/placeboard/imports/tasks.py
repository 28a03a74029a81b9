"""The background jobs of the imports app, run by `placeboard worker` (docs/deployment.md, "Background jobs").

One file per job; the work is in imports/jobs.py."""

from django_tasks import task

from placeboard.imports import jobs


@task()
def check_file(batch_id, attempt):
    """Check a large uploaded file for its preview."""
    jobs.run_check(batch_id, attempt)


@task()
def import_file(batch_id, attempt, user_id):
    """Import a large confirmed file, all or nothing."""
    jobs.run_import(batch_id, attempt, user_id)
