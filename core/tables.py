"""django-tables2, made cheaper per cell.

django-tables2 inspects the signature of a column's render function for every cell it draws
(`django_tables2.utils.call_with_appropriate` → `inspect.signature`): 50 rows × 8 columns cost a list page about a
fifth of its CPU (docs/benchmarks.md, "List pages"). A function's signature does not change, so it is read once per
function. Installed by `core.apps.CoreConfig.ready`; tested equal to the library's own answer in
`core/tests/test_tables.py`.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from django_tables2 import utils

library_signature: Callable[[Any], tuple[tuple[str, ...], str | None]] = utils.signature


@functools.lru_cache(maxsize=2048)
def _function_signature(function: Any, bound: bool) -> tuple[tuple[str, ...], str | None]:
    args, keywords = library_signature(function)
    # For a bound method, the same answer the library gives: its first argument (self) removed.
    return tuple(args[1:] if bound else args), keywords


def signature(fn: Any) -> tuple[tuple[str, ...], str | None]:
    """`django_tables2.utils.signature`, kept per function (a bound method by its function)."""
    if inspect.ismethod(fn) and inspect.isfunction(fn.__func__):
        return _function_signature(fn.__func__, True)
    try:
        return _function_signature(fn, False)
    except TypeError:  # unhashable callable: ask the library every time
        return library_signature(fn)


def install() -> None:
    utils.signature = signature
