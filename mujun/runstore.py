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
from psycopg.copy import QueuedLibpqWriter

from core.frames import read_frame

from .scoring import INPUT_SCHEMA, MEASURES

Progress = Callable[[str], None]

_COLUMNS = ", ".join(f"d.{m} AS {m}" for m in MEASURES)
# `items` is null for the usual empty list, so only the few firms with bonus or penalty codes are decoded.
INPUT_SQL = f"""
SELECT d.enterprise_id AS id, d.size_class AS size_class, i.code AS division, e.region_id AS region_id,
       d.parcel AS parcel,
       NULLIF(CAST(d.items AS TEXT), '[]') AS items, {_COLUMNS}
FROM mujun_enterpriseyeardata d
JOIN enterprises_enterprise e ON e.id = d.enterprise_id
LEFT JOIN enterprises_industry i ON i.id = e.industry_id
WHERE d.year = %s AND d.not_graded = %s
"""  # noqa: S608  (no user input in the text; the year is a parameter)
INPUT_COLUMNS: dict[str, Any] = {
    "id": pl.Int64,
    "size_class": pl.String,
    "division": pl.String,
    "region_id": pl.Int64,
    "parcel": pl.String,
    "items": pl.String,
    **dict.fromkeys(MEASURES, pl.Float64),
}
LISTS_SQL = "SELECT enterprise_id, kind FROM mujun_listentry WHERE year = %s"


def read_input(year: int, *, small_land_mu: float = 3.0) -> pl.DataFrame:
    """The year's graded enterprises with their group (规上; 规下 ≥ 3 亩; 规下 < 3 亩 and tenants), measures,
    division, parcel and list flags; a shared parcel's land decides the group of its 规下 members."""
    frame = read_frame(INPUT_SQL, [year, False], INPUT_COLUMNS)
    if frame.is_empty():
        return pl.DataFrame(schema={**INPUT_SCHEMA, "items": pl.String, "region_id": pl.Int64})
    lists = read_frame(LISTS_SQL, [year], {"enterprise_id": pl.Int64, "kind": pl.String})
    veto = lists.filter(pl.col("kind") == "veto")["enterprise_id"]
    protect = lists.filter(pl.col("kind") == "protect")["enterprise_id"]
    # no parcel or industry: "" (COPY's CSV may give null or "", SQLite ""), as the scoring expects
    frame = frame.with_columns(pl.col("parcel").fill_null(""), pl.col("division").fill_null(""))
    shared = pl.col("parcel") != ""
    land = pl.when(shared).then(pl.col("land_mu").sum().over(["size_class", "parcel"])).otherwise(pl.col("land_mu"))
    return frame.with_columns(
        pl.when(pl.col("size_class") == "above")
        .then(pl.lit("above"))
        .when(land.fill_null(0.0) >= small_land_mu)
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
        frame.select("id", "group", "items")
        .filter(pl.col("items").is_not_null() & (pl.col("items") != "[]"))
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
    "run_id", "enterprise_id", "group", "parcel", "region_id", "division", "value_list", "benchmark_list", "contribution_list", "bonus",
    "penalty", "score", "rank", "group_size", "computed_class", "final_class", "vetoed", "protected",
]  # fmt: skip


def _number_list(columns: list[str]) -> pl.Expr:
    """The columns as one JSON array text per row (`[24.097,null,3.5]`, FloatListField's format), rounded to
    4 decimals as stored; built by string concatenation, several times faster than a struct's JSON encoding."""
    if not columns:
        return pl.lit("[]")
    parts: list[pl.Expr] = [pl.lit("[")]
    for position, name in enumerate(columns):
        if position:
            parts.append(pl.lit(","))
        parts.append(pl.col(name).round(4).cast(pl.String).fill_null("null"))
    parts.append(pl.lit("]"))
    return pl.concat_str(parts)


