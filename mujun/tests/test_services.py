"""The 亩均 run end to end against the database: rules → yearly data → run job → results, then adjustment,
公示, objections, final result, prices and rectification; the import; the API and the pages."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from accounts.choices import Role
from core.imports import read_sheets
from enterprises.models import Industry
from jobs.choices import JobStatus
from jobs.models import Job
from mujun import selectors, services
from mujun.models import (
    Adjustment,
    EnterpriseYearData,
    EvaluationResult,
    EvaluationRun,
    ListEntry,
    PriceRule,
    Rectification,
    RuleIndicator,
    RuleSet,
)
from mujun.tests.factories import EnterpriseYearDataFactory, RuleSetFactory
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules(db):
    above = RuleSetFactory(year=2019, group="above", version=1, rectify_tax_per_mu=Decimal("6"))
    for code, weight, bench in [("tax_per_mu", 30, "24.097"), ("va_per_mu", 20, "100"), ("va_per_energy", 20, "2"),
                                ("va_per_emission", 10, "100"), ("labour_productivity", 10, "25"), ("rd_ratio", 10, "2")]:  # fmt: skip
        RuleIndicator.objects.create(rule_set=above, code=code, weight=weight, benchmark=Decimal(bench))
    below = RuleSetFactory(year=2019, group="below", version=1, rectify_tax_per_mu=Decimal("3"), rectify_land_mu=10)
    RuleIndicator.objects.create(rule_set=below, code="tax_per_mu", weight=50, benchmark=Decimal("12"))
    RuleIndicator.objects.create(rule_set=below, code="tax_per_kwh", weight=50, benchmark=Decimal("0.5"))
    return above, below


@pytest.fixture
def city(regions):
    """Ten 规上 firms in 海宁 with 亩均税收 1..10 × 24.097/10 (2.4097 … 24.097 万元/亩) and one in 嘉善; two 规下 firms."""
    firms = []
    for i in range(1, 11):
        e = EnterpriseFactory(region=regions["330481"], name=f"海宁企业{i:02d}", land_mu=Decimal("10"))
        EnterpriseYearDataFactory(enterprise=e, tax=Decimal("240.97") * i, land_mu=Decimal("100"), emission_t=None)
        firms.append(e)
    other = EnterpriseFactory(region=regions["330421"], name="嘉善企业")
    EnterpriseYearDataFactory(enterprise=other, tax=Decimal("500"), land_mu=Decimal("10"))
    small = []
    for i in range(2):
        e = EnterpriseFactory(region=regions["330481"], land_mu=Decimal("12"), size_class="below")
        EnterpriseYearDataFactory(
            enterprise=e, size_class="below", tax=Decimal(10 + i), land_mu=Decimal("12"), electricity=Decimal("40")
        )
        small.append(e)
    return firms, other, small


def _run(rules, staff):
    run = services.evaluation_run_create(year=2019, name="2019年度亩均评价", rule_sets=list(rules), actor=staff)
    return services.evaluation_run_compute(run=run, actor=staff)


def test_run_scores_classes_and_freezes_rules(rules, city, city_staff):
    firms, other, _small = city
    run = _run(rules, city_staff)
    assert run.result_count == 13
    r1 = EvaluationResult.objects.get(run=run, enterprise=firms[0])
    # 亩均税收 240.97 / 100 = 2.4097 → 0.1 × 30 = 3; emission missing → the group's average score
    assert r1.contributions["tax_per_mu"] == pytest.approx(3.0)
    assert r1.values["va_per_emission"] is None
    assert r1.group == "above" and r1.group_size == 11
    best = EvaluationResult.objects.get(run=run, enterprise=other)
    assert best.rank == 1 and best.final_class == "A"
    classes = list(
        EvaluationResult.objects.filter(run=run, group="above").order_by("rank").values_list("final_class", flat=True)
    )
    assert classes == ["A", "A", "B", "B", "B", "B", "C", "C", "C", "C", "D"]  # 11 firms: quotas 2, 6, 10
    assert set(RuleSet.objects.values_list("status", flat=True)) == {"frozen"}
    with pytest.raises(ValidationError):
        services.object_save(obj=rules[0], data={"cut_a": Decimal("30")}, actor=city_staff)
    # a new version keeps the old run reproducible
    v2 = services.rule_set_revise(rule_set=rules[0], actor=city_staff)
    assert v2.version == 2 and v2.indicators.count() == 6 and v2.status == "draft"
    run.refresh_from_db()
    assert run.history.count() == 2  # created, computed


def test_recompute_replaces_results_and_parcels_combine(rules, city, city_staff):
    _firms, _other, small = city
    run = _run(rules, city_staff)
    EnterpriseYearData.objects.filter(enterprise__in=small).update(parcel="JX-01")
    services.evaluation_run_compute(run=run, actor=city_staff)
    rows = EvaluationResult.objects.filter(run=run, enterprise__in=small)
    assert rows.count() == 2 and len({r.score for r in rows}) == 1
    assert EvaluationResult.objects.filter(run=run).count() == 13


def test_lists_veto_and_protect(rules, city, city_staff):
    firms, other, _small = city
    ListEntry.objects.create(year=2019, enterprise=other, kind="veto", reason="安全生产事故")
    ListEntry.objects.create(year=2019, enterprise=firms[0], kind="protect", reason="新投产")
    run = _run(rules, city_staff)
    assert EvaluationResult.objects.get(run=run, enterprise=other).final_class == "C"
    assert EvaluationResult.objects.get(run=run, enterprise=firms[0]).final_class == "C"


def test_adjust_publish_object_decide_finalise_prices_and_rectify(rules, city, city_staff, make_user):
    firms, _other, small = city
    run = _run(rules, city_staff)
    worst = EvaluationResult.objects.get(run=run, enterprise=firms[0])
    with pytest.raises(ValidationError):
        services.result_adjust(result=worst, klass="C", reason=" ", actor=city_staff)
    assert worst.final_class == "D"
    with pytest.raises(ValidationError):  # an adjustment changes the class
        services.result_adjust(result=worst, klass="D", reason="核实能耗数据", actor=city_staff)
    services.result_adjust(result=worst, klass="C", reason="核实能耗数据", actor=city_staff)
    services.result_adjust(result=worst, klass="D", reason="复核后恢复", actor=city_staff)
    run.refresh_from_db()
    assert run.status == "adjusted"
    assert list(Adjustment.objects.order_by("pk").values_list("before", "after", "actor")) == [
        ("D", "C", city_staff.pk),
        ("C", "D", city_staff.pk),
    ]
    today = timezone.localdate()
    with pytest.raises(ValidationError):  # 3 to 7 days
        services.evaluation_run_publish(run=run, start=today, end=today + dt.timedelta(days=19), actor=city_staff)
    services.evaluation_run_publish(run=run, start=today, end=today + dt.timedelta(days=4), actor=city_staff)
    user = make_user(Role.ENTERPRISE_USER, "330481", enterprise=firms[1])
    mine = EvaluationResult.objects.get(run=run, enterprise=firms[1])
    objection = services.objection_create(
        result=mine, text="研发费用漏报", requested_class="B", evidence=ContentFile(b"pdf", name="rd.pdf"), actor=user
    )
    with pytest.raises(ValidationError):
        services.evaluation_run_finalise(run=run, actor=city_staff)  # window open, objection open
    services.objection_decide(objection=objection, upheld=True, decision="补充材料属实", actor=city_staff)
    mine.refresh_from_db()
    assert mine.final_class == "B" and mine.computed_class == "C"
    # prices: D electricity +0.3, +0.4 after three D years running (set before the result is final)
    PriceRule.objects.create(year=2020, klass="D", resource="electricity", surcharge=Decimal("0.3"),
                             consecutive_years=3, consecutive_surcharge=Decimal("0.4"))  # fmt: skip
    EvaluationRun.objects.filter(pk=run.pk).update(publish_end=today - dt.timedelta(days=1))
    run.refresh_from_db()
    services.evaluation_run_finalise(run=run, actor=city_staff)
    run.refresh_from_db()
    assert run.status == "final"
    with pytest.raises(ValidationError):
        services.result_adjust(result=mine, klass="A", reason="x", actor=city_staff)

    from mujun.selectors import surcharges

    d_class = set(EvaluationResult.objects.filter(run=run, final_class="D").values_list("enterprise_id", flat=True))
    assert firms[0].pk in d_class
    rows = surcharges(run, EvaluationResult.objects.filter(run=run))
    # every D firm, and only D firms, pays +0.3 on electricity (no earlier D years yet)
    assert sorted((r["enterprise_id"], r["resource"], r["surcharge"]) for r in rows) == sorted(
        (pk, "electricity", Decimal("0.3")) for pk in d_class
    )
    for year in (2017, 2018):
        old = EvaluationRun.objects.create(year=year, name=str(year), status="final")
        EvaluationResult.objects.create(run=old, enterprise=firms[0], group="above", score=1, rank=1, group_size=1,
                                        computed_class="D", final_class="D")  # fmt: skip
    rows = {r["enterprise_id"]: r for r in surcharges(run, EvaluationResult.objects.filter(run=run))}
    assert rows[firms[0].pk]["surcharge"] == Decimal("0.4") and rows[firms[0].pk]["consecutive_years"] == 3

    # rectification: D class, 亩均税收 below 6 for 规上, 规下 on ≥ 10 亩
    count = services.rectification_identify(run=run, actor=city_staff)
    names = dict(Rectification.objects.filter(run=run).values_list("enterprise_id", "reasons"))
    assert count == len(names)
    assert firms[0].pk in names and "D类" in names[firms[0].pk]
    assert all(e.pk in names for e in small)  # 规下 on 12 亩
    item = Rectification.objects.get(enterprise=firms[0])
    reporter = make_user(Role.UNIT_REPORTER, "330481")
    services.rectification_confirm(rectification=item, path="vacate", plan="腾退", actor=reporter)
    with pytest.raises(ValidationError):
        services.rectification_start(rectification=item, actor=reporter)  # no milestone yet

    def create(**kwargs):
        return services.object_save(obj=item.milestones.model(), **kwargs)

    create(data={"rectification": item, "title": "设备拆除", "due": dt.date(2020, 6, 30)}, actor=reporter)
    services.rectification_start(rectification=item, actor=reporter)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.rectification_close(rectification=item, evidence=ContentFile(b"x", name="e.pdf"),
                                     land_freed_mu=Decimal("10"), energy_freed_tce=Decimal("500"), actor=reporter)  # fmt: skip
    reviewer = make_user(Role.UNIT_REVIEWER, "330481")
    services.rectification_close(rectification=item, evidence=ContentFile(b"x", name="e.pdf"),
                                 land_freed_mu=Decimal("10"), energy_freed_tce=Decimal("500"), actor=reviewer)  # fmt: skip
    item.refresh_from_db()
    assert item.status == "closed" and item.reviewer == reviewer
    assert item.history.first().history_user == reviewer
    from mujun.selectors import rectification_figures

    figures = rectification_figures(Rectification.objects.all())
    haining = next(f for f in figures if f["unit"] == firms[0].region.name)
    assert haining["rectified"] == 1 and haining["land"] == Decimal("10")


def test_explanation_and_next_class(rules, city, city_staff):
    firms, _other, _small = city
    run = _run(rules, city_staff)
    from mujun.selectors import result_explanation

    result = EvaluationResult.objects.get(run=run, enterprise=firms[5])
    ex = result_explanation(result)
    assert ex["rank"] == result.rank and len(ex["indicators"]) == 6
    assert ex["next_class"]["class"] == "A"
    tax = next(i for i in ex["next_class"]["indicators"] if i["code"] == "tax_per_mu")
    # at equal other values, the 亩均税收 that lifts the score to the lowest A score
    needed_score = float(ex["next_class"]["score"]) - float(result.score) + result.contributions["tax_per_mu"]
    assert tax["value"] == pytest.approx(needed_score / 30 * 24.097, abs=1e-3)


def _xlsx(rows):
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return ContentFile(buf.getvalue(), name="data.xlsx")


def test_import_preview_findings_then_atomic_apply(regions, city_staff, client, django_capture_on_commit_callbacks):
    e1 = EnterpriseFactory(region=regions["330481"])
    header = [
        "统一社会信用代码",
        "年度",
        "规模",
        "实缴税金（万元）",
        "用地面积（亩）",
        "用电量（万千瓦时）",
        "加减分项代码",
    ]
    bad = _xlsx([header, [e1.uscc, 2019, "规上", "12x", 10, 5, ""], ["91330000XXXXXXXXXX", 19, "大型", 1, -1, 1, ""]])
    client.force_login(city_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mujun:enterpriseyeardata_import"), {"file": bad})
    job = Job.objects.get(kind="mujun.import_preview")
    assert job.status == JobStatus.SUCCEEDED, job.result
    cells = {(f["row"], f["column"].split("（")[0]) for f in job.result["findings"]}
    assert {(2, "D"), (3, "A"), (3, "B"), (3, "C"), (3, "E")} <= cells
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mujun:yeardata_import_preview", args=[job.pk]))
    assert EnterpriseYearData.objects.count() == 0 and response.status_code == 302
    good = _xlsx([header, [e1.uscc, 2019, "规上", "120.5", 10, 5, "hightech"]])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mujun:enterpriseyeardata_import"), {"file": good})
    job = Job.objects.filter(kind="mujun.import_preview").latest("pk")
    assert job.result["errors"] == 0 and job.result["creates"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mujun:yeardata_import_preview", args=[job.pk]))
    data = EnterpriseYearData.objects.get()
    assert data.tax == Decimal("120.5") and data.items == ["hightech"]
    assert data.history.get().history_user == city_staff


def test_run_job_and_pages_and_api(rules, city, city_staff, client, make_user, django_capture_on_commit_callbacks):
    firms, other, _small = city
    client.force_login(city_staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("mujun:evaluationrun_add"), {"year": 2019, "name": "2019评价", "rule_sets": [r.pk for r in rules]}
        )
    job = Job.objects.get(kind="mujun.run")
    assert job.status == JobStatus.SUCCEEDED, job.result
    run = EvaluationRun.objects.get()
    assert run.result_count == 13 and run.job == job
    page = client.get(run.get_absolute_url())
    assert page.status_code == 200 and "mujun-chart-data" in page.content.decode()
    # its query count, constant in the number of results: tests/test_list_queries.py
    assert client.get(reverse("mujun:evaluationresult_list"), {"run": run.pk}).status_code == 200
    export = client.get(reverse("mujun:evaluationresult_export"), {"run": run.pk})
    assert export.status_code == 200
    # the export lists each result with its indicator values: 海宁企业01 pays 240.97 万元 on 100 亩 → 2.4097
    content = b"".join(export.streaming_content) if export.streaming else export.content
    [(_sheet, rows)] = list(read_sheets(io.BytesIO(content)))
    header = next(r for r in rows if "统一社会信用代码" in r)
    assert {"亩均税收", "亩均增加值", "单位电耗税收"} <= set(header)
    first = next(r for r in rows if firms[0].uscc in r)
    assert first[header.index("亩均税收")] == pytest.approx(2.4097)
    assert first[header.index("单位电耗税收")] in (None, "")  # a 规上 firm is not scored on it
    # an enterprise user sees only their own result, in the API and on the enterprise page, once published
    user = make_user(Role.ENTERPRISE_USER, "330481", enterprise=firms[3])
    client.force_login(user)
    assert client.get("/api/mujun-results/").json()["results"] == []
    today = timezone.localdate()
    services.evaluation_run_publish(run=run, start=today, end=today + dt.timedelta(days=4), actor=city_staff)
    body = client.get("/api/mujun-results/").json()
    assert [r["enterprise"] for r in body["results"]] == [firms[3].pk]
    own = body["results"][0]["id"]
    ex = client.get(f"/api/mujun-results/{own}/explanation/").json()
    assert ex["rank"] == EvaluationResult.objects.get(pk=own).rank
    foreign = EvaluationResult.objects.get(run=run, enterprise=firms[4]).pk
    assert client.get(f"/api/mujun-results/{foreign}/explanation/").status_code == 404
    page = client.get(firms[3].get_absolute_url())
    assert page.status_code == 200 and 'data-testid="explanation"' in page.content.decode()
    # a 嘉善 result is invisible to a 海宁 reporter
    reporter = make_user(Role.UNIT_REPORTER, "330481")
    client.force_login(reporter)
    theirs = EvaluationResult.objects.get(run=run, enterprise=other).pk
    assert client.get(reverse("mujun:evaluationresult_detail", args=[theirs])).status_code == 404
    counts = client.get(f"/api/mujun-runs/{run.pk}/class-counts/").json()
    assert sum(r["total"] for r in counts["units"]) == 12
    # per industry: the same 12 firms, each row named by its division's code and name, A+B+C+D = total
    assert sum(r["total"] for r in counts["industries"]) == 12
    names = dict(Industry.objects.filter(level="division").values_list("code", "name"))
    for row in counts["industries"]:
        code, name = row["name"].split(" ", 1)
        assert names[code] == name
        assert row["A"] + row["B"] + row["C"] + row["D"] == row["total"]


def test_api_actions_adjust_publish_and_rule_versions(rules, city, city_staff, client):
    firms, _other, _small = city
    run = _run(rules, city_staff)
    client.force_login(city_staff)
    result = EvaluationResult.objects.get(run=run, enterprise=firms[2])
    response = client.post(
        f"/api/mujun-results/{result.pk}/adjust/",
        {"klass": "A", "reason": "获评省级示范"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    result.refresh_from_db()
    assert result.final_class == "A"
    today = timezone.localdate()
    bad = client.post(
        f"/api/mujun-runs/{run.pk}/publish/",
        {"start": str(today), "end": str(today + dt.timedelta(days=1))},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "end" in bad.json()  # a 公示 window is 3 to 7 days
    past = client.post(
        f"/api/mujun-runs/{run.pk}/publish/",
        {"start": "2020-03-01", "end": "2020-03-05"},
        content_type="application/json",
    )
    assert past.status_code == 400 and "start" in past.json()  # never a window in the past
    ok = client.post(
        f"/api/mujun-runs/{run.pk}/publish/",
        {"start": str(today + dt.timedelta(days=1)), "end": str(today + dt.timedelta(days=5))},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["status"] == "published"
    # a frozen rule set cannot be edited through the API; a revision can
    frozen = client.patch(f"/api/mujun-rule-sets/{rules[0].pk}/", {"cut_a": "30"}, content_type="application/json")
    assert frozen.status_code == 400
    page = client.post(reverse("mujun:ruleset_revise", args=[rules[0].pk]))
    assert page.status_code == 302 and RuleSet.objects.filter(based_on=rules[0], version=2).exists()


def test_unit_reporter_cannot_adjust_or_run(rules, city, city_staff, make_user, client):
    run = _run(rules, city_staff)
    reporter = make_user(Role.UNIT_REPORTER, "330481")
    client.force_login(reporter)
    assert client.get(reverse("mujun:evaluationrun_add")).status_code == 403
    assert client.post(reverse("mujun:evaluationrun_compute", args=[run.pk])).status_code == 403
    assert client.post(f"/api/mujun-runs/{run.pk}/compute/").status_code == 403
    start = client.post(
        "/api/mujun-runs/start/", {"year": 2019, "name": "x", "rule_sets": [r.pk for r in rules]},
        content_type="application/json",
    )  # fmt: skip
    assert start.status_code == 403 and EvaluationRun.objects.count() == 1
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):  # the service checks it too, whoever calls it
        services.evaluation_run_start(run=run, actor=reporter)
    result = EvaluationResult.objects.filter(run=run, enterprise__region__code="330481", final_class="D").first()
    response = client.post(
        f"/api/mujun-results/{result.pk}/adjust/", {"klass": "A", "reason": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
    result.refresh_from_db()
    assert result.final_class != "A" and not Adjustment.objects.exists() and not Job.objects.exists()


def test_api_starts_a_run_as_a_job(rules, city, city_staff, client, django_capture_on_commit_callbacks):
    client.force_login(city_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/mujun-runs/start/",
            {"year": 2019, "name": "接口发起", "rule_sets": [r.pk for r in rules]},
            content_type="application/json",
        )
    assert response.status_code == 202, response.content
    body = response.json()
    assert Job.objects.get(pk=body["job"]).status == JobStatus.SUCCEEDED
    assert EvaluationRun.objects.get(pk=body["run"]).result_count == 13


def test_rule_set_pages_edit_a_draft_and_refuse_a_frozen_one(rules, city, city_staff, client):
    client.force_login(city_staff)
    draft = RuleSetFactory(year=2020, group="above", version=1)
    page = client.get(reverse("mujun:ruleindicator_add"), {"rule_set": draft.pk})
    assert page.status_code == 200 and page.context["form"].initial["rule_set"] == draft.pk
    response = client.post(
        reverse("mujun:ruleindicator_add"),
        {"rule_set": draft.pk, "code": "tax_per_mu", "weight": "30", "benchmark_mode": "entered", "benchmark": "24.097",
         "factor": "1", "missing_rule": "group_average"},
    )  # fmt: skip
    assert response.status_code == 302 and draft.indicators.get().weight == 30
    assert client.get(draft.get_absolute_url()).status_code == 200
    _run(rules, city_staff)
    indicator = rules[0].indicators.first()
    response = client.post(
        reverse("mujun:ruleindicator_edit", args=[indicator.pk]),
        {"rule_set": rules[0].pk, "code": indicator.code, "weight": "99", "benchmark_mode": "entered",
         "benchmark": "1", "factor": "1", "missing_rule": "group_average"},
    )  # fmt: skip
    assert response.status_code == 200 and "冻结" in response.content.decode()
    indicator.refresh_from_db()
    assert indicator.weight == 30


def test_results_keep_the_unit_and_industry_the_run_used(rules, city, city_staff, regions):
    """Counts per unit and industry, and the explanation's weights, follow the run, not later registry edits."""
    firms, _other, _small = city
    firm = firms[9]  # 海宁企业10, A
    firm.industry = Industry.objects.get(code="C34")
    firm.save()
    run = _run(rules, city_staff)
    result = EvaluationResult.objects.get(run=run, enterprise=firm)
    assert (result.region_id, result.division) == (regions["330481"].pk, "C34")
    results = EvaluationResult.objects.filter(run=run)
    before_units = selectors.class_counts_by_unit(results)
    assert [(r["name"], r["total"]) for r in before_units] == [("嘉善县", 1), ("海宁市", 12)]  # code order
    before_industries = selectors.class_counts_by_industry(results)

    # the firm moves to 嘉善 and to another industry after the run
    firm.region, firm.industry = regions["330421"], Industry.objects.get(code="C38")
    firm.save()
    assert selectors.class_counts_by_unit(results) == before_units
    assert selectors.class_counts_by_industry(results) == before_industries
    result.refresh_from_db()
    assert result.division == "C34"
