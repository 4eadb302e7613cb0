"""The bulletin's figures: from monitoring, as published, with their sources; the commentary's wording."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from bulletins import commentary
from bulletins.selectors import bulletin_data
from reporting.services import report_revise

from .conftest import HAINING, JIASHAN, PINGHU

pytestmark = pytest.mark.django_db


def row_of(data, code):
    return next(r for r in data["rows"] if r["region"]["code"] == code)


def test_figures_come_from_monitoring_as_published(published, admin):
    data = bulletin_data(plan=published.plan, year=2019, month=4, publication=published.publication, user=admin)
    assert data["period"] == "2019年1—4月"
    assert data["schedule"] == "33.3"
    assert [c["name"] for c in data["columns"]] == ["工业投资", "技术改造投资增速", "新增工业机器人"]
    haining = row_of(data, HAINING)["cells"][0]
    # domain.md §4's published example: 41.9 % done after April is 8.6 pp ahead of 序时.
    assert haining["value"] == "67.46"  # 亿元
    assert haining["target"] == "161.00"
    assert (haining["completion"], haining["deviation"], haining["colour"], haining["rank"]) == (
        "41.9",
        "8.6",
        "green",
        1,
    )
    assert haining["growth"] == "12.4"
    assert haining["report"] == published.reports[HAINING].pk
    pinghu, jiashan = row_of(data, PINGHU)["cells"][0], row_of(data, JIASHAN)["cells"][0]
    assert (pinghu["completion"], pinghu["deviation"], pinghu["colour"], pinghu["rank"]) == (
        "30.0",
        "-3.3",
        "yellow",
        2,
    )
    assert (jiashan["completion"], jiashan["deviation"], jiashan["colour"], jiashan["rank"]) == (
        "10.0",
        "-23.3",
        "red",
        3,
    )
    # Growth-rate indicator: 嘉善's amount fell (100000 vs 110000): negative growth, red.
    assert row_of(data, JIASHAN)["cells"][1]["growth"] == "-9.1"
    assert row_of(data, JIASHAN)["cells"][1]["colour"] == "red"
    # The city row sums the units: (674590 + 465000 + 100000) / 7800000 = 15.9 %.
    city = data["city"]["cells"][0]
    assert (city["value"], city["completion"]) == ("123.96", "15.9")
    assert data["overall"][0]["region"]["code"] == HAINING
    assert data["headline"] == 0


def test_a_revision_after_publication_does_not_change_the_figures(published, admin):
    report_revise(
        report=published.reports[HAINING],
        entries={published.investment.pk: {"value": D(800000), "base_value": D(600000)}},
        reason="统计局数据更正",
        actor=admin,
    )
    data = bulletin_data(plan=published.plan, year=2019, month=4, publication=published.publication, user=admin)
    assert row_of(data, HAINING)["cells"][0]["value"] == "67.46"


def test_commentary_uses_the_bureaus_wording(published, admin):
    data = bulletin_data(plan=published.plan, year=2019, month=4, publication=published.publication, user=admin)
    text = data["commentary"]
    assert text[0] == "全市工业投资完成123.96亿元，完成年度目标的15.9%，慢于序时进度17.4个百分点，同比增长11.7%。"
    assert "海宁市工业投资完成67.46亿元，快于序时进度8.6个百分点，列全市第1位。" in text[1]
    assert "平湖市工业投资完成46.50亿元，慢于序时进度3.3个百分点，列全市第2位。" in text[1]
    assert text[1].index("海宁市") < text[1].index("平湖市") < text[1].index("嘉善县")
    assert any(p.startswith("嘉善县进度明显滞后（红色预警）") for p in text)
    # Only three units are ranked: "位列前三" among three says nothing and is not written (issue #12).
    assert commentary.best_units(data) == [] and not any("前三" in p for p in text)


@pytest.mark.parametrize(
    ("deviation", "expected"),
    [("8.6", "快于序时进度8.6个百分点"), ("-3.3", "慢于序时进度3.3个百分点"), ("0.0", "与序时进度持平"), (None, "")],
)
def test_schedule_phrase(deviation, expected):
    assert commentary.schedule_phrase(deviation) == expected


def test_earlier_publications_of_other_series_are_left_out(published, admin, regions):
    """A published month of an earlier year also holds indicators the plan does not have (another series)."""
    import datetime as dt

    from reporting.models import MonthlyReport, ReportValue
    from reporting.services import month_publish
    from targets.models import Indicator, Plan

    old_plan = Plan.objects.create(title="2018年计划", year_start=2018, year_end=2018, scope_region=regions["330400"])
    same = Indicator.objects.create(
        plan=old_plan, name="工业投资", unit="亿元", kind="flow_amount", order=1, series="工业投资"
    )
    other = Indicator.objects.create(
        plan=old_plan, name="高质量项目", unit="项", kind="qualitative", order=2, series="高质量"
    )
    report = MonthlyReport.objects.create(
        region=regions[HAINING], year=2018, month=4, status="accepted", deadline=dt.date(2018, 5, 5)
    )
    ReportValue.objects.create(report=report, indicator=same, value=D(500000))
    ReportValue.objects.create(report=report, indicator=other, text="2个")
    month_publish(region=regions["330400"], year=2018, month=4, actor=admin, incomplete_reason="仅海宁市")
    data = bulletin_data(plan=published.plan, year=2019, month=4, publication=published.publication, user=admin)
    assert row_of(data, HAINING)["cells"][0]["completion"] == "41.9"
