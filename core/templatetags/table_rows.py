"""The body rows of a django-tables2 table, drawn in Python (`templates/tables/table.html`).

The library's template draws each cell through the template engine and recomputes the cell's attributes for every
cell; a 50-row list page spent about half its CPU there (docs/benchmarks.md, "List pages"). This tag joins the
cells in Python, with the attributes of a column computed once when none of them is a function of the row.

Each cell's value is the library's (`BoundRow.get_cell`): the accessor resolved on the record, `get_FOO_display()`
for a field with choices, the column's default for an empty value, the column's or the table's `render_FOO`, the
link of `linkify`. For a plain `Column` over model records (every list page of the site) those steps are planned
once per column (`CellPlan`: the accessor's parts, whether its field has choices, which arguments the render
function takes, where the link points) instead of once per cell; a cell the plan cannot draw the way the library
would — another column class, a callable on the path, a dict record, a missing attribute — is asked of the library.
The output is the library template's, cell for cell (`core/tests/test_tables.py`).
"""

from __future__ import annotations

import functools
import html
import inspect
from typing import Any

from django import template
from django.db.models import Model
from django.utils.encoding import force_str
from django.utils.formats import localize
from django.utils.hashable import make_hashable
from django.utils.safestring import SafeString, mark_safe
from django_tables2 import BooleanColumn, Column, utils
from django_tables2.utils import Accessor

from core.renderers import print_value

register = template.Library()

# What the library passes a render function (`BoundRow._optional_cell_arguments`), by the argument's name.
CELL_ARGUMENTS = ("value", "record", "column", "bound_column", "bound_row", "table")


class AskLibrary(Exception):
    """This cell is not one the plan draws exactly as the library: the library draws it."""


def _walk(record: Any, bits: tuple[str, ...]) -> Any:
    """`Accessor.resolve` over model instances: an attribute per part, stopping at None. A model instance has no
    item lookup, so the library's first try (`current[bit]`) always fails and its second (the attribute) is what it
    gets; anything else (not a model, a callable to call, a missing attribute) is left to the library."""
    current = record
    for bit in bits:
        if not isinstance(current, Model):
            raise AskLibrary
        try:
            current = getattr(current, bit)
        except AttributeError as exc:
            raise AskLibrary from exc
        if callable(current):
            raise AskLibrary
        if current is None:
            break
    return current


class CellPlan:
    """How the library draws one column's cells from records of one model, worked out once per table."""

    def __init__(self, table: Any, bound_column: Any, model: type[Model]) -> None:
        column = bound_column.column
        accessor = bound_column.accessor
        boolean = type(column) is BooleanColumn
        if (type(column) is not Column and not boolean) or accessor.SEPARATOR != Accessor.SEPARATOR:
            raise AskLibrary
        if accessor.callable_args or accessor.callable_kwargs:
            raise AskLibrary
        self.table, self.bound_column, self.column, self.model = table, bound_column, column, model
        self.bits = tuple(accessor.bits)
        field = accessor.get_field(model)  # what `_get_and_render_with` asks of the record's model
        self.display = f"get_{self.bits[-1]}_display" if self.bits and getattr(field, "choices", ()) else None
        self.empty_values = column.empty_values
        self._labels: dict[type[Model], Any] = {}
        render = bound_column.render
        self.render: Any = None
        self.render_args: tuple[str, ...] = ()
        self.never_rendered = False
        if getattr(render, "__func__", None) is not Column.render:
            args, catch_all = utils.signature(render)  # core/tables.py keeps it per function
            if catch_all:
                raise AskLibrary
            self.render, self.render_args = render, tuple(args)
            self.never_rendered = any(arg not in CELL_ARGUMENTS for arg in args)  # the library then gives None
        link = bound_column.link
        self.link_bits: tuple[str, ...] | None = None
        # A BooleanColumn of a field without choices draws a cell from bool(value) alone: its two cells are drawn
        # once, by the column itself, and kept.
        self.booleans: dict[bool, Any] | None = None
        if boolean:
            if self.render is None or getattr(render, "__func__", None) is not BooleanColumn.render:
                raise AskLibrary  # a render_FOO of the table's
            if self.display or getattr(field, "choices", None) or link:
                raise AskLibrary
            self.render, self.booleans = None, {}
        if link:
            if link.url is not None or link.attrs or link.reverse_args.get("viewname") is not None:
                raise AskLibrary
            self.link_bits = tuple(Accessor(link.accessor if link.accessor is not None else bound_column.name).bits)

    def labels(self, model: type[Model]) -> Any:
        """Django's own `get_FOO_display` of `model` (`Model._get_FIELD_display`, as `Field.contribute_to_class`
        installs it) with its labels translated once per table, not once per choice and cell: it hashes every lazy
        label of the field's choices on each call (600 translations on a page of 50 projects). None for a model
        with a `get_FOO_display` of its own."""
        if model not in self._labels:
            method = inspect.getattr_static(model, self.display or "", None)
            found = None
            if (
                isinstance(method, functools.partialmethod)
                and method.func is Model._get_FIELD_display  # type: ignore[attr-defined]
                and not method.args
                and set(method.keywords) == {"field"}
            ):
                field = method.keywords["field"]
                # dict(make_hashable(field.flatchoices)), its labels as force_str makes them
                choices = {make_hashable(key): force_str(label, strings_only=True) for key, label in field.flatchoices}

                def found(instance: Model, attname: str = field.attname, choices: dict[Any, Any] = choices) -> Any:
                    value = getattr(instance, attname)
                    hashable = make_hashable(value)
                    return choices[hashable] if hashable in choices else force_str(value, strings_only=True)

            self._labels[model] = found
        return self._labels[model]

    def cell(self, row: Any) -> Any:
        record = row.record
        value = None
        resolve = True
        if self.display is not None:
            penultimate = _walk(record, self.bits[:-1])
            if isinstance(penultimate, Model):
                labels = self.labels(type(penultimate))
                if labels is not None:
                    value, resolve = labels(penultimate), False
                else:
                    display = getattr(penultimate, self.display, None)
                    if display:
                        value, resolve = display(), False
        if resolve:
            value = _walk(record, self.bits)
        if value in self.empty_values:
            return self.bound_column.default
        if self.booleans is not None:
            truth = bool(value)
            if truth not in self.booleans:
                self.booleans[truth] = self.column.render(value=truth, record=None, bound_column=self.bound_column)
            return self.booleans[truth]
        content = value
        if self.render is not None:
            if self.never_rendered:
                content = None
            else:
                given = {
                    "value": value,
                    "record": record,
                    "column": self.column,
                    "bound_column": self.bound_column,
                    "bound_row": row,
                    "table": self.table,
                }
                content = self.render(**{arg: given[arg] for arg in self.render_args})
        if self.link_bits is None:
            return content
        target = _walk(record, self.link_bits)
        if not hasattr(target, "get_absolute_url"):
            if not hasattr(record, "get_absolute_url"):
                raise AskLibrary  # the library raises its TypeError
            target = record
        href = target.get_absolute_url()
        if href is None:
            return content
        # format_html('<a {}>{}</a>', AttributeDict({"href": href}).as_html(), content), joined directly
        return SafeString(f'<a href="{_escape(href)}">{_escape(content)}</a>')


