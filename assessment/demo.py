"""Demo data of the assessment: a 2019 scoring scheme for the 2019 notice, computed from the demo's
December reports, and the city departments' duties with four quarters of progress (deterministic).

Runs after the reporting demo (home/demo.py); idempotent: an existing scheme or duty is left alone.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from core.actors import SYSTEM
from regions.choices import DepartmentLevel
from regions.models import Department
from targets.choices import IndicatorKind
from targets.models import Plan

from . import services
from .choices import DutyRole, ProgressStatus, RuleKind
from .models import Duty, ScoringScheme

SEED = "jingxin-assessment-demo"
# Weights of the 2019 scheme (a demo choice; the bureau's real weights are not public).
WEIGHTS: dict[str, Decimal] = {
    IndicatorKind.FLOW_AMOUNT: Decimal(20),
    IndicatorKind.FLOW_COUNT: Decimal(10),
    IndicatorKind.GROWTH_RATE: Decimal(10),
}
DUTIES = [
    ("市发改委", "牵头做好重大工业项目的立项、备案赋码和前期工作协调", DutyRole.LEAD, ("工业投资",)),
    ("市自然资源和规划局", "保障重大工业项目和“标准地”用地指标，加快供地", DutyRole.LEAD, ("工业投资",)),
    ("市生态环境局", "加快工业技改项目环评审批，落实区域环评改革", DutyRole.COOPERATING, ()),
    ("市财政局", "落实智能化技术改造补助资金，按时兑付", DutyRole.COOPERATING, ("智能化技术改造项目",)),
    ("市税务局", "落实企业技术改造相关税收优惠政策", DutyRole.COOPERATING, ()),
    ("市科技局", "推动企业研发投入和高新技术产业投资", DutyRole.COOPERATING, ()),
]


def load_assessment_demo(*, progress: Callable[[str], None] | None = None) -> dict[str, int]:
    plan = Plan.objects.filter(document_number="嘉经信投资〔2019〕15号").first()
    if plan is None:
        return {"schemes": 0, "duties": 0}
    # The demo's 2019 reports stop in October, so the computed example is 2018's (its December is locked),
    # and 2019's scheme is set up, waiting for its December reports.
    history = Plan.objects.filter(scope_region=plan.scope_region, year_start=2018, year_end=2018).first()
    actor = SYSTEM  # the services check their actor: the demo writes as the system
    for scheme_plan, year, compute in ((history, 2018, True), (plan, 2019, False)):
        if scheme_plan is not None:
            _scheme(scheme_plan, year, compute=compute, actor=actor)
    city = plan.scope_region
    departments = {d.short_name: d for d in Department.objects.filter(region=city, level=DepartmentLevel.CITY)}
    indicators = {i.name: i for i in plan.indicators.all()}
    for order, (short, text, role, names) in enumerate(DUTIES, start=1):
        department = departments.get(short)
        if department is None or Duty.objects.filter(plan=plan, department=department, text=text).exists():
            continue
        duty = services.duty_create(
            data={
                "plan": plan,
                "department": department,
                "text": text,
                "role": role,
                "order": order,
                "indicators": [indicators[n] for n in names if n in indicators],
            },
            actor=actor,
        )
        rng = random.Random(f"{SEED}-{short}")
        for quarter in (1, 2, 3, 4):
            roll = rng.random()
            if roll < 0.15:
                continue  # no note this quarter: on the laggard list
            status = ProgressStatus.LAGGING if roll < 0.3 else ProgressStatus.ON_TRACK
            if quarter == 4 and status == ProgressStatus.ON_TRACK:
                status = ProgressStatus.DONE
            note = "进度滞后，正在协调" if status == ProgressStatus.LAGGING else "按计划推进"
            services.dutyprogress_create(
                data={
                    "duty": duty,
                    "year": 2019,
                    "quarter": quarter,
                    "status": status,
                    "note": f"第{quarter}季度：{note}。",
                },
                actor=actor,
            )
    result = {"schemes": ScoringScheme.objects.count(), "duties": Duty.objects.count()}
    if progress is not None:
        progress(f"assessment: {result}")
    return result


def _scheme(plan: Plan, year: int, *, compute: bool, actor: Any) -> None:
    """A scheme with the default weights for every flow and growth indicator, computed when asked."""
    if ScoringScheme.objects.filter(plan=plan, year=year).exists():
        return
    scheme = services.scoringscheme_create(
        data={
            "plan": plan,
            "name": f"{year}年度工业投资和技术改造工作考核（演示）",
            "year": year,
            "total_points": Decimal(100),
        },
        actor=actor,
    )
    for order, indicator in enumerate(plan.indicators.order_by("order"), start=1):
        weight = WEIGHTS.get(indicator.kind)
        if weight is None:
            continue
        kind = RuleKind.GROWTH_PP if indicator.kind == IndicatorKind.GROWTH_RATE else RuleKind.FULL_WHEN_MET
        services.scoringrule_create(
            data={"scheme": scheme, "indicator": indicator, "kind": kind, "base_points": weight, "order": order},
            actor=actor,
        )
    if compute:
        try:
            services.scoringscheme_compute(scoringscheme=scheme, actor=actor)
        except ValidationError:
            pass  # the plan has no unit targets for the year: the scheme stays uncomputed
