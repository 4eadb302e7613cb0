"""Abstract bases shared by every domain model: one place for the scoped manager, the page, the timestamps and
the change history, so a model declares only its fields, its scope rule and its Meta (a verbose_name, no
plural: see `DomainModelBase`).

    ScopedModel     `objects` is the scoped manager; `get_absolute_url` by the URL convention; `__str__` its name
    DomainModel     + created_at / updated_at
    AuditedModel    + every change kept in the model's own history table (`history`)
    AttachmentModel + a file's original name and who uploaded it
"""

from collections.abc import Callable
from typing import Any, ClassVar

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.base import ModelBase
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .fields import actor_field
from .scope import ScopedManager, ScopeRule


def url_name(model: type[models.Model], action: str) -> str:
    """URL names follow one convention: `<app_label>:<model_name>_<action>`."""
    return f"{model._meta.app_label}:{model._meta.model_name}_{action}"


_KEY = 9_876_543_210  # a key no address otherwise contains


def address_of(name: str) -> Callable[[Any], str]:
    """`reverse(name, args=[key])` for many keys at the cost of one `reverse()` (a row's link in a long list or
    graph): the address is reversed once with a stand-in key, and each key is put in its place."""
    before, _key, after = reverse(name, args=[_KEY]).partition(str(_KEY))
    return lambda key: f"{before}{key}{after}"


class DomainModelBase(ModelBase):
    """Chinese nouns have no plural, so a domain model's plural name is its name: a Meta that gives a
    `verbose_name` and no `verbose_name_plural` gets the same words for both. The option is set on the Meta before
    Django reads it, so it stands in the model's options exactly as if it were written out (the migrations see
    no change)."""

    def __new__(mcs, name: str, bases: tuple[type, ...], attrs: dict[str, Any], **kwargs: Any) -> type:
        meta = attrs.get("Meta")
        if meta is not None and "verbose_name" in vars(meta) and "verbose_name_plural" not in vars(meta):
            meta.verbose_name_plural = meta.verbose_name
        return super().__new__(mcs, name, bases, attrs, **kwargs)


class ScopedModel(models.Model, metaclass=DomainModelBase):
    """A row users see through its `scope` rule: `objects` (the default manager) is the scoped manager, so
    `Model.objects.visible_to(user)` and `access_object` work on every model. Its page is its own detail page
    (`<app_label>:<model_name>_detail`) or, for a row shown on another row's page (a rule set's indicator, a
    project's node), that row's detail page: `shown_on` names the foreign key to it. A model with another
    manager or another page declares its own `objects` or `get_absolute_url`."""

    scope: ClassVar[ScopeRule]
    shown_on: ClassVar[str] = ""

    objects = ScopedManager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        """A row is called by its `name` field or, without one, its `title` field; a model whose rows are called
        otherwise (a project and a month, a year and an enterprise) says how in its own `__str__`."""
        for field in ("name", "title"):
            try:
                self._meta.get_field(field)
            except FieldDoesNotExist:
                continue
            return str(getattr(self, field))
        return super().__str__()

    def get_absolute_url(self) -> str:
        if not self.shown_on:
            return reverse(url_name(type(self), "detail"), args=[self.pk])
        parent = self._meta.get_field(self.shown_on).related_model
        return reverse(url_name(parent, "detail"), args=[getattr(self, f"{self.shown_on}_id")])  # type: ignore[arg-type]


class DomainModel(ScopedModel):
    """A domain row with created_at / updated_at."""

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class AuditedModel(DomainModel):
    """A domain row whose every change is kept, with who and why, in its own simple-history table (`history`).
    simple-history registers a model once: a model whose history leaves fields out or follows many-to-many
    fields derives from DomainModel and declares its own `history = HistoricalRecords(...)`."""

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True


class AttachmentModel(AuditedModel):
    """A file attached to a domain row (application material, evidence): its original name and who uploaded it.
    The subclass declares `file` (its folder) and the foreign key to what it is attached to."""

    file: models.FileField
    name = models.CharField(_("文件名"), max_length=200)
    uploaded_by = actor_field(_("上传人"))

    class Meta:
        abstract = True
