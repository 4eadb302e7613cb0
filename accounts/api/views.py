from __future__ import annotations

from typing import Any

from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.viewsets import HTTP_METHODS_WITH_PUT, ScopedModelViewSet

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
    services = (_create, services.user_update, services.user_delete)
    http_method_names = HTTP_METHODS_WITH_PUT

    @action(detail=False, methods=["get"], permission_classes=[IsAuthenticated])
    def me(self, request: Request) -> Response:
        """The signed-in user, whatever their permissions."""
        return Response(UserSerializer(request.user).data)
