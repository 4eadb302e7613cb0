"""Keyset pagination: the next page starts after the last row shown, never at an OFFSET (issue 16).

A list of a million rows paged by OFFSET makes the database read and throw away every row before the page;
a keyset page is `WHERE (key columns) > (last row's values) ORDER BY key LIMIT n + 1`, which an index in the
key's order answers by reading n + 1 rows wherever the page is. The key is a unique set of columns (the pk
last, or a unique constraint's columns), every column ascending or every one descending (`-total_investment`,
`-id`: the largest projects first), and the list is put in its order; a view may
page by keyset only when a filter fixing the key's first column is given (`keyset_param`: the 亩均 results of
one run, whose default order across runs follows the runs' own ordering, which no index serves). The cursor in the URL (`?after=`) is the
last row's key values as base64 JSON.

Used where a list reaches a province's size (the 亩均 results): the page's `KeysetListMixin` and the API's
`core.api.pagination.KeysetPagination`. A sorted column (`?sort=` on a page, `?ordering=` in the API) or an
explicit `?page=` falls back to page numbers (LazyPaginator, no COUNT).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan

CURSOR_PARAM = "after"


class BadCursor(ValueError):
    """A cursor that is not one this list wrote (edited by hand, or of another list)."""


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    return model._meta.get_field(name.removeprefix("-"))  # type: ignore[return-value]


def descending(key: Sequence[str]) -> bool:
    """Whether the key runs downwards (every column descending); a key mixing directions is refused: no row
    comparison answers it."""
    down = [name.startswith("-") for name in key]
    if any(down) and not all(down):
        raise ValueError(f"a keyset runs in one direction: {key}")
    return all(down) and bool(down)


def encode_cursor(obj: models.Model, key: Sequence[str]) -> str:
    """The cursor after `obj`: its key values as URL-safe base64 JSON."""
    values = [_field(type(obj), name).value_from_object(obj) for name in key]
    raw = json.dumps(values, default=str, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, model: type[models.Model], key: Sequence[str]) -> list[Any]:
    """The key values a cursor holds, each checked by its field (BadCursor otherwise)."""
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise BadCursor(cursor) from exc
    if not isinstance(values, list) or len(values) != len(key):
        raise BadCursor(cursor)
    try:
        return [_field(model, name).to_python(value) for name, value in zip(key, values, strict=True)]
    except (ValidationError, TypeError) as exc:
        raise BadCursor(cursor) from exc


def applies(view: Any, params: Any, *, fallbacks: Sequence[str]) -> bool:
    """Whether a view pages by keyset for these query parameters: it names a key, its `keyset_param` (if any)
    has a value, and none of the parameters that ask for page numbers or another order is given."""
    wanted = getattr(view, "keyset_param", None)
    if not getattr(view, "keyset", ()) or (wanted and not params.get(wanted)):
        return False
    return not any(name in params for name in fallbacks)


def fixed_columns(view: Any) -> int:
    """How many leading key columns the view's `keyset_param` filter fixes (the run of the 亩均 results)."""
    return 1 if getattr(view, "keyset_param", None) else 0


def after(
    queryset: models.QuerySet[Any], key: Sequence[str], values: Sequence[Any], *, fixed: int = 0
) -> models.QuerySet[Any]:
    """The rows after the given key values: the first `fixed` columns equal (the list's filter fixes them), the
    rest as one row-value comparison. PostgreSQL starts the index scan at the cursor only so: a comparison
    over all columns next to an equality on the first starts at the equality and filters half a run."""
    equal = {name.removeprefix("-"): value for name, value in zip(key[:fixed], values[:fixed], strict=True)}
    compare = TupleLessThan if descending(key) else TupleGreaterThan
    return queryset.filter(**equal).filter(
        compare(Tuple(*(F(name.removeprefix("-")) for name in key[fixed:])), list(values[fixed:]))
    )


class KeysetListMixin:
    """For an ObjectListView: page by `?after=` instead of `?page=`, in the order of `keyset` (a unique key),
    when `keyset_param` (if set) is given and no column is sorted. The table gets `keyset_on`, `keyset_next_url` (the
    next page, or None) and `keyset_first_url` (set when the page is not the first) for its template."""

    keyset: ClassVar[Sequence[str]] = ()
    keyset_param: ClassVar[str | None] = None
    request: Any
    model: type[models.Model]

    def get_table_data(self) -> Any:
        data = super().get_table_data()  # type: ignore[misc]
        self.keyset_on = applies(self, self._params(), fallbacks=("sort", "page")) and self._filter_applied()
        if not self.keyset_on:
            return data
        data = data.order_by(*self.keyset)
        cursor = self.request.GET.get(CURSOR_PARAM)
        if cursor:
            try:
                data = after(
                    data, self.keyset, decode_cursor(cursor, self.model, self.keyset), fixed=fixed_columns(self)
                )
            except BadCursor:
                pass  # the first page
        return data

    def _params(self) -> Any:
        """The query parameters the list applies: the filterset's data, which may hold a default the view added
        (the 亩均 results' newest run), else the request's."""
        filterset = getattr(self, "filterset", None)
        data = getattr(filterset, "data", None) if getattr(filterset, "is_bound", False) else None
        return data if data is not None else self.request.GET

    def _filter_applied(self) -> bool:
        """The `keyset_param` filter took effect (the page ignores an invalid filter, which would leave the
        fixed column unfixed)."""
        if not self.keyset_param:
            return True
        filterset = getattr(self, "filterset", None)
        return bool(
            filterset is not None and filterset.is_valid() and filterset.form.cleaned_data.get(self.keyset_param)
        )

    def get_table(self, **kwargs: Any) -> Any:
        table = super().get_table(**kwargs)  # type: ignore[misc]
        table.keyset_next_url = table.keyset_first_url = None
        table.keyset_on = getattr(self, "keyset_on", False)
        if not table.keyset_on:
            return table
        params = self._params().copy()
        params.pop(CURSOR_PARAM, None)
        if self.request.GET.get(CURSOR_PARAM):
            table.keyset_first_url = f"?{params.urlencode()}"
        rows = list(table.page.object_list) if table.page else []  # BoundRows of the page
        if rows and table.page.has_next():
            params[CURSOR_PARAM] = encode_cursor(rows[-1].record, self.keyset)
            table.keyset_next_url = f"?{params.urlencode()}"
        return table
