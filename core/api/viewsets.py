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


class ScopedModelViewSet(viewsets.ModelViewSet):
    model: ClassVar[type[models.Model]]
    related: ClassVar[Sequence[str]] = ()
    prefetch: ClassVar[Sequence[str]] = ()
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
        service = type(self).create_service
        if service is None:
            raise ValidationError({"detail": "read-only"})
        serializer.instance = service(data=dict(serializer.validated_data), actor=self.request.user)

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        service = type(self).update_service
        if service is None:
            raise ValidationError({"detail": "read-only"})
        serializer.instance = service(
            **{str(self.model._meta.model_name): serializer.instance},
            data=dict(serializer.validated_data),
            actor=self.request.user,
        )

    def perform_destroy(self, instance: models.Model) -> None:
        service = type(self).delete_service
        if service is None:
            raise ValidationError({"detail": "read-only"})
        service(**{str(self.model._meta.model_name): instance}, actor=self.request.user)


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
