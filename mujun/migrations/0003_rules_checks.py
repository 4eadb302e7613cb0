"""The business-rule checks of the audit: a final run keeps the price rules it was finalised with (`prices`;
runs already final get the year's current rules), the 高耗低效 lines default to domain.md §7 (10 亩), and
one rectification progress report per calendar month."""

from decimal import Decimal
from typing import Any

import django.db.models.functions.datetime
from django.db import migrations, models


def snapshot_prices(apps: Any, schema_editor: Any) -> None:
    Run = apps.get_model("mujun", "EvaluationRun")
    PriceRule = apps.get_model("mujun", "PriceRule")
    for run in Run.objects.filter(status="final"):
        run.prices = [
            {
                "klass": p.klass,
                "resource": p.resource,
                "surcharge": str(p.surcharge),
                "consecutive_years": p.consecutive_years,
                "consecutive_surcharge": None if p.consecutive_surcharge is None else str(p.consecutive_surcharge),
            }
            for p in PriceRule.objects.filter(year=run.year + 1).order_by("resource", "klass")
        ]
        run.save(update_fields=["prices"])


class Migration(migrations.Migration):

    dependencies = [
        ('mujun', '0002_compact_results'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='rectificationprogress',
            name='mujun_progress_once',
        ),
        migrations.AddField(
            model_name='evaluationrun',
            name='prices',
            field=models.JSONField(blank=True, default=list, verbose_name='确定时的差别化价格'),
        ),
        migrations.AddField(
            model_name='historicalevaluationrun',
            name='prices',
            field=models.JSONField(blank=True, default=list, verbose_name='确定时的差别化价格'),
        ),
        migrations.AlterField(
            model_name='historicalruleset',
            name='rectify_land_mu',
            field=models.DecimalField(blank=True, decimal_places=2, default=Decimal('10'), help_text='留空按默认：10亩', max_digits=10, null=True, verbose_name='整治线：规下企业用地不低于（亩）'),
        ),
        migrations.AlterField(
            model_name='historicalruleset',
            name='rectify_tax_per_mu',
            field=models.DecimalField(blank=True, decimal_places=4, help_text='留空按默认：规上6，规下3', max_digits=10, null=True, verbose_name='整治线：亩均税收低于（万元/亩）'),
        ),
        migrations.AlterField(
            model_name='ruleset',
            name='rectify_land_mu',
            field=models.DecimalField(blank=True, decimal_places=2, default=Decimal('10'), help_text='留空按默认：10亩', max_digits=10, null=True, verbose_name='整治线：规下企业用地不低于（亩）'),
        ),
        migrations.AlterField(
            model_name='ruleset',
            name='rectify_tax_per_mu',
            field=models.DecimalField(blank=True, decimal_places=4, help_text='留空按默认：规上6，规下3', max_digits=10, null=True, verbose_name='整治线：亩均税收低于（万元/亩）'),
        ),
        migrations.AddConstraint(
            model_name='rectificationprogress',
            constraint=models.UniqueConstraint(models.F('rectification'), django.db.models.functions.datetime.ExtractYear('month'), django.db.models.functions.datetime.ExtractMonth('month'), name='mujun_progress_once_a_month', violation_error_message='该整治本月已填报进展。'),
        ),
        migrations.RunPython(snapshot_prices, migrations.RunPython.noop),
    ]
