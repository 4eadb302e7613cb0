"""Year-end scores from a small plan and its December reports; freezing on publication; the pages and API."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from accounts.choices import Role
from assessment import services
from assessment.models import AssessmentResult, ScoringScheme
from reporting.choices import ReportStatus
from reporting.models import MonthlyReport, ReportValue
from targets.choices import IndicatorKind, PeriodKind, TargetStatus
from tests.factories import IndicatorFactory, PlanFactory, TargetFactory

D = Decimal
CITY, NANHU, XIUZHOU, JIASHAN = "330400", "330402", "330411", "330421"


@pytest.fixture
def plan_2019(regions):
    """The 2019 notice's shape: 工业投资 (亿元, stored in 万元) and 技术改造投资增速 (%), three units and the city."""
    plan = PlanFactory(title="2019年工业投资目标", scope_region=regions[CITY])
    invest = IndicatorFactory(plan=plan, name="工业投资", unit="亿元", kind=IndicatorKind.FLOW_AMOUNT, order=1)
    growth = IndicatorFactory(plan=plan, name="技术改造投资增速", unit="%", kind=IndicatorKind.GROWTH_RATE, order=2)
    for code, amount in ((CITY, "780"), (NANHU, "125"), (XIUZHOU, "100"), (JIASHAN, "78")):
        TargetFactory(indicator=invest, region=regions[code], value=D(amount) * 10000, raw_text=amount)
        TargetFactory(indicator=growth, region=regions[code], value=D(12), raw_text="12")
    return plan, invest, growth


def december(region, status, figures):
    report = MonthlyReport.objects.create(
        region=region, year=2019, month=12, status=status, deadline=dt.date(2020, 1, 5)
    )
    for indicator, value, base in figures:
        ReportValue.objects.create(report=report, indicator=indicator, value=value, base_value=base)
    return report


@pytest.fixture
def scheme(regions, plan_2019, city_staff):
    plan, invest, growth = plan_2019
    # 南湖区 accepted: 128.6 of 125 亿元 → 21.45; tech-investment growth 115.5 / 100 = 15.5 % → 10.35
    december(
        regions[NANHU], ReportStatus.ACCEPTED, [(invest, D(1286000), D(1100000)), (growth, D(1155000), D(1000000))]
    )
    # 秀洲区 locked: 100 of 100 → 20; growth 112 / 100 = 12 % → 10
    december(regions[XIUZHOU], ReportStatus.LOCKED, [(invest, D(1000000), None), (growth, D(1120000), D(1000000))])
    # 嘉善县 still a draft: it does not count → nothing reported, 0 + 0
    december(regions[JIASHAN], ReportStatus.DRAFT, [(invest, D(900000), None)])
    scheme = services.scoringscheme_create(
        data={"plan": plan, "name": "2019年度工业投资考核", "year": 2019, "total_points": D(30)}, actor=city_staff
    )
    services.scoringrule_create(
        data={"scheme": scheme, "indicator": invest, "kind": "full_when_met", "base_points": D(20), "order": 1},
        actor=city_staff,
    )
    services.scoringrule_create(
        data={"scheme": scheme, "indicator": growth, "kind": "growth_pp", "base_points": D(10), "order": 2},
        actor=city_staff,
    )
    services.scoreadjustment_create(
        data={"scheme": scheme, "region": regions[JIASHAN], "points": D(-1), "reason": "月报迟报两次"}, actor=city_staff
    )
    return scheme


@pytest.mark.django_db
def test_compute_scores_ranks_and_explains_from_accepted_december_reports(regions, scheme, city_staff):
    services.scoringscheme_compute(scoringscheme=scheme, actor=city_staff)
    results = {r.region.code: r for r in AssessmentResult.objects.select_related("region")}
    assert set(results) == {NANHU, XIUZHOU, JIASHAN}  # the city's own target is not a unit
    assert {c: (r.total, r.rank) for c, r in results.items()} == {
        NANHU: (D("31.80"), 1),
        XIUZHOU: (D("30.00"), 2),
        JIASHAN: (D("-1.00"), 3),
    }
    assert [line["explanation"] for line in results[NANHU].lines] == [
        "工业投资完成 128.6 亿元，完成率 102.9 %，得基本分 20 分，超额 2.9 个百分点加 1.45 分（上限 3 分）",
        "技术改造投资增速 15.5 %，目标 12 %，高于目标 3.5 个百分点，得基本分 10 分加 0.35 分（上限 3 分）",
    ]
    assert results[JIASHAN].lines[0]["explanation"] == "工业投资未报送年末数据，得 0 分"
    assert results[JIASHAN].lines[-1]["explanation"] == "扣分：月报迟报两次，扣 1 分"
    assert results[NANHU].max_points == 30
    assert results[NANHU].inputs["report"]["status"] == ReportStatus.ACCEPTED
    # every result row has a history record naming the actor
    assert AssessmentResult.history.filter(history_user=city_staff).count() == 3


@pytest.mark.django_db
def test_recompute_replaces_results_and_publication_freezes_them(regions, scheme, city_staff, plan_2019):
    services.scoringscheme_compute(scoringscheme=scheme, actor=city_staff)
    rule = scheme.rules.get(indicator__name="工业投资")
    services.scoringrule_update(scoringrule=rule, data={"base_points": D(40)}, actor=city_staff)
    services.scoringscheme_compute(scoringscheme=scheme, actor=city_staff)
    assert AssessmentResult.objects.get(region__code=NANHU).total == D("51.80")  # 40 + 1.45 + 10.35
    assert AssessmentResult.objects.count() == 3

    services.scoringscheme_publish(scoringscheme=scheme, actor=city_staff)
    scheme.refresh_from_db()
    assert scheme.is_published and scheme.published_by == city_staff
    with pytest.raises(ValidationError):
        services.scoringscheme_compute(scoringscheme=scheme, actor=city_staff)
    with pytest.raises(ValidationError):
        services.scoringrule_update(scoringrule=rule, data={"base_points": D(10)}, actor=city_staff)
    with pytest.raises(ValidationError):
        services.scoreadjustment_create(
            data={"scheme": scheme, "region": regions[NANHU], "points": D(1), "reason": "x"}, actor=city_staff
        )
    with pytest.raises(ValidationError):
        services.scoringscheme_publish(scoringscheme=scheme, actor=city_staff)
    assert AssessmentResult.objects.get(region__code=NANHU).total == D("51.80")


