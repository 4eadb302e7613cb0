"""The benchmarks' PostgreSQL database: create it, migrate it, and seed synthetic Jiaxing enterprises.

Shared by bench_enterprise_list.py and bench_enterprise_import.py. Django is configured with
config.settings_test (the production settings with plain static-file storage, so pages render
without `collectstatic`, and Huey in immediate mode) against DATABASE_URL, which defaults to
postgres://postgres@127.0.0.1:5432/jingxin_bench.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as `python benchmarks/x.py`: the project's apps importable
    sys.path.insert(0, str(ROOT))

from core.actors import SYSTEM  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jingxin_bench"

# County-level units of data/regions-jiaxing.csv with a rough weight (how many enterprises).
UNITS = {
    "330402": 10,  # 南湖区
    "330411": 11,  # 秀洲区
    "330421": 12,  # 嘉善县
    "330424": 8,  # 海盐县
    "330481": 14,  # 海宁市
    "330482": 12,  # 平湖市
    "330483": 14,  # 桐乡市
    "330400-ETDZ": 11,  # 嘉兴经济技术开发区
    "330400-PORT": 8,  # 嘉兴港区
}
_PLACES = "嘉兴 海宁 桐乡 平湖 嘉善 海盐 南湖 秀洲 乍浦 濮院 许村 长安 盐官 新塘 独山 西塘".split()
_WORDS = "华 新 宏 达 恒 泰 美 科 锦 盛 兴 隆 鑫 瑞 丰 源 正 通 远 宇 博 森 晨 海 天 金 银 丽 佳 舜".split()
_TRADES = (
    "纺织 经编 机械 电子 化纤 皮革 新材料 精密 智能 光伏 汽配 五金 塑业 家具 服饰 电器 包装 印染 化工 轴承".split()
)
_SUFFIXES = ["有限公司", "股份有限公司", "科技有限公司", "实业有限公司", "制造有限公司"]
_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


_STARTED = time.perf_counter()


def progress(message: str) -> None:
    """A progress line: seconds since the script started, then the message."""
    print(f"[{time.perf_counter() - _STARTED:7.1f} s] {message}", flush=True)


def figure(path: str, rows: int, seconds: float, **fields: Any) -> None:
    """One FIGURE line for benchmarks/run_all.py: JSON after "FIGURE ", one per measured path.

    `seconds` is the wall time (median) of the jingxin way; the usual other fields are cpu_s (this process's CPU
    time), naive_s (the naive way, measured or extrapolated, so run_all can show the ratio), queries and equal
    (whether the two ways gave the same result, when the benchmark asserts it). None values are left out.
    """
    out = {"path": path, "rows": rows, "seconds": seconds, **fields}
    out = {k: (round(v, 4) if isinstance(v, float) else v) for k, v in out.items() if v is not None}
    print("FIGURE " + json.dumps(out, ensure_ascii=False), flush=True)


def database_url() -> str:
    return os.environ.get("DATABASE_URL", DEFAULT_URL)


def ensure_database(url: str) -> None:
    """CREATE DATABASE if it does not exist (connecting to the server's `postgres` database), as a copy of the
    migrated database named by BENCH_TEMPLATE_DATABASE when `make bench` (run_all.py) set it: migrating from
    nothing takes half a minute or more, copying a template a second."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    template = os.environ.get("BENCH_TEMPLATE_DATABASE")
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            progress(f"creating database {name}" + (f" from {template}" if template else ""))
            conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))


def drop_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django(url: str) -> None:
    """Point Django at the benchmark database, migrate it and load the Jiaxing regions."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    import django

    django.setup()
    from django.core.management import call_command

    progress("migrating")
    call_command("migrate", verbosity=0, interactive=False)
    from regions.models import Region
    from regions.services import regions_load_csv

    if not Region.objects.filter(code="330481").exists():
        plan = regions_load_csv(data=(ROOT / "data" / "regions-jiaxing.csv").read_bytes(), actor=SYSTEM)
        assert plan.ok, plan.findings


def bench_actor(username: str = "bench_mujun") -> Any:
    """The benchmarks' acting user: a superuser, since every service checks its actor's permission (issue 18)."""
    from accounts.models import User

    user, _created = User.objects.update_or_create(username=username, defaults={"is_superuser": True})
    return user


def server_versions() -> dict[str, str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return {"postgresql": pg}


def valid_uscc(rng: random.Random, area: str) -> str:
    from stdnum.cn import uscc

    body = "91" + (area if area.isdigit() else "330400") + "".join(rng.choice(_ALPHABET) for _ in range(9))
    return body + uscc.calc_check_digit(body)


def synthetic_rows(n: int, *, seed: int = 2026) -> Iterator[dict[str, Any]]:
    """n enterprises with unique valid codes, spread over the county-level units by weight."""
    rng = random.Random(seed)
    from enterprises.models import Industry

    divisions = list(Industry.objects.filter(level="division").values_list("code", flat=True))
    units = list(UNITS)
    weights = [UNITS[u] for u in units]
    seen: set[str] = set()
    for i in range(n):
        unit = rng.choices(units, weights)[0]
        code = valid_uscc(rng, unit[:6])
        while code in seen:
            code = valid_uscc(rng, unit[:6])
        seen.add(code)
        name = (
            rng.choice(_PLACES)
            + rng.choice(_WORDS)
            + rng.choice(_WORDS)
            + rng.choice(_TRADES)
            + rng.choice(_SUFFIXES)
            + (f"（{i % 97}分厂）" if i % 11 == 0 else "")
        )
        yield {
            "uscc": code,
            "name": name,
            "unit": unit,
            "industry": rng.choice(divisions) if rng.random() > 0.1 else None,
            "size_class": "above" if rng.random() < 0.3 else "below",
            "land_mu": Decimal(rng.randint(0, 40000)) / 100 if rng.random() > 0.15 else None,
            "employees": rng.randint(3, 3000) if rng.random() > 0.1 else None,
            "listed": rng.random() < 0.02,
            "address": f"{rng.choice(_PLACES)}{rng.choice(_WORDS)}路{rng.randint(1, 999)}号",
        }


def seed_enterprises(n: int) -> None:
    """Exactly n synthetic enterprises in the registry (bulk insert, no history: this is fixture data)."""
    from django.db import connection, transaction

    from enterprises.models import Enterprise, Industry
    from regions.models import Region

    current = Enterprise.objects.count()
    if current == n:
        progress(f"{n:,} enterprises already seeded")
        return
    progress(f"seeding {n:,} enterprises (found {current:,})")
    regions = {r.code: r.pk for r in Region.objects.all()}
    industries = dict(Industry.objects.values_list("code", "pk"))
    started = time.perf_counter()
    with transaction.atomic():
        Enterprise.objects.all().delete()
        batch: list[Enterprise] = []
        for i, row in enumerate(synthetic_rows(n), start=1):
            batch.append(
                Enterprise(
                    uscc=row["uscc"],
                    name=row["name"],
                    region_id=regions[row["unit"]],
                    industry_id=industries.get(row["industry"]) if row["industry"] else None,
                    size_class=row["size_class"],
                    land_mu=row["land_mu"],
                    employees=row["employees"],
                    listed=row["listed"],
                    address=row["address"],
                )
            )
            if len(batch) == 5000:
                Enterprise.objects.bulk_create(batch)
                batch = []
                if i % 20000 == 0:
                    progress(f"  inserted {i:,}")
        Enterprise.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE enterprises_enterprise")
    progress(f"seeded {n:,} in {time.perf_counter() - started:.1f} s")
