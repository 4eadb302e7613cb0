"""The 亩均 workflow through its HTTP paths (pages and API call the same services): start and recompute, 公示,
adjustment during 公示, objections and their decision, the final result, and the rectification plan
(confirm, start, milestones, monthly progress, 销号), with the history record of every step."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from jobs.models import Job
from mujun import services
from mujun.models import (
    Adjustment,
    EvaluationResult,
    EvaluationRun,
    Objection,
    Rectification,
    RectificationMilestone,
    RectificationProgress,
    RuleIndicator,
)
from mujun.tests.factories import EnterpriseYearDataFactory, RuleSetFactory
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

HAINING = "330481"


@pytest.fixture
def firms(regions):
    """Ten 海宁 规上 firms with 亩均税收 1 … 10 万元/亩 (scores 10 … 100 with one indicator weighted 100)."""
    out = []
    for i in range(1, 11):
        e = EnterpriseFactory(region=regions[HAINING], name=f"海宁企业{i:02d}")
        EnterpriseYearDataFactory(enterprise=e, tax=Decimal(10 * i), land_mu=Decimal("10"))
        out.append(e)
    return out


@pytest.fixture
def rule_set(db):
    rs = RuleSetFactory(year=2019, group="above", version=1)
    RuleIndicator.objects.create(rule_set=rs, code="tax_per_mu", weight=Decimal("100"), benchmark=Decimal("10"))
    return rs


@pytest.fixture
def run(rule_set, firms, city_staff):
    run = services.evaluation_run_create(year=2019, name="2019年度", rule_sets=[rule_set], actor=city_staff)
    return services.evaluation_run_compute(run=run, actor=city_staff)


def _today() -> dt.date:
    return timezone.localdate()


def _publish(run, actor):
    return services.evaluation_run_publish(run=run, start=_today(), end=_today() + dt.timedelta(days=4), actor=actor)


def _window_passed(run) -> EvaluationRun:
    EvaluationRun.objects.filter(pk=run.pk).update(publish_end=_today() - dt.timedelta(days=1))
    run.refresh_from_db()
    return run


def _last(obj):
    """The latest history record of an object: who and why."""
    record = obj.history.order_by("-history_id").first()
    return record.history_user, record.history_change_reason


# --- 6. starting and recomputing a run ------------------------------------------------------------------------


def test_compute_is_refused_on_a_published_run_by_page_and_api(run, city_staff, client):
    _publish(run, city_staff)
    client.force_login(city_staff)
    api = client.post(f"/api/mujun-runs/{run.pk}/compute/")
    assert api.status_code == 400 and "不能重新计算" in str(api.json())
    page = client.post(reverse("mujun:evaluationrun_compute", args=[run.pk]), follow=True)
    assert "不能重新计算" in page.content.decode()
    run.refresh_from_db()
    assert run.job is None and not Job.objects.exists() and run.status == "published"


def test_compute_starts_a_job_and_records_who(run, city_staff, client, django_capture_on_commit_callbacks):
    client.force_login(city_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/mujun-runs/{run.pk}/compute/")
    assert response.status_code == 202
    run.refresh_from_db()
    assert run.job_id == response.json()["job"] and run.job.status == "succeeded"
    starts = run.history.filter(history_change_reason__startswith="发起计算任务")
    assert starts.count() == 1 and starts.get().history_user == city_staff
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(reverse("mujun:evaluationrun_compute", args=[run.pk]))
    assert page.status_code == 302 and Job.objects.count() == 2


# --- 3. the 公示 window ---------------------------------------------------------------------------------------


def test_publish_window_never_starts_in_the_past(run, city_staff, client):
    yesterday = _today() - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.evaluation_run_publish(run=run, start=yesterday, end=yesterday + dt.timedelta(days=4),
                                        actor=city_staff)  # fmt: skip
    assert "start" in error.value.message_dict
    client.force_login(city_staff)
    page = client.post(
        reverse("mujun:evaluationrun_publish", args=[run.pk]),
        {"start": "2020-03-01", "end": "2020-03-05"},
        follow=True,
    )
    assert "不能早于今天" in page.content.decode()
    run.refresh_from_db()
    assert run.status == "computed" and run.publish_start is None
    # a window starting today is accepted, audited, and finalising waits for its end
    ok = client.post(
        reverse("mujun:evaluationrun_publish", args=[run.pk]),
        {"start": str(_today()), "end": str(_today() + dt.timedelta(days=2))},
    )
    assert ok.status_code == 302
    run.refresh_from_db()
    assert run.status == "published" and _last(run) == (
        city_staff,
        f"公示 {_today()} 至 {_today() + dt.timedelta(days=2)}",
    )
    finalise = client.post(f"/api/mujun-runs/{run.pk}/finalise/")
    assert finalise.status_code == 400 and "尚未结束" in str(finalise.json())


# --- 4. adjusting during 公示 ------------------------------------------------------------------------------------


def test_adjusting_during_publication_keeps_the_window_open(run, firms, city_staff, make_user, client):
    _publish(run, city_staff)
    result = EvaluationResult.objects.get(run=run, enterprise=firms[4])
    client.force_login(city_staff)
    response = client.post(
        f"/api/mujun-results/{result.pk}/adjust/",
        {"klass": "A", "reason": "获评省级示范"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    run.refresh_from_db()
    result.refresh_from_db()
    assert run.status == "published" and result.final_class == "A"
    assert Adjustment.objects.get().history.get().history_user == city_staff
    # and an enterprise can still object
    user = make_user(Role.ENTERPRISE_USER, HAINING, enterprise=firms[0])
    client.force_login(user)
    own = EvaluationResult.objects.get(run=run, enterprise=firms[0])
    objected = client.post(
        f"/api/mujun-results/{own.pk}/object/", {"text": "研发费用漏报", "requested_class": "C"},
        content_type="application/json",
    )  # fmt: skip
    assert objected.status_code == 201, objected.content
    assert _last(Objection.objects.get()) == (user, "提出异议")


def test_no_adjustment_once_final(run, firms, city_staff, client):
    _window_passed(_publish(run, city_staff))
    services.evaluation_run_finalise(run=run, actor=city_staff)
    result = EvaluationResult.objects.get(run=run, enterprise=firms[4])
    client.force_login(city_staff)
    response = client.post(
        f"/api/mujun-results/{result.pk}/adjust/", {"klass": "A", "reason": "x"}, content_type="application/json"
    )
    assert response.status_code == 400 and not Adjustment.objects.exists()


# --- 13. objections: the same class, and locking -----------------------------------------------------------


@pytest.fixture
def objection(run, firms, city_staff, make_user):
    """The worst firm (D) objects during 公示, asking for C."""
    _publish(run, city_staff)
    user = make_user(Role.ENTERPRISE_USER, HAINING, enterprise=firms[0])
    result = EvaluationResult.objects.get(run=run, enterprise=firms[0])
    assert result.final_class == "D"
    return services.objection_create(result=result, text="数据有误", requested_class="C", actor=user)


def test_objection_through_the_page_during_publication_only(run, firms, city_staff, make_user, client):
    user = make_user(Role.ENTERPRISE_USER, HAINING, enterprise=firms[1])
    result = EvaluationResult.objects.get(run=run, enterprise=firms[1])
    client.force_login(user)
    url = reverse("mujun:evaluationresult_object", args=[result.pk])
    client.post(url, {"text": "税收数据有误", "requested_class": "B"})
    assert not Objection.objects.exists()  # computed: not yet published
    _publish(run, city_staff)
    response = client.post(url, {"text": "税收数据有误", "requested_class": "B"})
    objection = Objection.objects.get()
    assert response.status_code == 302 and objection.result == result and objection.requested_class == "B"


def test_upholding_to_the_same_class_is_refused(objection, city_staff, client):
    client.force_login(city_staff)
    same = client.post(
        f"/api/mujun-objections/{objection.pk}/decide/", {"upheld": True, "decision": "属实", "klass": "D"},
        content_type="application/json",
    )  # fmt: skip
    assert same.status_code == 400 and "klass" in same.json()
    page = client.post(
        reverse("mujun:objection_decide", args=[objection.pk]), {"upheld": "on", "decision": "属实", "klass": "D"}
    )
    assert page.status_code == 302
    objection.refresh_from_db()
    assert objection.status == "open" and not Adjustment.objects.exists()


def test_decide_upheld_adjusts_once_and_is_audited(objection, city_staff, client):
    client.force_login(city_staff)
    response = client.post(
        reverse("mujun:objection_decide", args=[objection.pk]), {"upheld": "on", "decision": "补充材料属实"}
    )
    assert response.status_code == 302
    objection.refresh_from_db()
    assert objection.status == "upheld" and objection.decided_by == city_staff
    assert _last(objection) == (city_staff, "补充材料属实")
    adjustment = Adjustment.objects.get()
    assert (adjustment.before, adjustment.after, adjustment.actor) == ("D", "C", city_staff)
    assert objection.result.run.status == "published"  # the window stays open
    again = client.post(
        f"/api/mujun-objections/{objection.pk}/decide/", {"upheld": False, "decision": "再议"},
        content_type="application/json",
    )  # fmt: skip
    assert again.status_code == 400 and Adjustment.objects.count() == 1


@pytest.mark.skipif(not connection.features.has_select_for_update, reason="the database has no row locks")
def test_deciding_locks_the_objection_row(objection, city_staff):
    with CaptureQueriesContext(connection) as queries:
        services.objection_decide(objection=objection, upheld=False, decision="不属实", actor=city_staff)
    locked = [q["sql"] for q in queries if "FOR UPDATE" in q["sql"] and '"mujun_objection"' in q["sql"]]
    assert locked, [q["sql"] for q in queries]


def test_decide_rejected_through_the_api(objection, city_staff, client):
    client.force_login(city_staff)
    response = client.post(
        f"/api/mujun-objections/{objection.pk}/decide/", {"upheld": False, "decision": "数据无误"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 200 and response.json()["status"] == "rejected"
    assert not Adjustment.objects.exists() and _last(objection) == (city_staff, "数据无误")


# --- finalising ------------------------------------------------------------------------------------------------


def test_finalise_through_the_api_after_the_window(objection, run, city_staff, make_user, client):
    reporter = make_user(Role.UNIT_REPORTER, HAINING)
    client.force_login(reporter)
    assert client.post(f"/api/mujun-runs/{run.pk}/finalise/").status_code == 403
    client.force_login(city_staff)
    _window_passed(run)
    open_left = client.post(f"/api/mujun-runs/{run.pk}/finalise/")
    assert open_left.status_code == 400 and "异议" in str(open_left.json())
    services.objection_decide(objection=objection, upheld=False, decision="数据无误", actor=city_staff)
    response = client.post(f"/api/mujun-runs/{run.pk}/finalise/")
    assert response.status_code == 200 and response.json()["status"] == "final"
    run.refresh_from_db()
    assert _last(run) == (city_staff, "确定最终结果") and run.finalised_at is not None


# --- rectification: confirm, start, milestones, monthly progress, 销号 -----------------------------------------


@pytest.fixture
def plan(run, firms, city_staff):
    """The D firm's rectification, identified from the final run."""
    _window_passed(_publish(run, city_staff))
    final = services.evaluation_run_finalise(run=run, actor=city_staff)
    services.rectification_identify(run=final, actor=city_staff)
    return Rectification.objects.get(enterprise=firms[0])


