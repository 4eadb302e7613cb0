"""`GET /api/notifications/` (own messages), `POST /api/notifications/{id}/read/`, `GET …/unread-count/`."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.viewsets import ScopedReadOnlyViewSet

from .. import services
from ..filtersets import NotificationFilterSet
from ..models import Notification
from .serializers import NotificationSerializer


class NotificationViewSet(ScopedReadOnlyViewSet):
    model = Notification
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilterSet

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: Any = None) -> Response:
        notification = services.notification_read(notification=self.get_object(), actor=request.user)
        return Response(self.get_serializer(notification).data)

    @extend_schema(responses={200: dict})
    @action(detail=False, methods=["get"], url_path="unread-count")
    def unread_count(self, request: Request) -> Response:
        return Response({"unread": services.unread_count(request.user)})
