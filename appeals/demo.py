"""Demo requests: about 3,000 over 2019 (the demo year), realistic categories, a few overdue and unsatisfied.

Deterministic (seeded) and idempotent: nothing is added when 2019 already has requests. Deadlines and
working days come from the calendar's column functions, as in production.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

import polars as pl

from core.actors import SYSTEM, user_of
from core.history import bulk_create_audited
from enterprises.models import Enterprise
from regions.models import Department
from workdays.selectors import workday_calendar

from .choices import Channel, HopAction, Level, Rating, Status
from .models import Appeal, AppealCategory, AppealHop

SEED = 96871
YEAR = 2019
COUNT = 3000
# category code → (weight, sample texts)
TEXTS = {
    "labour": (22, ["春节后一线操作工缺口约{n}人，请求协助对接劳务资源", "技术工人招聘困难，缺少数控操作工{n}名"]),
    "container": (8, ["出口订单集中，缺少集装箱约{n}个，影响交货", "海运缺箱，请求协调港区调箱"]),
    "finance": (18, ["流动资金紧张，申请{n}百万元贷款贴息", "设备技改贷款审批慢，请求协调银行"]),
    "land": (12, ["扩产项目用地指标尚未落实，约{n}亩", "标准地出让进度慢，请求加快"]),
    "energy": (10, ["有序用电影响生产，请求调整错峰安排", "新增产线用能指标不足{n}吨标煤"]),
    "approval": (14, ["技改项目备案后环评审批进度慢", "消防验收排队时间长，请求加快"]),
    "policy": (10, ["咨询智能化技改补助申报条件", "高新技术企业奖励何时兑现"]),
    "other": (6, ["厂区周边道路破损，影响物流", "员工子女入学咨询"]),
}


def load_demo(*, progress: Callable[[str], None]) -> None:
    if Appeal.objects.filter(filed_on__year=YEAR).exists():
        return
    rng = random.Random(SEED)
    categories = {c.code: c for c in AppealCategory.objects.all()}
    enterprises = list(Enterprise.objects.select_related("region").order_by("pk")[:2000])
    departments = list(Department.objects.order_by("pk"))
    if not enterprises or not categories:
        return
    actor = SYSTEM  # the demo writes as the system
    codes = list(TEXTS)
    weights = [TEXTS[c][0] for c in codes]
    workdays = [dt.date(YEAR, 1, 2) + dt.timedelta(days=i) for i in range(360)]
    calendar = workday_calendar()
    workdays = [d for d in workdays if calendar.is_workday(d)]
    rows = []
    for i in range(COUNT):
        code = rng.choices(codes, weights)[0]
        ent = rng.choice(enterprises)
        filed = rng.choice(workdays)
        complex_ = rng.random() < 0.25
        rows.append((i, code, ent, filed, complex_))
    starts = pl.Series([r[3] for r in rows], dtype=pl.Date)
    accept = calendar.add_workdays_series(starts, pl.Series([categories[r[1]].accept_days for r in rows])).to_list()
    answer = calendar.add_workdays_series(
        starts, pl.Series([categories[r[1]].complex_days if r[4] else categories[r[1]].simple_days for r in rows])
    ).to_list()
    today = dt.date(YEAR, 12, 31)
    appeals = []
    for (i, code, ent, filed, complex_), acc, ans in zip(rows, accept, answer, strict=True):
        text = rng.choice(TEXTS[code][1]).format(n=rng.randint(5, 80))
        appeal = Appeal(
            number=f"SQ{filed:%Y%m%d}-{i:05d}", enterprise=ent, region=ent.region, category=categories[code],
            channel=rng.choices([Channel.PLATFORM, Channel.HOTLINE, Channel.GRID, Channel.LETTER], [45, 35, 15, 5])[0],
            complexity="complex" if complex_ else "simple", title=text[:20], text=text, filed_on=filed,
            accept_due=acc, answer_due=ans, contact_name="联系人", contact_phone="0573-8000" + f"{i:04d}",
        )  # fmt: skip
        late = filed > dt.date(YEAR, 12, 10)
        if rng.random() < 0.2 and departments:
            appeal.level, appeal.department = Level.DEPARTMENT, rng.choice(departments)
        if late and rng.random() < 0.6:
            appeal.status = rng.choice([Status.SUBMITTED, Status.IN_PROGRESS])  # still open at year end
        else:
            taken = rng.choices([1, 2, 3, 5, 10, 16], [20, 30, 30, 10, 7, 3])[0]
            answered = calendar.add_workdays(filed, taken)
            appeal.accepted_on = calendar.add_workdays(filed, 1)
            appeal.answered_on = min(answered, today)
            appeal.workdays_to_answer = calendar.workdays_between(filed, appeal.answered_on)
            appeal.on_time = appeal.answered_on <= ans
            appeal.answer = "已协调办理，详见答复意见。"
            rating = rng.choices(
                [Rating.SATISFIED, Rating.BASICALLY, Rating.UNSATISFIED, Rating.UNRATED], [80, 12, 3, 5]
            )[0]
            appeal.status, appeal.rating = Status.CLOSED, rating
            appeal.rated_on = appeal.answered_on if rating != Rating.UNRATED else None
            if rating == Rating.UNSATISFIED:
                appeal.rating_comment = "问题尚未根本解决"
        appeals.append(appeal)
    # A few overdue open requests from autumn for the escalation lists.
    for appeal in appeals[:: COUNT // 12][:12]:
        if appeal.filed_on < dt.date(YEAR, 11, 1):
            appeal.status, appeal.answered_on, appeal.on_time, appeal.rating = Status.IN_PROGRESS, None, None, ""
            appeal.workdays_to_answer, appeal.rated_on, appeal.escalation_level = None, None, 2
    created = bulk_create_audited(Appeal, appeals, actor=actor, reason="演示数据")
    hops = []
    for appeal in created:
        hops.append(
            AppealHop(
                appeal=appeal,
                action=HopAction.FILE,
                actor=user_of(actor),
                from_holder=appeal.get_channel_display(),
                to_holder=appeal.region.name,
            )
        )
        if appeal.answered_on:
            hops.append(
                AppealHop(
                    appeal=appeal,
                    action=HopAction.ANSWER,
                    actor=user_of(actor),
                    from_holder=appeal.region.name,
                    reason=appeal.answer,
                )
            )
    AppealHop.objects.bulk_create(hops, batch_size=2000)
    progress(f"企业诉求：{len(created)} 件")
