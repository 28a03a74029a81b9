"""ComparatorGroup and BenchmarkValue now belong to the benchmarking app (its 0001), which keeps their
tables: this removes them from this app's model state only and leaves the tables and their rows alone."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('imports', '0001_initial'),
        ('benchmarking', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name='BenchmarkValue'),
                migrations.DeleteModel(name='ComparatorGroup'),
            ],
        ),
    ]
