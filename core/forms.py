"""Form bases: Tabler/Bootstrap classes on every widget, and the user passed in for scoped choices."""

from __future__ import annotations

from typing import Any

from django import forms


def style_widgets(form: forms.BaseForm) -> None:
    """Tabler/Bootstrap classes on every widget of a form (filter forms included)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.DateInput) and not isinstance(widget, forms.DateTimeInput):
            # The browser's date box takes ISO dates only: a localised 2019年6月5日 would show as empty.
            widget.input_type = "date"
            widget.format = "%Y-%m-%d"
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class StyledFormMixin:
    def style(self) -> None:
        style_widgets(self)  # type: ignore[arg-type]


class ScopedModelForm(StyledFormMixin, forms.ModelForm):
    """A ModelForm that knows the user; region choices are limited to the user's scope, and so are the choices of
    the foreign keys named in `scoped_fields` (the rows the user sees, by the model's scope rule: a county user
    picks only its own unit's enterprises)."""

    region_field = "region"
    scoped_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if self.region_field in self.fields:
            field = self.fields[self.region_field]
            # The regions a user may choose: their subtree (`Region.objects.in_scope_of`).
            field.queryset = field.queryset.model._default_manager.in_scope_of(user)  # type: ignore[attr-defined]
        for name in self.scoped_fields:
            if name in self.fields:
                field = self.fields[name]
                field.queryset = field.queryset.model._default_manager.visible_to(user)  # type: ignore[attr-defined]
        search_pickers(self)
        self.style()


class StyledForm(StyledFormMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()


class SearchSelect(forms.Select):
    """A choice of one row among many (enterprises, projects): the page holds only the chosen option and the
    browser (tom-select, static/jingxin/pickers.js) asks `search_url` — a scoped ObjectSearchView — for the
    others as the user types a name, a credit code, a project code or a unit. The field's queryset still
    decides what may be chosen."""

    def __init__(self, search_url: str, value_field: str = "value", attrs: dict[str, Any] | None = None) -> None:
        from django.utils.translation import gettext_lazy as _

        super().__init__(
            attrs={
                "data-search-url": search_url,
                "data-value-field": value_field,
                "data-placeholder": _("输入名称、信用代码、项目代码或地区搜索"),
                "data-empty": _("没有匹配的结果"),
                **(attrs or {}),
            }
        )

    def optgroups(self, name: str, value: list[Any], attrs: dict[str, Any] | None = None) -> Any:
        field = getattr(self.choices, "field", None)
        queryset = getattr(self.choices, "queryset", None)
        if field is None or queryset is None:
            return super().optgroups(name, value, attrs)
        key = field.to_field_name or "pk"
        chosen = [v for v in value if v not in (None, "")]
        rows = list(queryset.filter(**{f"{key}__in": chosen})) if chosen else []
        everything = self.choices
        self.choices = [("", field.empty_label or "")] + [
            (str(getattr(row, key)), field.label_from_instance(row)) for row in rows
        ]
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = everything


def search_pickers(form: forms.BaseForm) -> None:
    """Every single-row choice whose model has a search endpoint (`<app>:<model>_search`) becomes a search box."""
    from django.urls import NoReverseMatch, reverse

    for field in form.fields.values():
        if not isinstance(field, forms.ModelChoiceField) or isinstance(field, forms.ModelMultipleChoiceField):
            continue
        if field.queryset is None:
            continue
        opts = field.queryset.model._meta
        try:
            url = reverse(f"{opts.app_label}:{opts.model_name}_search")
        except NoReverseMatch:
            continue
        value_field = "uscc" if field.to_field_name == "uscc" else "value"
        widget = SearchSelect(url, value_field, attrs={"class": "form-select"})
        widget.choices = field.choices  # type: ignore[assignment]
        widget.is_required = field.required
        field.widget = widget
