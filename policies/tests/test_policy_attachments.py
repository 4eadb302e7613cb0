"""Files published with a policy (申报指南, 申报表 …), more than one per policy (issue 13): city staff upload and remove
them on the policy's page and through the API; every role that reads policies downloads them through the scoped file
view; those who may only read get no upload form and are refused by the service and the API."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.choices import Role
from policies import services
from policies.models import PolicyAttachment
from policies.tests.factories import make_policy

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_city_staff_publish_several_files_that_every_reader_downloads(regions, make_user, client):
    policy = make_policy(title="智能化技术改造项目补助")
    staff = make_user(Role.CITY_STAFF, "330400")
    client.force_login(staff)
    for name in ("申报指南.pdf", "申报表.pdf"):
        response = client.post(f"/policies/{policy.pk}/attach/", {"file": pdf(name)})
        assert response.status_code == 302, response.content.decode()[:1000]

    files = list(PolicyAttachment.objects.filter(policy=policy))
    assert [f.name for f in files] == ["申报指南.pdf", "申报表.pdf"]
    assert files[0].uploaded_by == staff and files[0].history.get().history_change_reason == "上传政策附件"
    page = client.get(f"/policies/{policy.pk}/").content.decode()
    assert "申报指南.pdf" in page and "申报表.pdf" in page and 'data-testid="upload-policy-file"' in page

    reader = make_user(Role.ENTERPRISE_USER, "330481")
    client.force_login(reader)
    page = client.get(f"/policies/{policy.pk}/").content.decode()
    assert "申报表.pdf" in page and 'data-testid="upload-policy-file"' not in page
    url = f"/files/policies.policyattachment/{files[1].pk}/file/"
    assert url in page
    assert b"".join(client.get(url).streaming_content) == PDF
    listed = client.get(f"/api/policy-attachments/?policy={policy.pk}").json()
    assert [row["name"] for row in listed["results"]] == ["申报指南.pdf", "申报表.pdf"]
    assert listed["results"][0]["download"] == f"/files/policies.policyattachment/{files[0].pk}/file/"

    # a reader may not add or remove files, by the page, the API or the service
    assert client.post(f"/policies/{policy.pk}/attach/", {"file": pdf("x.pdf")}).status_code == 403
    assert client.post("/api/policy-attachments/", {"policy": policy.pk, "file": pdf("x.pdf")}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.policyattachment_delete(policyattachment=files[0], actor=reader)
    assert PolicyAttachment.objects.count() == 2


def test_the_api_uploads_and_deletes_with_history(regions, make_user, client):
    policy = make_policy()
    client.force_login(make_user(Role.CITY_STAFF, "330400"))
    created = client.post("/api/policy-attachments/", {"policy": policy.pk, "file": pdf("实施细则.pdf")})
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert client.delete(f"/api/policy-attachments/{pk}/").status_code == 204
    assert not PolicyAttachment.objects.exists()
    assert PolicyAttachment.history.filter(id=pk).values_list("history_type", flat=True).order_by("history_id")[
        ::1
    ] == [
        "+",
        "-",
    ]


def test_a_page_delete_returns_to_the_policy(regions, make_user, client):
    policy = make_policy()
    staff = make_user(Role.CITY_STAFF, "330400")
    attachment = services.policyattachment_create(data={"policy": policy, "file": pdf("旧表.pdf")}, actor=staff)
    client.force_login(staff)
    response = client.post(f"/policies/attachments/{attachment.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == f"/policies/{policy.pk}/"
    assert not PolicyAttachment.objects.exists()