def test_rectification_through_the_pages_and_api_is_audited(plan, make_user, client):
    reporter = make_user(Role.UNIT_REPORTER, HAINING)
    reviewer = make_user(Role.UNIT_REVIEWER, HAINING)
    client.force_login(reporter)
    confirmed = client.post(
        f"/api/mujun-rectifications/{plan.pk}/confirm/", {"path": "improve", "plan": "技改提升"},
        content_type="application/json",
    )  # fmt: skip
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    plan.refresh_from_db()
    assert _last(plan) == (reporter, "技改提升")
    assert client.post(f"/api/mujun-rectifications/{plan.pk}/start/").status_code == 400  # no milestone yet
    milestone = client.post(
        "/api/mujun-rectification-milestones/",
        {"rectification": plan.pk, "title": "设备更新", "due": "2030-06-30"},
        content_type="application/json",
    )
    assert milestone.status_code == 201, milestone.content
    page = client.post(reverse("mujun:rectification_start", args=[plan.pk]))
    assert page.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "in_progress" and _last(plan) == (reporter, "开始整治")
    progress = client.post(
        reverse("mujun:rectification_progress", args=[plan.pk]),
        {"month": "2030-05-01", "note": "已采购", "percent": 40},
    )
    assert progress.status_code == 302 and RectificationProgress.objects.get().percent == 40
    # 销号: the reporter may not, the reviewer may
    evidence = SimpleUploadedFile("e.pdf", b"%PDF", content_type="application/pdf")
    form = {"evidence": evidence, "land_freed_mu": "5", "energy_freed_tce": "120"}
    assert client.post(f"/api/mujun-rectifications/{plan.pk}/close/", form).status_code == 403
    client.force_login(reviewer)
    evidence.seek(0)
    closed = client.post(reverse("mujun:rectification_close", args=[plan.pk]), form)
    assert closed.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "closed" and plan.reviewer == reviewer and _last(plan) == (reviewer, "销号")


