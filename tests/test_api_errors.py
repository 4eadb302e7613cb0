"""Issue 11 point 7: the API's one exception handler (core/api/exceptions.py) — no 500 for a refusal.

Deleting what others still refer to is 409 with a message naming them; a service's ValidationError is
400 and its PermissionDenied 403 with the reason, whichever view called the service.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIRequestFactory

from accounts.choices import Role
from bulletins.tests.factories import BulletinFactory  # after tests.factories, which merges the apps' factories
from core.api.exceptions import exception_handler
from enterprises.models import Enterprise
from regions.models import Department
from targets.models import Plan
from tests.factories import DepartmentFactory, DutyFactory, EnterpriseFactory, PlanFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_delete_of_a_referred_object_is_409_naming_the_referrers(client, regions, make_user):
    admin = make_user(Role.CITY_ADMIN, "330400")
    client.force_login(admin)
    department = DepartmentFactory(region=regions["330400"], name="市发改委")
    DutyFactory(department=department, text="推进技改投资", plan=PlanFactory(scope_region=regions["330400"]))
    plan = PlanFactory(scope_region=regions["330400"])
    BulletinFactory(plan=plan, title="2019年1—4月工业投资通报")
    enterprise = EnterpriseFactory(region=regions["330481"])
    UserFactory(username="qiye", role=Role.ENTERPRISE_USER, region=regions["330481"], enterprise=enterprise)

    cases = [
        (f"/api/departments/{department.pk}/", "部门责任", "推进技改投资", Department, department.pk),
        (f"/api/plans/{plan.pk}/", "通报", "2019年1—4月工业投资通报", Plan, plan.pk),
        (f"/api/enterprises/{enterprise.pk}/", "用户", "qiye", Enterprise, enterprise.pk),
    ]
    for url, label, name, model, pk in cases:
        response = client.delete(url)
        assert response.status_code == 409, (url, response.status_code)
        detail = response.json()["detail"]
        assert detail.startswith("仍被以下对象引用，不能删除：") and label in detail and name in detail, detail
        assert model.objects.filter(pk=pk).exists()


def _handled(exc):
    request = APIRequestFactory().get("/api/x/")
    return exception_handler(exc, {"request": request, "view": None})


def test_django_exceptions_become_400_and_403_with_their_messages():
    response = _handled(ValidationError({"name": ["名称不能为空"]}))
    assert (response.status_code, response.data) == (400, {"name": ["名称不能为空"]})
    response = _handled(ValidationError("本月已发布"))
    assert (response.status_code, response.data) == (400, {"non_field_errors": ["本月已发布"]})
    response = _handled(PermissionDenied("只有市局可以发布"))
    assert (response.status_code, str(response.data["detail"])) == (403, "只有市局可以发布")
