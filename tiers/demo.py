"""Demo data of the tier libraries: 2019–2021 entries of the demo enterprises over the ten titles, most of them
recognised with a level, a date and a document number, each recorded (its history) on its recognition date so
that the month-end sources count them in the right months. Deterministic (seeded) and idempotent."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.db import transaction

from core.actors import SYSTEM
from core.history import stamp
from enterprises.models import Enterprise

from .choices import EntryStatus
from .models import TierEntry, Title

SEED = "jingxin-tiers-demo"
# title code → share of the demo enterprises entered per year
SHARES = {"fsyy": 0.05, "kjx": 0.08, "cxx": 0.05, "zjtx": 0.05, "xjr": 0.012, "yxgj": 0.01, "dxgj": 0.003,
          "xy": 0.003, "lz": 0.003}  # fmt: skip


def load_demo(*, progress: Callable[[str], None]) -> None:
    if TierEntry.objects.exists():
        progress("梯度培育演示数据已存在")
        return
    rng = random.Random(SEED)
    tz = ZoneInfo("Asia/Shanghai")
    firms = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True))
    titles = {t.code: t for t in Title.objects.all()}
    count = 0
    with transaction.atomic():
        for year in (2019, 2020, 2021):
            for code, share in SHARES.items():
                title = titles[code]
                for firm in rng.sample(firms, max(1, int(len(firms) * share))):
                    roll = rng.random()
                    entry = TierEntry(enterprise_id=firm, title=title, year=year)
                    if roll < 0.65:
                        entry.status = EntryStatus.RECOGNISED
                        entry.level = rng.choice(title.levels) if title.levels else ""
                        entry.recognised_on = dt.date(year, rng.randint(3, 12), rng.randint(1, 28))
                        entry.document_no = f"{year}年认定文件第{rng.randint(1, 60)}号"
                        when = dt.datetime.combine(entry.recognised_on, dt.time(10), tz)
                    else:
                        entry.status = rng.choice([EntryStatus.NOMINATED, EntryStatus.CULTIVATING, EntryStatus.DROPPED])
                        when = dt.datetime(year, 3, 1, 10, tzinfo=tz)
                    entry._history_date = when  # type: ignore[attr-defined]
                    stamp(entry, actor=SYSTEM, reason="演示数据：梯度培育")
                    entry.save()
                    count += 1
    progress(f"梯度培育：{count} 条培育库记录")
