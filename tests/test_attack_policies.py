"""Attack suite: policies, grants, disbursements and application files through the API, as the other side would try.

- County isolation: a 海宁 user names 嘉善's grant, payment or file in every way the API takes an id (read, change,
  delete, review, download, pay, attach, apply for 嘉善's enterprise): the same 404 as a missing object, or a
  refusal, and nothing is written.
- Drafts: an application still under review cannot be paid; a draft (not final) 亩均 run is no fact for matching,
  so an enterprise user cannot read a class before it is released through the met/missed answer.
- Amounts: generated payment sequences (zero, negative, fractions of a fen, past the grant) never leave more paid
  than approved and never a payment of zero or less; a review cannot approve a negative amount.
- Files: generated uploads (wrong content under a good name, traversal and overlong names, empty files) are
  refused or stored under a safe name, never a server error.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tests.factories  # noqa: F401 - first: it merges the apps' factories (no partial import)

# isort: split
from accounts.choices import Role
from policies.models import Disbursement, GrantAttachment, PolicyCriterion, PolicyGrant
from policies.tests.factories import make_attachment, make_policy
from tests.factories import EnterpriseFactory

pytestmark = [pytest.mark.attack, pytest.mark.django_db]

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
BOUNDED = settings(
    max_examples=25,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


def grant_in(region: Any, status: str = "granted", amount: Decimal = Decimal(100), **kwargs: Any) -> PolicyGrant:
    enterprise = kwargs.pop("enterprise", None) or EnterpriseFactory(region=region)
    return PolicyGrant.objects.create(policy=kwargs.pop("policy", None) or make_policy(), enterprise=enterprise,
                                      region=region, status=status, amount=amount, **kwargs)  # fmt: skip


def written() -> tuple[int, int, int, list[tuple[str, Decimal]]]:
    return (
        PolicyGrant.objects.count(),
        Disbursement.objects.count(),
        GrantAttachment.objects.count(),
        sorted(PolicyGrant.objects.values_list("status", "amount")),
    )


@pytest.fixture
def jiashan(regions: dict[str, Any]) -> dict[str, Any]:
    """嘉善's objects: an application under review, a granted item with a payment, and a file."""
    applied = grant_in(regions["330421"], status="applied")
    granted = grant_in(regions["330421"])
    payment = Disbursement.of_grant(granted, amount=Decimal(40), paid_on=dt.date(2024, 5, 1))
    payment.save()
    return {"applied": applied, "granted": granted, "payment": payment, "file": make_attachment(applied)}


@pytest.mark.parametrize("role", [Role.UNIT_REPORTER, Role.UNIT_REVIEWER, Role.ENTERPRISE_USER])
def test_policy_objects_of_another_county_answer_404_and_nothing_is_written(client, regions, make_user, jiashan, role):
    client.force_login(make_user(role, "330481"))
    applied, granted, payment, file = jiashan["applied"], jiashan["granted"], jiashan["payment"], jiashan["file"]
    before = written()
    reads = [
        f"/api/policy-grants/{applied.pk}/",
        f"/api/policy-grants/{granted.pk}/",
        f"/api/disbursements/{payment.pk}/",
        f"/api/policy-grant-attachments/{file.pk}/",
        f"/api/policy-grant-attachments/{file.pk}/download/",
        f"/policies/grants/{granted.pk}/",
        f"/policies/grants/attachments/{file.pk}/",
    ]
    for url in reads:
        assert client.get(url).status_code == 404, url
    json = "application/json"
    changes = [
        client.patch(f"/api/policy-grants/{applied.pk}/", {"amount": "1"}, content_type=json),
        client.patch(f"/api/disbursements/{payment.pk}/", {"batch": "x"}, content_type=json),
        client.delete(f"/api/disbursements/{payment.pk}/"),
        client.delete(f"/api/policy-grant-attachments/{file.pk}/"),
        *(client.post(f"/api/policy-grants/{applied.pk}/review/{move}/", {"reason": "x"}, content_type=json)
          for move in ("unit_approve", "unit_refuse", "grant", "refuse")),
    ]  # fmt: skip
    for response in changes:
        assert response.status_code in (403, 404), (response.request["PATH_INFO"], response.status_code)
    paid = client.post(
        "/api/disbursements/", {"grant": granted.pk, "amount": "10", "paid_on": "2024-06-01"}, content_type=json
    )
    attached = client.post(
        "/api/policy-grant-attachments/", {"grant": applied.pk, "file": SimpleUploadedFile("a.pdf", PDF)}
    )
    for response in (paid, attached):
        assert response.status_code in (400, 403, 404), response.status_code
    listed = [
        client.get(url).json()
        for url in ("/api/policy-grants/", "/api/disbursements/", "/api/policy-grant-attachments/")
    ]
    assert all(
        row["id"] not in {applied.pk, granted.pk, payment.pk, file.pk} for page in listed for row in page["results"]
    )
    assert written() == before
    # applying for 嘉善's enterprise: refused (an enterprise user's application is always for its own enterprise)
    policy = make_policy()
    client.post("/api/policy-grants/", {"policy": policy.pk, "enterprise": granted.enterprise_id}, content_type=json)
    assert not PolicyGrant.objects.filter(policy=policy, enterprise=granted.enterprise).exists()


