from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet, YesNoFilter

from .choices import GrantSource, GrantStatus
from .models import Disbursement, GrantAttachment, Policy, PolicyAttachment, PolicyCriterion, PolicyGrant


class PolicyFilterSet(FilterSet):
    title = django_filters.CharFilter(lookup_expr="icontains", label=_("政策名称"))
    no_application = YesNoFilter(label=_("免申即享"))

    class Meta:
        model = Policy
        fields = ["title", "department", "no_application"]


class PolicyCriterionFilterSet(FilterSet):
    class Meta:
        model = PolicyCriterion
        fields = ["policy", "kind"]


class PolicyGrantFilterSet(FilterSet):
    status = django_filters.ChoiceFilter(choices=GrantStatus.choices, label=_("状态"))
    source = django_filters.ChoiceFilter(choices=GrantSource.choices, label=_("方式"))

    class Meta:
        model = PolicyGrant
        fields = ["policy", "status", "source", "region"]


class DisbursementFilterSet(FilterSet):
    year = django_filters.NumberFilter(field_name="paid_on", lookup_expr="year", label=_("年度"))

    class Meta:
        model = Disbursement
        fields = ["year", "batch"]


class GrantAttachmentFilterSet(FilterSet):
    grant = django_filters.NumberFilter(field_name="grant_id", label=_("政策兑现"))

    class Meta:
        model = GrantAttachment
        fields = ["grant"]


class PolicyAttachmentFilterSet(FilterSet):
    policy = django_filters.NumberFilter(field_name="policy_id", label=_("政策"))

    class Meta:
        model = PolicyAttachment
        fields = ["policy"]
