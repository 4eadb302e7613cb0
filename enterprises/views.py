from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from core.excel import Column, ImportTemplate
from core.pipeline import ImportPreviewView, ImportTemplateView, ImportView
from core.views import (
    ObjectDetailView,
    ObjectExportView,
    ObjectSearchView,
    ObjectViews,
)

from . import services
from .filtersets import EnterpriseFilterSet, IndustryFilterSet, TagFilterSet
from .forms import EnterpriseForm, ImportUploadForm, TagForm
from .importing import COLUMNS
from .jobs import IMPORT
from .models import Enterprise, Industry, Tag
from .tables import EnterpriseTable, IndustryTable, TagTable

ENTERPRISE_COLUMNS = [
    Column(COLUMNS["uscc"][0], lambda e: e.uscc, 22),
    Column(COLUMNS["name"][0], lambda e: e.name, 36),
    Column(COLUMNS["region"][0], lambda e: e.region.name, 18),
    Column(COLUMNS["industry"][0], lambda e: e.industry.code if e.industry else None, 10),
    Column("行业名称", lambda e: e.industry.name if e.industry else None, 28),
    Column(COLUMNS["size_class"][0], lambda e: e.get_size_class_display(), 8),
    Column(COLUMNS["land_mu"][0], lambda e: e.land_mu, 14, "#,##0.00"),
    Column(COLUMNS["employees"][0], lambda e: e.employees, 14, "#,##0"),
    Column(COLUMNS["listed"][0], lambda e: e.listed, 10),
    Column(COLUMNS["address"][0], lambda e: e.address, 30),
    Column(COLUMNS["tags"][0], lambda e: "；".join(t.name for t in e.tag_list), 20),
]


class EnterpriseExportView(ObjectExportView):
    model = Enterprise
    filterset_class = EnterpriseFilterSet
    related = ("region", "industry")
    # a list, not `e.tags.all()`: that builds a manager and clones a queryset a row (a sixth of the export's CPU)
    prefetch = (Prefetch("tags", queryset=Tag.objects.only("name"), to_attr="tag_list"),)
    columns = ENTERPRISE_COLUMNS
    ordering = ("region__path", "name")
    as_job = True  # thousands of rows: a job with progress (jobs/exports.py)


class EnterpriseDetailView(ObjectDetailView):
    template_name = "enterprises/enterprise_detail.html"


class EnterpriseViews(ObjectViews):
    model = Enterprise
    table_class = EnterpriseTable
    filterset_class = EnterpriseFilterSet
    form_class = EnterpriseForm
    services = (services.enterprise_create, services.enterprise_update, services.enterprise_delete)
    related = ("region", "industry")
    fields = ("uscc", "name", "region", "industry", "size_class", "land_mu", "employees", "listed", "address", "tags")
    detail_view = EnterpriseDetailView


class EnterpriseImportView(ImportView):
    """Upload an Excel file; a background job validates it and the preview lists every problem."""

    permission_required = "enterprises.add_enterprise"
    form_class = ImportUploadForm
    pipeline = IMPORT
    title = _("导入企业")
    help_text = _(
        "上传 Excel 文件后，系统在后台逐行校验并给出预览：列出每个问题所在的工作表、行和列。存在错误的文件不会写入任何数据；"
        "没有错误时，确认后一次性导入（已有信用代码的企业将被更新）。"
    )
    template_url_name = "enterprises:enterprise_import_template"


class EnterpriseImportPreviewView(ImportPreviewView):
    """The preview of an import job: counts, every finding by sheet/row/column, and the confirm button."""

    permission_required = "enterprises.add_enterprise"
    pipeline = IMPORT
    import_url_name = "enterprises:enterprise_import"
    list_url_name = "enterprises:enterprise_list"
    list_label = _("查看企业列表")
    summary_fields = (*ImportPreviewView.summary_fields, ("unchanged", _("无变化")))
    sample_fields = (("row", _("行")), ("uscc", _("统一社会信用代码")), ("name", _("企业名称")))


class EnterpriseImportTemplateView(ImportTemplateView):
    """The empty import template: the export's columns and one example row."""

    permission_required = "enterprises.add_enterprise"
    workbook = ImportTemplate(
        columns={c.header: c.header for c in ENTERPRISE_COLUMNS if c.header != "行业名称"},
        example=lambda: {
            "统一社会信用代码": "（18位代码）",
            "企业名称": "嘉兴示例制造有限公司",
            "属地": "南湖区",
            "行业代码": "C34",
            "规模": "规上",
            "用地面积（亩）": 35.5,
            "从业人员（人）": 210,
            "上市企业": "否",
            "地址": "",
            "标签": "专精特新；高新技术",
        },
        filename="企业导入模板.xlsx",
        sheet="企业",
        widths={c.header: c.width for c in ENTERPRISE_COLUMNS},
    )


class IndustryViews(ObjectViews):
    model = Industry
    table_class = IndustryTable
    filterset_class = IndustryFilterSet
    fields = ("code", "name", "level", "parent")
    edit_view = None
    delete_view = None


class TagViews(ObjectViews):
    model = Tag
    table_class = TagTable
    filterset_class = TagFilterSet
    form_class = TagForm
    services = (services.tag_create, services.tag_update, services.tag_delete)
    fields = ("name",)


class EnterpriseSearchView(ObjectSearchView):
    """Enterprises for a search picker, by name, credit code or unit (the user's scope only)."""

    model = Enterprise
    related = ("region",)
    search_fields = ("name", "uscc", "region__name")
    ordering = ("name",)

    def row(self, obj: Enterprise) -> dict[str, str]:
        return {"value": str(obj.pk), "uscc": obj.uscc, "text": obj.name, "detail": f"{obj.uscc} · {obj.region.name}"}
