"""Pages of the requests: list, file, detail (hops, moves, similar requests, merge), categories, files."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from core import clock
from core.excel import Column
from core.scope import access_object
from core.views import (
    ObjectActionView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectExportView,
    ObjectListView,
    ObjectViews,
)
from workdays.selectors import unknown_years_warning

from .. import services, workflow
from ..figures import Col
from ..filtersets import AppealAttachmentFilterSet, AppealCategoryFilterSet, AppealFilterSet, AppealHopFilterSet
from ..forms import AppealAttachmentForm, AppealCategoryForm, AppealForm, MergeForm, MoveForm
from ..models import Appeal, AppealAttachment, AppealCategory, AppealHop
from ..tables import AppealAttachmentTable, AppealCategoryTable, AppealHopTable, AppealTable

APPEAL_RELATED = ("enterprise", "region", "category", "department")


class AppealListView(ObjectListView):
    related = APPEAL_RELATED
    filterset_class = AppealFilterSet
    table_class = AppealTable
    template_name = "appeals/appeal_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["unknown_years"] = unknown_years_warning(clock.today())
        return ctx


EXPORT_COLUMNS = [
    Col(N_("诉求编号"), lambda a: a.number, 18),
    Col(N_("登记日期"), lambda a: a.filed_on, 12),
    Col(N_("企业"), lambda a: a.enterprise.name, 30),
    Col(N_("统一社会信用代码"), lambda a: a.enterprise.uscc, 20),
    Col(N_("属地单位"), lambda a: a.region.name, 14),
    Col(N_("诉求类别"), lambda a: a.category.name, 10),
    Col(N_("标题"), lambda a: a.title, 30),
    Col(N_("状态"), lambda a: a.get_status_display(), 10),
    Col(N_("承办部门"), lambda a: a.department.name if a.department else "", 16),
    Col(N_("答复期限"), lambda a: a.answer_due, 12),
    Col(N_("答复日期"), lambda a: a.answered_on, 12),
    Col(N_("办理用时（工作日）"), lambda a: a.workdays_to_answer, 10),
    Col(N_("评价"), lambda a: a.get_rating_display(), 10),
]


class AppealExportView(ObjectExportView):
    model = Appeal
    related = APPEAL_RELATED
    filterset_class = AppealFilterSet
    ordering = ("-filed_on", "-pk")
    columns = ()

    def get_columns(self, queryset: Any) -> list[Column]:
        return [c.column() for c in EXPORT_COLUMNS]


class AppealDetailView(ObjectDetailView):
    related = APPEAL_RELATED
    template_name = "appeals/appeal_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        appeal, user = self.object, self.request.user
        ctx["actions"] = workflow.available_actions(appeal, user)
        ctx["move_form"] = MoveForm()
        ctx["department_actions"] = workflow.DEPARTMENT_REQUIRED
        ctx["hops"] = list(appeal.hops.select_related("actor"))
        ctx["attachments"] = list(appeal.attachments.all())
        ctx["overdue"] = workflow.is_overdue(appeal, clock.today())
        holder = workflow.HOLDER in workflow.acts_as(appeal, user)
        ctx["similar"] = services.similar_open_appeals(appeal) if holder and appeal.status in workflow.OPEN else []
        if appeal.status != "submitted":
            ctx["edit_url"] = None
        return ctx


class AppealEditView(ObjectEditView):
    related = APPEAL_RELATED
    form_class = AppealForm
    create_service = services.appeal_create
    update_service = services.appeal_update
    denied_as_message = True


class AppealViews(ObjectViews):
    model = Appeal
    delete_service = services.appeal_delete
    fields = (
        "number", "enterprise", "region", "channel", "category", "complexity", "urgency", "text", "contact_name",
        "contact_phone", "status", "level", "department", "filed_on", "accept_due", "answer_due", "accepted_on",
        "answered_on", "answer", "extended", "extension_reason", "paused_workdays", "workdays_to_answer", "on_time",
        "rating", "rating_comment", "escalation_level", "merged_into",
    )  # fmt: skip
    list_view = AppealListView
    detail_view = AppealDetailView
    edit_view = AppealEditView


class AppealMoveView(ObjectActionView):
    """POST one move of the table (accept, answer, pass up/across, assign, material, extend, rate)."""

    model = Appeal
    service = workflow.appeal_move
    form_class = MoveForm
    action_kwarg = "action"


class AppealMergeView(ObjectActionView):
    """Merge a repeated request into another of the user's scope, then open that one."""

    model = Appeal
    service = services.appeal_merge
    form_class = MergeForm

    def service_kwargs(self, obj: Any, data: dict[str, Any]) -> dict[str, Any]:
        self.into = access_object(Appeal, self.request.user, data["into"])
        return {**super().service_kwargs(obj, data), "into": self.into}

    def get_success_message(self, obj: Any, result: Any) -> str:
        return _("已合并到 %s") % self.into.number

    def get_success_url(self, obj: Any, result: Any) -> str:
        return str(self.into.get_absolute_url())


class AppealCategoryViews(ObjectViews):
    model = AppealCategory
    table_class = AppealCategoryTable
    filterset_class = AppealCategoryFilterSet
    form_class = AppealCategoryForm
    services = (services.appealcategory_create, services.appealcategory_update, services.appealcategory_delete)
    detail_view = None


class AppealHopListView(ObjectListView):
    model = AppealHop
    related = ("appeal", "actor")
    filterset_class = AppealHopFilterSet
    table_class = AppealHopTable


class AppealAttachmentListView(ObjectListView):
    model = AppealAttachment
    related = ("appeal",)
    filterset_class = AppealAttachmentFilterSet
    table_class = AppealAttachmentTable


class AppealAttachmentEditView(ObjectEditView):
    model = AppealAttachment
    form_class = AppealAttachmentForm
    create_service = services.appealattachment_create
    update_service = services.appealattachment_update


class AppealAttachmentDeleteView(ObjectDeleteView):
    model = AppealAttachment
    delete_service = services.appealattachment_delete
