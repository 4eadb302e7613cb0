"""Dashboard, drill-down, Excel export and API per role and scope; thresholds edited by city staff."""

from __future__ import annotations

import io
from decimal import Decimal as D

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.choices import Role
from monitoring.models import WarningThreshold
from reporting.models import ReportValue

from .conftest import HAINING, JIASHAN, PINGHU

pytestmark = pytest.mark.django_db

APRIL = {"year": 2019, "month": 4}


@pytest.mark.parametrize(
    ("role", "home", "expected"),
    [
        (Role.CITY_ADMIN, "330400", 200),
        (Role.CITY_STAFF, "330400", 200),
        (Role.LEADER, "330400", 200),
        (Role.UNIT_REPORTER, HAINING, 200),
        (Role.UNIT_REVIEWER, HAINING, 200),
        (Role.DEPARTMENT_HANDLER, HAINING, 403),
        (Role.ENTERPRISE_USER, HAINING, 403),
    ],
)
def test_dashboard_per_role(client, scenario, make_user, role, home, expected):
    client.force_login(make_user(role, home))
    for name, args in (
        ("monitoring:plan_dashboard", [scenario.plan.pk]),
        ("monitoring:plan_dashboard_export", [scenario.plan.pk]),
        ("monitoring:unit_history", [scenario.plan.pk, scenario.regions[HAINING].pk]),
    ):
        assert client.get(reverse(name, args=args), APRIL).status_code == expected, name
    api = reverse("monitoring-matrix", args=[scenario.plan.pk])
    assert client.get(api, APRIL).status_code == expected


def test_city_dashboard_shows_matrix_rankings_and_charts(client, scenario, city_staff):
    client.force_login(city_staff)
    response = client.get(reverse("monitoring:plan_dashboard", args=[scenario.plan.pk]), APRIL)
    html = response.content.decode()
    assert "快于序时进度8.6个百分点" in html
    assert 'data-testid="overall-ranking"' in html and 'data-testid="indicator-rankings"' in html
    assert 'id="monitoring-charts"' in html and "jingxin/monitoring.js" in html
    assert "<script>" not in html.replace('<script id="monitoring-charts" type="application/json">', "")
    charts = response.context["charts"]
    assert charts["schedule"] == [16.7, 25.0, 33.3]
    assert [u["name"] for u in charts["units"]][:2] == ["嘉善县", "海宁市"]
    assert charts["ranking"][0] == {"name": "海宁市", "value": 41.9}


def _table(html: str, testid: str) -> str:
    return html.split(f'data-testid="{testid}"')[1].split("</table>")[0]


def test_rankings_and_forecasts_follow_the_chosen_indicator(client, scenario, city_staff):
    """Issue 16: a province plan (100 units × 40 indicators) drew 40 ranking tables and every forecast; the page
    shows the chart indicator's ranking and forecasts, counts the warnings of every indicator, and the matrix keeps
    every cell."""
    client.force_login(city_staff)
    url = reverse("monitoring:plan_dashboard", args=[scenario.plan.pk])
    html = client.get(url, {**APRIL, "indicator": scenario.investment.pk}).content.decode()
    rankings = _table(html, "indicator-rankings")
    assert "工业投资" in rankings and "技术改造投资增速" not in rankings
    assert rankings.count("<tr>") == 2  # 海宁 and 平湖 ranked (嘉善 is provisional only)
    assert "海宁市" in _table(html, "forecasts")
    assert 'data-testid="forecast-warnings"' in html and "全部指标中 1 项预计全年完不成" in html
    assert "技术改造投资增速" in _table(html, "matrix") and "数字经济核心产业投资占比" in _table(html, "matrix")

    html = client.get(url, {**APRIL, "indicator": scenario.growth.pk}).content.decode()
    rankings = _table(html, "indicator-rankings")
    assert "技术改造投资增速" in rankings and "工业投资" not in rankings
    assert "海宁市" not in _table(html, "forecasts")  # a growth rate has no year-end forecast
    assert "全部指标中 1 项预计全年完不成" in html  # the warning of another indicator is still counted


