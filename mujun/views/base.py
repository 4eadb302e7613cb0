"""Shared pieces of the 亩均 pages: the rule-part edit views, the POST action view, evidence downloads."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from django.db import models
from django.http import FileResponse, Http404, HttpRequest, HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.files import stored_file_response
from core.scope import access_object_from
from core.views import (
    ModelPermissionMixin,
    ObjectActionView,
    ObjectEditView,
    ObjectViews,
    ScopedQuerysetMixin,
)

from .. import services
from ..models import (
    Objection,
    Rectification,
)


class SimpleEditView(ObjectEditView):
    """Create or edit one of the simple models (rules, prices, lists, data, milestones) through `object_save`."""

    service_kwarg = "obj"
    update_service = services.object_save


class SimpleViews(ObjectViews):
    """The pages of one of the simple models (rules, prices, lists, data): saved through `object_save`, deleted
    through `object_delete` (refused where a change would be)."""

    service_kwarg = "obj"
    update_service = services.object_save
    delete_service = services.object_delete


class _RuleChildEditView(ObjectEditView):
    """A part of a rule set: a new one starts with the rule set named in `?rule_set=`."""

    def get_form(self, obj: models.Model | None, data: Any = None, files: Any = None) -> Any:
        form = super().get_form(obj, data, files)
        if obj is None and data is None and self.request.GET.get("rule_set", "").isdigit():
            form.initial["rule_set"] = int(self.request.GET["rule_set"])
        return form


class RulePartViews(SimpleViews):
    """A part of a rule set (indicator, industry override, bonus/penalty item), listed and edited on the rule set's
    page."""

    list_view = None
    detail_view = None
    edit_view = _RuleChildEditView


class ActionView(ObjectActionView):
    """The 亩均 pages' buttons: the core action view, going on to what the service made (a new rule set version,
    the run's job, the objection)."""

    redirect_to_result = True
    success_message: ClassVar[Any] = gettext_lazy("操作已完成。")


# --- evidence files (objections, 销号) ----------------------------------------------------------------------


@dataclass(frozen=True)
class DownloadLink:
    """A stored file as a page shows it: its name, linking to the scoped download view. The media path itself is
    never served: evidence is for those who may see the objection or the rectification."""

    name: str
    url: str

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return self.url


def evidence_link(obj: Objection | Rectification, url_name: str) -> DownloadLink | None:
    if not obj.evidence:
        return None
    return DownloadLink(Path(obj.evidence.name or "").name, reverse(url_name, args=[obj.pk]))


def evidence_response(obj: Objection | Rectification) -> FileResponse:
    """The evidence file of an object already fetched through the user's scope (page and API); 404 without one."""
    if not obj.evidence:
        raise Http404(_("未上传材料"))
    return stored_file_response(obj, "evidence", as_attachment=True)


class EvidenceDownloadView(ModelPermissionMixin, ScopedQuerysetMixin, View):
    """The evidence of an object the user may see (its view permission, else 403; out of scope 404, as for a
    missing one): an enterprise user gets only their own, a unit only its region's."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        return evidence_response(access_object_from(self.get_queryset(), pk))


class ObjectionEvidenceView(EvidenceDownloadView):
    model = Objection


class RectificationEvidenceView(EvidenceDownloadView):
    model = Rectification


class _EvidenceFieldMixin:
    """A detail page whose `evidence` field shows the file's name linking to its download view, not the path."""

    evidence_url_name: ClassVar[str]
    object: Any
    fields: ClassVar[Any]

    def get_fields(self) -> list[tuple[str, Any]]:
        rows: list[tuple[str, Any]] = super().get_fields()  # type: ignore[misc]
        at = list(self.fields).index("evidence")
        rows[at] = (rows[at][0], evidence_link(self.object, self.evidence_url_name))
        return rows

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        ctx["evidence"] = evidence_link(self.object, self.evidence_url_name)
        return ctx
