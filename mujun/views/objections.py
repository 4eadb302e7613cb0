"""Objections to a published 亩均 result: filing one, the list, the page and the decision."""

from __future__ import annotations

from typing import Any

from core.views import (
    ObjectDetailView,
    ObjectListView,
)
from core.workflow import available_actions

from .. import forms, services
from ..filtersets import (
    ObjectionFilterSet,
)
from ..models import (
    EvaluationResult,
    Objection,
)
from ..tables import (
    ObjectionTable,
)
from .base import ActionView, _EvidenceFieldMixin


class ObjectionCreateView(ActionView):
    permission_required = "mujun.add_objection"
    model = EvaluationResult
    form_class = forms.ObjectionForm
    service = services.objection_create
    service_kwarg = "result"


class ObjectionListView(ObjectListView):
    model = Objection
    table_class = ObjectionTable
    filterset_class = ObjectionFilterSet
    related = ("result__enterprise",)


class ObjectionDetailView(_EvidenceFieldMixin, ObjectDetailView):
    model = Objection
    evidence_url_name = "mujun:objection_evidence"
    template_name = "mujun/objection_detail.html"
    fields = ("result", "text", "evidence", "requested_class", "status", "decision", "decided_by", "decided_at")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["can_decide"] = bool(available_actions(self.object, self.request.user))
        ctx["decide_form"] = forms.DecideForm()
        return ctx


class ObjectionDecideView(ActionView):
    permission_required = "mujun.change_objection"
    model = Objection
    form_class = forms.DecideForm
    service = services.objection_decide
