"""API permissions: the same model permissions as the pages (`model_perm`), including `view` for reads."""

from django.db import models
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.permissions import DjangoModelPermissions

from core.services import model_perm

# the model action an HTTP method needs
ACTIONS = {"GET": "view", "OPTIONS": "view", "HEAD": "view", "POST": "add", "PUT": "change", "PATCH": "change",
           "DELETE": "delete"}  # fmt: skip


class ModelPermissions(DjangoModelPermissions):
    def get_required_permissions(self, method: str, model_cls: type[models.Model]) -> list[str]:
        if method not in ACTIONS:
            raise MethodNotAllowed(method)
        return [model_perm(model_cls, ACTIONS[method])]
