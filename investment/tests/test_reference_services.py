"""The plain create / update / delete services of platforms and the other reference data: declared functions on
core's create_audited / update_audited / delete_audited, each write with one history record naming actor and reason."""

from __future__ import annotations

import pytest

from accounts.choices import Role
from investment import services
from investment.models import Platform

pytestmark = pytest.mark.django_db


def test_platform_create_update_delete_are_audited(regions, make_user):
    reporter = make_user(Role.UNIT_REPORTER, "330421")
    platform = services.platform_create(
        data={"name": "嘉善经济技术开发区", "kind": "park", "region": regions["330421"]}, actor=reporter
    )
    assert Platform.objects.get(pk=platform.pk).name == "嘉善经济技术开发区"

    services.platform_update(platform=platform, data={"name": "嘉善经开区", "kind": "park"}, actor=reporter)
    assert Platform.objects.get(pk=platform.pk).name == "嘉善经开区"

    pk = platform.pk
    services.platform_delete(platform=platform, actor=reporter)
    assert not Platform.objects.filter(pk=pk).exists()
    records = Platform.history.filter(id=pk).order_by("history_id")
    assert [(r.history_type, r.history_change_reason, r.history_user) for r in records] == [
        ("+", "新增平台", reporter),
        ("~", "修改平台", reporter),
        ("-", "删除平台", reporter),
    ]


def test_platform_update_saves_only_what_changed(regions, make_user):
    reporter = make_user(Role.UNIT_REPORTER, "330421")
    data = {"name": "平湖开发区", "kind": "park", "region": regions["330421"]}
    platform = services.platform_create(data=data, actor=reporter)
    Platform.objects.filter(pk=platform.pk).update(name="平湖经开区")  # written by someone else meanwhile
    services.platform_update(platform=platform, data={**data, "note": "省级"}, actor=reporter)
    platform.refresh_from_db()
    assert (platform.name, platform.note) == ("平湖经开区", "省级")