def test_one_progress_report_a_month(plan, make_user, client):
    reporter = make_user(Role.UNIT_REPORTER, HAINING)
    services.rectification_confirm(rectification=plan, path="vacate", plan="腾退", actor=reporter)

    def create(**kwargs):  # a new RectificationProgress through the service
        return services.object_save(obj=RectificationProgress(), **kwargs)

    create(data={"rectification": plan, "month": dt.date(2030, 5, 1), "note": "a", "percent": 10}, actor=reporter)
    with pytest.raises(ValidationError, match="本月"):
        create(data={"rectification": plan, "month": dt.date(2030, 5, 15), "note": "b", "percent": 20}, actor=reporter)
    client.force_login(reporter)
    api = client.post(
        "/api/mujun-rectification-progress/",
        {"rectification": plan.pk, "month": "2030-05-31", "note": "c", "percent": 30},
        content_type="application/json",
    )
    assert api.status_code == 400
    create(data={"rectification": plan, "month": dt.date(2030, 6, 1), "note": "d", "percent": 30}, actor=reporter)
    create(data={"rectification": plan, "month": dt.date(2031, 5, 1), "note": "e", "percent": 90}, actor=reporter)
    assert list(RectificationProgress.objects.order_by("month").values_list("note", flat=True)) == ["a", "d", "e"]


