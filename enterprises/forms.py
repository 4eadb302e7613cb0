from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ScopedModelForm, StyledForm

from .models import Enterprise, Tag
from .validators import clean_uscc


class EnterpriseForm(ScopedModelForm):
    class Meta:
        model = Enterprise
        fields = [
            "uscc",
            "name",
            "region",
            "industry",
            "size_class",
            "land_mu",
            "employees",
            "listed",
            "address",
            "tags",
        ]

    def clean_uscc(self) -> str:
        return clean_uscc(self.cleaned_data["uscc"])


class TagForm(ScopedModelForm):
    class Meta:
        model = Tag
        fields = ["name"]


class ImportUploadForm(StyledForm):
    file = forms.FileField(label=_("Excel 文件（.xlsx / .xls）"))

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith((".xlsx", ".xls", ".xlsm", ".ods")):
            raise forms.ValidationError(_("请上传 Excel 文件（.xlsx 或 .xls）"))
        return file
