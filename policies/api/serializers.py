from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework import serializers

from core.files import stored_file_url
from core.uploads import EVIDENCE, SPREADSHEET, UploadSerializerField

from ..models import Disbursement, GrantAttachment, Policy, PolicyAttachment, PolicyCriterion, PolicyGrant

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
        fields = ["id", "grant", "source_type", "source_id", "policy", "region", "enterprise", "payee", "amount",
                  "paid_on", "fund_source", "batch", "voucher_no", *STAMPS]  # fmt: skip
        # what is paid and to whom comes from the grant (or the source's own service), never from the request
        read_only_fields = ["source_type", "source_id", "policy", "region", "enterprise", "payee", *STAMPS]


class PaymentImportUploadSerializer(serializers.Serializer[Any]):
    file = UploadSerializerField(accept=SPREADSHEET, help_text="财政拨付明细 Excel 文件（.xlsx）")


class GrantAttachmentSerializer(_NoValidators, serializers.ModelSerializer):
    """A supporting file of an application: upload with `grant` and `file` (multipart); `download` is its scoped
    download (`GET /api/policy-grant-attachments/{id}/download/`)."""

    file = UploadSerializerField(accept=EVIDENCE, write_only=True, help_text="申报材料（PDF、Word、Excel 或图片）")
    download = serializers.SerializerMethodField()

    class Meta:
        model = GrantAttachment
        fields = ["id", "grant", "name", "file", "download", "uploaded_by", *STAMPS]
        read_only_fields = ["name", "uploaded_by", *STAMPS]

    def get_download(self, obj: GrantAttachment) -> str:
        return reverse("grantattachment-download", args=[obj.pk])


class PolicyAttachmentSerializer(_NoValidators, serializers.ModelSerializer):
    """A file published with a policy: upload with `policy` and `file` (multipart); `download` is the scoped file URL."""

    file = UploadSerializerField(accept=EVIDENCE, write_only=True, help_text="政策附件（PDF、Word、Excel 或图片）")
    download = serializers.SerializerMethodField()

    class Meta:
        model = PolicyAttachment
        fields = ["id", "policy", "name", "file", "download", "uploaded_by", *STAMPS]
        read_only_fields = ["name", "uploaded_by", *STAMPS]

    def get_download(self, obj: PolicyAttachment) -> str:
        return stored_file_url(obj, "file")
