"""The row-by-row reference implementation of the 亩均 rules (benchmarks/bench_mujun.py, per enterprise through
the ORM, plain Python arithmetic) gives the Polars run's scores, ranks and classes on a few hundred enterprises:
parcels shared by neighbours, veto and protection lists, missing figures, entered, mean and median benchmarks."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from mujun.models import EvaluationResult
from mujun.services import evaluation_run_compute


@pytest.fixture(scope="module")
def bench() -> Any:
    spec = importlib.util.spec_from_file_location(
        "bench_mujun", Path(settings.BASE_DIR) / "benchmarks" / "bench_mujun.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("year", [2019, 2018])
def test_the_row_by_row_reference_gives_the_runs_scores_ranks_and_classes(bench, year, regions, city_staff, capsys):
    bench.seed(400, 400)
    fast = bench.new_run(year, city_staff)
    evaluation_run_compute(run=fast, actor=city_staff)
    naive = bench.new_run(year, city_staff)
    bench.naive_run(naive, city_staff)

    ours, reference = bench.results_of(fast), bench.results_of(naive)
    assert len(ours) > 380  # the 规下 firms under 3 亩 form a group these rule sets do not grade
    assert ours == reference
    # the sample is not trivial: every class, the veto and protection lists and shared parcels
    assert {final for _score, _rank, _computed, final in ours.values()} == {"A", "B", "C", "D"}
    results = EvaluationResult.objects.filter(run=fast)
    assert results.filter(vetoed=True).exists() and results.filter(protected=True).exists()
    assert results.exclude(parcel="").exists()
