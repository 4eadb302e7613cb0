"""Stored files (photos, attachments, evidence, bulletin files, any FileField) are served by one scoped view.

Nothing under MEDIA_ROOT is a public folder: `/media/` is not routed. A file is fetched as
`/files/<app>.<model>/<pk>/<field>/`: the model's view permission decides 403, the owning object's scope rule
(`access_object`) decides 404, the same for missing and forbidden. The content type comes from the file's
bytes (core/uploads.py), images are shown inline and everything else is a download. Pages link to it with
`stored_file_url(obj, "field")` (template tag `{% stored_file_url obj "field" %}`), the API with
`StoredFileUrlField`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .scope import access_object
from .services import model_perm
from .uploads import content_type_of

INLINE_PREFIXES = ("image/", "application/pdf")


def stored_file_url(obj: models.Model, field: str) -> str:
    """The scoped URL of an object's file ('' when it has none)."""
    if not getattr(obj, field, None):
        return ""
    opts = obj._meta
    return reverse("stored_file", args=[f"{opts.app_label}.{opts.model_name}", obj.pk, field])


def stored_file_response(
    obj: models.Model,
    field: str,
    *,
    filename: str | None = None,
    content_type: str | None = None,
    as_attachment: bool | None = None,
) -> FileResponse:
    """The file of an object already fetched through the user's scope; 404 when it has none or it is missing."""
    file = getattr(obj, field, None)
    if not file:
        raise Http404(_("文件不存在"))
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404(_("文件不存在")) from None
    name = filename or Path(file.name or "").name
    content_type = content_type or content_type_of(name, handle)
    if as_attachment is None:
        as_attachment = not content_type.startswith(INLINE_PREFIXES)
    response = FileResponse(handle, as_attachment=as_attachment, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=0"
    return response


def file_model_field(label: str, field: str) -> type[models.Model]:
    """The model named `app.model` if `field` is one of its file fields; Http404 otherwise."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise Http404(_("对象不存在")) from None
    try:
        model_field = model._meta.get_field(field)
    except FieldDoesNotExist:
        raise Http404(_("对象不存在")) from None
    if not isinstance(model_field, models.FileField) or not hasattr(model, "scope"):
        raise Http404(_("对象不存在"))
    return model


class StoredFileView(View):
    """The one view that serves stored files (login required by the middleware)."""

    def get(self, request: HttpRequest, label: str, pk: int, field: str) -> FileResponse:
        model = file_model_field(label, field)
        if not request.user.has_perm(model_perm(model, "view")):
            raise PermissionDenied
        return stored_file_response(access_object(model, request.user, pk), field)


@extend_schema_field(OpenApiTypes.URI)
class StoredFileUrlField(serializers.Field):
    """A file in the API: the URL of the scoped file view (absolute when the request is known), null without one."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(source="*", **kwargs)

    def to_representation(self, obj: models.Model) -> str | None:
        url = stored_file_url(obj, self.field_name or "")
        if not url:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url
