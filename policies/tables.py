from __future__ import annotations

import django_tables2 as tables
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from core.tables import RowLinkColumn

from .models import Disbursement, Policy, PolicyCriterion, PolicyGrant


class PolicyTable(tables.Table):
    title = tables.Column(linkify=True)

    class Meta:
        model = Policy
        fields = ("title", "department", "document_number", "valid_from", "valid_to", "no_application", "combine")


class PolicyCriterionTable(tables.Table):
    policy = tables.Column(linkify=True)

    class Meta:
        model = PolicyCriterion
        fields = ("policy", "kind", "values", "minimum", "year")


class PolicyGrantTable(tables.Table):
    policy = tables.Column(linkify=True)
    enterprise = tables.Column(accessor="enterprise__name", verbose_name=_("企业"), orderable=False)

    class Meta:
        model = PolicyGrant
        fields = ("policy", "enterprise", "region", "source", "status", "amount", "decided_on")


class DisbursementTable(tables.Table):
    """The ledger: grants' payments and other apps' (a subsidy award's payee may be a service company)."""

    payee = RowLinkColumn()
    source_type = tables.Column(verbose_name=_("兑付事项"), empty_values=(), orderable=False)

    class Meta:
        model = Disbursement
        fields = ("payee", "source_type", "policy", "region", "amount", "paid_on", "fund_source", "batch",
                  "voucher_no")  # fmt: skip

    def render_source_type(self, record: Disbursement) -> str:
        """What the row pays: a policy grant, or the source's kind (its model's name)."""
        if record.source_type_id is None:
            return str(_("政策兑现"))
        model = ContentType.objects.get_for_id(record.source_type_id).model_class()
        return str(model._meta.verbose_name) if model else "—"
