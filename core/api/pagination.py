"""Page-number pagination without a COUNT of the table: it fetches one row more to know if there is a next page.

`BoundedLazyPaginator` is the one paginator of the list pages (core.views.ObjectListView) and the API: a
page number or size from the query string is bounded before it becomes an SQL OFFSET/LIMIT, so
`?page=10**30` is an empty page (the API answers 404, the page shows its first page), never a database
overflow and a 500.

`KeysetPagination` pages a list of a province's size by `?after=` (core/keyset.py) in the viewset's `keyset`
order (when its `keyset_param` is given), with the same response shape; `?page=` or `?ordering=` falls back
to page numbers.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import EmptyPage
from django.utils.translation import gettext as _
from django_tables2.paginators import LazyPaginator
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from core import keyset

MAX_PAGE = 10_000_000  # 10 million pages × 1,000 rows: beyond every table, within every database's integers
MAX_PER_PAGE = 1000


class BoundedLazyPaginator(LazyPaginator):
    def __init__(self, object_list: Any, per_page: Any, *args: Any, **kwargs: Any) -> None:
        try:
            per_page = min(max(int(per_page), 1), MAX_PER_PAGE)
        except (TypeError, ValueError):
            per_page = MAX_PER_PAGE
        super().__init__(object_list, per_page, *args, **kwargs)

    def validate_number(self, number: Any) -> int:
        number = super().validate_number(number)
        if number > MAX_PAGE:
            raise EmptyPage(_("该页没有数据"))
        return number


class Pagination(PageNumberPagination):
    django_paginator_class = BoundedLazyPaginator
    page_size_query_param = "page_size"
    max_page_size = 1000

    def get_paginated_response(self, data: Any) -> Response:
        return Response({"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data})

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }


class KeysetPagination(Pagination):
    """The next link carries the last row's key (`?after=`), so every page costs one index range read; no
    previous link in that mode (the first page is the list without `after`). A cursor this list did not write
    is a 404, as a page number beyond the last."""

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> list[Any] | None:
        self.next_cursor: str | None = None
        self.keyset_key: tuple[str, ...] = ()
        if not keyset.applies(view, request.query_params, fallbacks=(self.page_query_param, "ordering")):
            return super().paginate_queryset(queryset, request, view)
        key = self.keyset_key = tuple(view.keyset)
        queryset = queryset.order_by(*key)
        self.request = request
        size = self.get_page_size(request) or MAX_PER_PAGE
        cursor = request.query_params.get(keyset.CURSOR_PARAM)
        if cursor:
            try:
                values = keyset.decode_cursor(cursor, queryset.model, key)
                queryset = keyset.after(queryset, key, values, fixed=keyset.fixed_columns(view))
            except keyset.BadCursor:
                raise NotFound(_("该页没有数据")) from None
        rows = list(queryset[: size + 1])
        if len(rows) > size:
            rows = rows[:size]
            self.next_cursor = keyset.encode_cursor(rows[-1], key)
        return rows

    def get_next_link(self) -> str | None:
        if not self.keyset_key:
            return super().get_next_link()
        if self.next_cursor is None or self.request is None:
            return None
        url = remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
        return replace_query_param(url, keyset.CURSOR_PARAM, self.next_cursor)

    def get_previous_link(self) -> str | None:
        return super().get_previous_link() if not self.keyset_key else None
