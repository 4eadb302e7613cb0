"""Filter types shared by every FilterSet."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field


@extend_schema_field(OpenApiTypes.BOOL)
class YesNoFilter(django_filters.TypedChoiceFilter):
    """A yes/no filter with Chinese labels (django-filter's own says Unknown/Yes/No).

    Described as a boolean in the OpenAPI schema: with a `method` the schema generator cannot infer
    the type, and Swagger UI stops rendering at an enum parameter without one.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("choices", [("", _("全部")), ("true", _("是")), ("false", _("否"))])
        kwargs.setdefault("coerce", lambda value: value == "true")
        super().__init__(*args, **kwargs)


# Numbers a filter may compare with: what a 64-bit integer column holds. Beyond it the database refuses the query
# (SQLite: OverflowError; PostgreSQL: out of range), which was a 500 for `?project=1e21`; now the filter's form
# refuses the value (400 in the API, the form's error on a page).
FILTER_NUMBER_LIMIT = 2**63 - 1


class BoundedNumberField(forms.DecimalField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_value", FILTER_NUMBER_LIMIT)
        kwargs.setdefault("min_value", -FILTER_NUMBER_LIMIT)
        super().__init__(*args, **kwargs)


def bound_number_filters() -> None:
    """Every NumberFilter (declared, or generated from a model's number field) takes its value through
    BoundedNumberField. Called once from CoreConfig.ready()."""
    django_filters.NumberFilter.field_class = BoundedNumberField
