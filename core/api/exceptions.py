"""The API's one exception handler: a service's refusal becomes the right status, never a 500.

Services raise Django's exceptions (they serve pages and API alike); here they become DRF answers:
ValidationError → 400 with the messages by field (or the import findings it carries), PermissionDenied
→ 403 with its reason, ProtectedError / RestrictedError (deleting what others still refer to) → 409
naming what refers to it. Everything else goes to DRF's own handler. Views do not translate.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def as_drf_validation_error(exc: DjangoValidationError) -> exceptions.ValidationError:
    findings = getattr(exc, "findings", None)
    if findings is not None:
        return exceptions.ValidationError({"findings": [f.as_dict() for f in findings]})
    if hasattr(exc, "error_dict"):
        return exceptions.ValidationError(
            {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
        )
    return exceptions.ValidationError({"non_field_errors": exc.messages})


def referrers_message(exc: ProtectedError | RestrictedError) -> str:
    """“仍被以下对象引用，不能删除：项目 3 个（海宁项目、…）” from the objects the database would orphan."""
    objects = list(getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", None) or ())
    counts = Counter(str(o._meta.verbose_name) for o in objects)
    parts = []
    for label, count in counts.items():
        names = [str(o) for o in objects if str(o._meta.verbose_name) == label][:3]
        parts.append(
            _("%(label)s %(count)d 个（%(names)s）") % {"label": label, "count": count, "names": "、".join(names)}
        )
    return _("仍被以下对象引用，不能删除：%s") % "；".join(parts)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = as_drf_validation_error(exc)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, ProtectedError | RestrictedError):
        return Response({"detail": referrers_message(exc)}, status=status.HTTP_409_CONFLICT)
    return drf_exception_handler(exc, context)
