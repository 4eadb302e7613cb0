from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import StyledForm
from core.uploads import XLSX_ONLY, UploadField


class ReportUploadForm(StyledForm):
    """The filled-in Excel template of one report."""

    file = UploadField(label=_("月报 Excel 文件（.xlsx）"), accept=XLSX_ONLY)


class ReturnForm(StyledForm):
    comment = forms.CharField(label=_("退回意见"), widget=forms.Textarea(attrs={"rows": 2}))


class DeadlineForm(StyledForm):
    deadline = forms.DateField(label=_("报送截止日"), widget=forms.DateInput(attrs={"type": "date"}))
