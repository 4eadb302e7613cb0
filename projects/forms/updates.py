"""Forms of monthly updates, photos, problems, snapshots and the rates page; they parse, the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ScopedModelForm, StyledForm
from core.uploads import IMAGE, XLSX_ONLY, ImageUploadField, UploadField
from regions.choices import COUNTY_LEVEL, RegionKind
from regions.models import Department, Region

from ..choices import NODE_ORDER
from ..filtersets.updates import MONTH_CHOICES, default_month
from ..models import Project, ProjectList, ProjectProblem, ProjectUpdate

DATE = forms.DateInput(attrs={"type": "date"})


class ProjectUpdateForm(ScopedModelForm):
    """A project's monthly update: figures, image progress and the node dates reached this month."""

    class Meta:
        model = ProjectUpdate
        fields = ["project", "year", "month", "investment_month", "investment_ytd", "progress_text"]
        widgets = {"progress_text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["project"].queryset = Project.objects.visible_to(user).filter(active=True)  # type: ignore[attr-defined]
        self.fields["investment_ytd"].required = False
        self.fields["investment_ytd"].help_text = _("留空则按上月累计加本月自动计算")
        if not self.instance.pk:
            year, month = default_month()
            self.initial.setdefault("year", year)
            self.initial.setdefault("month", month)
            # Blank, not the model's 0: a blank 本年累计 is derived from last month's plus this month's on saving,
            # while a 0 left standing would fail the check against last month.
            self.initial["investment_month"] = self.initial.get("investment_month") or None
            self.initial["investment_ytd"] = None
            for name in ("investment_month", "investment_ytd"):
                self.fields[name].widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})
        else:
            for name in ("project", "year", "month"):
                self.fields[name].disabled = True
        current = {}
        if self.instance.pk:
            current = {n.node: n.actual_date for n in self.instance.project.nodes.all()}
        for node in NODE_ORDER:
            field = forms.DateField(label=_("%(node)s实际时间") % {"node": node.label}, required=False, widget=DATE)
            field.widget.attrs["class"] = "form-control"
            self.fields[f"node_{node.value}"] = field
            if current.get(node.value):
                self.initial.setdefault(f"node_{node.value}", current[node.value])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["nodes"] = {
            node.value: data.pop(f"node_{node.value}") for node in NODE_ORDER if data.get(f"node_{node.value}")
        }
        for node in NODE_ORDER:
            data.pop(f"node_{node.value}", None)
        return data


class PhotoForm(StyledForm):
    # On a phone the picker offers the camera first: updates are entered on site.
    image = ImageUploadField(
        label=_("照片"),
        accept=IMAGE,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    caption = forms.CharField(label=_("说明"), max_length=100, required=False)


class CommentForm(StyledForm):
    comment = forms.CharField(label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ResolutionForm(StyledForm):
    """A problem move's text: the resolution, or the reason for sending it back (the service says when required)."""

    resolution = forms.CharField(label=_("办理结果"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ProjectProblemForm(ScopedModelForm):
    """Raise (or correct) a problem of a project for a department to coordinate."""

    class Meta:
        model = ProjectProblem
        fields = ["project", "kind", "text", "department", "deadline"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "deadline": DATE}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["project"].queryset = Project.objects.visible_to(user)  # type: ignore[attr-defined]
        self.fields["department"].queryset = Department.objects.select_related("region")  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["project"].disabled = True


class SnapshotTakeForm(StyledForm):
    region: forms.ModelChoiceField[Region] = forms.ModelChoiceField(label=_("地区"), queryset=Region.objects.none())
    year = forms.IntegerField(label=_("年度"), min_value=1990, max_value=2100)
    month = forms.TypedChoiceField(label=_("月份"), choices=MONTH_CHOICES, coerce=int)
    replace = forms.BooleanField(label=_("已存在时重新生成"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.in_scope_of(user).filter(  # type: ignore[attr-defined]
            kind__in=[RegionKind.CITY, *COUNTY_LEVEL]
        )
        year, month = default_month()
        self.initial.setdefault("year", year)
        self.initial.setdefault("month", month)
        self.style()


class RatesForm(StyledForm):
    """The rates page's month and list selector."""

    region: forms.ModelChoiceField[Region] = forms.ModelChoiceField(
        label=_("地区"), queryset=Region.objects.none(), required=False
    )
    year = forms.IntegerField(label=_("年度"), min_value=1990, max_value=2100, required=False)
    month = forms.TypedChoiceField(label=_("月份"), choices=MONTH_CHOICES, coerce=int, required=False)
    list = forms.ModelChoiceField(label=_("所属清单"), queryset=ProjectList.objects.filter(active=True), required=False)  # type: ignore[attr-defined]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.in_scope_of(user).filter(  # type: ignore[attr-defined]
            kind__in=[RegionKind.CITY, *COUNTY_LEVEL]
        )
        self.style()


class UpdateUploadForm(StyledForm):
    file = UploadField(label=_("Excel 文件"), help_text=_("使用“下载模板”得到的 .xlsx 文件"), accept=XLSX_ONLY)


class UpdateTemplateForm(StyledForm):
    region: forms.ModelChoiceField[Region] = forms.ModelChoiceField(label=_("所属单位"), queryset=Region.objects.none())
    year = forms.IntegerField(label=_("年度"), min_value=1990, max_value=2100)
    month = forms.TypedChoiceField(label=_("月份"), choices=MONTH_CHOICES, coerce=int)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.in_scope_of(user).filter(kind__in=COUNTY_LEVEL)  # type: ignore[attr-defined]
        year, month = default_month()
        self.initial.setdefault("year", year)
        self.initial.setdefault("month", month)
        self.style()
