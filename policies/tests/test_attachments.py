"""Supporting files of an application: the enterprise uploads them with its application (page) or later (page, API)
under the one upload policy; reviewers of its unit and the issuing department download them; another county gets
404 on the page and in the API; a decided application takes no more files and keeps the ones it was decided on."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.choices import Role
from policies import services
from policies.models import GrantAttachment, PolicyGrant
from policies.tests.factories import make_policy

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf(name: str = "设备购置发票.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def applied(regions, make_user, client):
    """A 海宁 enterprise applies through the page with its invoice attached."""
    policy = make_policy(title="智能化技术改造项目补助", valid_from=dt.date(2019, 1, 1))
    owner = make_user(Role.ENTERPRISE_USER, "330481")
    client.force_login(owner)
    response = client.post(
        "/policies/grants/add/",
        {"policy": policy.pk, "application_text": "年产5万台电机智能化改造", "attachment": pdf()},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    grant = PolicyGrant.objects.get(enterprise=owner.enterprise)
    return {"grant": grant, "owner": owner, "policy": policy}


def test_the_application_carries_its_file_with_history(applied):
    attachment = GrantAttachment.objects.get(grant=applied["grant"])
    assert attachment.name == "设备购置发票.pdf" and attachment.uploaded_by == applied["owner"]
    assert attachment.history.get().history_change_reason == "上传申报附件"


def test_reviewers_download_it_and_another_county_gets_404(applied, client, make_user):
    attachment = GrantAttachment.objects.get()
    page, api = f"/policies/grants/attachments/{attachment.pk}/", f"/api/policy-grant-attachments/{attachment.pk}/"
    for role, region in (
        (Role.UNIT_REVIEWER, "330481"),
        (Role.DEPARTMENT_HANDLER, "330400"),
        (Role.CITY_STAFF, "330400"),
    ):
        client.force_login(make_user(role, region))
        assert b"".join(client.get(page).streaming_content) == PDF
        assert b"".join(client.get(f"{api}download/").streaming_content) == PDF
    client.force_login(make_user(Role.UNIT_REVIEWER, "330421"))  # 嘉善
    assert client.get(page).status_code == 404
    assert client.get(api).status_code == 404 and client.get(f"{api}download/").status_code == 404
    listed = client.get(f"/api/policy-grant-attachments/?grant={applied['grant'].pk}").json()
    assert listed["results"] == []
    grant_page = client.get(f"/policies/grants/{applied['grant'].pk}/")
    assert grant_page.status_code == 404


def test_the_enterprise_adds_files_through_the_page_and_the_api_under_the_upload_policy(applied, client):
    grant = applied["grant"]
    client.force_login(applied["owner"])
    page = client.get(f"/policies/grants/{grant.pk}/").content.decode()
    assert "设备购置发票.pdf" in page and f"/policies/grants/{grant.pk}/attach/" in page
    client.post(f"/policies/grants/{grant.pk}/attach/", {"file": pdf("审计报告.pdf")})
    created = client.post("/api/policy-grant-attachments/", {"grant": grant.pk, "file": pdf("技改合同.pdf")})
    assert created.status_code == 201, created.json()
    assert created.json()["download"] == f"/api/policy-grant-attachments/{created.json()['id']}/download/"
    fake = SimpleUploadedFile("合同.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    assert client.post("/api/policy-grant-attachments/", {"grant": grant.pk, "file": fake}).status_code == 400
    assert sorted(GrantAttachment.objects.values_list("name", flat=True)) == [
        "审计报告.pdf",
        "技改合同.pdf",
        "设备购置发票.pdf",
    ]


def test_a_decided_application_takes_no_more_files_and_keeps_its_own(applied, client, make_user):
    grant = applied["grant"]
    city = make_user(Role.CITY_STAFF, "330400")
    services.grant_review(grant=grant, action="unit_approve", actor=city)
    services.grant_review(grant=grant, action="grant", actor=city)
    client.force_login(applied["owner"])
    refused = client.post("/api/policy-grant-attachments/", {"grant": grant.pk, "file": pdf("补充.pdf")})
    assert refused.status_code == 400 and "已审结" in str(refused.json())
    attachment = GrantAttachment.objects.get()
    assert client.delete(f"/api/policy-grant-attachments/{attachment.pk}/").status_code == 400
    assert 'data-testid="grant-attach"' not in client.get(f"/policies/grants/{grant.pk}/").content.decode()


def test_another_countys_unit_cannot_attach_to_the_application(applied, client, make_user):
    client.force_login(make_user(Role.UNIT_REPORTER, "330421"))
    grant = applied["grant"]
    assert client.post(f"/policies/grants/{grant.pk}/attach/", {"file": pdf()}).status_code == 404
    assert client.post("/api/policy-grant-attachments/", {"grant": grant.pk, "file": pdf()}).status_code == 404
    assert GrantAttachment.objects.count() == 1
