"""Query rows as Polars DataFrames without a Python object per value (the bulk calculations' reader).

PostgreSQL: `COPY (query) TO STDOUT` as CSV on the connection's own session (it sees the open transaction);
numerics travel as text and Polars parses them, several times faster than a numeric → double cast or a
cursor's Decimals. SQLite: the cursor's rows (SQLite keeps numbers as floats or ints already).
"""

from __future__ import annotations

import io
from typing import Any

import polars as pl
from django.db import connections


def read_frame(
    sql: str, params: list[Any] | tuple[Any, ...], schema: dict[str, Any], *, using: str = "default"
) -> pl.DataFrame:
    """The rows of `sql` as a DataFrame whose columns are `schema`'s names and types, in the query's order."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            text = cursor.mogrify(sql, params)  # the parameters inlined by psycopg's own quoting
            text = text.decode() if isinstance(text, bytes) else text
            buffer = io.BytesIO()
            with cursor.cursor.copy(f"COPY ({text}) TO STDOUT WITH (FORMAT csv)") as copy:
                for block in copy:
                    buffer.write(block)
        if buffer.tell() == 0:
            return pl.DataFrame(schema=schema)
        return pl.read_csv(buffer.getvalue(), has_header=False, new_columns=list(schema), schema=schema)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return pl.DataFrame(rows, schema=schema, orient="row", strict=False)  # whole numbers come as ints


def read_queryset(queryset: Any, schema: dict[str, Any]) -> pl.DataFrame:
    """A `values_list` queryset's rows as a DataFrame (see read_frame)."""
    sql, params = queryset.query.sql_with_params()
    return read_frame(sql, params, schema, using=queryset.db)
