"""ComparatorGroup and BenchmarkValue move here from the imports app. Their tables stay as they are
(imports_comparatorgroup, imports_benchmarkvalue, named in Meta.db_table), so this only tells Django's
model state that the models now belong to this app: no table is created, renamed or copied."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('core', '0002_area_manager_role'),
        ('performance', '0003_reportinground_closed_at_roundfigure'),
        ('imports', '0001_initial'),  # which made the tables
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='ComparatorGroup',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200)),
                        ('description', models.TextField(blank=True)),
                        ('partnership', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='core.partnership')),
                    ],
                    options={
                        'db_table': 'imports_comparatorgroup',
                        'ordering': ['name'],
                        'constraints': [models.UniqueConstraint(fields=('partnership', 'name'), name='comparatorgroup_unique_name')],
                    },
                ),
                migrations.CreateModel(
                    name='BenchmarkValue',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('period', models.CharField(max_length=60)),
                        ('period_start', models.DateField()),
                        ('authority', models.CharField(max_length=200)),
                        ('gss_code', models.CharField(blank=True, max_length=9)),
                        ('value', models.DecimalField(decimal_places=6, max_digits=20)),
                        ('is_national', models.BooleanField(default=False)),
                        ('indicator', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='benchmarks', to='performance.indicator')),
                        ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='values', to='benchmarking.comparatorgroup')),
                    ],
                    options={
                        'db_table': 'imports_benchmarkvalue',
                        'ordering': ['group', 'indicator', 'period_start', 'authority'],
                        'constraints': [
                            models.UniqueConstraint(fields=('group', 'indicator', 'period', 'authority'), name='benchmark_unique_authority'),
                            models.UniqueConstraint(condition=models.Q(('is_national', True)), fields=('group', 'indicator', 'period'), name='benchmark_one_national'),
                        ],
                    },
                ),
            ],
        ),
    ]
