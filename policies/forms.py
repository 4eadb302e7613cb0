from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ScopedModelForm, StyledForm
from core.uploads import EVIDENCE, SPREADSHEET, UploadField

from .models import Disbursement, Policy, PolicyCriterion, PolicyGrant


class PolicyForm(ScopedModelForm):
    attachment = UploadField(label=_("政策文件"), accept=EVIDENCE, required=False)

    class Meta:
        model = Policy
        fields = ["title", "department", "document_number", "valid_from", "valid_to", "benefit", "combine",
                  "no_application", "amount_kind", "amount", "percent", "cap", "attachment"]  # fmt: skip
        widgets = {"benefit": forms.Textarea(attrs={"rows": 4})}


class PolicyCriterionForm(ScopedModelForm):
    values = forms.CharField(label=_("取值"), required=False, help_text=_("多个用逗号或顿号分隔，如：C34、C35"))

    class Meta:
        model = PolicyCriterion
        fields = ["policy", "kind", "values", "minimum", "year"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["values"] = "、".join(self.instance.values)

    def clean_values(self) -> list[str]:
        text = self.cleaned_data.get("values") or ""
        return [v.strip() for v in text.replace("，", ",").replace("、", ",").split(",") if v.strip()]


class PolicyGrantForm(ScopedModelForm):
    """An application with one supporting file (more can be added on its page while it is under review)."""

    attachment = UploadField(label=_("申报材料（可选）"), accept=EVIDENCE, required=False)
    scoped_fields = ("enterprise",)

    class Meta:
        model = PolicyGrant
        fields = ["policy", "enterprise", "application_text"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        file = data.pop("attachment", None)
        if file:
            data["attachments"] = [file]
        return data

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["policy"].queryset = Policy.objects.filter(no_application=False)  # type: ignore[attr-defined]
        if user.role == "enterprise_user":
            del self.fields["enterprise"]
        else:
            self.fields["enterprise"].widget = forms.TextInput(
                attrs={"class": "form-control", "placeholder": _("企业编号")}
            )


class DisbursementForm(ScopedModelForm):
    class Meta:
        model = Disbursement
        fields = ["grant", "amount", "paid_on", "fund_source", "batch", "voucher_no"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["grant"].queryset = PolicyGrant.objects.visible_to(user).filter(status="granted")  # type: ignore[attr-defined]
        self.fields["grant"].required = self.instance.pk is None  # a new payment here pays a grant
        self.fields["grant"].widget = forms.TextInput(attrs={"class": "form-control", "placeholder": _("兑现记录编号")})


class ReviewForm(StyledForm):
    """A review move's opinion (required when refusing: the service says so)."""

    reason = forms.CharField(label=_("审核意见"), required=False, max_length=300)


class PaymentUploadForm(StyledForm):
    file = UploadField(label=_("拨付明细（Excel）"), accept=SPREADSHEET)


class GrantAttachmentForm(StyledForm):
    file = UploadField(label=_("申报材料"), accept=EVIDENCE)


class PolicyAttachmentForm(StyledForm):
    file = UploadField(label=_("政策附件"), accept=EVIDENCE)
