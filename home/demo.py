"""The deterministic demo of Jiaxing: regions, departments, one user per role, ~2,000 enterprises.

Run by `manage.py load_demo` (and so by `make run`). Idempotent: running it again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from stdnum.cn import uscc

from accounts.choices import Role
from accounts.models import User
from core import clock
from core.actors import SYSTEM
from core.history import bulk_create_audited, stamp
from enterprises.choices import SizeClass
from enterprises.models import Enterprise, Industry, Tag
from regions.choices import DepartmentLevel
from regions.models import Department, Region
from regions.services import regions_load_csv

REGIONS_CSV = Path(settings.BASE_DIR) / "data" / "regions-jiaxing.csv"
DEMO_PASSWORD = "Jingxin@2026"
# Apps whose `<app>/demo.py` load_demo() runs after the core demo, in this order.
# policies before smart: the smart subsidy rules name the policy their awards are paid under (one ledger).
DEMO_APPS = ("projects", "mujun", "tiers", "policies", "smart", "bulletins", "appeals", "chains", "investment")
SEED = 20190215  # the date of 嘉经信投资〔2019〕15号
# The demo's day: the end of its last reported year (the December reports are in; the chain and investment
# demos count to this day too). Pages read it through core.clock, so no 2026 period sits beside 2019 figures.
DEMO_TODAY = dt.date(2019, 12, 31)

INVESTMENT_2019 = {
    "330421": 125,
    "330482": 100,
    "330424": 78,
    "330481": 161,
    "330483": 155,
    "330402": 42,
    "330411": 63,
    "330400-ETDZ": 31,
    "330400-PORT": 25,
}
CITY_DEPARTMENTS = [
    ("嘉兴市发展和改革委员会", "市发改委"),
    ("嘉兴市经济和信息化局", "市经信局"),
    ("嘉兴市自然资源和规划局", "市自然资源和规划局"),
    ("嘉兴市生态环境局", "市生态环境局"),
    ("国家税务总局嘉兴市税务局", "市税务局"),
    ("嘉兴市财政局", "市财政局"),
    ("嘉兴市商务局", "市商务局"),
    ("嘉兴市科学技术局", "市科技局"),
    ("嘉兴市人力资源和社会保障局", "市人力社保局"),
    ("嘉兴市市场监督管理局", "市市场监管局"),
]
UNIT_DEPARTMENTS = [("经济和信息化局", "经信局"), ("发展和改革局", "发改局"), ("自然资源和规划分局", "自然资源分局")]
TAGS = ["专精特新", "高新技术企业", "外资企业", "链主企业", "小升规培育", "数字经济核心产业"]
NAME_PARTS = (
    [
        "嘉",
        "禾",
        "海",
        "桐",
        "秀",
        "南",
        "善",
        "盐",
        "平",
        "港",
        "恒",
        "信",
        "华",
        "新",
        "天",
        "瑞",
        "丰",
        "明",
        "达",
        "创",
    ],
    [
        "科",
        "锦",
        "源",
        "宇",
        "通",
        "力",
        "泰",
        "光",
        "晶",
        "润",
        "安",
        "宏",
        "昌",
        "杰",
        "诚",
        "博",
        "联",
        "美",
        "立",
        "嘉",
    ],
)
NAME_SUFFIX = {
    "C13": "食品",
    "C14": "食品",
    "C15": "酒业",
    "C17": "纺织",
    "C18": "服饰",
    "C19": "皮革",
    "C20": "木业",
    "C21": "家具",
    "C22": "纸业",
    "C24": "文体用品",
    "C26": "化工",
    "C27": "医药",
    "C28": "化纤",
    "C29": "塑胶",
    "C30": "建材",
    "C31": "钢铁",
    "C32": "新材料",
    "C33": "金属制品",
    "C34": "机械",
    "C35": "装备",
    "C36": "汽车部件",
    "C37": "船舶配件",
    "C38": "电气",
    "C39": "电子",
    "C40": "仪器",
    "C41": "制品",
    "C42": "再生资源",
    "C43": "设备维修",
}


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    region_code: str
    full_name: str
    department: str | None = None  # short name of a department in the region
    enterprise_index: int | None = None  # the n-th demo enterprise of the region


DEMO_USERS = [
    DemoUser("admin", Role.CITY_ADMIN, "330400", "市局系统管理员"),
    DemoUser("staff", Role.CITY_STAFF, "330400", "投资处 王科长"),
    DemoUser("haining", Role.UNIT_REPORTER, "330481", "海宁市经信局 填报员"),
    DemoUser("haining_head", Role.UNIT_REVIEWER, "330481", "海宁市经信局 审核人"),
    DemoUser("fgw", Role.DEPARTMENT_HANDLER, "330400", "市发改委 经办人", department="市发改委"),
    DemoUser("qiye", Role.ENTERPRISE_USER, "330481", "企业联系人", enterprise_index=0),
    DemoUser("leader", Role.LEADER, "330400", "局领导"),
]


def make_uscc(rng: random.Random, region_code: str) -> str:
    """A valid 统一社会信用代码: 9 (工商) + 1 (企业) + the region code + organisation code + check."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    area = region_code[:6] if region_code[:6].isdigit() else "330400"
    body = "91" + area + "".join(rng.choice(alphabet) for _ in range(9))
    return body + uscc.calc_check_digit(body)


def _log(progress: Callable[[str], None] | None, text: str) -> None:
    if progress:
        progress(text)


