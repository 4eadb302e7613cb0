from __future__ import annotations

from typing import Any

from rest_framework import serializers

from ..models import Disbursement, Policy, PolicyCriterion, PolicyGrant

STAMPS = ["created_at", "updated_at"]


class _NoValidators:
    def get_validators(self) -> list[Any]:
        return []


class PolicySerializer(_NoValidators, serializers.ModelSerializer):
    class Meta:
        model = Policy
        fields = ["id", "title", "department", "document_number", "valid_from", "valid_to", "benefit", "combine",
                  "no_application", "amount_kind", "amount", "percent", "cap", *STAMPS]  # fmt: skip
        read_only_fields = STAMPS


class PolicyCriterionSerializer(_NoValidators, serializers.ModelSerializer):
    description = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = PolicyCriterion
        fields = ["id", "policy", "kind", "values", "minimum", "year", "description", *STAMPS]
        read_only_fields = STAMPS


class PolicyGrantSerializer(_NoValidators, serializers.ModelSerializer):
    class Meta:
        model = PolicyGrant
        fields = ["id", "policy", "enterprise", "region", "source", "status", "amount", "application_text", "reason",
                  "decided_on", *STAMPS]  # fmt: skip
        read_only_fields = ["region", "source", "status", "reason", "decided_on", *STAMPS]


class GrantReviewSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)


class DisbursementSerializer(_NoValidators, serializers.ModelSerializer):
    class Meta:
        model = Disbursement
        fields = ["id", "grant", "amount", "paid_on", "fund_source", "batch", *STAMPS]
        read_only_fields = STAMPS
