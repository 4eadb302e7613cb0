"""Fixtures of the 亩均 tests."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings


def bench_module(name: str) -> Any:
    """benchmarks/<name>.py loaded as a module (the benchmarks folder is not a package)."""
    spec = importlib.util.spec_from_file_location(name, Path(settings.BASE_DIR) / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench() -> Any:
    """benchmarks/bench_mujun.py: its seeding (`seed`, `new_run`) is the tests' synthetic registry too."""
    return bench_module("bench_mujun")


@pytest.fixture(scope="module")
def bench_rectify() -> Any:
    """benchmarks/bench_mujun_rectify.py: its row-by-row way (`naive_identify`) is the reference."""
    return bench_module("bench_mujun_rectify")