def test_policy_eligible_list_of_a_county_user_holds_only_its_enterprises(client, regions, make_user):
    policy = make_policy()  # no criteria: every enterprise of the registry meets it
    ours, theirs = EnterpriseFactory(region=regions["330481"]), EnterpriseFactory(region=regions["330421"])
    client.force_login(make_user(Role.UNIT_REPORTER, "330481"))
    listed = {row["id"] for row in client.get(f"/api/policies/{policy.pk}/eligible/").json()["enterprises"]}
    assert ours.pk in listed and theirs.pk not in listed
    assert client.get(f"/api/policies/for-enterprise/?enterprise={theirs.pk}").status_code == 404


def test_policy_application_under_review_cannot_be_paid(client, regions, make_user):
    client.force_login(make_user(Role.CITY_ADMIN, "330400"))
    for status in ("applied", "unit_reviewed", "refused"):
        grant = grant_in(regions["330481"], status=status)
        response = client.post("/api/disbursements/", {"grant": grant.pk, "amount": "1", "paid_on": "2024-06-01"},
                               content_type="application/json")  # fmt: skip
        assert response.status_code == 400, (status, response.status_code)
    assert not Disbursement.objects.exists()


def test_policy_match_does_not_read_a_draft_mujun_class(client, regions, make_user):
    from mujun.tests.factories import EvaluationResultFactory, EvaluationRunFactory

    owner = make_user(Role.ENTERPRISE_USER, "330481")
    draft = EvaluationRunFactory(year=2023, status="computed", codes=["tax_per_mu"])
    EvaluationResultFactory(run=draft, enterprise=owner.enterprise, final_class="A")
    policy = make_policy(title="亩均A类奖励")
    PolicyCriterion.objects.create(policy=policy, kind="mujun", values=["A"], year=2023)
    client.force_login(owner)
    [match] = [m for m in client.get("/api/policies/for-enterprise/").json() if m["policy"] == policy.pk]
    assert match["matched"] is False and match["criteria"][0]["met"] is False
    draft.status = "final"
    draft.save(update_fields=["status"])
    [match] = [m for m in client.get("/api/policies/for-enterprise/").json() if m["policy"] == policy.pk]
    assert match["matched"] is True  # the same enterprise once the class is final: the check above could fail


AMOUNTS = st.one_of(
    st.decimals(min_value=-200, max_value=200, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from(["0", "-0.01", "0.001", "100.00", "100.01", "1e3", "99999999999999", "", "abc"]),
)


def test_policy_payments_never_pass_the_approved_amount(client, regions, make_user):
    client.force_login(make_user(Role.CITY_ADMIN, "330400"))
    grant = grant_in(regions["330481"], amount=Decimal(100))

    @BOUNDED
    @given(amounts=st.lists(AMOUNTS, min_size=1, max_size=6))
    def pay(amounts: list[Any]) -> None:
        with transaction.atomic():
            for amount in amounts:
                response = client.post("/api/disbursements/", {"grant": grant.pk, "amount": str(amount),
                                                               "paid_on": "2024-06-01"}, content_type="application/json")  # fmt: skip
                assert response.status_code in (201, 400), (amount, response.status_code)
                stored = list(Disbursement.objects.filter(grant=grant).values_list("amount", flat=True))
                assert all(a > 0 for a in stored), stored
                assert sum(stored, Decimal(0)) <= grant.amount, stored
            transaction.set_rollback(True)

    pay()


def test_policy_review_cannot_approve_a_negative_amount(client, regions, make_user):
    client.force_login(make_user(Role.CITY_ADMIN, "330400"))
    grant = grant_in(regions["330481"], status="unit_reviewed", amount=Decimal(0))
    response = client.post(
        f"/api/policy-grants/{grant.pk}/review/grant/", {"amount": "-50"}, content_type="application/json"
    )
    assert response.status_code == 400
    grant.refresh_from_db()
    assert (grant.status, grant.amount) == ("unit_reviewed", Decimal(0))


NAMES = st.one_of(
    st.sampled_from(
        [
            "../../../etc/passwd.pdf",
            "..\\..\\boot.pdf",
            "a" * 300 + ".pdf",
            ".pdf",
            "投资凭证.pdf.exe",
            "invoice.PDF",
            "x.pdf\x00.exe",
            "con.pdf",
        ]
    ),
    st.text(min_size=1, max_size=40).map(lambda s: s + ".pdf"),
)
CONTENTS = st.one_of(st.just(PDF), st.just(b""), st.just(b"MZ\x90\x00 an executable"), st.binary(max_size=200))


def test_policy_application_files_are_refused_or_stored_safely(client, regions, make_user):
    owner = make_user(Role.ENTERPRISE_USER, "330481")
    grant = grant_in(regions["330481"], status="applied", enterprise=owner.enterprise)
    client.force_login(owner)

    @BOUNDED
    @given(name=NAMES, content=CONTENTS)
    def upload(name: str, content: bytes) -> None:
        with transaction.atomic():
            response = client.post("/api/policy-grant-attachments/",
                                   {"grant": grant.pk, "file": SimpleUploadedFile(name, content)})  # fmt: skip
            assert response.status_code in (201, 400), (name, response.status_code)
            if response.status_code == 201:
                stored = GrantAttachment.objects.get(pk=response.json()["id"])
                assert content.startswith(b"%PDF"), (name, content[:10])  # only what is a PDF (or image, office file)
                assert ".." not in stored.file.name and "\x00" not in stored.file.name
                assert stored.file.name.startswith("policies/grants/")
                assert client.get(response.json()["download"]).status_code == 200
            transaction.set_rollback(True)

    upload()
    assert not GrantAttachment.objects.exists()
