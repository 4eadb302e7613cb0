"""A small 2019 plan of 嘉兴市 with one indicator of each kind, and users of every role that reports."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.choices import Role
from reporting import services
from targets.choices import IndicatorKind, IndicatorSource, PeriodKind, TargetStatus
from tests.factories import IndicatorFactory, PlanFactory, TargetFactory


@pytest.fixture
def plan(regions: dict[str, Any]) -> Any:
    plan = PlanFactory(scope_region=regions["330400"], title="2019年目标任务")
    indicators = {
        "investment": IndicatorFactory(
            plan=plan, name="工业投资", unit="亿元", kind=IndicatorKind.FLOW_AMOUNT, order=1
        ),
        "growth": IndicatorFactory(
            plan=plan, name="技术改造投资增速", unit="%", kind=IndicatorKind.GROWTH_RATE, order=2
        ),
        "share": IndicatorFactory(
            plan=plan, name="数字经济核心产业投资占比", unit="%", kind=IndicatorKind.SHARE, order=3
        ),
        "text": IndicatorFactory(
            plan=plan, name="高质量工业投资项目", unit="", kind=IndicatorKind.QUALITATIVE, order=4
        ),
        "computed": IndicatorFactory(
            plan=plan,
            name="规上工业企业数",
            unit="家",
            kind=IndicatorKind.STOCK,
            order=5,
            source=IndicatorSource.COMPUTED,
            source_query="enterprises_above_size",
        ),
    }
    for code, value in (("330481", 1610000), ("330421", 1250000)):
        TargetFactory(
            indicator=indicators["investment"],
            region=regions[code],
            period_kind=PeriodKind.YEAR,
            status=TargetStatus.NUMBER,
            value=value,
            raw_text=str(value // 10000),
        )
    plan.ind = indicators
    return plan


@pytest.fixture
def users(make_user: Any) -> dict[str, Any]:
    return {
        "reporter": make_user(Role.UNIT_REPORTER, "330481", username="hn_reporter"),
        "reviewer": make_user(Role.UNIT_REVIEWER, "330481", username="hn_reviewer"),
        "staff": make_user(Role.CITY_STAFF, "330400", username="city_staff"),
        "admin": make_user(Role.CITY_ADMIN, "330400", username="city_admin"),
        "leader": make_user(Role.LEADER, "330400", username="leader"),
        "jiashan": make_user(Role.UNIT_REPORTER, "330421", username="js_reporter"),
        "jiashan_reviewer": make_user(Role.UNIT_REVIEWER, "330421", username="js_reviewer"),
    }


@pytest.fixture
def report(regions: dict[str, Any], plan: Any, users: dict[str, Any]) -> Any:
    """海宁市's 1—5月 2019 report, a draft."""
    return services.report_create(data={"region": regions["330481"], "year": 2019, "month": 5}, actor=users["reporter"])


def entries(plan: Any, **overrides: Any) -> dict[int, dict[str, Any]]:
    data = {
        plan.ind["investment"].pk: {"value": "628405.82", "base_value": "581687.74"},
        plan.ind["growth"].pk: {"value": "300000", "base_value": "270000"},
        plan.ind["share"].pk: {"numerator": "120000", "denominator": "600000"},
        plan.ind["text"].pk: {"text": "在建10亿元以上项目2个"},
    }
    for key, fields in overrides.items():
        data[plan.ind[key].pk] = fields
    return data