@pytest.mark.parametrize("ending", ["dismissed", "closed"])
def test_no_milestone_or_progress_on_an_ended_plan(ending, plan, make_user, client):
    reporter = make_user(Role.UNIT_REPORTER, HAINING)
    reviewer = make_user(Role.UNIT_REVIEWER, HAINING)
    milestone = None
    if ending == "dismissed":
        services.rectification_confirm(rectification=plan, path="", plan="", actor=reporter)
    else:
        services.rectification_confirm(rectification=plan, path="close", plan="关停", actor=reporter)
        milestone = services.object_save(
            obj=RectificationMilestone(),
            data={"rectification": plan, "title": "停产", "due": dt.date(2030, 1, 31)},
            actor=reporter,
        )
        services.rectification_start(rectification=plan, actor=reporter)
        services.rectification_close(
            rectification=plan, evidence=SimpleUploadedFile("e.pdf", b"%PDF"), land_freed_mu=Decimal("10"),
            energy_freed_tce=Decimal("500"), actor=reviewer,
        )  # fmt: skip
    plan.refresh_from_db()
    assert plan.status == ending
    client.force_login(reporter)
    api = client.post(
        "/api/mujun-rectification-milestones/",
        {"rectification": plan.pk, "title": "补充节点", "due": "2030-06-30"},
        content_type="application/json",
    )
    assert api.status_code == 400
    api = client.post(
        "/api/mujun-rectification-progress/",
        {"rectification": plan.pk, "month": "2030-05-01", "note": "x", "percent": 50},
        content_type="application/json",
    )
    assert api.status_code == 400
    page = client.post(
        reverse("mujun:rectification_progress", args=[plan.pk]), {"month": "2030-05-01", "note": "x", "percent": 50},
        follow=True,
    )  # fmt: skip
    assert "不能再修改" in page.content.decode()
    assert not RectificationProgress.objects.exists()
    if milestone is not None:
        patched = client.patch(
            f"/api/mujun-rectification-milestones/{milestone.pk}/", {"done_on": "2030-02-01"},
            content_type="application/json",
        )  # fmt: skip
        assert patched.status_code == 400
        assert client.delete(f"/api/mujun-rectification-milestones/{milestone.pk}/").status_code == 400
        milestone.refresh_from_db()
        assert milestone.done_on is None
    assert RectificationMilestone.objects.filter(rectification=plan).count() == (0 if milestone is None else 1)
