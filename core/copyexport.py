"""Exports written by PostgreSQL: a query's cells as the text the Python export writes, streamed by COPY.

The Python export (`core.excel`, a CSV writer or xlsxwriter over rows) costs microseconds a cell; a million-row
export is minutes of CPU. Here PostgreSQL writes each cell's text in the query (`COPY (…) TO STDOUT`), read in
chunks through psycopg's `cursor.copy()`, and Python only moves bytes: for CSV it fixes the line ends, for xlsx
the rows are already the sheet's XML and go into the zip (`core.excel.write_xlsx_xml`). The SQL expressions below
give the same text as the Python path, which the exports' tests check cell by cell:

- `float_text`: a double as Python's `repr` writes it (`12.34`, `100.0`, `1e-05`, `1234500000000000.0`), from
  PostgreSQL's shortest round-trip output (PostgreSQL ≥ 12), which differs only in whole numbers (`100`) and in
  1e15 ≤ |x| < 1e16 (`1.2345e+15`, where Python still writes the digits);
- `neutral_text`: `core.excel.neutralise` (a leading apostrophe for text beginning with a formula trigger that is
  not a plain signed number);
- `xml_text`: xlsxwriter's inline string (`_xHHHH_` for control characters, `&amp;` `&lt;` `&gt;`), with tab,
  line feed and backslash as character references so that COPY's text format passes the row through unescaped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.db import connection

CHUNK_BYTES = 1 << 20
_TRIGGERS = ", ".join("'" + c + "'" if c.isprintable() else f"chr({ord(c)})" for c in ("=", "+", "-", "@", "\t", "\r"))
# core.excel._PLAIN_NUMBER (ASCII digits there too); "%%" as the SQL is run with parameters (psycopg's placeholders)
_PLAIN_NUMBER = r"^[+-]?[0-9][0-9,]*(\.[0-9]+)?%%?$"
_CONTROL = [c for c in range(1, 32) if c not in (9, 10)]  # xlsxwriter's [\x00-\x08\x0b-\x1f]; text has no \x00


def neutral_text(expr: str) -> str:
    """`core.excel.neutralise` of a text expression (NULL stays NULL)."""
    return (
        f"CASE WHEN left({expr}, 1) IN ({_TRIGGERS}) AND {expr} !~ '{_PLAIN_NUMBER}' THEN '''' || {expr} "
        f"ELSE {expr} END"
    )


def float_text(expr: str) -> str:
    """Python's `repr` of a double from its PostgreSQL text `expr` (a column computed once, e.g. in a LATERAL)."""
    digits = f"replace(ltrim(split_part({expr}, 'e', 1), '-'), '.', '')"
    sign = f"CASE WHEN left({expr}, 1) = '-' THEN '-' ELSE '' END"
    fixed15 = f"{sign} || rpad(left({digits}, 16), 16, '0') || '.' || COALESCE(NULLIF(substr({digits}, 17), ''), '0')"
    return (
        f"CASE WHEN strpos({expr}, 'e') > 0 THEN CASE WHEN right({expr}, 4) = 'e+15' THEN {fixed15} ELSE {expr} END "
        f"WHEN strpos({expr}, '.') > 0 THEN {expr} "
        f"WHEN {expr} = 'NaN' THEN 'nan' WHEN {expr} = 'Infinity' THEN 'inf' WHEN {expr} = '-Infinity' THEN '-inf' "
        f"ELSE {expr} || '.0' END"
    )


def xml_text(expr: str) -> str:
    """The text as the content of xlsxwriter's inline string `<t>` (NULL stays NULL)."""
    escaped = f"regexp_replace({expr}, '(_x[0-9a-fA-F]{{4}}_)', '_x005F\\1', 'g')"
    for code in _CONTROL:
        escaped = f"replace({escaped}, chr({code}), '_x{code:04X}_')"
    rare = "[" + "".join(f"\\x{c:02x}" for c in _CONTROL) + "_]"
    plain = f"CASE WHEN {expr} ~ E'{rare.replace(chr(92), chr(92) * 2)}' THEN {escaped} ELSE {expr} END"
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\\", "&#92;")):
        plain = f"replace({plain}, '{char}', '{entity}')"
    return f"replace(replace({plain}, chr(9), '&#9;'), chr(10), '&#10;')"


def copy_out(sql: str, params: Any) -> Iterator[bytes]:
    """The bytes of `COPY (sql) TO STDOUT …` in blocks, on the connection's own session (its transaction)."""
    with connection.cursor() as cursor:
        text = cursor.mogrify(sql, params)  # the parameters inlined by psycopg's own quoting
        text = text.decode() if isinstance(text, bytes) else text
        with cursor.cursor.copy(text) as copy:
            for block in copy:
                yield bytes(block)  # psycopg gives memoryviews


def crlf_lines(blocks: Iterator[bytes]) -> Iterator[bytes]:
    """PostgreSQL's CSV lines (ending in LF) ending in CRLF as Python's csv writer writes them; a line feed inside
    a quoted field stays as it is (outside quotes means an even count of `"` before it, doubled quotes included)."""
    inside = False
    for block in blocks:
        if b'"' not in block:
            yield block if inside else block.replace(b"\n", b"\r\n")
            continue
        parts = block.split(b'"')
        for i in range(len(parts)):
            if (i % 2 == 1) == inside:  # an even part outside quotes, or an odd one after an open quote
                parts[i] = parts[i].replace(b"\n", b"\r\n")
        inside = inside != (len(parts) % 2 == 0)
        yield b'"'.join(parts)


def counted(blocks: Iterator[bytes], tell: Callable[[int], None] | None, every: int) -> Iterator[bytes]:
    """The blocks, telling `tell` each multiple of `every` lines passed (the lines a job's progress counts)."""
    lines = 0
    for block in blocks:
        before, lines = lines, lines + block.count(b"\n")
        if tell is not None:
            for mark in range((before // every + 1) * every, lines + 1, every):
                tell(mark)
        yield block
