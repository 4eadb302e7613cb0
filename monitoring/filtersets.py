"""One FilterSet per model, shared by the HTML list and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet
from targets.models import Plan

from .models import WarningThreshold


def _plans(request: Any) -> QuerySet[Plan]:
    user = getattr(request, "user", None)
    return Plan.objects.visible_to(user) if user is not None else Plan.objects.none()


class WarningThresholdFilterSet(FilterSet):
    plan = django_filters.ModelChoiceFilter(label=_("计划"), queryset=_plans)

    class Meta:
        model = WarningThreshold
        fields = ["plan"]
