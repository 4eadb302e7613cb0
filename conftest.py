"""Fixtures shared by every app's tests: the Jiaxing region tree and users per role."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from hypothesis import settings as hypothesis_settings

from accounts.choices import Role
from core.actors import SYSTEM
from regions.models import Region
from regions.services import regions_load_csv

REGIONS_CSV = Path(settings.BASE_DIR) / "data" / "regions-jiaxing.csv"

# Property tests check results, not speed: a shared CI machine must not turn a slow example into a
# failure (speed is measured by benchmarks/, never by tests).
hypothesis_settings.register_profile("jingxin", deadline=None)
hypothesis_settings.load_profile("jingxin")


@pytest.fixture(autouse=True)
def _chinese_first() -> Any:
    """Every test starts in the default language (Chinese): a request of an earlier test in the same worker
    that chose English leaves English active on the thread (LocaleMiddleware does not switch back)."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _real_clock() -> Any:
    """Every test starts on the real date: a test that loads the demo sets the demo's day (core/clock.py)."""
    from core import clock

    clock.reset()
    yield
    clock.reset()


@pytest.fixture
def regions(db: Any) -> dict[str, Region]:
    """The Jiaxing tree of data/regions-jiaxing.csv, by code."""
    plan = regions_load_csv(data=REGIONS_CSV.read_bytes(), actor=SYSTEM)
    assert plan.ok, plan.findings
    return {r.code: r for r in Region.objects.all()}


@pytest.fixture
def make_user(regions: dict[str, Region]) -> Callable[..., Any]:
    from tests.factories import EnterpriseFactory, UserFactory

    def make(role: str = Role.UNIT_REPORTER, region: str = "330481", **kwargs: Any) -> Any:
        if role == Role.ENTERPRISE_USER and "enterprise" not in kwargs:
            kwargs["enterprise"] = EnterpriseFactory(region=regions[region])
        if role == Role.DEPARTMENT_HANDLER and "department" not in kwargs:
            from tests.factories import DepartmentFactory

            kwargs["department"] = DepartmentFactory(region=regions[region])
        return UserFactory(role=role, region=regions[region], **kwargs)

    return make


@pytest.fixture
def city_admin(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.CITY_ADMIN, "330400", username="cityadmin")


@pytest.fixture
def city_staff(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.CITY_STAFF, "330400", username="citystaff")


@pytest.fixture
def haining_reporter(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.UNIT_REPORTER, "330481", username="haining_reporter")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every transactional test restores the serialized database (serialized_rollback=True).

    A transactional test without it ends with a flush that emits post_migrate, which re-creates the
    role groups under new ids; the next serialized-rollback test in the same worker (the browser
    tests) then fails in setup with a duplicate group name. Refuse such a test at collection.
    """
    wrong = []
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            wrong.append(item.nodeid)
    if wrong:
        raise pytest.UsageError(
            "transactional tests must set serialized_rollback=True (see conftest.py): " + ", ".join(wrong)
        )