@pytest.mark.django_db
def test_rules_are_checked(regions, scheme, city_staff, plan_2019):
    plan, _invest, growth = plan_2019
    other = IndicatorFactory(plan=PlanFactory(scope_region=regions[CITY]))
    with pytest.raises(ValidationError, match="指标必须属于"):
        services.scoringrule_create(
            data={"scheme": scheme, "indicator": other, "kind": "proportional", "base_points": D(5)}, actor=city_staff
        )
    growth_rule = scheme.rules.get(indicator=growth)
    with pytest.raises(ValidationError):
        services.scoringrule_update(scoringrule=growth_rule, data={"kind": "proportional"}, actor=city_staff)
    with pytest.raises(ValidationError):
        services.scoreadjustment_create(
            data={"scheme": scheme, "region": regions[NANHU], "points": D(1), "reason": " "}, actor=city_staff
        )
    with pytest.raises(ValidationError):
        services.scoringscheme_create(data={"plan": plan, "name": "x", "year": 2020}, actor=city_staff)


@pytest.mark.django_db
def test_a_not_decomposed_target_is_not_assessed(regions, scheme, city_staff, plan_2019):
    _plan, invest, _growth = plan_2019
    target = invest.targets.get(region__code=XIUZHOU)
    target.status, target.value, target.comparator, target.raw_text = TargetStatus.NOT_DECOMPOSED, None, "", "——"
    target.save()
    assert target.period_kind == PeriodKind.YEAR
    services.scoringscheme_compute(scoringscheme=scheme, actor=city_staff)
    result = AssessmentResult.objects.get(region__code=XIUZHOU)
    assert result.lines[0]["explanation"] == "工业投资未下达数值目标（——），不计分"
    assert (result.total, result.max_points) == (D("10.00"), D("10.00"))


@pytest.mark.django_db
def test_pages_show_the_ranking_and_export_it(client, regions, scheme, city_staff, make_user):
    services.scoringscheme_compute(scoringscheme=scheme, actor=city_staff)
    client.force_login(city_staff)
    page = client.get(scheme.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "超额 2.9 个百分点加 1.45 分" in html and 'data-testid="compute"' in html and 'data-testid="publish"' in html
    response = client.get(f"/assessment/schemes/{scheme.pk}/results.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [sheet.cell(row=r, column=2).value for r in (3, 4, 5)] == ["南湖区", "秀洲区", "嘉善县"]
    assert sheet.cell(row=3, column=3).value == pytest.approx(31.8)
    assert "完成率 102.9 %" in sheet.cell(row=3, column=7).value

    # a unit reporter of 南湖 sees the scheme (addressed to them) and only their own result
    reporter = make_user(Role.UNIT_REPORTER, NANHU)
    client.force_login(reporter)
    page = client.get(scheme.get_absolute_url())
    assert page.status_code == 200
    assert [r.region.code for r in page.context["results"]] == [NANHU]
    assert client.post(f"/assessment/schemes/{scheme.pk}/compute/").status_code == 403


@pytest.mark.django_db
def test_compute_and_publish_buttons(client, regions, scheme, city_staff):
    client.force_login(city_staff)
    client.post(f"/assessment/schemes/{scheme.pk}/compute/")
    assert AssessmentResult.objects.filter(scheme=scheme).count() == 3
    client.post(f"/assessment/schemes/{scheme.pk}/publish/")
    assert ScoringScheme.objects.get(pk=scheme.pk).is_published
    html = client.get(scheme.get_absolute_url()).content.decode()
    assert 'data-testid="compute"' not in html


@pytest.mark.django_db
def test_api_compute_and_results(client, regions, scheme, city_staff):
    client.force_login(city_staff)
    response = client.post(f"/api/scoring-schemes/{scheme.pk}/compute/")
    assert response.status_code == 200, response.content
    assert response.json()["computed_at"]
    body = client.get("/api/assessment-results/", {"scheme": scheme.pk}).json()
    by_unit = {row["region"]: row for row in body["results"]}
    assert by_unit[NANHU]["rank"] == 1 and by_unit[NANHU]["total"] == "31.80"
    assert by_unit[NANHU]["lines"][0]["points"] == "21.45"
    assert client.post(f"/api/scoring-schemes/{scheme.pk}/publish/").status_code == 200
    assert client.post(f"/api/scoring-schemes/{scheme.pk}/compute/").status_code == 400


@pytest.mark.django_db
def test_result_list_queries_do_not_grow(client, regions, scheme, city_staff):
    services.scoringscheme_compute(scoringscheme=scheme, actor=city_staff)
    client.force_login(city_staff)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/assessment/results/").status_code == 200
    other = PlanFactory(scope_region=regions[CITY], year_start=2019, year_end=2019)
    more = ScoringScheme.objects.create(plan=other, name="另一方案", year=2019)
    for code in (NANHU, XIUZHOU, JIASHAN, "330424", "330481"):
        AssessmentResult.objects.create(
            scheme=more, region=regions[code], total=1, rank=1, computed_at=scheme.created_at
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get("/assessment/results/").status_code == 200
    assert len(many) == len(few)
