"""The database cache's table (settings.CACHE_BACKEND "database", the default), made here so that
`migrate` is the only step a site needs; the same table `manage createcachetable` would make."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "placeboard_cache"  # settings.CACHES["default"]["LOCATION"] for the database cache


def create_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)  # does nothing if it exists


def drop_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0003_area_postcodes"),
    ]

    operations = [
        migrations.RunPython(create_table, drop_table, elidable=False),
    ]
