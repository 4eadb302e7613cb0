"""Pages of the monthly-update Excel upload: template download, upload (a preview job), preview, confirm (a job)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.pipeline import ImportPreviewView, ImportView

from ..forms.updates import UpdateTemplateForm, UpdateUploadForm
from ..importing.updates import updates_template
from ..jobs import UPDATES_IMPORT

PERM = "projects.add_projectupdate"


class UpdateTemplateView(PermissionRequiredMixin, View):
    """The workbook of a unit's projects for a month, to fill in and upload."""

    permission_required = PERM
    raise_exception = True

    def get(self, request: HttpRequest) -> HttpResponse:
        form = UpdateTemplateForm(request.GET, user=request.user)
        if not form.is_valid():
            messages.error(request, _("请选择单位、年度和月份"))
            return HttpResponseRedirect("../")
        data = form.cleaned_data
        content = updates_template(region=data["region"], year=data["year"], month=data["month"], actor=request.user)
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        filename = f"updates-{data['region'].code}-{data['year']}{data['month']:02d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class UpdateUploadView(ImportView):
    """Upload the filled-in workbook; a job checks it and the preview lists every problem."""

    permission_required = PERM
    template_name = "projects/projectupdate_upload.html"  # the template form of the unit, then the upload
    form_class = UpdateUploadForm
    pipeline = UPDATES_IMPORT
    title = gettext_lazy("导入月度进展")

    def get_context_data(self, form: forms.Form, **extra: Any) -> dict[str, Any]:
        return super().get_context_data(form, template_form=UpdateTemplateForm(user=self.request.user), **extra)


class UpdateUploadPreviewView(ImportPreviewView):
    """The preview of an upload job (counts, every finding by sheet/row/column) and the confirm button."""

    permission_required = PERM
    pipeline = UPDATES_IMPORT
    title = gettext_lazy("月度进展导入预览")
    import_url_name = "projects:projectupdate_upload"
    list_url_name = "projects:projectupdate_list"
    list_label = gettext_lazy("查看月度进展")
    summary_fields = (
        ("unit", gettext_lazy("单位")),
        ("month", gettext_lazy("月份")),
        ("rows_total", gettext_lazy("数据行")),
        ("updates", gettext_lazy("将写入")),
        ("skipped", gettext_lazy("未填写")),
    )

    def figure(self, key: str, result: dict[str, Any]) -> str:
        if key == "month":
            return f"{result.get('year')}-{result.get('month')}"
        return super().figure(key, result)
