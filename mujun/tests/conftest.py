"""Fixtures of the 亩均 tests."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings


@pytest.fixture(scope="module")
def bench() -> Any:
    """benchmarks/bench_mujun.py as a module: its seeding (`seed`, `new_run`) is the tests' synthetic registry too."""
    spec = importlib.util.spec_from_file_location(
        "bench_mujun", Path(settings.BASE_DIR) / "benchmarks" / "bench_mujun.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
