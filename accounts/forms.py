from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from core.forms import ScopedModelForm, StyledForm
from enterprises.models import Enterprise
from regions.models import Department

from .models import EDITED_FIELDS, User
from .roles import PROJECT_APPS


class UserForm(ScopedModelForm):
    password = forms.CharField(
        label=_("初始密码"), required=False, widget=forms.PasswordInput, help_text=_("新建用户时填写；至少10位")
    )

    class Meta:
        model = User
        fields = [*EDITED_FIELDS]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].required = True
        # Departments and enterprises offered are those the admin may see (their scope).
        self.fields["department"].queryset = Department.objects.visible_to(self.user).select_related("region")  # type: ignore[attr-defined]
        self.fields["enterprise"].queryset = Enterprise.objects.visible_to(self.user).select_related("region")  # type: ignore[attr-defined]
        if self.instance.pk:
            del self.fields["password"]

    def clean_password(self) -> str:
        password = self.cleaned_data.get("password") or ""
        if password:
            validate_password(password)
        return password


class SetPasswordForm(StyledForm):
    password = forms.CharField(label=_("新密码"), widget=forms.PasswordInput)


class RolePermissionsForm(StyledForm):
    """The city admin edits which permissions a role (a Django group) grants."""

    permissions = forms.ModelMultipleChoiceField(
        label=_("权限"),
        queryset=Permission.objects.filter(content_type__app_label__in=PROJECT_APPS).select_related("content_type"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.group = group
        self.fields["permissions"].initial = list(group.permissions.values_list("pk", flat=True))
        self.fields["permissions"].widget.attrs["class"] = "form-check-input"
