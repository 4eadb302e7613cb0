"""Form bases: Tabler/Bootstrap classes on every widget, and the user passed in for scoped choices."""

from __future__ import annotations

from typing import Any

from django import forms

from regions.models import Region


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
            self.fields[self.region_field].queryset = scoped_regions(user)  # type: ignore[attr-defined]
        self.style()


def scoped_regions(user: Any) -> Any:
    """The regions a user may choose: their region's subtree (all of them for a root-region user)."""
    if not getattr(user, "is_authenticated", False):
        return Region.objects.none()
    if user.sees_everything:
        return Region.objects.all()
    return Region.objects.filter(pk__in=user.scope_region_ids)


class StyledForm(StyledFormMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()
