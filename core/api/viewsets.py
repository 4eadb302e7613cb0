"""Base API viewset: scope by `visible_to`, writes through the app's services (same rules as the pages).

A service's ValidationError, PermissionDenied or ProtectedError becomes 400/403/409 in the one
exception handler (core/api/exceptions.py); the viewsets do not translate them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from django.db import models
from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from core.services import DeclaredServices
from core.views import ScopedQuerysetMixin, save_through_services, service_kwarg


class ServiceActionMixin:
    """The one body of an API action: permission → the object from the user's scope → the input serializer →
    one service → the output serializer. Refusals become 400/403/409 in core/api/exceptions.py.

    `run_action(service, permission=…, input=…, output=…, status=…, kwarg=…, detail=…, **extra)` calls
    `service(<kwarg>=obj, **validated input, **extra, actor=user)`; `kwarg` defaults to the viewset's
    `service_kwarg` (the model name); `detail=False` acts on no object (a list-level action); `output` is a
    serializer class, a function of the result, or None for the viewset's own serializer. A workflow action passes
    the move as `action=` and leaves `permission` empty: the service checks the machine's table and who may.
    """

    model: type[models.Model]
    request: Any

    def run_action(
        self,
        service: Callable[..., Any],
        *,
        permission: str | Sequence[str] = (),
        input: type[serializers.BaseSerializer[Any]] | None = None,
        output: Any = None,
        status: int = 200,
        kwarg: str | None = None,
        detail: bool = True,
        **extra: Any,
    ) -> Response:
        user = self.request.user
        if not user.has_perms((permission,) if isinstance(permission, str) else tuple(permission)):
            raise PermissionDenied
        kwargs: dict[str, Any] = {}
        if detail:
            kwargs[kwarg or service_kwarg(self, self.model)] = self.get_object()  # type: ignore[attr-defined]
        if input is not None:
            body = input(data=self.request.data)
            body.is_valid(raise_exception=True)
            kwargs.update(body.validated_data)
        result = service(**kwargs, **extra, actor=user)
        if output is None:
            data = self.get_serializer(result).data  # type: ignore[attr-defined]
        elif isinstance(output, type) and issubclass(output, serializers.BaseSerializer):
            data = output(result).data
        else:
            data = output(result)
        return Response(data, status=status)


# No PUT: a change is a PATCH through the model's update service, which takes the fields sent; a PUT would ask the
# client for every field only to hand the same service the same data.
HTTP_METHODS = ["get", "post", "patch", "delete", "head", "options"]
# The viewsets that have taken PUT since they were written keep it (Django's default list; their clients may send it).
HTTP_METHODS_WITH_PUT = list(viewsets.ModelViewSet.http_method_names)


class ScopedModelViewSet(DeclaredServices, ServiceActionMixin, ScopedQuerysetMixin, viewsets.ModelViewSet):
    """A model's API: `model`, `serializer_class`, `filterset_class` and `services = (create, update, delete)` (or
    some of `create_service` / `update_service` / `delete_service`; a missing one answers 400 "read-only"). The rows
    are the pages' (`ScopedQuerysetMixin`: `visible_to(user)`, `related`, `prefetch`)."""

    service_kwarg: ClassVar[str | None] = None  # the object's keyword in the services (default: the model name)
    http_method_names = HTTP_METHODS

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        if self.create_service is None and (self.update_service is None or self.service_kwarg is None):
            raise ValidationError({"detail": "read-only"})
        serializer.instance = save_through_services(
            self, self.model, None, dict(serializer.validated_data), self.request.user
        )

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        service = self.update_service
        if service is None:
            raise ValidationError({"detail": "read-only"})
        serializer.instance = service(
            **{service_kwarg(self, self.model): serializer.instance},
            data=dict(serializer.validated_data),
            actor=self.request.user,
        )

    def perform_destroy(self, instance: models.Model) -> None:
        service = self.delete_service
        if service is None:
            raise ValidationError({"detail": "read-only"})
        service(**{service_kwarg(self, self.model): instance}, actor=self.request.user)


class ScopedReadOnlyViewSet(ServiceActionMixin, ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    """A model's API for reading only, scoped as the pages."""
