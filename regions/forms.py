from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ScopedModelForm, StyledForm
from core.uploads import CSV_TEXT, UploadField

from .models import Department, Region


class RegionForm(ScopedModelForm):
    aliases_text = forms.CharField(label=_("别名（用；分隔）"), required=False)

    class Meta:
        model = Region
        fields = ["name", "kind"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance and self.instance.pk:
            self.fields["aliases_text"].initial = "；".join(self.instance.aliases or [])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = (data.pop("aliases_text", "") or "").replace(";", "；")
        data["aliases"] = [a.strip() for a in text.split("；") if a.strip()]
        return data


class DepartmentForm(ScopedModelForm):
    class Meta:
        model = Department
        fields = ["name", "short_name", "level", "region"]


class RegionUploadForm(StyledForm):
    file = UploadField(label=_("地区 CSV 文件（code,name,kind,parent_code,aliases）"), required=False, accept=CSV_TEXT)
    content = forms.CharField(widget=forms.HiddenInput, required=False)
