from __future__ import annotations

from typing import Any

from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.viewsets import ScopedModelViewSet

from .. import services
from ..filtersets import UserFilterSet
from ..models import User
from .serializers import UserSerializer


def _create(*, data: dict[str, Any], actor: Any) -> User:
    return services.user_create(data=data, password=None, actor=actor)


class UserViewSet(ScopedModelViewSet):
    model = User
    serializer_class = UserSerializer
    filterset_class = UserFilterSet
    related = ("region", "department", "enterprise")
    ordering = ["username"]
    create_service = _create
    update_service = services.user_update
    delete_service = services.user_delete

    @action(detail=False, methods=["get"], permission_classes=[IsAuthenticated])
    def me(self, request: Request) -> Response:
        """The signed-in user, whatever their permissions."""
        return Response(UserSerializer(request.user).data)