def result_rows(run_id: int, results: pl.DataFrame, codes: list[str]) -> pl.DataFrame:
    """The results as the table's columns, per-indicator figures as number lists in the order of `codes`."""
    return results.select(
        pl.lit(run_id, dtype=pl.Int64).alias("run_id"),
        pl.col("id").alias("enterprise_id"),
        pl.col("group"),
        pl.col("parcel").fill_null(""),
        pl.col("region_id"),
        pl.col("division").fill_null(""),
        _number_list([f"v_{c}" for c in codes]).alias("value_list"),
        _number_list([f"b_{c}" for c in codes]).alias("benchmark_list"),
        _number_list([f"s_{c}" for c in codes]).alias("contribution_list"),
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


def with_regions(results: pl.DataFrame, frame: pl.DataFrame) -> pl.DataFrame:
    """Each result with its enterprise's unit as the run read it (`region_id`, from the input frame)."""
    if results.is_empty():
        return results
    return results.join(frame.select("id", "region_id"), on="id", how="left")


RESULTS = "mujun_evaluationresult"


def partitioned() -> bool:
    """Whether the results table is partitioned by run (PostgreSQL, migration 0006)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind = 'p' FROM pg_class WHERE oid = to_regclass(%s)", [RESULTS])
        row = cursor.fetchone()
    return bool(row and row[0])


def _copy_csv(cursor: Any, table: str, run_id: int, results: pl.DataFrame, codes: list[str], chunk: int, *,
              freeze: bool = False) -> None:  # fmt: skip
    """COPY the rows as CSV, a chunk at a time: the CSV of the next chunk is built while the server loads the
    previous one (psycopg's queued writer sends from its own thread)."""
    quoted = ", ".join(connection.ops.quote_name(c) for c in RESULT_COLUMNS)
    options = "FORMAT csv, FREEZE" if freeze else "FORMAT csv"
    raw = cursor.cursor  # the psycopg cursor under Django's wrapper
    with raw.copy(f"COPY {table} ({quoted}) FROM STDIN WITH ({options})", writer=QueuedLibpqWriter(raw)) as copy:
        for start in range(0, results.height, chunk):
            buffer = io.BytesIO()
            rows = result_rows(run_id, results.slice(start, chunk), codes)
            rows.write_csv(buffer, include_header=False, quote_style="non_numeric", null_value="")
            copy.write(buffer.getvalue())


def _write_partition(cursor: Any, run_id: int, results: pl.DataFrame, codes: list[str], chunk: int) -> None:
    """The run's results as its own partition: a new table created in this transaction, loaded by COPY FREEZE
    (its rows are written frozen and all-visible, so no later VACUUM rewrites them and index-only scans work at
    once), its three indexes built after the load (a sort each, where a COPY into indexed tables inserts into
    every index row by row), then swapped in for the run's previous partition, which is dropped, not deleted row
    by row. The swap takes the parent's exclusive lock, so it comes last: other runs' readers wait milliseconds,
    not the whole write. The table's CHECK on the run spares the attach its scan."""
    run = int(run_id)
    part, new = f"{RESULTS}_r{run}", f"{RESULTS}_n{run}"
    cursor.execute(f"DELETE FROM {RESULTS}_default WHERE run_id = %s", [run])  # noqa: S608  (rows from the ORM)
    cursor.execute(f"DROP TABLE IF EXISTS {new}")
    cursor.execute(
        f"CREATE TABLE {new} (LIKE {RESULTS} INCLUDING DEFAULTS INCLUDING CONSTRAINTS, CHECK (run_id = {run}))"
    )
    _copy_csv(cursor, new, run, results, codes, chunk, freeze=True)
    # The three index builds sort a million rows each, in parallel, and the default 64 MB is shared by the
    # sorting processes: 256 MB for this transaction took the three from 4.0–4.5 s to 3.1–3.4 s (psql on the
    # run's rows, alternated in the same minutes; docs/benchmarks.md, session 12).
    cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    cursor.execute(f"ALTER TABLE {new} ADD PRIMARY KEY (id, run_id)")
    cursor.execute(f"ALTER TABLE {new} ADD UNIQUE (run_id, enterprise_id)")
    cursor.execute(f'CREATE INDEX ON {new} (run_id, "group", rank, enterprise_id)')
    # Statistics now, not when autovacuum gets to it (a FREEZE-loaded table had none an hour later): without them
    # the planner took the run for 4,915 rows and the export joined a million results by nested loop and sort.
    cursor.execute(f"ANALYZE {new}")
    cursor.execute(f"DROP TABLE IF EXISTS {part}")
    cursor.execute(f"ALTER TABLE {new} RENAME TO {part}")
    cursor.execute(f"ALTER TABLE {RESULTS} ATTACH PARTITION {part} FOR VALUES IN ({run})")


def write_results(run_id: int, results: pl.DataFrame, codes: list[str], *, chunk: int = 100_000) -> int:
    """Replace the run's results (call inside the run's transaction).

    In the list's order (group, rank, enterprise), so the list's index is filled (or built) from presorted rows and
    the rows of a page lie together; a chunk at a time, so memory stays flat however large the city. PostgreSQL
    with the partitioned table: the run's own partition, built and swapped (`_write_partition`); otherwise the
    run's rows are deleted and inserted (COPY on PostgreSQL, executemany elsewhere)."""
    if not results.is_empty():
        results = results.sort("group", "rank", "id")
    if connection.vendor == "postgresql" and partitioned():
        with connection.cursor() as cursor:
            if results.is_empty():  # no partition: the run has no results
                cursor.execute(f"DELETE FROM {RESULTS}_default WHERE run_id = %s", [run_id])  # noqa: S608
                cursor.execute(f"DROP TABLE IF EXISTS {RESULTS}_r{int(run_id)}")
                return 0
            _write_partition(cursor, run_id, results, codes, chunk)
        return results.height
    quoted = ", ".join(connection.ops.quote_name(c) for c in RESULT_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {RESULTS} WHERE run_id = %s", [run_id])  # noqa: S608
        if results.is_empty():
            return 0
        if connection.vendor == "postgresql":
            _copy_csv(cursor, RESULTS, run_id, results, codes, chunk)
        else:
            placeholders = ", ".join(["%s"] * len(RESULT_COLUMNS))
            sql = f"INSERT INTO {RESULTS} ({quoted}) VALUES ({placeholders})"  # noqa: S608
            for start in range(0, results.height, chunk):
                cursor.executemany(sql, result_rows(run_id, results.slice(start, chunk), codes).rows())
    return results.height


def drop_results(run_id: int) -> None:
    """Remove the run's results (call inside the run's transaction): on PostgreSQL with the partitioned table its
    partition is dropped (no empty table is left behind, no million-row DELETE) and its rows written by the ORM
    are deleted from the DEFAULT partition; elsewhere its rows are deleted."""
    run = int(run_id)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and partitioned():
            cursor.execute(f"DELETE FROM {RESULTS}_default WHERE run_id = %s", [run])  # noqa: S608
            cursor.execute(f"DROP TABLE IF EXISTS {RESULTS}_r{run}")
            return
        cursor.execute(f"DELETE FROM {RESULTS} WHERE run_id = %s", [run])  # noqa: S608


# --- 高耗低效 candidates of a final run, in one statement ---------------------------------------------------------

# The land is read only for the groups with a land line, by index probes (the year's row of the firm, or the
# parcel's 规下 rows): a join would read the year's data for every result of the run. CASE keeps that order; the
# CTE is materialised so that the reasons are computed once (inlined, the filter and the insert each compute them).
# The candidates are inserted in the enterprises' order (the run's results are in rank order): the unique
# (enterprise, year) index and the enterprise foreign key checks at commit then walk their pages once, in order.
_CANDIDATES_SQL = """
WITH c AS MATERIALIZED (
    SELECT r.enterprise_id AS enterprise_id,
           COALESCE(CASE WHEN r.final_class = %(d)s THEN %(d_reason)s END, '')
           || COALESCE({tax_case}, '')
           || COALESCE({land_case}, '') AS reasons
    FROM mujun_evaluationresult r
    WHERE r.run_id = %(run)s {not_listed}
)
INSERT INTO mujun_rectification (enterprise_id, run_id, year, reasons, path, status, plan, land_freed_mu,
                                 energy_freed_tce, evidence, reviewer_id, closed_at, created_at, updated_at)
SELECT c.enterprise_id, %(run)s, %(year)s, SUBSTR(c.reasons, 2), '', %(status)s, '', 0, 0, '', NULL, NULL,
       %(now)s, %(now)s
FROM c
WHERE c.reasons <> ''
ORDER BY c.enterprise_id
RETURNING {returning}
"""
_NOT_LISTED = (
    "AND NOT EXISTS (SELECT 1 FROM mujun_rectification x WHERE x.year = %(year)s AND x.enterprise_id = r.enterprise_id)"
)
_LAND = """(CASE WHEN r.parcel <> ''
    THEN (SELECT SUM(p.land_mu) FROM mujun_enterpriseyeardata p
          WHERE p.parcel = r.parcel AND p.year = %(year)s AND p.size_class = %(below)s)
    ELSE (SELECT d.land_mu FROM mujun_enterpriseyeardata d WHERE d.enterprise_id = r.enterprise_id AND d.year = %(year)s)
END)"""


def insert_rectifications(
    *,
    run_id: int,
    year: int,
    codes: list[str],
    d_reason: str,
    tax_lines: dict[str, tuple[Any, str]],
    land_lines: dict[str, tuple[Any, str]],
    status: str,
    now: Any,
    listed: bool = True,
    history: tuple[str, list[str], dict[str, Any]] | None = None,
) -> tuple[int, list[int]]:
    """Insert a 高耗低效 candidate for every result of the run that is class D, under its group's 亩均税收 line
    or (规下) on at least its group's land line, skipping firms already listed for the year (`listed`: whether
    any is), in one INSERT … SELECT; returns the new rows' ids. Each reason is given with its text, prefixed by the
    separator "；" (the first one is cut off); `tax_lines` and `land_lines` map a group to (line, reason). The land
    is the year's data, a shared parcel's combined 规下 land, as `services.rectification_identify` documents.

    `history` (`core.history.history_from_returning(Rectification, "new", …)`): on PostgreSQL the new rows' history
    records are written by the same statement (`WITH new AS (INSERT … RETURNING …) INSERT INTO <history> …`).
    Returns how many rows were inserted and the ids of those whose history is still to be written (elsewhere)."""
    postgres = connection.vendor == "postgresql"
    params: dict[str, Any] = {
        "run": run_id, "year": year, "status": status, "d": "D", "d_reason": "；" + d_reason, "below": "below",
        "now": connection.ops.adapt_datetimefield_value(now),
    }  # fmt: skip

    def case(lines: dict[str, tuple[Any, str]], test: str, name: str) -> str:
        whens = []
        for i, (group, (line, reason)) in enumerate(sorted(lines.items())):
            params[f"{name}_g{i}"], params[f"{name}_l{i}"] = group, line if postgres else float(line)
            params[f"{name}_r{i}"] = "；" + reason
            whens.append(
                f'WHEN r."group" = %({name}_g{i})s THEN CASE WHEN {test} %({name}_l{i})s THEN %({name}_r{i})s END'
            )
        return f"CASE {' '.join(whens)} END" if whens else "NULL"

    tax_case = "NULL"
    if "tax_per_mu" in codes:
        k = int(codes.index("tax_per_mu"))
        # the k-th number of the text list "[24.097,null,3.5]" (cheaper than parsing it as jsonb)
        tax = (
            f"CAST(NULLIF(NULLIF(split_part(btrim(r.value_list, '[]'), ',', {k + 1}), 'null'), '') AS numeric)"
            if postgres
            else f"json_extract(r.value_list, '$[{k}]')"
        )
        tax_case = case(tax_lines, f"{tax} <", "tax")
    land_case = case(land_lines, f"{_LAND} >=", "land")
    not_listed = _NOT_LISTED if listed else ""
    in_statement = postgres and history is not None
    returning = ", ".join(connection.ops.quote_name(c) for c in history[1]) if in_statement and history else "id"
    sql = _CANDIDATES_SQL.format(tax_case=tax_case, land_case=land_case, not_listed=not_listed, returning=returning)
    if in_statement and history:
        insert = sql[sql.index("INSERT INTO") :]
        sql = sql[: sql.index("INSERT INTO")].rstrip() + f", new AS ({insert}) {history[0]}"
        params.update(history[2])
    with connection.cursor() as cursor:
        if postgres and connection.in_atomic_block:
            cursor.execute("SET LOCAL jit = off")  # the sub-plans' estimates make the planner JIT-compile: 1.5 s
            # the run's reasons, the candidates and the new rows (sorted for their history) stay in memory: with
            # the default 4 MB a million-result run wrote 89 MB of temporary files
            cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(sql, params)
        if in_statement:
            return cursor.rowcount, []
        ids = [row[0] for row in cursor.fetchall()]
        return len(ids), ids
