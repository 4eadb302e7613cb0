"""django-tables2: the column every app uses, and the library made cheaper per cell.

`RowLinkColumn` shows something a row refers to (its enterprise's name, its lead's name) and links the row's own
page.

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

import django_tables2 as tables
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


def row_page(record: Any) -> str:
    return str(record.get_absolute_url())


class RowLinkColumn(tables.Column):
    """A column whose cell links the row's own page, not the page of what the cell shows (an enterprise's name in
    a list of its diagnoses opens the diagnosis)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, linkify=row_page, **kwargs)
