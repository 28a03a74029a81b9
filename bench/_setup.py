"""Shared by the bench/ scripts: Django configured on a fresh data directory, with the tables migrated."""

import os
import sys
from pathlib import Path


def setup(data_dir):
    # The scripts run from a checkout, so find the package there even without an installed one.
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    os.environ.setdefault("PLACEBOARD_DATA_DIR", data_dir)
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "placeboard.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
