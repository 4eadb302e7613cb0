"""Model fields shared by the apps."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:  # the field's Python types for django-stubs (set, get); fields are not generic at run time
    _TextBase = models.TextField[list[float | None] | str, list[float | None]]
else:
    _TextBase = models.TextField


def actor_field(verbose_name: Any) -> models.ForeignKey[Any, Any]:
    """The person who did something to a row (filed, submitted, reviewed, published, uploaded it): optional, since
    the system acts without one (core.actors.SYSTEM); PROTECT, since a user who acted is deactivated, never
    deleted; no reverse accessor on the user. A plain ForeignKey, so migrations see the field it always was."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )


class FloatListField(_TextBase):
    """A short list of numbers (or None) stored as a JSON array in a text column, e.g. `[24.097,null,3.5]`.

    For bulk tables written with COPY: the database stores the text as is, where a `jsonb` column parses and
    rebuilds every document (measured 3–4× slower for a million rows, docs/benchmarks.md). The list is
    positional; the table's owner keeps the meaning of each position (e.g. a run's indicator codes)."""

    description = _("数值列表")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> list[float | None] | None:
        return None if value is None else self.to_python(value)

    def to_python(self, value: Any) -> list[float | None] | None:
        if value is None or isinstance(value, list):
            return value
        if isinstance(value, tuple):
            return list(value)
        try:
            parsed = json.loads(value)
        except (TypeError, ValueError) as exc:
            raise ValidationError(_("应为数值列表。")) from exc
        if not isinstance(parsed, list) or not all(v is None or isinstance(v, int | float) for v in parsed):
            raise ValidationError(_("应为数值列表。"))
        return [None if v is None else float(v) for v in parsed]

    def get_prep_value(self, value: Any) -> str | None:
        value = self.to_python(value)
        return None if value is None else json.dumps(value, separators=(",", ":"))

    def value_to_string(self, obj: Any) -> str:
        return self.get_prep_value(self.value_from_object(obj)) or ""
