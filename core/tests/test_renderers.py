"""The site's form renderer draws a select exactly as Django's own renderer does."""

from __future__ import annotations

import datetime
import inspect
from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.module_loading import autodiscover_modules
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from core.filters import FilterSet
from core.renderers import Renderer, select_html
from regions.models import Region

DJANGO = DjangoTemplates()
SITE = Renderer()

CHOICES: list[Any] = [
    ("", "---------"),
    ("a&b", "<b>粗体</b> & “引号”"),
    (3, 4),
    (Decimal("1.50"), _("是")),
    ("safe", mark_safe("<i>安全</i>")),
    (mark_safe("x&amp;y"), "已转义的值"),
    ("分组", [("g1", "甲"), ("g2", 'B "quoted"')]),
    (datetime.date(2024, 2, 9), datetime.date(2024, 2, 9)),
]


def both(widget: forms.Widget, name: str, value: Any, attrs: dict[str, Any] | None = None) -> tuple[str, str]:
    return (
        str(widget.render(name, value, attrs=attrs, renderer=DJANGO)),
        str(widget.render(name, value, attrs=attrs, renderer=SITE)),
    )


@pytest.mark.parametrize("value", [None, "", "a&b", 3, "g2", ["a&b", "g1"]])
@pytest.mark.parametrize(
    "widget",
    [
        forms.Select(choices=CHOICES),
        forms.Select(
            choices=CHOICES, attrs={"class": "form-select", "disabled": True, "data-x": '"<>"', "hidden": False}
        ),
        forms.SelectMultiple(choices=CHOICES, attrs={"size": 5}),
        forms.Select(choices=[]),
    ],
)
def test_select_equals_django(widget: forms.Widget, value: Any) -> None:
    for language in ("zh-hans", "en"):
        with override(language):
            expected, actual = both(widget, "字段", value, attrs={"id": "id_x", "required": True})
            assert actual == expected
            assert "<option" in actual or not widget.choices  # type: ignore[attr-defined]


@pytest.mark.parametrize("value", [None, True, "false", "3"])
def test_yes_no_select_equals_django(value: Any) -> None:
    expected, actual = both(forms.NullBooleanSelect(), "f", value)
    assert actual == expected and actual.count("<option") == 3


def test_an_option_with_its_own_template_goes_to_django() -> None:
    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    widget = Custom(choices=[("1", "一")])
    context = widget.get_context("f", "1", {})
    assert select_html(context["widget"]) is None
    expected, actual = both(widget, "f", "1")
    assert actual == expected


def _filtersets() -> list[type[FilterSet]]:
    autodiscover_modules("filtersets")
    found, todo = [], list(FilterSet.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if not inspect.isabstract(cls) and cls._meta.model is not None and cls.__module__.split(".")[0] != "tests":
            found.append(cls)
    return found


@pytest.mark.django_db
def test_every_filter_form_of_the_site_renders_equal(city_staff: Any) -> None:
    """Every select of every FilterSet's form (the list pages' filter bars), with a value chosen."""
    assert Region.objects.exists()
    checked = 0
    for cls in _filtersets():
        filterset = cls(data={}, queryset=cls._meta.model._default_manager.none(), request=_request(city_staff))
        for bound in filterset.form:
            if not isinstance(bound.field.widget, forms.Select):
                continue
            choices = list(getattr(bound.field, "choices", []))
            value = choices[-1][0] if choices else None
            value = getattr(value, "value", value)  # ModelChoiceIteratorValue
            expected = bound.field.widget.render(bound.html_name, value, renderer=DJANGO)
            actual = bound.field.widget.render(bound.html_name, value, renderer=SITE)
            assert actual == expected, f"{cls.__name__}.{bound.name}"
            checked += 1
    assert checked > 40


def _request(user: Any) -> Any:
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    return request
