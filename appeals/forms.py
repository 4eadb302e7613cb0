"""Forms of the requests: filing (enterprise user, or hotline staff for a caller), a move, rating, categories."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ScopedModelForm, StyledFormMixin
from core.uploads import EVIDENCE, UploadField
from enterprises.models import Enterprise
from regions.models import Department, Region

from .choices import Rating
from .models import Appeal, AppealAttachment, AppealCategory


class AppealForm(ScopedModelForm):
    """Enterprise users file for their own company; staff choose the enterprise or type a caller's USCC."""

    enterprise = forms.ModelChoiceField(label=_("企业"), queryset=Enterprise.objects.none(), required=False)
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=18, required=False)
    enterprise_name = forms.CharField(label=_("企业名称（临时企业）"), max_length=200, required=False)
    region = forms.ModelChoiceField(label=_("属地单位（临时企业）"), queryset=Region.objects.none(), required=False)
    confirm_provisional = forms.BooleanField(label=_("企业库中没有时登记为临时企业"), required=False)

    class Meta:
        model = Appeal
        fields = ["channel", "category", "complexity", "urgency", "title", "text", "contact_name", "contact_phone"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["category"].queryset = AppealCategory.objects.filter(active=True)  # type: ignore[attr-defined]
        if user.role == "enterprise_user" or self.instance.pk:
            for name in ("enterprise", "uscc", "enterprise_name", "region", "confirm_provisional"):
                del self.fields[name]
            if user.role == "enterprise_user":
                del self.fields["channel"]
        else:
            self.fields["enterprise"].queryset = Enterprise.objects.visible_to(user).order_by("name")  # type: ignore[attr-defined]
            self.fields["enterprise"].widget = forms.TextInput(
                attrs={"class": "form-control", "placeholder": _("企业编号")}
            )
            self.fields["region"].queryset = Region.objects.in_scope_of(user)  # type: ignore[attr-defined]


class MoveForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("理由 / 答复内容"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    department = forms.ModelChoiceField(label=_("承办部门"), queryset=Department.objects.all(), required=False)
    rating = forms.ChoiceField(label=_("评价"), choices=[("", "—"), *Rating.choices[:3]], required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()


class MergeForm(StyledFormMixin, forms.Form):
    into = forms.IntegerField(label=_("并入诉求"))
    reason = forms.CharField(label=_("理由"), required=False)


class AppealCategoryForm(ScopedModelForm):
    class Meta:
        model = AppealCategory
        fields = ["code", "name", "accept_days", "simple_days", "complex_days", "extended_days", "order", "active"]


class AppealAttachmentForm(ScopedModelForm):
    file = UploadField(label=_("文件"), accept=EVIDENCE)
    scoped_fields = ("appeal",)

    class Meta:
        model = AppealAttachment
        fields = ["appeal", "file", "name"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["name"].required = False
