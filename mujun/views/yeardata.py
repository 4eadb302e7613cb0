"""亩均 yearly enterprise data: list, detail, export, and the Excel import with its template and preview."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.excel import Column
from core.pipeline import ImportPreviewView, ImportTemplateView, ImportView
from core.views import (
    ObjectExportView,
)

from .. import forms
from ..filtersets import (
    EnterpriseYearDataFilterSet,
    ListEntryFilterSet,
)
from ..importing import TEMPLATE as YEAR_DATA_TEMPLATE
from ..jobs import IMPORT
from ..models import (
    EnterpriseYearData,
    ListEntry,
)
from ..tables import (
    EnterpriseYearDataTable,
    ListEntryTable,
)
from .base import SimpleViews

# --- lists and yearly data ------------------------------------------------------------------------------


class ListEntryViews(SimpleViews):
    model = ListEntry
    table_class = ListEntryTable
    filterset_class = ListEntryFilterSet
    form_class = forms.ListEntryForm
    related = ("enterprise",)
    fields = ("year", "enterprise", "kind", "reason")


class ListEntryExportView(ObjectExportView):
    model = ListEntry
    filterset_class = ListEntryFilterSet
    related = ("enterprise",)
    columns = [
        Column(_("年度"), lambda o: o.year, 8),
        Column(_("统一社会信用代码"), lambda o: o.enterprise.uscc, 22),
        Column(_("企业名称"), lambda o: o.enterprise.name, 36),
        Column(_("名单类型"), lambda o: o.get_kind_display(), 18),
        Column(_("原因"), lambda o: o.reason, 30),
    ]


class EnterpriseYearDataViews(SimpleViews):
    model = EnterpriseYearData
    table_class = EnterpriseYearDataTable
    filterset_class = EnterpriseYearDataFilterSet
    form_class = forms.EnterpriseYearDataForm
    related = ("enterprise", "enterprise__region")
    fields = ("enterprise", "year", "size_class", "tax", "value_added", "revenue", "land_mu", "energy_tce",
              "emission_t", "employees", "rd", "electricity", "parcel", "items", "not_graded")  # fmt: skip


class EnterpriseYearDataExportView(ObjectExportView):
    model = EnterpriseYearData
    filterset_class = EnterpriseYearDataFilterSet
    related = ("enterprise",)
    ordering = ("year", "enterprise__name")

    @property
    def columns(self) -> list[Column]:  # type: ignore[override]
        from ..importing import COLUMNS

        cols = [
            Column(COLUMNS["uscc"], lambda o: o.enterprise.uscc, 22),
            Column(_("企业名称"), lambda o: o.enterprise.name, 36),
        ]
        for key, header in COLUMNS.items():
            if key in ("uscc",):
                continue
            cols.append(Column(header, (lambda k: lambda o: _cell(o, k))(key), 14))
        return cols


def _cell(obj: EnterpriseYearData, key: str) -> Any:
    value = getattr(obj, key)
    if key == "items":
        return "；".join(value or [])
    if key == "size_class":
        return obj.get_size_class_display()
    return value


class YearDataImportView(ImportView):
    """Upload → a job checks every row (findings by sheet/row/column) → preview → confirm → atomic write."""

    permission_required = "mujun.add_enterpriseyeardata"
    form_class = forms.ImportUploadForm
    pipeline = IMPORT
    title = gettext_lazy("导入亩均年度数据")
    help_text = gettext_lazy(
        "每行一家企业一个年度；列：统一社会信用代码、年度、规模、实缴税金（万元）、工业增加值（万元）、主营业务收入（万元）、"
        "用地面积（亩）、综合能耗（吨标准煤）、主要污染物排放量（吨）、年平均职工人数、研发经费支出（万元）、"
        "用电量（万千瓦时）、共用地块编号、加减分项代码。"
    )
    template_url_name = "mujun:enterpriseyeardata_import_template"


class YearDataImportTemplateView(ImportTemplateView):
    """The import template to fill in: the importer's headers in order and one example row."""

    permission_required = "mujun.add_enterpriseyeardata"
    workbook = YEAR_DATA_TEMPLATE


class YearDataImportPreviewView(ImportPreviewView):
    permission_required = "mujun.add_enterpriseyeardata"
    pipeline = IMPORT
    import_url_name = "mujun:enterpriseyeardata_import"
    list_url_name = "mujun:enterpriseyeardata_list"
    list_label = gettext_lazy("查看亩均年度数据")
