"""The city-scale part of `make bench` that CI runs: the benchmarks' own equality and query-count checks at
small sizes (benchmarks/bench_scale_loads.py `check`), never wall times."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_threshold_changes_and_region_loads_equal_the_naive_way_in_constant_queries(regions):
    sys.path.insert(0, str(Path(settings.BASE_DIR) / "benchmarks"))
    try:
        import bench_scale_loads
    finally:
        sys.path.pop(0)
    results = bench_scale_loads.check()
    assert all(r["equal"] for r in results)
    assert results[1]["naive_queries"] > results[0]["naive_queries"]  # the naive way grows with the rows
