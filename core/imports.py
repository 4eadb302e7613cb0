"""What every import shares: findings located by sheet, row and column, and reading sheets fast.

An import first builds a preview (every finding, nothing written); only an import without
errors may be confirmed, and confirming writes everything in one transaction (brief promise 5).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from python_calamine import CalamineWorkbook


@dataclass(frozen=True)
class Finding:
    """One problem in an input file, located as the user sees it in Excel (rows from 1, column letter or header)."""

    sheet: str
    row: int
    column: str
    message: str
    severity: str = "error"  # "error" blocks the import; "warning" is shown but does not

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: how Excel names a column."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def read_sheets(source: str | Path | IO[bytes]) -> Iterator[tuple[str, list[list[Any]]]]:
    """Yield (sheet name, rows as lists) for every sheet of an .xlsx/.xls/.ods file, via calamine."""
    workbook = CalamineWorkbook.from_object(source)
    for name in workbook.sheet_names:
        yield name, workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)


def cell_text(value: Any) -> str:
    """A cell as text: numbers without a spurious '.0', None as ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
