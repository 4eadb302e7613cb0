"""Filter types shared by every FilterSet."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.db.models.fields.related import ForeignObjectRel
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _
from django_filters.utils import get_field_parts, label_for_filter
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


def _model_label(model: Any, filter_: django_filters.Filter) -> Promise | None:
    """The label django-filter would derive from the model's verbose names, but lazy: translated when the form is
    drawn (in the request's language), not frozen in the language of whoever first touched the filter. None when
    the filter names no field of the model (a `method` filter under its own name)."""
    parts = get_field_parts(model, filter_.field_name) if filter_.field_name else None
    if not parts or any(isinstance(part, ForeignObjectRel) and not part.related_name for part in parts):
        return None
    field_name, lookup_expr, exclude = filter_.field_name, filter_.lookup_expr, filter_.exclude
    return lazy(lambda: label_for_filter(model, field_name, lookup_expr, exclude), str)()


class FilterSet(django_filters.FilterSet):
    """The FilterSet every list page and API endpoint uses: every filter shows a label in the user's language.

    django-filter works out a generated filter's label when its form field is first built and keeps the field; the
    OpenAPI schema builds the class-level filters' fields (without the model, so without a label), and from then on
    every page drew the field's name ("Status", "Kind") instead of its verbose name. Here each filter gets its label
    when the class is made, lazily from the model's verbose names, and each FilterSet builds its own form fields.
    A filter that names no model field and has no label is refused when the class is made.
    """

    @classmethod
    def get_filters(cls) -> dict[str, django_filters.Filter]:
        filters = super().get_filters()
        model = cls._meta.model
        if model is None:
            return filters
        for name, filter_ in filters.items():
            if filter_._label is None:
                filter_.label = _model_label(model, filter_)
            if filter_._label is None:
                raise ImproperlyConfigured(f"{cls.__name__}.{name}: a filter without a model field needs a label")
        return filters

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for filter_ in self.filters.values():
            filter_.__dict__.pop("_field", None)  # built afresh from this request's label, choices and queryset
