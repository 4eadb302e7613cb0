from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import StyledForm

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class ReportUploadForm(StyledForm):
    """The filled-in Excel template of one report."""

    file = forms.FileField(label=_("月报 Excel 文件（.xlsx）"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".xls")):
            raise forms.ValidationError(_("请上传从本系统下载的 .xlsx 模板"))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("文件过大"))
        return upload


class ReturnForm(StyledForm):
    comment = forms.CharField(label=_("退回意见"), widget=forms.Textarea(attrs={"rows": 2}))


class DeadlineForm(StyledForm):
    deadline = forms.DateField(label=_("报送截止日"), widget=forms.DateInput(attrs={"type": "date"}))
