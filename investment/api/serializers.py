"""Serializers of the investment API; stage, signing and the project link are read-only (actions change them)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from projects.choices import ProjectType

from ..models import ExchangeRate, Lead, LeadVisit, Platform, ProjectPlatform, SigningTarget


class _NoValidators:
    def get_validators(self) -> list[Any]:
        return []  # the services check uniqueness once, with the models' constraints


def _serializer(model_: type, read_only: tuple[str, ...] = ()) -> type[serializers.ModelSerializer[Any]]:
    meta = type("Meta", (), {"model": model_, "fields": "__all__", "read_only_fields": read_only})
    return type(f"{model_.__name__}Serializer", (_NoValidators, serializers.ModelSerializer), {"Meta": meta})


LeadSerializer = _serializer(Lead, ("stage", "terminated_reason", "signed_on", "project", "exchange_rate"))
LeadVisitSerializer = _serializer(LeadVisit)
PlatformSerializer = _serializer(Platform)
ExchangeRateSerializer = _serializer(ExchangeRate)
SigningTargetSerializer = _serializer(SigningTarget)
ProjectPlatformSerializer = _serializer(ProjectPlatform)


class LeadSignSerializer(serializers.Serializer[Any]):
    signed_on = serializers.DateField()
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, min_value=0, required=False)
    amount_usd = serializers.DecimalField(max_digits=16, decimal_places=2, min_value=0, required=False)
    project_type = serializers.ChoiceField(choices=ProjectType.choices, required=False, default=ProjectType.NEW)


class LeadAdvanceSerializer(serializers.Serializer[Any]):
    to = serializers.CharField(help_text="目标阶段：talks、transferred、terminated")
    reason = serializers.CharField(required=False, allow_blank=True, default="")
