"""Base API viewset: scope by `visible_to`, writes through the app's services (same rules as the pages).

A service's ValidationError, PermissionDenied or ProtectedError becomes 400/403/409 in the one
exception handler (core/api/exceptions.py); the viewsets do not translate them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from django.db import models
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError

from core.views import save_through_services, service_kwarg


class ScopedModelViewSet(viewsets.ModelViewSet):
    model: ClassVar[type[models.Model]]
    related: ClassVar[Sequence[str]] = ()
    prefetch: ClassVar[Sequence[str]] = ()
    service_kwarg: ClassVar[str | None] = None  # the object's keyword in the services (default: the model name)
    create_service: ClassVar[Callable[..., models.Model] | None] = None
    update_service: ClassVar[Callable[..., models.Model] | None] = None
    delete_service: ClassVar[Callable[..., None] | None] = None

    def get_queryset(self) -> models.QuerySet[Any]:
        qs = self.model._default_manager.visible_to(self.request.user)  # type: ignore[attr-defined]
        if self.related:
            qs = qs.select_related(*self.related)
        if self.prefetch:
            qs = qs.prefetch_related(*self.prefetch)
        return qs

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        view = type(self)
        if view.create_service is None and (view.update_service is None or view.service_kwarg is None):
            raise ValidationError({"detail": "read-only"})
        serializer.instance = save_through_services(
            view, self.model, None, dict(serializer.validated_data), self.request.user
        )

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        service = type(self).update_service
        if service is None:
            raise ValidationError({"detail": "read-only"})
        serializer.instance = service(
            **{service_kwarg(self, self.model): serializer.instance},
            data=dict(serializer.validated_data),
            actor=self.request.user,
        )

    def perform_destroy(self, instance: models.Model) -> None:
        service = type(self).delete_service
        if service is None:
            raise ValidationError({"detail": "read-only"})
        service(**{service_kwarg(self, self.model): instance}, actor=self.request.user)


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    model: ClassVar[type[models.Model]]
    related: ClassVar[Sequence[str]] = ()
    prefetch: ClassVar[Sequence[str]] = ()

    def get_queryset(self) -> models.QuerySet[Any]:
        qs = self.model._default_manager.visible_to(self.request.user)  # type: ignore[attr-defined]
        if self.related:
            qs = qs.select_related(*self.related)
        if self.prefetch:
            qs = qs.prefetch_related(*self.prefetch)
        return qs