def test_unit_user_sees_own_unit_only(client, scenario, make_user):
    client.force_login(make_user(Role.UNIT_REPORTER, HAINING))
    response = client.get(reverse("monitoring:plan_dashboard", args=[scenario.plan.pk]), APRIL)
    html = response.content.decode()
    assert (
        "海宁市" in html
        and "平湖市" not in html
        and "全市" not in html.split('data-testid="matrix"')[1].split("</table>")[0]
    )
    assert 'data-testid="overall-ranking"' not in html
    # Another unit's history is answered as if it did not exist.
    other = reverse("monitoring:unit_history", args=[scenario.plan.pk, scenario.regions[PINGHU].pk])
    assert client.get(other).status_code == 404
    api = client.get(reverse("monitoring-matrix", args=[scenario.plan.pk]), APRIL).json()
    assert {c["region"] for c in api["cells"]} == {HAINING}
    assert api["city"] == [] and api["overall"] == []
    assert client.get(reverse("monitoring-rankings", args=[scenario.plan.pk]), APRIL).json()["indicators"] == []
    assert (
        client.get(
            reverse("monitoring-unit-history", args=[scenario.plan.pk, scenario.regions[JIASHAN].pk])
        ).status_code
        == 404
    )


def test_plan_out_of_scope_is_404(client, scenario, make_user, regions):
    from tests.factories import PlanFactory

    plan = PlanFactory(scope_region=regions[JIASHAN])
    client.force_login(make_user(Role.UNIT_REPORTER, HAINING))
    assert client.get(reverse("monitoring:plan_dashboard", args=[plan.pk])).status_code == 404
    assert client.get(reverse("monitoring-matrix", args=[plan.pk])).status_code == 404


def test_api_matrix_rankings_forecasts(client, scenario, city_staff):
    client.force_login(city_staff)
    data = client.get(reverse("monitoring-matrix", args=[scenario.plan.pk]), APRIL).json()
    haining = next(c for c in data["cells"] if c["region"] == HAINING and c["indicator"] == scenario.investment.pk)
    assert D(haining["value"]) == D("67.459")  # 亿元, as the notice writes it
    assert D(haining["value_stored"]) == D(674590)  # 万元
    assert D(haining["deviation"]).quantize(D("0.1")) == D("8.6")
    assert haining["colour"] == "green" and haining["rank"] == 1 and haining["rank_change"] == 1
    assert D(next(c for c in data["city"] if c["indicator"] == scenario.investment.pk)["value"]) == D("113.959")
    rankings = client.get(reverse("monitoring-rankings", args=[scenario.plan.pk]), APRIL).json()
    assert [r["region"] for r in rankings["indicators"][0]["ranking"]] == [HAINING, PINGHU]
    forecasts = client.get(reverse("monitoring-forecasts", args=[scenario.plan.pk]), APRIL).json()["forecasts"]
    assert [(f["region"], f["forecast_warning"]) for f in forecasts] == [(HAINING, True)]
    history = client.get(
        reverse("monitoring-unit-history", args=[scenario.plan.pk, scenario.regions[HAINING].pk]), {"year": 2019}
    ).json()
    assert len(history["cells"]) == 3 * 11


def test_openapi_describes_the_monitoring_endpoints(client, city_staff):
    client.force_login(city_staff)
    schema = client.get(reverse("api_schema"), {"format": "json"}).json()
    for path in ("matrix", "rankings", "forecasts"):
        assert f"/api/monitoring/plans/{{id}}/{path}/" in schema["paths"]
    assert "/api/warning-thresholds/" in schema["paths"]


def test_excel_export_cells_and_colours(client, scenario, city_staff):
    client.force_login(city_staff)
    response = client.get(reverse("monitoring:plan_dashboard_export", args=[scenario.plan.pk]), APRIL)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["监测矩阵", "总排名", "分指标排名", "年末预测"]
    ws = book["监测矩阵"]
    assert ws["B2"].value == "工业投资（亿元）"
    assert [ws.cell(3, c).value for c in range(2, 8)] == [
        "完成值",
        "目标",
        "完成率（%）",
        "偏差（个百分点）",
        "同比（%）",
        "排名",
    ]
    rows = {ws.cell(r, 1).value: r for r in range(4, ws.max_row + 1)}
    r = rows["海宁市"]
    assert ws.cell(r, 2).value == pytest.approx(67.46)  # 亿元
    assert ws.cell(r, 2).number_format == "0.00"  # shown by the one rule: 亿元 with two decimals
    assert ws.cell(r, 8).value == pytest.approx(10) and ws.cell(r, 8).number_format == "0.0"  # a growth: % with one
    assert ws.cell(r, 3).value == 161
    assert ws.cell(r, 4).value == pytest.approx(41.9)
    assert ws.cell(r, 5).value == pytest.approx(8.6)
    assert ws.cell(r, 5).fill.fgColor.rgb.endswith("C6EFCE")  # green
    assert ws.cell(rows["平湖市"], 5).fill.fgColor.rgb.endswith("FFEB9C")  # yellow
    # Two of the three units reported: the city row sums them, says so, and is not judged (issue #12).
    city = next(r for name, r in rows.items() if name.startswith("全市"))
    assert ws.cell(city, 1).value == "全市（2/3个单位已报，未与目标比较）"
    assert ws.cell(city, 2).value == pytest.approx(113.96)
    assert ws.cell(city, 4).value is None and ws.cell(city, 5).value is None  # no completion, no deviation
    assert ws.cell(rows["嘉善县"], 2).value == "未报"
    forecast = book["年末预测"]
    assert forecast["A3"].value == "海宁市" and forecast["H3"].value
    assert forecast["G3"].fill.fgColor.rgb.endswith("FFC7CE")  # red: misses the target although on 序时


