"""The form renderer (settings.FORM_RENDERER): Django's own, with `<select>` drawn in Python.

Django draws a select through `django/forms/widgets/select.html`, which includes `select_option.html` once per
option and `attrs.html` once per option and per select: a list page's filter form (ten selects, 70 options) spent
about a tenth of the page's CPU there (docs/benchmarks.md, "List pages"). This renderer joins the same strings in
Python for those two stock templates, each value through the template engine's own `render_value_in_context`, and
hands every other template (and a select whose options use another template) to Django. The output is Django's,
character for character (`core/tests/test_renderers.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.safestring import SafeData, mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"

_CONTEXT = Context(autoescape=True)  # what a template renders with: autoescape on, localisation by settings


def print_value(value: Any) -> str:
    """`{{ value }}` as a template prints it (the engine's own `render_value_in_context`): in local time,
    localised, escaped unless safe. The one copy for the Python-drawn templates (forms' selects, table rows)."""
    return str(render_value_in_context(value, _CONTEXT))


def _stringformat(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`: the filter keeps a safe string safe."""
    text = "%s" % (value,)  # exactly what the filter does
    # The value was already safe (it escaped itself); the filter only keeps that mark.
    return print_value(mark_safe(text) if isinstance(value, SafeData) else text)  # noqa: S308


def _attrs(attrs: Mapping[str, Any]) -> str:
    """`django/forms/widgets/attrs.html`."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {print_value(name)}" if value is True else f' {print_value(name)}="{_stringformat(value)}"')
    return "".join(parts)


def select_html(widget: Mapping[str, Any]) -> str | None:
    """`select.html` for the widget's context, or None when an option uses another template."""
    lines = [f'<select name="{print_value(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            lines.append(f'\n  <optgroup label="{print_value(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION:
                return None
            lines.append(
                f'\n  <option value="{_stringformat(option["value"])}"{_attrs(option["attrs"])}>'
                f"{print_value(option['label'])}</option>\n"
            )
        if group_name:
            lines.append("\n  </optgroup>")
    lines.append("\n</select>")
    return "".join(lines).strip()


class Renderer(DjangoTemplates):
    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        if template_name == SELECT:
            html = select_html(context["widget"])
            if html is not None:
                return html  # the widget marks it safe, as it does Django's own output
        return super().render(template_name, context, request)
