"""Smart pages and API: the diagnosis-return import with its findings, promoting a recommendation, computing,
approving and paying awards, the figures page and the enterprise panel."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from accounts.choices import Role
from smart import services
from smart.importing import COLUMNS, apply_import, plan_import
from smart.models import Diagnosis, Recommendation, SubsidyAward
from smart.tests.factories import DemonstrationFactory, DiagnosisFactory, ServiceCompanyFactory
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def xlsx(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(list(COLUMNS.values()))
    for r in rows:
        ws.append([r.get(k, "") for k in COLUMNS])
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("诊断.xlsx", buf.getvalue())


@pytest.fixture
def staff(make_user):
    return make_user(Role.CITY_STAFF, "330400")


def test_import_returns_with_findings_then_clean(regions, staff):
    ServiceCompanyFactory(name="嘉兴智造工程服务有限公司")
    firm = EnterpriseFactory(region=regions["330481"], name="海宁（中国）纺织有限公司")
    good = {"company": "嘉兴智造工程服务有限公司", "name": "海宁(中国)纺织", "diagnosed_on": "2020-05-18",
            "kind": "数字化车间", "pilot": "是", "level_before": "规划级", "level_after": "集成级",
            "recommendation": "织造车间联网", "investment": "860"}  # fmt: skip
    bad = xlsx([{**good, "company": "某某未登记公司"}, {**good, "level_before": "六级"}, {**good, "level_after": "智能级"},
                {**good, "kind": "智慧园区"}])  # fmt: skip
    plan = plan_import(bad, actor=staff)
    assert [(f.row, f.column.split("（")[0]) for f in plan.errors] == [(2, "A"), (3, "G"), (4, "H"), (5, "E")]
    assert "GB/T 39116-2020" in plan.errors[1].message
    bad.seek(0)
    assert not apply_import(bad, actor=staff, reason="x").ok and not Diagnosis.objects.exists()
    apply_import(xlsx([good]), actor=staff, reason="导入诊断报表")
    d = Diagnosis.objects.get()
    assert (d.enterprise, d.level_before, d.level_after, d.pilot, d.kind) == (firm, 1, 3, True, "workshop")
    assert Recommendation.objects.get().investment == Decimal(860)


def test_promote_page_and_awards_flow(client, regions, staff):
    client.force_login(staff)
    d = DiagnosisFactory(enterprise=EnterpriseFactory(region=regions["330481"]))
    rec = Recommendation.objects.create(diagnosis=d, name="智能仓储改造", investment=Decimal(1500))
    page = client.get(d.get_absolute_url())
    assert b'data-testid="promote"' in page.content
    client.post(reverse("smart:recommendation_promote", args=[rec.pk]))
    rec.refresh_from_db()
    assert rec.project is not None

    services.subsidyrule_create(data={"year": 2019, "name": "三年行动计划补助"}, actor=staff)
    DemonstrationFactory(enterprise=EnterpriseFactory(region=regions["330481"]), stage="recognised", level="city",
                         recognised_on=dt.date(2019, 11, 1))  # fmt: skip
    assert (
        client.post("/api/smart-awards/compute/", {"year": 2019}, content_type="application/json").json()["awards"] == 1
    )
    award = SubsidyAward.objects.get()
    assert client.post(f"/api/smart-awards/{award.pk}/approve/").status_code == 200
    response = client.post(reverse("smart:subsidyaward_pay", args=[award.pk]),
                           {"paid_on": "2020-04-01", "amount": "1200.00", "voucher": "财拨2020-18"})  # fmt: skip
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.status == "paid"
    assert client.get(reverse("smart:figures") + "?year=2019").status_code == 200
    assert client.get(award.get_absolute_url()).status_code == 200


def test_unit_user_cannot_compute_or_pay(client, make_user):
    client.force_login(make_user(Role.UNIT_REPORTER, "330481"))
    assert client.post("/api/smart-awards/compute/", {"year": 2019}, content_type="application/json").status_code == 403
    assert client.post(reverse("smart:subsidy_compute"), {"year": 2019}).status_code == 403


def test_enterprise_page_shows_the_smart_panel(client, regions, staff):
    client.force_login(staff)
    d = DiagnosisFactory(enterprise=EnterpriseFactory(region=regions["330481"]))
    page = client.get(d.enterprise.get_absolute_url())
    assert b'data-testid="smart-panel"' in page.content


def test_company_page_lists_its_diagnoses_and_pilots(client, regions, staff):
    client.force_login(staff)
    d = DiagnosisFactory(enterprise=EnterpriseFactory(region=regions["330481"], name="海宁试点企业"), pilot=True)
    page = client.get(d.company.get_absolute_url()).content.decode()
    assert 'data-testid="company-work"' in page and "海宁试点企业" in page and "试点" in page
