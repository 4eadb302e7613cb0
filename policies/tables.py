from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import Disbursement, Policy, PolicyCriterion, PolicyGrant

_ATTRS = {"class": "table table-vcenter card-table table-striped"}


class PolicyTable(tables.Table):
    title = tables.Column(linkify=True)

    class Meta:
        model = Policy
        fields = ("title", "department", "document_number", "valid_from", "valid_to", "no_application", "combine")
        attrs = _ATTRS


class PolicyCriterionTable(tables.Table):
    policy = tables.Column(linkify=True)

    class Meta:
        model = PolicyCriterion
        fields = ("policy", "kind", "values", "minimum", "year")
        attrs = _ATTRS


class PolicyGrantTable(tables.Table):
    policy = tables.Column(linkify=True)
    enterprise = tables.Column(accessor="enterprise__name", verbose_name=_("企业"), orderable=False)

    class Meta:
        model = PolicyGrant
        fields = ("policy", "enterprise", "region", "source", "status", "amount", "decided_on")
        attrs = _ATTRS


class DisbursementTable(tables.Table):
    grant = tables.Column(linkify=True)

    class Meta:
        model = Disbursement
        fields = ("grant", "amount", "paid_on", "fund_source", "batch", "voucher_no")
        attrs = _ATTRS
