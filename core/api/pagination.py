"""Page-number pagination without a COUNT of the table: it fetches one row more to know if there is a next page.

`BoundedLazyPaginator` is the one paginator of the list pages (core.views.ObjectListView) and the API: a
page number or size from the query string is bounded before it becomes an SQL OFFSET/LIMIT, so
`?page=10**30` is an empty page (the API answers 404, the page shows its first page), never a database
overflow and a 500.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import EmptyPage
from django.utils.translation import gettext as _
from django_tables2.paginators import LazyPaginator
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

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
