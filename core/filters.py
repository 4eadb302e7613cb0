"""Filter types shared by every FilterSet."""

from __future__ import annotations

from typing import Any

import django_filters
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
