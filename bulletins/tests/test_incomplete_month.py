"""A bulletin of a month published with units missing (issue #12): 8 of the 9 units of the 2019 plan
have not reported; 海宁市 has (41.9 % of its 161 亿元, 8.6 pp ahead of 序时 — the published example).

The commentary must not judge the city on one unit's figures ("19.4%，慢于序时进度72.3个百分点"),
must not rank 海宁市 "全市第1" or "前三" among one unit, and must name the units that did not report.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal as D

import pytest

from bulletins.selectors import bulletin_data
from home.demo import INVESTMENT_2019
from reporting.models import MonthlyReport, ReportValue
from reporting.services import month_publish
from targets.models import Indicator, Plan

from .conftest import CITY, HAINING, target

pytestmark = pytest.mark.django_db


def investment_plan(regions):
    """The 2019 工业投资 plan of 嘉经信投资〔2019〕15号: the city's 780 亿元 and each unit's target (the demo's figures)."""
    plan = Plan.objects.create(title="2019年工业投资", year_start=2019, year_end=2019, scope_region=regions[CITY])
    inv = Indicator.objects.create(
        plan=plan, name="工业投资", unit="亿元", kind="flow_amount", order=1, series="工业投资"
    )
    target(inv, regions[CITY], D(7800000))
    for code, value in INVESTMENT_2019.items():
        target(inv, regions[code], D(value) * 10000)
    return inv


def test_the_bulletin_of_a_month_with_eight_of_nine_units_missing(regions, admin):
    inv = investment_plan(regions)
    report = MonthlyReport.objects.create(
        region=regions[HAINING], year=2019, month=4, status="accepted", deadline=dt.date(2019, 5, 5)
    )
    ReportValue.objects.create(report=report, indicator=inv, value=D(674590), base_value=D(600000))
    publication = month_publish(region=regions[CITY], year=2019, month=4, actor=admin, incomplete_reason="按期通报")
    assert len(publication.snapshot["missing"]) == 8

    data = bulletin_data(plan=inv.plan, year=2019, month=4, publication=publication, user=admin)
    assert data["coverage"] == {
        "units": 9,
        "reported": 1,
        "missing": [
            "南湖区",
            "秀洲区",
            "嘉善县",
            "海盐县",
            "平湖市",
            "桐乡市",
            "嘉兴经济技术开发区（国际商务区）",
            "嘉兴港区",
        ],
    }
    city = data["city"]["cells"][0]
    assert (city["covered"], city["of"], city["completion"], city["deviation"], city["colour"]) == (
        1,
        9,
        None,
        None,
        None,
    )
    text = data["commentary"]
    assert text[0] == (
        "已报送的1个单位（共9个）工业投资合计完成67.46亿元；因单位未报齐，全市数据暂不与年度目标和序时进度比较。"
    )
    assert "海宁市工业投资完成67.46亿元，快于序时进度8.6个百分点，在已报送的1个单位中列第1位。" in text[1]
    assert "列全市第" not in "".join(text) and "前三" not in "".join(text) and "慢于序时进度" not in text[0]
    assert text[-1] == (
        "南湖区、秀洲区、嘉善县、海盐县、平湖市、桐乡市、嘉兴经济技术开发区（国际商务区）、嘉兴港区"
        "未报送本月数据，未参与排名（本月9个单位中已报送1个）。"
    )
    assert [row["missing"] for row in data["rows"]].count(True) == 8


def test_a_figure_marked_none_is_said_as_none_in_the_bulletin(regions, admin):
    """Issue #12: 嘉善县 reported its 工业投资 as 无 with a reason. The bulletin (data, commentary, Excel) says 无 with the
    reason — not 0, not a blank, not 未报 — does not rank it, and the city's sum covers the one unit with a figure."""
    from openpyxl import load_workbook

    from bulletins.excel import bulletin_xlsx

    inv = investment_plan(regions)
    for code, figures in (
        (HAINING, {"value": D(674590), "base_value": D(600000)}),
        ("330421", {"text": "无", "note": "统计局数据延期发布"}),
    ):
        report = MonthlyReport.objects.create(
            region=regions[code], year=2019, month=4, status="accepted", deadline=dt.date(2019, 5, 5)
        )
        ReportValue.objects.create(report=report, indicator=inv, **figures)
    publication = month_publish(region=regions[CITY], year=2019, month=4, actor=admin, incomplete_reason="按期通报")
    # A later revision of the mark does not change what was published.
    ReportValue.objects.filter(report__region=regions["330421"]).update(text="", value=D(1))

    data = bulletin_data(plan=inv.plan, year=2019, month=4, publication=publication, user=admin)
    jiashan = next(row for row in data["rows"] if row["region"]["code"] == "330421")
    assert not jiashan["missing"] and "嘉善县" not in data["coverage"]["missing"]
    assert (jiashan["cells"][0]["nil"], jiashan["cells"][0]["value"], jiashan["cells"][0]["rank"]) == (
        True,
        None,
        None,
    )
    assert (data["city"]["cells"][0]["covered"], data["city"]["cells"][0]["of"]) == (1, 9)
    assert "嘉善县工业投资本月填报为“无”（统计局数据延期发布），未参与排名。" in data["commentary"][1]
    book = load_workbook(io.BytesIO(bulletin_xlsx(data)))
    cells = [c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert cells.count("无") == 2 and "未报" in cells  # the matrix and the headline sheet; 海盐县 … are 未报
