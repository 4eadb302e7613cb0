"""Duties: a department handler sees and reports on their own department's duties only; the laggard list."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from accounts.choices import Role
from assessment import services
from assessment.models import Duty, DutyAttachment, DutyProgress
from assessment.selectors import laggard_list
from regions.choices import DepartmentLevel
from tests.factories import DepartmentFactory, DutyFactory, DutyProgressFactory, PlanFactory

CITY = "330400"


@pytest.fixture
def city_departments(regions):
    fagai = DepartmentFactory(name="市发改委", level=DepartmentLevel.CITY, region=regions[CITY])
    ziran = DepartmentFactory(name="市自然资源和规划局", level=DepartmentLevel.CITY, region=regions[CITY])
    return fagai, ziran


@pytest.fixture
def duties(regions, city_departments):
    fagai, ziran = city_departments
    plan = PlanFactory(scope_region=regions[CITY])
    return {
        "fagai": DutyFactory(plan=plan, department=fagai, text="牵头推进重大项目前期工作"),
        "ziran": DutyFactory(plan=plan, department=ziran, text="保障工业项目用地"),
    }


@pytest.fixture
def handler(make_user, city_departments):
    return make_user(Role.DEPARTMENT_HANDLER, CITY, department=city_departments[0])


@pytest.mark.django_db
def test_a_handler_sees_only_their_departments_duties(client, duties, handler, city_staff):
    assert list(Duty.objects.visible_to(handler)) == [duties["fagai"]]
    assert set(Duty.objects.visible_to(city_staff)) == set(duties.values())
    client.force_login(handler)
    assert client.get(duties["fagai"].get_absolute_url()).status_code == 200
    assert client.get(duties["ziran"].get_absolute_url()).status_code == 404
    listed = client.get("/assessment/duties/").context["view"].object_list
    assert list(listed) == [duties["fagai"]]
    # the API answers the other department's duty as missing, too
    assert client.get(f"/api/duties/{duties['ziran'].pk}/").status_code == 404


@pytest.mark.django_db
def test_a_handler_reports_progress_with_evidence_for_their_own_duty(client, duties, handler):
    client.force_login(handler)
    upload = SimpleUploadedFile("会议纪要.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")
    response = client.post(
        "/assessment/progress/add/",
        {
            "duty": duties["fagai"].pk,
            "year": 2019,
            "quarter": 2,
            "status": "on_track",
            "note": "完成3个项目前期",
            "attachment": upload,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    progress = DutyProgress.objects.get()
    assert (progress.duty, progress.submitted_by, progress.quarter) == (duties["fagai"], handler, 2)
    attachment = DutyAttachment.objects.get()
    assert attachment.name == "会议纪要.pdf" and attachment.uploaded_by == handler
    download = client.get(attachment.get_absolute_url())
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 evidence"
    assert progress.history.first().history_user == handler


@pytest.mark.django_db
def test_a_handler_cannot_write_another_departments_progress(client, duties, handler):
    # the service refuses, whatever the caller passes
    with pytest.raises(ValidationError):
        services.dutyprogress_create(
            data={"duty": duties["ziran"], "year": 2019, "quarter": 2, "status": "on_track", "note": "x"}, actor=handler
        )
    # the page does not offer the duty, and the API does not find it
    client.force_login(handler)
    response = client.post(
        "/assessment/progress/add/",
        {"duty": duties["ziran"].pk, "year": 2019, "quarter": 2, "status": "on_track", "note": "x"},
    )
    assert response.status_code == 200 and "duty" in response.context["form"].errors
    response = client.post(
        "/api/duty-progress/",
        {"duty": duties["ziran"].pk, "year": 2019, "quarter": 2, "status": "on_track", "note": "x"},
        content_type="application/json",
    )
    assert response.status_code == 400
    # nor edit another department's progress, nor see its attachments
    other = DutyProgressFactory(duty=duties["ziran"], year=2019, quarter=2)
    assert client.get(f"/assessment/progress/{other.pk}/edit/").status_code == 404
    assert (
        client.patch(f"/api/duty-progress/{other.pk}/", {"note": "改"}, content_type="application/json").status_code
        == 404
    )
    assert not DutyProgress.objects.filter(duty=duties["ziran"]).exclude(pk=other.pk).exists()


@pytest.mark.django_db
def test_laggards_are_duties_without_a_note_or_lagging(regions, city_departments, city_staff, handler):
    fagai, ziran = city_departments
    plan = PlanFactory(scope_region=regions[CITY])
    missing = DutyFactory(plan=plan, department=fagai, text="A 未填报")
    lagging = DutyFactory(plan=plan, department=ziran, text="B 滞后")
    on_track = DutyFactory(plan=plan, department=ziran, text="C 正常")
    empty_note = DutyFactory(plan=plan, department=fagai, text="D 空白说明")
    done_last_quarter = DutyFactory(plan=plan, department=fagai, text="E 上季度已填")
    DutyProgressFactory(duty=lagging, year=2019, quarter=3, status="lagging", note="用地报批未完成")
    DutyProgressFactory(duty=on_track, year=2019, quarter=3, status="on_track", note="按计划")
    DutyProgressFactory(duty=empty_note, year=2019, quarter=3, status="on_track", note="  ")
    DutyProgressFactory(duty=done_last_quarter, year=2019, quarter=2, status="on_track", note="二季度")

    rows = laggard_list(user=city_staff, year=2019, quarter=3)
    assert {(r["duty"], r["reason"]) for r in rows} == {
        (missing, "missing"),
        (lagging, "lagging"),
        (empty_note, "missing"),
        (done_last_quarter, "missing"),
    }
    # the handler's list holds their own department's laggards only
    assert {r["duty"] for r in laggard_list(user=handler, year=2019, quarter=3)} == {
        missing,
        empty_note,
        done_last_quarter,
    }
    assert laggard_list(user=city_staff, year=2019, quarter=3, plan=PlanFactory(scope_region=regions[CITY])) == []


@pytest.mark.django_db
def test_laggard_page_export_and_api(client, regions, city_departments, city_staff):
    fagai, ziran = city_departments
    plan = PlanFactory(scope_region=regions[CITY])
    DutyFactory(plan=plan, department=fagai, text="A 未填报")
    DutyProgressFactory(
        duty=DutyFactory(plan=plan, department=ziran, text="B 滞后"), year=2019, quarter=3, status="lagging", note="慢"
    )
    client.force_login(city_staff)
    with CaptureQueriesContext(connection) as few:
        page = client.get("/assessment/duties/laggards/", {"year": 2019, "quarter": 3})
    assert page.status_code == 200
    html = page.content.decode()
    assert "A 未填报" in html and "B 滞后" in html and "未填报进展" in html and "进展滞后" in html
    for i in range(5):
        DutyFactory(plan=plan, department=fagai, text=f"更多 {i}")
    with CaptureQueriesContext(connection) as many:
        client.get("/assessment/duties/laggards/", {"year": 2019, "quarter": 3})
    assert len(many) == len(few)

    response = client.get("/assessment/duties/laggards/export/", {"year": 2019, "quarter": 3})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.cell(row=1, column=1).value == "2019年第3季度滞后事项"
    assert {sheet.cell(row=r, column=4).value for r in range(3, sheet.max_row + 1)} == {"未填报进展", "进展滞后"}
    assert sheet.max_row == 2 + 7

    body = client.get("/api/duties/laggards/", {"year": 2019, "quarter": 3}).json()
    assert {row["reason"] for row in body} == {"missing", "lagging"} and len(body) == 7


@pytest.mark.django_db
def test_laggards_need_the_progress_permission(client, regions, make_user):
    client.force_login(make_user(Role.UNIT_REPORTER, "330481"))
    assert client.get("/assessment/duties/laggards/").status_code == 403
    assert client.get("/api/duties/laggards/").status_code == 403


@pytest.mark.django_db
def test_duty_indicators_must_belong_to_the_plan(regions, city_departments, city_staff):
    from tests.factories import IndicatorFactory

    plan = PlanFactory(scope_region=regions[CITY])
    foreign = IndicatorFactory(plan=PlanFactory(scope_region=regions[CITY]))
    with pytest.raises(ValidationError):
        services.duty_create(
            data={
                "plan": plan,
                "department": city_departments[0],
                "text": "x",
                "role": "lead",
                "indicators": [foreign],
            },
            actor=city_staff,
        )
    own = IndicatorFactory(plan=plan)
    duty = services.duty_create(
        data={"plan": plan, "department": city_departments[0], "text": "x", "role": "lead", "indicators": [own]},
        actor=city_staff,
    )
    assert list(duty.indicators.all()) == [own]
