from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.forms import ScopedModelForm, StyledForm
from core.uploads import SPREADSHEET, UploadField

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
    file = UploadField(label=_("Excel 文件（.xlsx / .xls）"), accept=SPREADSHEET)
