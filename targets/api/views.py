"""The targets API: read everything in scope; corrections go through the same services as the pages.

Plans are created by importing a notice (the page or `manage.py import_targets`), not by POST.
"""

from core.api.viewsets import ScopedModelViewSet

from .. import services
from ..filtersets import IndicatorFilterSet, PlanFilterSet, TargetFilterSet
from ..models import Indicator, Plan, Target
from .serializers import IndicatorSerializer, PlanSerializer, TargetSerializer


class PlanViewSet(ScopedModelViewSet):
    model = Plan
    serializer_class = PlanSerializer
    filterset_class = PlanFilterSet
    related = ("scope_region",)
    ordering = ["-year_start", "title"]
    http_method_names = ["get", "patch", "delete", "head", "options"]
    update_service = services.plan_update
    delete_service = services.plan_delete


class IndicatorViewSet(ScopedModelViewSet):
    model = Indicator
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilterSet
    related = ("plan",)
    ordering = ["plan", "order"]
    http_method_names = ["get", "patch", "head", "options"]
    update_service = services.indicator_update


class TargetViewSet(ScopedModelViewSet):
    model = Target
    serializer_class = TargetSerializer
    filterset_class = TargetFilterSet
    related = ("indicator", "region")
    ordering = ["indicator__plan", "indicator__order", "year_start", "region__path"]
    http_method_names = ["get", "patch", "head", "options"]
    update_service = services.target_update