@transaction.atomic
def load_demo(*, enterprises: int = 2000, progress: Callable[[str], None] | None = None) -> dict[str, int]:
    clock.set_demo_today(DEMO_TODAY)
    regions_load_csv(data=REGIONS_CSV.read_bytes(), actor=SYSTEM, reason="演示数据：嘉兴地区")
    city = Region.objects.get(code="330400")
    units = list(Region.objects.filter(path__startswith=city.path, depth=city.depth + 1).order_by("code"))
    _log(progress, f"regions: {Region.objects.count()}")

    for name, short in CITY_DEPARTMENTS:
        _department(name, short, DepartmentLevel.CITY, city)
    for unit in units:
        for name, short in UNIT_DEPARTMENTS:
            _department(f"{unit.name}{name}", f"{unit.name}{short}", DepartmentLevel.COUNTY, unit)
    _log(progress, f"departments: {Department.objects.count()}")

    tags = {}
    for name in TAGS:
        tag = Tag.objects.filter(name=name).first()
        if tag is None:
            tag = Tag(name=name)
            stamp(tag, actor=SYSTEM, reason="演示数据")
            tag.save()
        tags[name] = tag

    industries = list(Industry.objects.filter(level="division").order_by("code"))
    # Enterprises spread over units in proportion to their 2019 工业投资 targets (嘉经信投资〔2019〕15号).
    weights = [INVESTMENT_2019.get(unit.code, 30) for unit in units]
    new: list[Enterprise] = []
    tag_pairs: list[tuple[int, list[Tag]]] = []
    existing = set(Enterprise.objects.values_list("uscc", flat=True))
    for i in range(enterprises):
        # One generator per enterprise: the i-th enterprise is the same whatever exists already.
        r = random.Random(f"{SEED}-{i}")
        unit = r.choices(units, weights=weights)[0]
        industry = r.choice(industries)
        code = make_uscc(r, unit.code)
        name = (
            f"{unit.name[:2]}{r.choice(NAME_PARTS[0])}{r.choice(NAME_PARTS[1])}{NAME_SUFFIX.get(industry.code, '制造')}"
        )
        if r.random() < 0.02:
            name += f"{i:04d}"
        above = r.random() < 0.35
        land = Decimal(r.randint(300, 20000 if above else 4000)) / 100
        employees = r.randint(80, 2500) if above else r.randint(5, 150)
        listed = above and r.random() < 0.05
        chosen = [tags[t] for t in TAGS if r.random() < 0.06]
        if code in existing:
            continue
        existing.add(code)
        new.append(
            Enterprise(
                uscc=code,
                name=f"{name}有限公司",
                region=unit,
                industry=industry,
                size_class=SizeClass.ABOVE if above else SizeClass.BELOW,
                land_mu=land,
                employees=employees,
                listed=listed,
                address=f"浙江省{city.name}{unit.name}",
            )
        )
        tag_pairs.append((len(new) - 1, chosen))
    created = bulk_create_audited(Enterprise, new, actor=SYSTEM, reason="演示数据：合成企业")
    through = Enterprise.tags.through
    through.objects.bulk_create(
        [through(enterprise_id=created[i].pk, tag_id=t.pk) for i, chosen in tag_pairs for t in chosen]
    )
    _log(progress, f"enterprises: {Enterprise.objects.count()}")

    for spec in DEMO_USERS:
        _user(spec, units)

    # The two seed notices' decomposition tables, imported through the targets importer (issue #3).
    from targets.models import Plan
    from targets.seeds import load_seed_plans

    load_seed_plans(actor=SYSTEM)
    _log(progress, f"plans: {Plan.objects.count()}")

    # Synthetic monthly reports 2017–2019 for every unit, with history plans for 2017 and 2018 (issue #3).
    from reporting.demo import load_reporting_demo
    from reporting.models import MonthlyReport

    load_reporting_demo(progress=progress)

    # A 2019 scoring scheme computed from the December reports, and the city departments' duties (issue #3).
    from assessment.demo import load_assessment_demo

    load_assessment_demo(progress=progress)

    # Later apps add their demo as `load_demo(*, progress)` in `<app>/demo.py` (projects, 亩均, bulletins).
    from importlib import import_module
    from importlib.util import find_spec

    for app in DEMO_APPS:
        if find_spec(f"{app}.demo") is not None:
            import_module(f"{app}.demo").load_demo(progress=progress or _quiet)
    return {
        "regions": Region.objects.count(),
        "departments": Department.objects.count(),
        "enterprises": Enterprise.objects.count(),
        "users": User.objects.count(),
        "plans": Plan.objects.count(),
        "monthly_reports": MonthlyReport.objects.count(),
    }


def _quiet(text: str) -> None:
    """No progress lines (tests, and callers without a console)."""


def _department(name: str, short: str, level: str, region: Region) -> Department:
    department = Department.objects.filter(region=region, name=name).first()
    if department is None:
        department = Department(name=name, short_name=short, level=level, region=region)
        stamp(department, actor=SYSTEM, reason="演示数据")
        department.save()
    return department


def _user(spec: DemoUser, units: list[Region]) -> User:
    region = Region.objects.get(code=spec.region_code)
    user = User.objects.filter(username=spec.username).first()
    created = user is None
    if user is None:
        user = User(username=spec.username)
    user.full_name = spec.full_name
    user.role = spec.role
    user.region = region
    user.is_active = True
    user.department = (
        Department.objects.filter(region=region, short_name=spec.department).first() if spec.department else None
    )
    user.enterprise = (
        Enterprise.objects.filter(region=region).order_by("uscc")[spec.enterprise_index]
        if spec.enterprise_index is not None
        else None
    )
    if created or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
    stamp(user, actor=SYSTEM, reason="演示数据")
    user.save()
    user.groups.set([Group.objects.get_or_create(name=spec.role)[0]])
    return user
