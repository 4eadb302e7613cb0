"""Demo data of the 亩均 evaluation: 2018–2019 yearly data for the demo enterprises, the 2019 rule sets with
the published weights (规上 30/20/20/10/10/10, 亩均税收 24.097 万元/亩; 规下 50/50), a computed and published
2019 run, the price table, a few objections and rectifications. Deterministic (seeded) and idempotent:
an existing 2019 run is left alone."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction

from accounts.choices import Role
from accounts.models import User
from core import clock
from core.actors import SYSTEM
from enterprises.models import Enterprise

from . import services
from .models import EnterpriseYearData, EvaluationResult, EvaluationRun, ListEntry, PriceRule, RuleIndicator, RuleSet

SEED = "jingxin-mujun-demo"
ABOVE = [("tax_per_mu", 30, "24.097"), ("va_per_mu", 20, "80"), ("va_per_energy", 20, "2.5"),
         ("va_per_emission", 10, "120"), ("labour_productivity", 10, "30"), ("rd_ratio", 10, "2")]  # fmt: skip
BELOW = [("tax_per_mu", 50, "12"), ("tax_per_kwh", 50, "0.5")]


def _d(x: float, places: str = "0.01") -> Decimal:
    return Decimal(repr(x)).quantize(Decimal(places))


def load_demo(*, progress: Callable[[str], None]) -> None:
    if EvaluationRun.objects.filter(year=2019, name="2019年度亩均效益综合评价").exists():
        progress("亩均评价演示数据已存在")
        return
    actor = SYSTEM  # the services check their actor: the demo writes as the system …
    person = User.objects.filter(role=Role.CITY_ADMIN).order_by("pk").first()  # … but a class is adjusted by someone
    rng = random.Random(SEED)
    enterprises = list(Enterprise.objects.order_by("pk"))
    progress(f"亩均年度数据：{len(enterprises)} 家企业 × 2 年")
    with transaction.atomic():
        rows = []
        have = set(EnterpriseYearData.objects.values_list("enterprise_id", "year"))
        for e in enterprises:
            land = float(e.land_mu) if e.land_mu else rng.uniform(2, 80)
            above = e.size_class == "above"
            for year in (2018, 2019):
                if (e.pk, year) in have:
                    continue
                tax = land * rng.lognormvariate(2.7 if above else 1.8, 0.8)
                va = tax * rng.uniform(3, 7)
                rows.append(
                    EnterpriseYearData(
                        enterprise=e, year=year, size_class=e.size_class,
                        tax=_d(tax), value_added=_d(va), revenue=_d(va * rng.uniform(3, 6)), land_mu=_d(land, "0.0001"),
                        energy_tce=_d(va / rng.uniform(0.8, 5), "0.0001"),
                        emission_t=None if rng.random() < 0.05 else _d(va / rng.uniform(30, 300), "0.0001"),
                        employees=Decimal(e.employees or rng.randint(8, 600)), rd=_d(va * rng.uniform(0, 0.15)),
                        electricity=_d(tax / rng.uniform(0.2, 1.5), "0.0001"),
                    )
                )  # fmt: skip
        from core.history import bulk_create_audited

        bulk_create_audited(EnterpriseYearData, rows, actor=actor, reason="演示数据")
        rule_sets = []
        for group, spec, name in (
            ("above", ABOVE, "2019年度规上企业亩均评价办法"),
            ("below", BELOW, "2019年度规下企业亩均评价办法"),
        ):
            rs, created = RuleSet.objects.get_or_create(
                year=2019, group=group, version=1,
                defaults={"name": name, "rectify_tax_per_mu": Decimal("6" if group == "above" else "3"),
                          "rectify_land_mu": None if group == "above" else Decimal("10")},
            )  # fmt: skip
            if created:
                for code, weight, bench in spec:
                    RuleIndicator.objects.create(rule_set=rs, code=code, weight=weight, benchmark=Decimal(bench))
            rule_sets.append(rs)
        picks = rng.sample(enterprises, min(12, len(enterprises)))
        for e in picks[:4]:
            ListEntry.objects.get_or_create(
                year=2019, enterprise=e, kind="veto", defaults={"reason": "发生较大安全生产事故"}
            )
        for e in picks[4:8]:
            ListEntry.objects.get_or_create(year=2019, enterprise=e, kind="protect", defaults={"reason": "当年新升规"})
        for klass, resource, amount, years, more in (("D", "electricity", "0.3", 3, "0.4"), ("C", "electricity", "0.1", None, None),
                                                       ("D", "water", "1.0", None, None), ("D", "sewage", "1.5", None, None)):  # fmt: skip
            PriceRule.objects.get_or_create(
                year=2020, klass=klass, resource=resource,
                defaults={"surcharge": Decimal(amount), "consecutive_years": years,
                          "consecutive_surcharge": Decimal(more) if more else None},
            )  # fmt: skip
    progress("计算2019年度亩均评价")
    run = services.evaluation_run_create(year=2019, name="2019年度亩均效益综合评价", rule_sets=rule_sets, actor=actor)
    services.evaluation_run_compute(run=run, actor=actor)
    results = list(EvaluationResult.objects.filter(run=run).order_by("pk")[:200])
    raised = next((r for r in results if r.final_class in ("C", "D")), None)
    if raised is not None and person is not None:  # one class up, by hand, with the reason
        klass = "B" if raised.final_class == "C" else "C"
        reason = "经核实税收数据漏报，调整为%s类" % klass
        services.result_adjust(result=raised, klass=klass, reason=reason, actor=person)
    today = clock.today()  # the 公示 window opens today (it may not lie in the past)
    services.evaluation_run_publish(run=run, start=today, end=today + dt.timedelta(days=4), actor=actor)
    results = [r for r in results if r != raised]
    for result in results[:3]:
        services.objection_create(
            result=result, text="企业对能耗数据有异议，已提交电力公司证明。", requested_class="B", actor=actor
        )
    found = EvaluationResult.objects.filter(run=run, final_class="D").select_related("enterprise")[:5]
    from .models import Rectification

    for result in found:
        Rectification.objects.get_or_create(
            enterprise=result.enterprise, year=2019, defaults={"run": run, "reasons": "D类（演示）"}
        )
    progress(f"亩均评价：{run.result_count} 家企业已评价并公示")
