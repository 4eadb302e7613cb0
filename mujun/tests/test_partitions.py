"""A run's results written as the run's own partition (PostgreSQL, migration 0006) are the rows the plain way writes
(DELETE, then COPY or INSERT into the table), column for column, new and re-computed; SQLite keeps the plain way."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from mujun import runstore
from mujun.models import EvaluationResult
from mujun.services import evaluation_run_compute

COLUMNS = ("enterprise_id", "group", "parcel", "region_id", "division", "value_list", "benchmark_list",
           "contribution_list", "bonus", "penalty", "score", "rank", "group_size", "computed_class", "final_class",
           "vetoed", "protected")  # fmt: skip


def _rows(run: Any) -> list[tuple[Any, ...]]:
    return list(EvaluationResult.objects.filter(run=run).order_by("enterprise_id").values_list(*COLUMNS))


def _tables(run: Any) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT tableoid::regclass::text FROM mujun_evaluationresult WHERE run_id = %s", [run.pk]
        )
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.django_db
def test_partition_per_run_writes_the_plain_ways_rows(bench, regions, city_staff, monkeypatch):
    bench.seed(400, 400)
    fast, plain = bench.new_run(2019, city_staff), bench.new_run(2019, city_staff)
    evaluation_run_compute(run=fast, actor=city_staff)
    evaluation_run_compute(run=fast, actor=city_staff)  # re-computed: the old partition is dropped
    postgres = connection.vendor == "postgresql"
    assert runstore.partitioned() is postgres
    with monkeypatch.context() as patch:
        patch.setattr(runstore, "partitioned", lambda: False)
        evaluation_run_compute(run=plain, actor=city_staff)
        evaluation_run_compute(run=plain, actor=city_staff)
    ours, reference = _rows(fast), _rows(plain)
    assert len(ours) > 380 and ours == reference
    if postgres:
        assert _tables(fast) == {f"mujun_evaluationresult_r{fast.pk}"}
        assert _tables(plain) == {"mujun_evaluationresult_default"}
        with connection.cursor() as cursor:  # the run's partition has its statistics when the run is written
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = %s", [f"mujun_evaluationresult_r{fast.pk}"])
            assert cursor.fetchone()[0] > 0
        # a run written the plain way and then computed again moves into its own partition
        evaluation_run_compute(run=plain, actor=city_staff)
        assert _tables(plain) == {f"mujun_evaluationresult_r{plain.pk}"} and _rows(plain) == reference
    # the ORM still reads, updates and deletes through the parent
    first = EvaluationResult.objects.filter(run=fast).order_by("pk").first()
    assert first is not None
    EvaluationResult.objects.filter(pk=first.pk).update(final_class="A")
    assert EvaluationResult.objects.get(pk=first.pk).final_class == "A"


def _partition_exists(run: Any) -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [f"mujun_evaluationresult_r{run.pk}"])
        return bool(cursor.fetchone()[0])


@pytest.mark.django_db
def test_a_deleted_run_leaves_no_partition_and_no_rows(bench, regions, city_staff, make_user):
    """The run's delete service drops its partition (PostgreSQL) and removes every row with its adjustments; a
    published run and a user without the permission are refused."""
    import datetime as dt

    from django.core.exceptions import PermissionDenied, ValidationError

    from accounts.choices import Role
    from core import clock
    from mujun.models import Adjustment, EvaluationRun
    from mujun.services import evaluation_run_delete, evaluation_run_publish, result_adjust

    bench.seed(200, 0)
    run, kept = bench.new_run(2019, city_staff), bench.new_run(2019, city_staff)
    evaluation_run_compute(run=run, actor=city_staff)
    evaluation_run_compute(run=kept, actor=city_staff)
    result = EvaluationResult.objects.filter(run=run).order_by("rank").first()
    assert result is not None
    result_adjust(result=result, klass="D" if result.final_class != "D" else "A", reason="核实", actor=city_staff)
    assert _partition_exists(run) == runstore.partitioned()
    with pytest.raises(PermissionDenied):
        evaluation_run_delete(run=run, actor=make_user(Role.UNIT_REPORTER, "330481"))

    evaluation_run_delete(run=run, actor=city_staff)
    assert not EvaluationRun.objects.filter(pk=run.pk).exists()
    assert not EvaluationResult.objects.filter(run_id=run.pk).exists()
    assert not Adjustment.objects.filter(result_id=result.pk).exists()
    assert not _partition_exists(run)
    assert EvaluationResult.objects.filter(run=kept).count() == kept.result_count > 0  # the other run untouched
    assert _partition_exists(kept) == runstore.partitioned()

    evaluation_run_publish(run=kept, start=clock.today(), end=clock.today() + dt.timedelta(days=5), actor=city_staff)
    with pytest.raises(ValidationError):
        evaluation_run_delete(run=kept, actor=city_staff)
    assert EvaluationResult.objects.filter(run=kept).count() == kept.result_count
