"""The yearly 亩均 data import: calamine reads the sheet, every cell is checked (findings by sheet, row and
column), a preview writes nothing, and applying validates again and writes in one audited transaction."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import clock
from core.excel import ImportTemplate
from core.imports import Finding, ImportPlan, Progress, find_tables, write_rows
from core.services import require_perm
from enterprises.models import Enterprise

from .models import EnterpriseYearData

# field → header in the template
COLUMNS: dict[str, str] = {
    "uscc": "统一社会信用代码",
    "year": "年度",
    "size_class": "规模",
    "tax": "实缴税金（万元）",
    "value_added": "工业增加值（万元）",
    "revenue": "主营业务收入（万元）",
    "land_mu": "用地面积（亩）",
    "energy_tce": "综合能耗（吨标准煤）",
    "emission_t": "主要污染物排放量（吨）",
    "employees": "年平均职工人数",
    "rd": "研发经费支出（万元）",
    "electricity": "用电量（万千瓦时）",
    "parcel": "共用地块编号",
    "items": "加减分项代码",
    "not_graded": "不参评",
}
NUMBERS = ("tax", "value_added", "revenue", "land_mu", "energy_tce", "emission_t", "employees", "rd", "electricity")


def _template_example() -> dict[str, Any]:
    """A 规上 firm of last year; item codes joined by "；", one of the separators the importer splits on."""
    return {
        "uscc": _("（18位统一社会信用代码）"),
        "year": clock.today().year - 1,
        "size_class": "规上",  # a value the importer reads, so never translated
        "tax": Decimal("860.5"),
        "value_added": Decimal("4200"),
        "revenue": Decimal("18500"),
        "land_mu": Decimal("35.5"),
        "energy_tce": Decimal("2600"),
        "emission_t": Decimal("12.4"),
        "employees": 210,
        "rd": Decimal("560"),
        "electricity": Decimal("1450"),
        "parcel": "",
        "items": "hightech；rd_center",
        "not_graded": "否",  # read by the importer, so never translated
    }


# The yearly-data import template (page and API): the filling rules, the headers in COLUMNS' order, an example.
TEMPLATE = ImportTemplate(
    columns=COLUMNS,
    example=_template_example,
    filename=format_lazy("{}.xlsx", gettext_lazy("亩均年度数据导入模板")),
    sheet=gettext_lazy("亩均年度数据"),
    title=gettext_lazy(
        "亩均年度数据导入模板：每行一家企业一个年度；规模填“规上”或“规下”；"
        "加减分项代码为评价规则中的代码，多个用“；”分隔；不参评填“是”或“否”。示例行请替换为实际数据。"
    ),
    widths={"uscc": 24, "parcel": 16, "items": 22},
)
SIZES = {"规上": "above", "规下": "below", "above": "above", "below": "below"}
YES, NO = {"是", "Y", "y", "yes", "1", "TRUE", "true"}, {"否", "N", "n", "no", "0", "FALSE", "false", ""}


def plan_import(source: str | Path | IO[bytes], *, actor: Any, progress: Progress | None = None) -> ImportPlan:
    """Check the first sheet with a 统一社会信用代码 header; nothing is written."""
    plan = ImportPlan()
    report = progress or (lambda p, m: None)
    sheets = plan.read(source)  # an unreadable file, text that would run as a formula: findings
    if not sheets:
        return plan
    table = next(find_tables(sheets, COLUMNS, [COLUMNS["uscc"]]), None)
    if table is None:
        plan.findings.append(Finding("", 1, COLUMNS["uscc"], _("没有找到含“统一社会信用代码”表头的工作表")))
        return plan
    plan.sheet = table.sheet
    plan.findings += table.missing(("uscc", "year", "tax", "land_mu"))
    if not plan.ok:
        return plan
    known = dict(Enterprise.objects.visible_to(actor).filter(uscc__in=table.codes("uscc")).values_list("uscc", "pk"))
    seen: set[tuple[int, int]] = set()
    for record in table.records(report):
        text = record.text

        def bad(key: str, message: str, _record: Any = record) -> None:
            plan.findings.append(_record.finding(key, message))

        row: dict[str, Any] = {"row": record.row}
        uscc = text("uscc").upper()
        if uscc not in known:
            bad("uscc", _("企业不存在或不在您的数据范围内：%s") % uscc)
        row["enterprise_id"] = known.get(uscc)
        try:
            row["year"] = int(text("year"))
            if not 2000 <= row["year"] <= 2100:
                raise ValueError
        except ValueError:
            bad("year", _("年度应为四位数字"))
            row["year"] = None
        size = text("size_class") or "规上"
        if size not in SIZES:
            bad("size_class", _("规模应为“规上”或“规下”"))
        row["size_class"] = SIZES.get(size, "above")
        for key in NUMBERS:
            value = text(key)
            if not value:
                row[key] = None
                continue
            try:
                number = Decimal(value.replace(",", ""))
            except InvalidOperation:
                bad(key, _("应为数字：%s") % value)
                continue
            if number < 0:
                bad(key, _("不能为负数"))
            row[key] = number
        row["parcel"] = text("parcel")
        row["items"] = [c for c in text("items").replace("，", ",").replace("；", ",").split(",") if c.strip()]
        if "not_graded" in table.index:  # without the column a row keeps what is stored (new rows: graded)
            flag = text("not_graded")
            if flag not in YES | NO:
                bad("not_graded", _("不参评应填“是”或“否”，实际为“%s”") % flag)
            row["not_graded"] = flag in YES
        key_ = (row["enterprise_id"], row["year"])
        if row["enterprise_id"] and row["year"]:
            if key_ in seen:
                bad("uscc", _("同一企业同一年度重复出现"))
            seen.add(key_)
        plan.rows.append(row)
    plan.count_existing(EnterpriseYearData, ("enterprise_id", "year"))
    report(90, _("校验完成"))
    return plan


def apply_import(
    source: str | Path | IO[bytes], *, actor: Any, reason: str, progress: Progress | None = None
) -> ImportPlan:
    """Validate again; without errors create or update every row in one transaction, a history row each."""
    require_perm(actor, "mujun.add_enterpriseyeardata")
    plan = plan_import(source, actor=actor, progress=progress)
    if not plan.ok:
        return plan
    fields = ["size_class", *NUMBERS, "parcel", "items"]
    if any("not_graded" in r for r in plan.rows):
        fields.append("not_graded")
    with transaction.atomic():
        write_rows(
            EnterpriseYearData, plan.rows, key=("enterprise_id", "year"), fields=fields, actor=actor, reason=reason,
            unchanged_too=True,
        )  # fmt: skip
    return plan
