"""Managing users through the pages (the city admin's work, domain.md §0-1).

The city admin creates a user with a role and a region (the role's group follows); unit users
cannot manage users; a role's required attachment (an enterprise user's enterprise, a handler's
department) is asked for in plain words; deactivating keeps the row and its history.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from rest_framework.authtoken.models import Token

from accounts.choices import Role
from accounts.models import User
from tests.factories import DepartmentFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Haining-2026-reporter"


def user_form(regions: dict[str, Any], **changes: Any) -> dict[str, Any]:
    data = {
        "username": "hn_reporter",
        "full_name": "海宁填报员",
        "phone": "",
        "email": "",
        "role": Role.UNIT_REPORTER.value,
        "region": regions["330481"].pk,
        "department": "",
        "enterprise": "",
        "is_active": "on",
        "password": PASSWORD,
    }
    data.update(changes)
    return data


def add_user(client: Any, regions: dict[str, Any], **changes: Any) -> Any:
    """Submit the add-user page with `user_form(regions, **changes)`."""
    return client.post(reverse("accounts:user_add"), user_form(regions, **changes))


def signs_in(client: Any, username: str, password: str) -> bool:
    """Through the login page (django-axes wants the request), as a person would."""
    client.logout()
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302


def test_the_city_admin_creates_a_user_with_role_and_region(client, regions, city_admin):
    client.force_login(city_admin)

    response = add_user(client, regions)

    assert response.status_code == 302, response.context["form"].errors if response.context else response
    user = User.objects.get(username="hn_reporter")
    assert response["Location"] == user.get_absolute_url()
    assert (user.role, user.region.code, user.full_name) == (Role.UNIT_REPORTER, "330481", "海宁填报员")
    assert list(user.groups.all()) == [Group.objects.get(name=Role.UNIT_REPORTER)]
    assert user.has_perm("enterprises.change_enterprise")
    assert user.check_password(PASSWORD)
    created = user.history.latest()
    assert (created.history_type, created.history_user) == ("+", city_admin)
    # The new user can sign in with that password.
    assert signs_in(client, "hn_reporter", PASSWORD)


def test_changing_a_users_role_moves_them_to_the_roles_group(client, regions, city_admin, make_user):
    user = make_user(Role.UNIT_REPORTER, "330481", username="someone")
    client.force_login(city_admin)
    data = user_form(regions, username="someone", role=Role.LEADER.value)
    del data["password"]

    response = client.post(reverse("accounts:user_edit", args=[user.pk]), data)

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.role == Role.LEADER
    assert list(user.groups.values_list("name", flat=True)) == [Role.LEADER.value]
    assert user.history.latest().history_user == city_admin


@pytest.mark.parametrize("role", [Role.UNIT_REPORTER, Role.UNIT_REVIEWER, Role.CITY_STAFF, Role.LEADER])
def test_other_roles_cannot_manage_users(client, regions, make_user, role):
    actor = make_user(role, "330481")
    victim = make_user(Role.UNIT_REPORTER, "330481", username="victim")
    client.force_login(actor)

    assert client.get(reverse("accounts:user_add")).status_code == 403
    assert add_user(client, regions).status_code == 403
    assert client.post(reverse("accounts:user_delete", args=[victim.pk])).status_code == 403
    assert client.post(reverse("accounts:user_password", args=[victim.pk]), {"password": PASSWORD}).status_code == 403
    response = client.post(
        "/api/users/",
        {"username": "hn_reporter", "role": "city_admin", "region": "330481"},
        content_type="application/json",
    )
    assert response.status_code == 403

    assert not User.objects.filter(username="hn_reporter").exists()
    victim.refresh_from_db()
    assert victim.is_active


def test_an_enterprise_user_without_an_enterprise_is_refused_with_a_clear_message(client, regions, city_admin):
    client.force_login(city_admin)

    response = add_user(client, regions, username="firm", role=Role.ENTERPRISE_USER.value)

    assert response.status_code == 200
    assert "企业用户必须关联企业" in response.context["form"].errors["enterprise"]
    assert "企业用户必须关联企业" in response.content.decode()
    assert not User.objects.filter(username="firm").exists()

    # With an enterprise of the user's region it is accepted.
    enterprise = EnterpriseFactory(region=regions["330481"])
    response = add_user(client, regions, username="firm", role=Role.ENTERPRISE_USER.value, enterprise=enterprise.pk)
    assert response.status_code == 302
    assert User.objects.get(username="firm").enterprise == enterprise


def test_an_enterprise_outside_the_users_region_is_refused(client, regions, city_admin):
    client.force_login(city_admin)
    enterprise = EnterpriseFactory(region=regions["330421"])  # 嘉善
    response = add_user(client, regions, username="firm", role=Role.ENTERPRISE_USER.value, enterprise=enterprise.pk)
    assert response.status_code == 200
    assert "企业不在该用户的地区内" in response.context["form"].errors["enterprise"]
    assert not User.objects.filter(username="firm").exists()


def test_a_department_handler_without_a_department_is_refused(client, regions, city_admin):
    client.force_login(city_admin)
    response = add_user(client, regions, username="handler", role=Role.DEPARTMENT_HANDLER.value)
    assert response.status_code == 200
    assert "部门经办人必须关联部门" in response.context["form"].errors["department"]
    assert not User.objects.filter(username="handler").exists()

    department = DepartmentFactory(region=regions["330481"])
    response = add_user(
        client, regions, username="handler", role=Role.DEPARTMENT_HANDLER.value, department=department.pk
    )
    assert response.status_code == 302


def test_deactivating_keeps_the_user_and_their_history(client, regions, city_admin, make_user):
    user = make_user(Role.UNIT_REPORTER, "330481", username="leaving")
    Token.objects.create(user=user)
    assert signs_in(client, "leaving", "Test-password-2026")  # before: they can
    history_before = user.history.count()
    client.force_login(city_admin)

    page = client.get(reverse("accounts:user_delete", args=[user.pk]))
    assert page.status_code == 200
    response = client.post(reverse("accounts:user_delete", args=[user.pk]))

    assert response.status_code == 302
    user = User.objects.get(pk=user.pk)  # the row is still there
    assert user.is_active is False
    assert not Token.objects.filter(user=user).exists()
    assert user.history.count() == history_before + 1
    last = user.history.latest()
    assert (last.history_user, last.history_change_reason, last.is_active) == (city_admin, "停用账号", False)
    # A deactivated user cannot sign in, and still shows in the list for the admin.
    assert client.get(reverse("accounts:user_list")).status_code == 200
    assert not signs_in(client, "leaving", "Test-password-2026")


def test_the_admin_cannot_deactivate_themselves(client, city_admin):
    client.force_login(city_admin)
    response = client.post(reverse("accounts:user_delete", args=[city_admin.pk]), follow=True)
    assert "不能停用自己的账号" in response.content.decode()
    city_admin.refresh_from_db()
    assert city_admin.is_active
