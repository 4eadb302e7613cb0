"""The hotline log import pages: upload → preview with findings (sheet/row/column) → confirm."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import StyledFormMixin
from core.pipeline import ImportPreviewView, ImportView
from core.uploads import XLSX_ONLY, UploadField

from ..jobs import IMPORT


class HotlineUploadForm(StyledFormMixin, forms.Form):
    file = UploadField(label=_("热线诉求记录（.xlsx）"), accept=XLSX_ONLY)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.style()


class HotlineImportView(ImportView):
    permission_required = "appeals.add_appeal"
    form_class = HotlineUploadForm
    pipeline = IMPORT
    title = _("导入热线诉求记录")
    help_text = _(
        "每行一次来电；列：来电日期、统一社会信用代码、企业名称、所属单位、诉求类别、诉求内容、联系人、联系电话、"
        "复杂程度（简单/复杂）。企业库中没有的企业、未知类别或属地不符的行会列为问题，整个文件不写入。"
    )


class HotlineImportPreviewView(ImportPreviewView):
    permission_required = "appeals.add_appeal"
    pipeline = IMPORT
    import_url_name = "appeals:hotline_import"
    list_url_name = "appeals:appeal_list"
    list_label = _("查看诉求列表")