def test_unit_export_has_no_city_or_rankings(client, scenario, make_user):
    client.force_login(make_user(Role.UNIT_REVIEWER, HAINING))
    response = client.get(reverse("monitoring:plan_dashboard_export", args=[scenario.plan.pk]), APRIL)
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["监测矩阵", "年末预测"]
    names = [book["监测矩阵"].cell(r, 1).value for r in range(4, book["监测矩阵"].max_row + 1)]
    assert names == ["海宁市"]


def test_city_staff_sets_thresholds(client, scenario, city_staff):
    client.force_login(city_staff)
    response = client.post(
        reverse("monitoring:warningthreshold_add"),
        {"plan": scenario.plan.pk, "indicator": "", "yellow_pp": "10", "red_pp": "30", "red_on_negative_growth": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    threshold = WarningThreshold.objects.get(plan=scenario.plan)
    assert threshold.history.first().history_user == city_staff
    # A second plan-wide threshold is refused, and red below yellow too.
    again = client.post(
        reverse("monitoring:warningthreshold_add"), {"plan": scenario.plan.pk, "yellow_pp": "1", "red_pp": "2"}
    )
    assert again.status_code == 200 and WarningThreshold.objects.count() == 1
    # Each refusal is one Chinese sentence, never a constraint's name (issue #12); on the page and in the API.
    assert again.context["form"].errors.as_data() and "warningthreshold_" not in again.content.decode()
    assert "该计划已有适用于全部指标的预警阈值，请修改原有阈值" in again.content.decode()
    wrong = client.post(
        reverse("monitoring:warningthreshold_edit", args=[threshold.pk]), {"yellow_pp": "20", "red_pp": "5"}
    )
    assert wrong.status_code == 200
    assert wrong.content.decode().count("红色预警的百分点不能小于黄色预警") == 1
    api = client.post(
        "/api/warning-thresholds/",
        {"plan": scenario.plan.pk, "yellow_pp": "1", "red_pp": "2"},
        content_type="application/json",
    )
    # The same sentence as the page's, from one place (the model's constraint).
    assert api.status_code == 400 and "该计划已有适用于全部指标的预警阈值，请修改原有阈值" in api.content.decode()
    assert "warningthreshold_" not in api.content.decode()
    threshold.refresh_from_db()
    assert threshold.red_pp == D(30)
    page = client.get(reverse("monitoring:plan_dashboard", args=[scenario.plan.pk]), APRIL)
    assert page.context["matrix"].columns[0].threshold_source == "plan"


def test_unit_cannot_set_city_thresholds_even_with_permission(scenario, make_user):
    from django.core.exceptions import ValidationError

    from monitoring.services import warningthreshold_create

    admin = make_user(Role.CITY_ADMIN, HAINING)
    with pytest.raises(ValidationError):
        warningthreshold_create(data={"plan": scenario.plan, "yellow_pp": D(1), "red_pp": D(2)}, actor=admin)
    assert not WarningThreshold.objects.exists()


def test_growth_indicator_headline_is_the_growth_not_the_amount(client, scenario, city_staff):
    """A growth-rate indicator is judged in percent: 海宁 reported 110 against a base of 100, so the
    cell's headline is 10.0 (%), never the 110 (万元) amount behind it; the API says the same."""
    client.force_login(city_staff)
    data = client.get(reverse("monitoring-matrix", args=[scenario.plan.pk]), APRIL).json()
    haining = next(c for c in data["cells"] if c["region"] == HAINING and c["indicator"] == scenario.growth.pk)
    assert D(haining["value"]) == D(10)
    assert D(haining["value_stored"]) == D(110)
    page = client.get(reverse("monitoring:plan_dashboard", args=[scenario.plan.pk]), APRIL).content.decode()
    assert "110.00" not in page  # the amount shown as if it were a percentage


def test_an_incomplete_month_shows_missing_units_and_does_not_judge_the_city(client, scenario, city_staff):
    """Two of three units reported April (issue #12): 嘉善县 is 未报, unranked; the city row covers 2/3 units."""
    client.force_login(city_staff)
    response = client.get(reverse("monitoring:plan_dashboard", args=[scenario.plan.pk]), APRIL)
    html = response.content.decode()
    assert "本月数据不完整：3 个单位中 1 个未报（嘉善县）" in html
    row = html.split('data-unit="330421"')[1].split("</tr>")[0]
    assert 'data-missing="1">未报</td>' in row and "bg-red" not in row and "第" not in row
    city = html.split('data-unit="city"')[1].split("</tr>")[0]
    assert "2/3 个单位已报，不与全市目标比较" in city and "序时进度" not in city
    data = client.get(reverse("monitoring-matrix", args=[scenario.plan.pk]), APRIL).json()
    assert data["missing_units"] == ["330421"]
    city_cell = next(c for c in data["city"] if c["indicator"] == scenario.investment.pk)
    assert (city_cell["covered"], city_cell["of"], city_cell["completion"], city_cell["colour"]) == (2, 3, None, None)
    assert all(c["rank"] is None for c in data["cells"] if c["region"] == "330421")


def test_a_figure_marked_none_shows_as_none_on_the_page_the_export_and_the_api(client, scenario, city_staff):
    """Issue #12: 平湖市 marked its share 无 with a note: the dashboard, the Excel export and the API say 无 (not 0, not
    a blank, not 未报); it is not ranked, and the city's share covers the one unit with a figure."""
    ReportValue.objects.filter(report__region__code=PINGHU, report__month=4, indicator=scenario.share).update(
        numerator=None, denominator=None, text="无", note="统计口径调整，本月不报"
    )
    client.force_login(city_staff)
    html = client.get(reverse("monitoring:plan_dashboard", args=[scenario.plan.pk]), APRIL).content.decode()
    row = html.split(f'data-unit="{PINGHU}"')[1].split("</tr>")[0]
    assert 'data-nil="1" title="统计口径调整，本月不报">无</td>' in row
    assert "本月数据不完整：3 个单位中 1 个未报（嘉善县）" in html  # 平湖 reported: it is not 未报
    response = client.get(reverse("monitoring:plan_dashboard_export", args=[scenario.plan.pk]), APRIL)
    ws = load_workbook(io.BytesIO(response.content))["监测矩阵"]
    rows = {ws.cell(r, 1).value: r for r in range(4, ws.max_row + 1)}
    share_column = next(c for c in range(2, ws.max_column + 1) if ws.cell(2, c).value == str(scenario.share))
    assert ws.cell(rows["平湖市"], share_column).value == "无"
    assert ws.cell(rows["海宁市"], share_column).value == pytest.approx(18)
    data = client.get(reverse("monitoring-matrix", args=[scenario.plan.pk]), APRIL).json()
    pinghu = next(c for c in data["cells"] if c["region"] == PINGHU and c["indicator"] == scenario.share.pk)
    assert (pinghu["nil"], pinghu["nil_note"], pinghu["value"], pinghu["rank"]) == (
        True,
        "统计口径调整，本月不报",
        None,
        None,
    )
    city = next(c for c in data["city"] if c["indicator"] == scenario.share.pk)
    assert (city["covered"], city["of"], D(city["value"])) == (1, 3, D(18))


def test_a_second_threshold_is_refused_with_the_models_sentence_everywhere(scenario, make_user):
    """Issue #12: the service (behind the API) says what the page says — the constraint's own sentence — for a
    plan-wide threshold, an indicator's, and red below yellow; also when the database refuses a concurrent save."""
    from django.core.exceptions import ValidationError

    from monitoring.services import _duplicate_sentence, warningthreshold_create

    admin = make_user(Role.CITY_ADMIN, "330400")
    for indicator, sentence in (
        (None, "该计划已有适用于全部指标的预警阈值，请修改原有阈值"),
        (scenario.share, "该指标已有预警阈值，请修改原有阈值"),
    ):
        data = {"plan": scenario.plan, "indicator": indicator, "yellow_pp": D(1), "red_pp": D(2)}
        first = warningthreshold_create(data=data, actor=admin)
        with pytest.raises(ValidationError) as refused:
            warningthreshold_create(data=data, actor=admin)
        assert refused.value.messages == [sentence] and _duplicate_sentence(first) == sentence
    with pytest.raises(ValidationError) as refused:
        warningthreshold_create(
            data={"plan": scenario.plan, "indicator": scenario.growth, "yellow_pp": D(5), "red_pp": D(2)}, actor=admin
        )
    assert refused.value.messages == ["红色预警的百分点不能小于黄色预警"]
