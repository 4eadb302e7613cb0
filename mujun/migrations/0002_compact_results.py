"""Results keep their per-indicator figures as positional number lists in text columns (a run writes up to a
million rows with COPY; jsonb parsing was most of the write, docs/benchmarks.md), in the order of the run's
new `codes`. Existing results are converted: the run's codes are the indicator codes of its results in
first-seen order. The index on the result's enterprise alone is dropped: the unique (run, enterprise) index
serves an enterprise's results within known runs, and the single index, filled at random places by every
run, made each run's write slower than the last (docs/benchmarks.md)."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

import core.fields


def to_lists(apps: Any, schema_editor: Any) -> None:
    Run = apps.get_model("mujun", "EvaluationRun")
    Result = apps.get_model("mujun", "EvaluationResult")
    for run in Run.objects.all():
        codes: dict[str, None] = {}
        for values, benchmarks, contributions in (
            Result.objects.filter(run=run).values_list("values", "benchmarks", "contributions").iterator()
        ):
            for doc in (values, benchmarks, contributions):
                codes.update(dict.fromkeys(doc or {}))
        run.codes = list(codes)
        run.save(update_fields=["codes"])
        batch = []
        for result in Result.objects.filter(run=run).iterator(chunk_size=2000):
            result.value_list = [(result.values or {}).get(c) for c in run.codes]
            result.benchmark_list = [(result.benchmarks or {}).get(c) for c in run.codes]
            result.contribution_list = [(result.contributions or {}).get(c) for c in run.codes]
            batch.append(result)
            if len(batch) == 2000:
                Result.objects.bulk_update(batch, ["value_list", "benchmark_list", "contribution_list"])
                batch = []
        Result.objects.bulk_update(batch, ["value_list", "benchmark_list", "contribution_list"])


class Migration(migrations.Migration):
    dependencies = [
        ("mujun", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="evaluationrun",
            name="codes",
            field=models.JSONField(blank=True, default=list, verbose_name="指标顺序"),
        ),
        migrations.AddField(
            model_name="historicalevaluationrun",
            name="codes",
            field=models.JSONField(blank=True, default=list, verbose_name="指标顺序"),
        ),
        migrations.AddField(
            model_name="evaluationresult",
            name="value_list",
            field=core.fields.FloatListField(default=list, verbose_name="指标值"),
        ),
        migrations.AddField(
            model_name="evaluationresult",
            name="benchmark_list",
            field=core.fields.FloatListField(default=list, verbose_name="基准值"),
        ),
        migrations.AddField(
            model_name="evaluationresult",
            name="contribution_list",
            field=core.fields.FloatListField(default=list, verbose_name="指标得分"),
        ),
        migrations.RunPython(to_lists, migrations.RunPython.noop),
        migrations.RemoveField(model_name="evaluationresult", name="values"),
        migrations.RemoveField(model_name="evaluationresult", name="benchmarks"),
        migrations.RemoveField(model_name="evaluationresult", name="contributions"),
        migrations.AlterField(
            model_name="evaluationresult",
            name="enterprise",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="mujun_results",
                to="enterprises.enterprise",
                verbose_name="企业",
            ),
        ),
    ]
