"""The one recipe of every write service (HackSoft's `model_update`, NetBox's scoped fetch).

A service `<entity>_<verb>(*, …, actor)` checks the actor itself (`require_perm`), fetches the row it
changes scoped and locked (`access_for_update`), sets the fields (`assign`) and saves them audited
(`save_audited`: full_clean → stamp → save(update_fields) → ensure_in_scope). So a management command
or a job calling a service is checked exactly like a view. Pages and viewsets name the services they write
through in one way (`DeclaredServices`: `services = (create, update, delete)`).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, ClassVar, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404
from django.utils.translation import gettext as _

from .history import stamp
from .scope import ensure_in_scope

M = TypeVar("M", bound=models.Model)


def require_perm(actor: Any, permission: str) -> None:
    """403 (PermissionDenied) unless the actor holds the permission; `None` holds none (a job, command or the
    demo passes `core.actors.SYSTEM`, which holds every one)."""
    if actor is None or not actor.has_perm(permission):
        raise PermissionDenied(_("您没有执行此操作的权限"))


def access_for_update(model: type[M] | models.QuerySet[M], actor: Any, pk: Any, *, related: Sequence[str] = ()) -> M:
    """The current row, locked for the transaction, if the actor may see it; else the same 404 as a missing one.

    `actor=None` is refused (403) like in `require_perm`; `core.actors.SYSTEM` (jobs, commands, the demo) reads
    every row.
    """
    if actor is None:
        raise PermissionDenied(_("您没有执行此操作的权限"))
    queryset = model if isinstance(model, models.QuerySet) else model._default_manager.all()
    queryset = queryset.visible_to(actor)  # type: ignore[attr-defined]
    if related:
        queryset = queryset.select_related(*related)
    try:
        return queryset.select_for_update(of=("self",)).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, ValidationError):
        raise Http404(_("对象不存在")) from None


def assign(obj: models.Model, data: Mapping[str, Any], fields: Iterable[str]) -> list[str]:
    """Set the given fields present in `data`; return those that changed (every given one on a new object)."""
    changed = []
    for name in fields:
        if name in data and (obj.pk is None or getattr(obj, name) != data[name]):
            setattr(obj, name, data[name])
            changed.append(name)
    return changed


def save_audited(
    obj: models.Model,
    *,
    actor: Any,
    reason: str,
    changed: Sequence[str] | None = None,
    clean: bool = True,
) -> None:
    """full_clean → stamp (actor, reason) → save (only the changed fields, if given) → ensure_in_scope.

    `changed=None` saves every field (a new object); an empty list saves nothing but still checks.
    """
    if clean:
        obj.full_clean()
    stamp(obj, actor=actor, reason=reason)
    if changed is None:
        obj.save()
    elif changed:
        names = [*changed]
        if any(f.name == "updated_at" for f in obj._meta.concrete_fields) and "updated_at" not in names:
            names.append("updated_at")
        obj.save(update_fields=names)
    ensure_in_scope(obj, actor)


def model_update(obj: M, *, data: Mapping[str, Any], fields: Iterable[str], actor: Any, reason: str) -> list[str]:
    """`assign` then `save_audited` of what changed (everything for a new object); returns the changed names."""
    is_new = obj.pk is None
    changed = assign(obj, data, fields)
    save_audited(obj, actor=actor, reason=reason, changed=None if is_new else changed)
    return changed


# --- the plain create / update / delete of reference data (one line each in the app's services) -------------

Check = Callable[[Any, list[str]], None]


def model_perm(model: type[models.Model] | models.Model, action: str) -> str:
    """The model permission `<app>.<action>_<model>` (add, change, delete, view) the views ask for too."""
    opts = model._meta
    return f"{opts.app_label}.{action}_{opts.model_name}"


def _changes(obj: M, data: Mapping[str, Any], fields: Iterable[str], check: Check | None) -> list[str]:
    changed = assign(obj, data, fields)
    if check is not None:
        check(obj, changed)  # the record's own rules; may add the names of fields it derives
    return list(dict.fromkeys(changed))


@transaction.atomic
def create_audited(
    model: type[M],
    *,
    data: Mapping[str, Any],
    fields: Iterable[str],
    actor: Any,
    reason: str,
    check: Check | None = None,
) -> M:
    """A new `model` row from the given `fields` of `data` (the actor needs `add_<model>`): assigned, `check`ed
    (the record's rules beyond its fields, raising ValidationError), then saved through `save_audited`."""
    require_perm(actor, model_perm(model, "add"))
    obj = model()
    _changes(obj, data, fields, check)
    save_audited(obj, actor=actor, reason=reason)
    return obj


@transaction.atomic
def update_audited(
    obj: M, *, data: Mapping[str, Any], fields: Iterable[str], actor: Any, reason: str, check: Check | None = None
) -> M:
    """`obj` with the given `fields` of `data` (the actor needs `change_<model>`), `check`ed, only the changed
    fields saved (`save_audited`)."""
    require_perm(actor, model_perm(obj, "change"))
    save_audited(obj, actor=actor, reason=reason, changed=_changes(obj, data, fields, check))
    return obj


@transaction.atomic
def delete_audited(obj: models.Model, *, actor: Any, reason: str, check: Check | None = None) -> None:
    """Delete `obj` (the actor needs `delete_<model>`, then `check(obj, [])` may refuse: the record's own rules);
    its last history record ("-") names the actor and reason."""
    require_perm(actor, model_perm(obj, "delete"))
    if check is not None:
        check(obj, [])
    stamp(obj, actor=actor, reason=reason)
    obj.delete()


SERVICE_ROLES = ("create_service", "update_service", "delete_service")


class DeclaredServices:
    """The services a page, a viewset, an action view or an `ObjectViews` declaration writes through.

    `services = (create, update, delete)` names a model's three services at once (None where it has none); a class
    with only some names them alone (`update_service = services.plan_save`). They are plain functions, written
    without `staticmethod(...)`: declaring the class makes them static, so `self.update_service(...)` calls the
    service itself and a grep for a service finds every page and API that calls it.
    """

    services: ClassVar[tuple[Callable[..., Any] | None, ...] | None] = None
    create_service: ClassVar[Callable[..., Any] | None] = None
    update_service: ClassVar[Callable[..., Any] | None] = None
    delete_service: ClassVar[Callable[..., Any] | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        declared = vars(cls).get("services")
        if declared is not None:
            for role, service in zip(SERVICE_ROLES, declared, strict=True):
                setattr(cls, role, service)
        for role in (*SERVICE_ROLES, "service"):  # "service": an action view's one service
            if inspect.isfunction(vars(cls).get(role)):
                setattr(cls, role, staticmethod(vars(cls)[role]))
