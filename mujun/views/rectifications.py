"""高耗低效 rectifications: identification list, figures, milestones, monthly progress and 销号."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from core.excel import Column, xlsx_response
from core.views import (
    ModelPermissionMixin,
    ObjectDetailView,
    ObjectExportView,
    ObjectListView,
    ScopedQuerysetMixin,
)
from core.workflow import available_actions

from .. import forms, selectors, services
from ..choices import RECTIFICATION_PLANNING
from ..filtersets import (
    RectificationFilterSet,
)
from ..models import (
    Rectification,
    RectificationMilestone,
    RectificationProgress,
)
from ..tables import (
    RectificationTable,
)
from .base import ActionView, SimpleEditView, _EvidenceFieldMixin

# --- rectification --------------------------------------------------------------------------------------


class RectificationListView(ObjectListView):
    model = Rectification
    table_class = RectificationTable
    filterset_class = RectificationFilterSet
    related = ("enterprise", "enterprise__region")
    template_name = "mujun/rectification_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["figures"] = selectors.rectification_figures(self.filterset.qs)
        return ctx


class RectificationExportView(ObjectExportView):
    model = Rectification
    filterset_class = RectificationFilterSet
    related = ("enterprise", "enterprise__region")
    columns = [
        Column(_("年度"), lambda o: o.year, 8),
        Column(_("企业名称"), lambda o: o.enterprise.name, 36),
        Column(_("属地"), lambda o: o.enterprise.region.name, 16),
        Column(_("纳入原因"), lambda o: o.reasons, 30),
        Column(_("整治路径"), lambda o: o.get_path_display(), 12),
        Column(_("状态"), lambda o: o.get_status_display(), 10),
        Column(_("腾出用地（亩）"), lambda o: o.land_freed_mu, 14, "0.00"),
        Column(_("腾出用能（吨标准煤）"), lambda o: o.energy_freed_tce, 14, "0.00"),
    ]


FIGURE_COLUMNS = [
    Column(_("属地"), lambda f: f["unit"], 24),
    Column(_("查找企业"), lambda f: f["identified"], 12),
    Column(_("已销号"), lambda f: f["rectified"], 12),
    Column(_("腾出用地（亩）"), lambda f: f["land"], 16, "0.00"),
    Column(_("腾出用能（吨标准煤）"), lambda f: f["energy"], 18, "0.00"),
]


class RectificationFiguresExportView(ModelPermissionMixin, ScopedQuerysetMixin, View):
    """The list page's figures per unit (same filters, same scope) as .xlsx, with the total as the last row."""

    model = Rectification

    def get(self, request: HttpRequest) -> HttpResponseBase:
        qs = RectificationFilterSet(request.GET, queryset=self.get_queryset(), request=request).qs
        rows = selectors.rectification_figures(qs)
        total = {
            "unit": _("合计"),
            **{key: sum(row[key] for row in rows) for key in ("identified", "rectified", "land", "energy")},
        }
        name = _("高耗低效整治情况")
        stamp_ = timezone.localtime().strftime("%Y%m%d-%H%M")
        return xlsx_response(
            filename=f"{name}-{stamp_}.xlsx", sheet=name, title=name, columns=FIGURE_COLUMNS, rows=[*rows, total]
        )


class RectificationDetailView(_EvidenceFieldMixin, ObjectDetailView):
    model = Rectification
    evidence_url_name = "mujun:rectification_evidence"
    template_name = "mujun/rectification_detail.html"
    fields = ("enterprise", "year", "run", "reasons", "path", "status", "plan", "land_freed_mu", "energy_freed_tce",
              "evidence", "reviewer", "closed_at")  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["milestones"] = self.object.milestones.all()
        ctx["progress"] = self.object.progress.all()
        ctx["actions"] = {t.action for t in available_actions(self.object, user)}
        planning = self.object.status in RECTIFICATION_PLANNING
        ctx["can_plan"] = planning and user.has_perm("mujun.add_rectificationmilestone")
        ctx["can_edit_milestone"] = planning and user.has_perm("mujun.change_rectificationmilestone")
        ctx.update(
            confirm_form=forms.ConfirmForm(), close_form=forms.CloseForm(),
            milestone_form=forms.RectificationMilestoneForm(user=user),
            progress_form=forms.RectificationProgressForm(user=user),
        )  # fmt: skip
        return ctx


class RectificationConfirmView(ActionView):
    permission_required = "mujun.change_rectification"
    model = Rectification
    form_class = forms.ConfirmForm
    service = services.rectification_confirm


class RectificationStartView(ActionView):
    permission_required = "mujun.change_rectification"
    model = Rectification
    service = services.rectification_start


class RectificationCloseView(ActionView):
    permission_required = "mujun.close_rectification"
    model = Rectification
    form_class = forms.CloseForm
    service = services.rectification_close


class _ChildAddView(ActionView):
    """Add a milestone or a month's progress to a rectification in the user's scope."""

    model = Rectification
    service = services.object_save
    redirect_to_result = False
    success_message = ""
    child: ClassVar[type[models.Model]]

    def get_form(self, obj: Any) -> Any:
        return self.form_class(self.request.POST, user=self.request.user)

    def service_kwargs(self, obj: Any, data: dict[str, Any]) -> dict[str, Any]:
        return {"obj": self.child(), "data": {**data, "rectification": obj}}


class MilestoneAddView(_ChildAddView):
    permission_required = "mujun.add_rectificationmilestone"
    child = RectificationMilestone
    form_class = forms.RectificationMilestoneForm


class ProgressAddView(_ChildAddView):
    permission_required = "mujun.add_rectificationprogress"
    child = RectificationProgress
    form_class = forms.RectificationProgressForm


# A milestone's title, due date and the date it was done, edited from the rectification page (only the edit
# route exists: milestones are added on that page, to the plan).
class RectificationMilestoneEditView(SimpleEditView):
    model = RectificationMilestone
    form_class = forms.RectificationMilestoneForm
