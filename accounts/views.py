from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from core.excel import Column
from core.scope import access_object
from core.views import ObjectDeleteView, ObjectDetailView, ObjectExportView, ObjectViews

from . import services
from .choices import Role
from .filtersets import UserFilterSet
from .forms import RolePermissionsForm, SetPasswordForm, UserForm
from .models import EDITED_FIELDS, User
from .tables import UserTable


class UserExportView(ObjectExportView):
    model = User
    filterset_class = UserFilterSet
    related = ("region", "department", "enterprise")
    columns = [
        Column("用户名", lambda u: u.username, 16),
        Column("姓名", lambda u: u.full_name, 12),
        Column("角色", lambda u: u.get_role_display(), 14),
        Column("所属地区", lambda u: u.region.name if u.region else "", 20),
        Column("所属部门", lambda u: u.department.name if u.department else "", 20),
        Column("所属企业", lambda u: u.enterprise.name if u.enterprise else "", 30),
        Column("启用", lambda u: u.is_active, 8),
        Column("最后登录", lambda u: u.last_login, 18),
    ]


class UserDetailView(ObjectDetailView):
    template_name = "accounts/user_detail.html"


def _user_create(*, data: dict[str, Any], actor: Any) -> User:
    password = data.pop("password", "") or None
    return services.user_create(data=data, password=password, actor=actor)


class UserDeleteView(ObjectDeleteView):
    delete_service = services.user_delete
    template_name = "accounts/user_confirm_deactivate.html"


class UserViews(ObjectViews):
    model = User
    table_class = UserTable
    filterset_class = UserFilterSet
    form_class = UserForm
    create_service = _user_create
    update_service = services.user_update
    related = ("region", "department", "enterprise")
    fields = (*EDITED_FIELDS, "last_login", "date_joined")
    detail_view = UserDetailView
    delete_view = UserDeleteView


class UserPasswordView(PermissionRequiredMixin, View):
    permission_required = "accounts.change_user"
    raise_exception = True

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = access_object(User, request.user, pk)
        form = SetPasswordForm(request.POST)
        if form.is_valid():
            try:
                services.user_set_password(user=user, password=form.cleaned_data["password"], actor=request.user)
                messages.success(request, _("密码已重置"))
            except ValidationError as exc:
                messages.error(request, "；".join(exc.messages))
        return HttpResponseRedirect(user.get_absolute_url())


class UserTokenView(PermissionRequiredMixin, View):
    """Issue an API token for a user (shown once)."""

    permission_required = "accounts.change_user"
    raise_exception = True

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = access_object(User, request.user, pk)
        token = services.user_issue_token(user=user, actor=request.user)
        messages.success(request, _("新的 API 令牌（请妥善保存，只显示一次）：%s") % token.key)
        return HttpResponseRedirect(user.get_absolute_url())


class RoleListView(PermissionRequiredMixin, View):
    permission_required = "auth.change_group"
    raise_exception = True

    def get(self, request: HttpRequest) -> HttpResponse:
        groups = {g.name: g for g in Group.objects.prefetch_related("permissions")}
        roles = [
            {
                "code": r.value,
                "label": r.label,
                "count": User.objects.filter(role=r.value, is_active=True).count(),
                "permissions": groups[r.value].permissions.count() if r.value in groups else 0,
            }
            for r in Role
        ]
        return render(request, "accounts/role_list.html", {"roles": roles, "title": _("角色与权限")})


class RoleEditView(PermissionRequiredMixin, View):
    permission_required = "auth.change_group"
    raise_exception = True

    def get_group(self, code: str) -> tuple[Group, str]:
        if code not in Role.values:
            raise Http404
        group, _created = Group.objects.get_or_create(name=code)
        return group, str(Role(code).label)

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        group, label = self.get_group(code)
        form = RolePermissionsForm(group=group)
        return render(request, "accounts/role_form.html", {"form": form, "title": _("编辑角色：%s") % label})

    def post(self, request: HttpRequest, code: str) -> HttpResponse:
        group, label = self.get_group(code)
        form = RolePermissionsForm(request.POST, group=group)
        if form.is_valid():
            services.role_set_permissions(
                group=group, permissions=list(form.cleaned_data["permissions"]), actor=request.user
            )
            messages.success(request, _("角色权限已保存：%s") % label)
            return HttpResponseRedirect(reverse("accounts:role_list"))
        return render(request, "accounts/role_form.html", {"form": form, "title": _("编辑角色：%s") % label})
