"""The body rows of a django-tables2 table, drawn in Python (`templates/tables/table.html`).

The library's template draws each cell through the template engine and recomputes the cell's attributes for every
cell; a 50-row list page spent about half its CPU there (docs/benchmarks.md, "List pages"). This tag asks the
library for the same things — `row.items()` for each cell's rendered value, `column.attrs["td"]` and `row.attrs` for
the attributes — and only joins them in Python: the attributes of a column are computed once when none of them is a
function of the row. The output is the library template's, cell for cell (`core/tests/test_tables.py`).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe

from core.renderers import print_value

register = template.Library()


def _constant_td(table: Any, column: Any) -> str | None:
    """The `td` attributes of a column when they do not depend on the row, else None."""
    merged = {**dict(table.attrs), **dict(column.column.attrs)}
    td = merged.get("td", merged.get("cell", {}))
    if any(callable(value) for value in td.values()):
        return None
    column.current_record = column.current_value = None
    return str(column.attrs["td"].as_html())


def _cell_text(column: Any, cell: Any) -> str:
    """What `{% if column.localize == None %}{{ cell }}{% else %}…{{ cell|localize }}…{{ cell|unlocalize }}` in the
    library's template prints: a filter gets the value as it is (no local time) and its text is printed."""
    if column.localize is None:
        return print_value(cell)
    return print_value(str(localize(cell, use_l10n=bool(column.localize))))


@register.simple_tag
def table_rows(table: Any) -> SafeString:
    columns = list(table.columns)
    constant = {column.name: _constant_td(table, column) for column in columns}
    rows = []
    for row in table.paginated_rows:
        cells = []
        for column, cell in row.items():
            td = constant[column.name]
            if td is None:
                td = str(column.attrs["td"].as_html())
            cells.append(f"<td {td}>{_cell_text(column, cell)}</td>")
        rows.append(f"<tr {row.attrs.as_html()}>{''.join(cells)}</tr>")
    return mark_safe("\n".join(rows))  # noqa: S308 — every cell escaped above, attributes by the library's as_html
