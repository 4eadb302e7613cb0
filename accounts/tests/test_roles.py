"""Roles are Django groups holding the default permission sets of accounts/roles.py (domain.md §0).

After migrate every role exists as a group with exactly its defaults; migrating again restores a
default that went missing and keeps what the city admin added. The city admin edits a role's
permissions on its page, and the change is in the group's history with the actor.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse

from accounts.choices import Role
from accounts.models import HistoricalGroup
from accounts.roles import DEFAULTS, PROJECT_APPS

pytestmark = pytest.mark.django_db


def perm_names(perms) -> set[str]:
    return {f"{p.content_type.app_label}.{p.codename}" for p in perms.select_related("content_type")}


def expected_defaults(role: str) -> set[str]:
    """The role's defaults spelled out from DEFAULTS.

    An action ("view", "change" …) grants the model's standard permission `<action>_<model>`;
    "*" grants it for every model of the project apps; a custom permission (view_operation_log)
    only when named itself.
    """
    wanted = DEFAULTS[role]
    expected = set()
    for perm in Permission.objects.select_related("content_type"):
        app, model = perm.content_type.app_label, perm.content_type.model
        action, _sep, rest = perm.codename.partition("_")
        named = wanted.get(f"{app}.{model}", ())
        standard = rest == model and (action in named or (app in PROJECT_APPS and action in wanted.get("*", ())))
        if standard or perm.codename in named:
            expected.add(f"{app}.{perm.codename}")
    return expected


@pytest.mark.parametrize("role", Role.values)
def test_every_role_is_a_group_with_its_default_permissions_after_migrate(role):
    group = Group.objects.get(name=role)
    assert perm_names(group.permissions.all()) == expected_defaults(role)


def test_the_defaults_say_what_domain_md_says():
    leader = perm_names(Group.objects.get(name=Role.LEADER).permissions.all())
    assert leader and all(p.split(".")[1].startswith("view_") for p in leader), "leaders only read"
    admin = perm_names(Group.objects.get(name=Role.CITY_ADMIN).permissions.all())
    assert {"accounts.add_user", "accounts.view_operation_log", "auth.change_group", "regions.add_region"} <= admin
    enterprise_user = perm_names(Group.objects.get(name=Role.ENTERPRISE_USER).permissions.all())
    # An enterprise user reads (their own enterprise, its projects and 亩均 results), may file an objection, and
    # (issue 13, domain.md §10) files requests with attachments, rates the answers and applies for policies, adding
    # and removing the application's supporting files while it is under review.
    writes = {
        "mujun.add_objection",
        "appeals.add_appeal",
        "appeals.change_appeal",
        "appeals.add_appealattachment",
        "policies.add_policygrant",
        "policies.add_grantattachment",
        "policies.delete_grantattachment",
    }
    assert {"enterprises.view_enterprise", "enterprises.view_industry", "jobs.view_job"} <= enterprise_user
    assert {"projects.view_project", "mujun.view_evaluationresult"} | writes <= enterprise_user
    assert all(p.split(".")[1].startswith("view_") for p in enterprise_user - writes)
    reporter = perm_names(Group.objects.get(name=Role.UNIT_REPORTER).permissions.all())
    assert "enterprises.change_enterprise" in reporter
    assert not {"enterprises.delete_enterprise", "accounts.view_user", "auth.change_group"} & reporter


def test_migrating_again_restores_missing_defaults_and_keeps_what_the_admin_granted():
    group = Group.objects.get(name=Role.UNIT_REPORTER)
    change = Permission.objects.get(content_type__app_label="enterprises", codename="change_enterprise")
    extra = Permission.objects.get(content_type__app_label="enterprises", codename="delete_enterprise")
    group.permissions.remove(change)
    group.permissions.add(extra)

    call_command("migrate", verbosity=0)

    assert set(group.permissions.all()) >= {change, extra}


@pytest.mark.parametrize("role", Role.values)
def test_users_of_a_role_have_its_permissions(make_user, role):
    user = make_user(role)
    assert {f"{p}" for p in user.get_all_permissions()} == expected_defaults(role)


def test_the_city_admin_edits_a_role_and_the_change_is_audited(client, city_admin, make_user):
    group = Group.objects.get(name=Role.UNIT_REPORTER)
    extra = Permission.objects.get(content_type__app_label="enterprises", codename="delete_enterprise")
    dropped = Permission.objects.get(content_type__app_label="enterprises", codename="add_enterprise")
    kept = set(group.permissions.all()) - {dropped}
    url = reverse("accounts:role_edit", args=[Role.UNIT_REPORTER.value])
    client.force_login(city_admin)

    page = client.get(url)
    assert page.status_code == 200
    assert set(page.context["form"].fields["permissions"].initial) == set(
        group.permissions.values_list("pk", flat=True)
    )

    response = client.post(url, {"permissions": [p.pk for p in (*kept, extra)]})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:role_list")
    assert set(group.permissions.all()) == kept | {extra}
    record = HistoricalGroup.objects.filter(id=group.pk).latest("history_date")
    assert record.history_user == city_admin
    assert record.history_change_reason == "修改角色权限"
    snapshot = {row.permission_id for row in record.permissions.all()}
    assert snapshot == {p.pk for p in (*kept, extra)}
    # The role's users hold the new set.
    reporter = make_user(Role.UNIT_REPORTER)
    assert reporter.has_perm("enterprises.delete_enterprise")
    assert not reporter.has_perm("enterprises.add_enterprise")


def test_the_role_pages_are_the_city_admins_only(client, make_user):
    for role in (Role.CITY_STAFF, Role.UNIT_REPORTER, Role.LEADER):
        client.force_login(make_user(role, "330400"))
        assert client.get(reverse("accounts:role_list")).status_code == 403
        url = reverse("accounts:role_edit", args=[Role.UNIT_REPORTER.value])
        assert client.get(url).status_code == 403
        assert client.post(url, {"permissions": []}).status_code == 403
    assert Group.objects.get(name=Role.UNIT_REPORTER).permissions.exists()


def test_an_unknown_role_code_is_404(client, city_admin):
    client.force_login(city_admin)
    assert client.get(reverse("accounts:role_edit", args=["no_such_role"])).status_code == 404
    assert not Group.objects.filter(name="no_such_role").exists()
