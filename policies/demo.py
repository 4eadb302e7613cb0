"""Demo policies: 20 policy items of the city departments (some 免申即享) with criteria over the demo registry,
the 免申即享 lists confirmed, applications in every review state, and payments. Seeded and idempotent."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from accounts.models import User
from core.actors import SYSTEM
from core.history import bulk_create_audited
from regions.models import Department

from . import services
from .models import Disbursement, Policy, PolicyGrant
from .selectors import eligible_enterprises

SEED = 249
# (title, department short name, 免申即享, amount rule, criteria [(kind, values, minimum, year)], combine)
POLICIES: list[
    tuple[str, str, bool, tuple[str, str | None, str | None, str | None], list[tuple[str, Any, Any, Any]], str]
] = [
    (
        "智能化技术改造项目补助",
        "市经信局",
        True,
        ("percent", None, "5", "500"),
        [("investment", [], "5000", None)],
        "all",
    ),
    (
        "规上工业企业技改奖励",
        "市经信局",
        True,
        ("percent", None, "3", "300"),
        [("size", ["above"], None, None), ("investment", [], "2000", None)],
        "all",
    ),
    (
        "专精特新企业认定奖励",
        "市经信局",
        True,
        ("fixed", "30", None, None),
        [("tier", ["专精特新"], None, None)],
        "all",
    ),
    (
        "高新技术企业认定奖励",
        "市科技局",
        True,
        ("fixed", "20", None, None),
        [("tag", ["高新技术企业"], None, None)],
        "all",
    ),
    (
        "数字经济核心产业企业奖励",
        "市经信局",
        True,
        ("fixed", "15", None, None),
        [("tag", ["数字经济核心产业"], None, None)],
        "all",
    ),
    ("小升规企业奖励", "市经信局", True, ("fixed", "10", None, None), [("tag", ["小升规培育"], None, None)], "all"),
    (
        "亩均效益领跑者奖励",
        "市经信局",
        False,
        ("fixed", "50", None, None),
        [("mujun", ["A"], None, 2019), ("size", ["above"], None, None)],
        "all",
    ),
    (
        "装备制造业首台套补助",
        "市经信局",
        False,
        ("fixed", "100", None, None),
        [("industry", ["C34", "C35"], None, None)],
        "any",
    ),
    ("企业上云奖励", "市经信局", False, ("fixed", "5", None, None), [], "all"),
    ("稳岗返还", "市人力社保局", False, ("none", None, None, None), [("employees", [], "50", None)], "all"),
    ("技能人才培训补贴", "市人力社保局", False, ("none", None, None, None), [("employees", [], "100", None)], "all"),
    (
        "外贸企业出口信用保险补助",
        "市商务局",
        False,
        ("none", None, None, None),
        [("tag", ["外资企业"], None, None)],
        "any",
    ),
    ("绿色工厂创建奖励", "市生态环境局", False, ("fixed", "20", None, None), [("size", ["above"], None, None)], "all"),
    (
        "工业用地提容增效奖励",
        "市自然资源和规划局",
        False,
        ("none", None, None, None),
        [("land", [], "30", None)],
        "all",
    ),
    (
        "研发费用加计扣除辅导",
        "市税务局",
        False,
        ("none", None, None, None),
        [("tag", ["高新技术企业"], None, None)],
        "all",
    ),
    ("链主企业培育奖励", "市经信局", False, ("fixed", "80", None, None), [("tier", ["链主企业"], None, None)], "all"),
    ("中小企业贷款贴息", "市财政局", False, ("none", None, None, None), [("size", ["below"], None, None)], "all"),
    ("质量品牌建设奖励", "市市场监管局", False, ("fixed", "10", None, None), [], "all"),
    ("重大产业项目招引奖励", "市发改委", False, ("none", None, None, None), [("investment", [], "10000", None)], "all"),
    (
        "海宁市技改专项补助",
        "市经信局",
        False,
        ("fixed", "20", None, None),
        [("region", ["330481"], None, None), ("size", ["above"], None, None)],
        "all",
    ),
]


def load_demo(*, progress: Callable[[str], None]) -> None:
    if Policy.objects.exists():
        return
    rng = random.Random(SEED)
    actor = User.objects.filter(role="city_admin").first() or User.objects.filter(is_superuser=True).first()
    departments = {d.short_name: d for d in Department.objects.filter(level="city")}
    if not departments:
        return
    valid_from = dt.date(2019, 1, 1)
    for title, dept, automatic, (kind, amount, percent, cap), criteria, combine in POLICIES:
        policy = services.policy_create(
            data={
                "title": title, "department": departments.get(dept) or next(iter(departments.values())),
                "document_number": f"嘉经信〔2019〕{rng.randint(10, 90)}号", "valid_from": valid_from,
                "valid_to": dt.date(2021, 12, 31), "benefit": title, "combine": combine, "no_application": automatic,
                "amount_kind": kind, "amount": Decimal(amount) if amount else None,
                "percent": Decimal(percent) if percent else None, "cap": Decimal(cap) if cap else None,
            },
            actor=actor,
        )  # fmt: skip
        for ckind, values, minimum, year in criteria:
            try:
                services.policycriterion_create(
                    data={"policy": policy, "kind": ckind, "values": values, "minimum": Decimal(minimum) if minimum else None, "year": year},
                    actor=actor,
                )  # fmt: skip
            except ValidationError:
                continue  # a demo registry without that tag: the policy keeps its other criteria
        if automatic:
            services.automatic_grants_confirm(policy=policy, actor=SYSTEM, today=dt.date(2019, rng.randint(4, 11), 15))
            continue
        candidates = list(eligible_enterprises(policy).order_by("pk")[:400])
        rng.shuffle(candidates)
        grants = []
        for enterprise in candidates[: rng.randint(10, 40)]:
            status = rng.choices(["applied", "unit_reviewed", "granted", "refused"], [10, 10, 70, 10])[0]
            money = policy.amount if policy.amount is not None else Decimal(rng.randint(2, 60))
            grants.append(PolicyGrant(
                policy=policy, enterprise=enterprise, region_id=enterprise.region_id, status=status, amount=money,
                application_text="按政策要求申报", reason="不符合申报条件" if status == "refused" else "",
                decided_on=dt.date(2019, rng.randint(3, 12), 10) if status == "granted" else None,
            ))  # fmt: skip
        bulk_create_audited(PolicyGrant, grants, actor=actor, reason="演示数据")
    payments = []
    for grant in PolicyGrant.objects.filter(status="granted").select_related("enterprise").order_by("pk"):
        if rng.random() < 0.85 and grant.decided_on:
            paid_on = min(grant.decided_on + dt.timedelta(days=rng.randint(10, 60)), dt.date(2019, 12, 31))
            payments.append(Disbursement.of_grant(grant, amount=grant.amount, paid_on=paid_on,
                                         fund_source=rng.choice(["市级财政", "省级专项", "县级配套"]), batch=f"2019-{paid_on.month:02d}"))  # fmt: skip
    bulk_create_audited(Disbursement, payments, actor=actor, reason="演示数据")
    progress(f"惠企政策：{Policy.objects.count()} 项，兑现 {PolicyGrant.objects.count()} 条，兑付 {len(payments)} 笔")
