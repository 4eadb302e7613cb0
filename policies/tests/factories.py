"""Factories of the policies and their permission-matrix entries: policies and criteria are public reference
data; grants and payments belong to the enterprise's unit and the enterprise."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from operator import attrgetter
from typing import Any

from django.core.files.base import ContentFile

from policies.models import Disbursement, GrantAttachment, Policy, PolicyAttachment, PolicyCriterion, PolicyGrant
from regions.models import Region
from tests.factories import DepartmentFactory, EnterpriseFactory, MatrixFactory


def make_policy(**kwargs: Any) -> Policy:
    defaults: dict[str, Any] = {
        "title": "智能化技改补助",
        "department": DepartmentFactory(region=Region.objects.get(code="330400")),
        "valid_from": dt.date(2019, 1, 1),
    }
    return Policy.objects.create(**{**defaults, **kwargs})


def _grant_in(region: Region, user: Any) -> PolicyGrant:
    enterprise = (
        user.enterprise
        if user is not None and user.enterprise_id and user.enterprise.region_id == region.pk
        else EnterpriseFactory(region=region)
    )
    return PolicyGrant.objects.create(
        policy=make_policy(), enterprise=enterprise, region=region, status="granted", amount=Decimal(100)
    )


def make_attachment(
    grant: PolicyGrant, name: str = "投资凭证.pdf", content: bytes = b"%PDF-1.4 proof"
) -> GrantAttachment:
    return GrantAttachment.objects.create(grant=grant, file=ContentFile(content, name=name), name=name)


def make_payment(grant: PolicyGrant, **fields: Any) -> Disbursement:
    """A payment of a grant written directly (the ledger row with the grant's payee, unit and policy)."""
    payment = Disbursement.of_grant(grant, **fields)
    payment.save()
    return payment


FACTORIES = {
    Policy: MatrixFactory(build=lambda region, user: make_policy()),
    PolicyCriterion: MatrixFactory(
        build=lambda region, user: PolicyCriterion.objects.create(policy=make_policy(), kind="size", values=["above"])
    ),
    PolicyAttachment: MatrixFactory(
        build=lambda region, user: PolicyAttachment.objects.create(
            policy=make_policy(), file=ContentFile(b"%PDF-1.4 guide", name="申报指南.pdf"), name="申报指南.pdf"
        )
    ),
    PolicyGrant: MatrixFactory(build=_grant_in, region_of=attrgetter("region"), enterprise_of=attrgetter("enterprise")),
    Disbursement: MatrixFactory(
        build=lambda region, user: make_payment(
            _grant_in(region, user), amount=Decimal(50), paid_on=dt.date(2019, 6, 1)
        ),
        region_of=attrgetter("region"),
        enterprise_of=attrgetter("enterprise"),
    ),
    GrantAttachment: MatrixFactory(
        build=lambda region, user: make_attachment(_grant_in(region, user)),
        region_of=lambda a: a.grant.region,
        enterprise_of=lambda a: a.grant.enterprise,
    ),
}
