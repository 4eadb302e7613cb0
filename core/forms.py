"""Form bases: Tabler/Bootstrap classes on every widget, and the user passed in for scoped choices."""

from __future__ import annotations

from typing import Any

from django import forms


def style_widgets(form: forms.BaseForm) -> None:
    """Tabler/Bootstrap classes on every widget of a form (filter forms included)."""
    for field in form.fields.values():
        widget = field.widget
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
    """A ModelForm that knows the user; region choices are limited to the user's scope."""

    region_field = "region"

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if self.region_field in self.fields:
            field = self.fields[self.region_field]
            # The regions a user may choose: their subtree (`Region.objects.in_scope_of`).
            field.queryset = field.queryset.model._default_manager.in_scope_of(user)  # type: ignore[attr-defined]
        self.style()


class StyledForm(StyledFormMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()