def _plans(table: Any, columns: list[Any], record: Any) -> dict[str, CellPlan | None]:
    plans: dict[str, CellPlan | None] = {}
    for column in columns:
        try:
            plans[column.name] = CellPlan(table, column, type(record)) if isinstance(record, Model) else None
        except AskLibrary:
            plans[column.name] = None
    return plans


def _constant_td(table: Any, column: Any) -> str | None:
    """The `td` attributes of a column when they do not depend on the row, else None."""
    merged = {**dict(table.attrs), **dict(column.column.attrs)}
    td = merged.get("td", merged.get("cell", {}))
    if any(callable(value) for value in td.values()):
        return None
    column.current_record = column.current_value = None
    return str(column.attrs["td"].as_html())


def _escape(value: Any) -> str:
    """`conditional_escape`: safe text as it is, anything else as escaped text."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


def _cell_text(localize_: bool | None, cell: Any) -> str:
    """What `{% if column.localize == None %}{{ cell }}{% else %}…{{ cell|localize }}…{{ cell|unlocalize }}` in the
    library's template prints: a filter gets the value as it is (no local time) and its text is printed. Text is
    printed escaped and safe text as it is, whatever the localisation (`render_value_in_context`)."""
    kind = type(cell)
    if kind is str:
        return html.escape(cell)
    if kind is SafeString:
        return cell
    if localize_ is None:
        return print_value(cell)
    return print_value(str(localize(cell, use_l10n=bool(localize_))))


def _row_attrs(table: Any, row: Any) -> str:
    """`row.attrs.as_html()`; without row attributes of the table's, its even/odd class alone."""
    if not table.row_attrs:
        return f'class="{row.get_even_odd_css_class()}"'
    return str(row.attrs.as_html())


@register.simple_tag
def table_rows(table: Any) -> SafeString:
    columns = list(table.columns)
    constant = {column.name: _constant_td(table, column) for column in columns}
    localized = {column.name: column.localize for column in columns}
    plans: dict[str, CellPlan | None] | None = None
    rows = []
    for row in table.paginated_rows:
        if plans is None:
            plans = _plans(table, columns, row.record)
        cells = []
        record = row.record
        for column in columns:
            plan = plans[column.name]
            if plan is None or type(record) is not plan.model:  # rows of one table are one model
                value = row.get_cell(column.name)
            else:
                try:
                    value = plan.cell(row)
                except AskLibrary:
                    value = row.get_cell(column.name)
            # as `BoundRow.items()` leaves them, for attributes that are a function of the row
            column.current_value, column.current_record = value, record
            td = constant[column.name]
            if td is None:
                td = str(column.attrs["td"].as_html())
            cells.append(f"<td {td}>{_cell_text(localized[column.name], value)}</td>")
        rows.append(f"<tr {_row_attrs(table, row)}>{''.join(cells)}</tr>")
    return mark_safe("\n".join(rows))  # noqa: S308 — every cell escaped above, attributes by the library's as_html
