"""Reading a run's input into Polars and writing its results, fast (the 1,000,000-enterprise target).

Read: one SQL query (yearly data × enterprise × industry), on PostgreSQL as a COPY to CSV parsed by Polars
(no Python object per row), elsewhere through the connection's cursor.
Write: the run's previous results are deleted and the new ones inserted in the same transaction, with
COPY on PostgreSQL and executemany elsewhere. Results are not history-tracked one by one: the run's own
history (who computed, when, with which frozen rule sets) is the audit record of a computation.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import polars as pl
from django.db import connection

from .scoring import INPUT_SCHEMA, MEASURES

Progress = Callable[[str], None]

_COLUMNS = ", ".join(f"d.{m} AS {m}" for m in MEASURES)
INPUT_SQL = f"""
SELECT d.enterprise_id AS id, d.size_class AS size_class, i.code AS division, d.parcel AS parcel,
       e.region_id AS region_id, CAST(d.items AS TEXT) AS items, {_COLUMNS}
FROM mujun_enterpriseyeardata d
JOIN enterprises_enterprise e ON e.id = d.enterprise_id
LEFT JOIN enterprises_industry i ON i.id = e.industry_id
WHERE d.year = %s AND d.not_graded = %s
"""  # noqa: S608  (no user input in the text; the year is a parameter)
LISTS_SQL = "SELECT enterprise_id, kind FROM mujun_listentry WHERE year = %s"


def read_frame(sql: str, params: list[Any], schema: dict[str, Any] | None = None) -> pl.DataFrame:
    """A query's rows as a DataFrame. On PostgreSQL `COPY (query) TO STDOUT` as CSV on the request's own
    connection (so it sees the open transaction), parsed by Polars: numeric columns travel as text and
    Polars parses them, which is several times faster than PostgreSQL's numeric → double cast."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            text = cursor.mogrify(sql, params)  # the parameters inlined by psycopg's own quoting
            text = text.decode() if isinstance(text, bytes) else text
            buffer = io.BytesIO()
            with cursor.cursor.copy(f"COPY ({text}) TO STDOUT WITH (FORMAT csv, HEADER)") as copy:
                for block in copy:
                    buffer.write(block)
        names = [c for c in (schema or {})]
        overrides = {k: v for k, v in (schema or {}).items()}
        if buffer.tell() == 0:
            return pl.DataFrame(schema=overrides)
        frame = pl.read_csv(buffer.getvalue(), schema_overrides=overrides, infer_schema_length=0 if not names else 100)
        return frame.with_columns(
            pl.col(c).fill_null("") for c, t in overrides.items() if t == pl.String and c in frame.columns
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [c[0] for c in cursor.description]
        rows = cursor.fetchall()
    return pl.DataFrame(rows, schema=names, orient="row", infer_schema_length=None).cast(
        {k: v for k, v in (schema or {}).items() if k in names}, strict=False
    )


def read_input(year: int, *, small_land_mu: float = 3.0) -> pl.DataFrame:
    """The year's graded enterprises with their group (规上; 规下 ≥ 3 亩; 规下 < 3 亩 and tenants), measures,
    division, parcel and list flags; a shared parcel's land decides the group of its 规下 members."""
    schema = {**INPUT_SCHEMA, "size_class": pl.String, "region_id": pl.Int64, "items": pl.String}
    schema.pop("group")
    frame = read_frame(INPUT_SQL, [year, False], schema)
    if frame.is_empty():
        return pl.DataFrame(schema={**INPUT_SCHEMA, "items": pl.String, "region_id": pl.Int64})
    lists = read_frame(LISTS_SQL, [year], {"enterprise_id": pl.Int64, "kind": pl.String})
    veto = lists.filter(pl.col("kind") == "veto")["enterprise_id"].cast(pl.Int64)
    protect = lists.filter(pl.col("kind") == "protect")["enterprise_id"].cast(pl.Int64)
    parcel = pl.col("parcel").fill_null("")
    land = (
        pl.when(parcel != "")
        .then(pl.col("land_mu").sum().over(["size_class", "parcel"]))
        .otherwise(pl.col("land_mu"))
        .fill_null(0.0)
    )
    return frame.with_columns(
        pl.when(pl.col("size_class") == "above")
        .then(pl.lit("above"))
        .when(land >= small_land_mu)
        .then(pl.lit("below"))
        .otherwise(pl.lit("small"))
        .alias("group"),
        pl.col("id").is_in(veto.implode()).alias("veto"),
        pl.col("id").is_in(protect.implode()).alias("protect"),
    ).drop("size_class")


def item_points(frame: pl.DataFrame, items: dict[str, dict[str, tuple[str, float]]]) -> pl.DataFrame:
    """bonus and penalty per enterprise from the item codes in its data and its group's rule set items."""
    if not items or frame.is_empty() or "items" not in frame.columns:
        return frame.with_columns(pl.lit(0.0).alias("bonus"), pl.lit(0.0).alias("penalty"))
    table = pl.DataFrame(
        [(g, code, kind, pts) for g, codes in items.items() for code, (kind, pts) in codes.items()],
        schema={"group": pl.String, "code": pl.String, "kind": pl.String, "points": pl.Float64},
        orient="row",
    )
    listed = (
        frame.select("id", "group", pl.col("items").fill_null("[]"))
        .filter(pl.col("items") != "[]")
        .with_columns(pl.col("items").str.json_decode(pl.List(pl.String)).alias("code"))
        .explode("code")
        .join(table, on=["group", "code"], how="inner")
        .group_by("id")
        .agg(
            pl.col("points").filter(pl.col("kind") == "bonus").sum().alias("bonus"),
            pl.col("points").filter(pl.col("kind") == "penalty").sum().alias("penalty"),
        )
    )
    return frame.join(listed, on="id", how="left").with_columns(
        pl.col("bonus").fill_null(0.0), pl.col("penalty").fill_null(0.0)
    )


RESULT_COLUMNS = [
    "run_id", "enterprise_id", "group", "parcel", "values", "benchmarks", "contributions", "bonus", "penalty",
    "score", "rank", "group_size", "computed_class", "final_class", "vetoed", "protected",
]  # fmt: skip


def result_rows(run_id: int, results: pl.DataFrame, codes: list[str]) -> pl.DataFrame:
    """The results as the table's columns (JSON text for the per-indicator values)."""

    def as_json(prefix: str) -> pl.Expr:
        return pl.struct([pl.col(f"{prefix}{c}").round(4).alias(c) for c in codes]).struct.json_encode()

    return results.select(
        pl.lit(run_id, dtype=pl.Int64).alias("run_id"),
        pl.col("id").alias("enterprise_id"),
        pl.col("group"),
        pl.col("parcel").fill_null(""),
        as_json("v_").alias("values"),
        as_json("b_").alias("benchmarks"),
        as_json("s_").alias("contributions"),
        pl.col("bonus").round(2),
        pl.col("penalty").round(2),
        pl.col("score"),
        pl.col("rank"),
        pl.col("group_size"),
        pl.col("klass").alias("computed_class"),
        pl.col("klass").alias("final_class"),
        pl.col("veto").alias("vetoed"),
        pl.col("protect").alias("protected"),
    )


def write_results(run_id: int, results: pl.DataFrame, codes: list[str], *, chunk: int = 100_000) -> int:
    """Replace the run's results (call inside the run's transaction). Rows are converted and sent a chunk
    at a time, so memory stays flat however large the city."""
    quoted = ", ".join(connection.ops.quote_name(c) for c in RESULT_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM mujun_evaluationresult WHERE run_id = %s", [run_id])
        if results.is_empty():
            return 0
        if connection.vendor == "postgresql":
            sql = f"COPY mujun_evaluationresult ({quoted}) FROM STDIN WITH (FORMAT csv)"
            with cursor.cursor.copy(sql) as copy:  # the psycopg cursor under Django's wrapper
                for start in range(0, results.height, chunk):
                    buffer = io.BytesIO()
                    rows = result_rows(run_id, results.slice(start, chunk), codes)
                    rows.write_csv(buffer, include_header=False, quote_style="non_numeric", null_value="")
                    copy.write(buffer.getvalue())
        else:
            placeholders = ", ".join(["%s"] * len(RESULT_COLUMNS))
            sql = f"INSERT INTO mujun_evaluationresult ({quoted}) VALUES ({placeholders})"  # noqa: S608
            for start in range(0, results.height, chunk):
                cursor.executemany(sql, result_rows(run_id, results.slice(start, chunk), codes).rows())
    return results.height
