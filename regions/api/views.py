from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Length, Substr

from core.api.viewsets import HTTP_METHODS_WITH_PUT, ScopedModelViewSet

from .. import services
from ..filtersets import DepartmentFilterSet, RegionFilterSet
from ..models import Department, Region
from .serializers import DepartmentSerializer, RegionSerializer


class RegionViewSet(ScopedModelViewSet):
    """Regions: read by everyone signed in; name, kind and aliases edited by the city admin."""

    model = Region
    serializer_class = RegionSerializer
    filterset_class = RegionFilterSet
    http_method_names = ["get", "patch", "head", "options"]
    update_service = services.region_update

    def get_queryset(self) -> QuerySet[Region]:
        """Each region with its parent's code (the path without its last step), for the serializer's `parent`."""
        parent = Region.objects.filter(
            path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Region.steplen)
        ).values("code")[:1]
        return super().get_queryset().annotate(parent_code=Subquery(parent))


class DepartmentViewSet(ScopedModelViewSet):
    model = Department
    serializer_class = DepartmentSerializer
    filterset_class = DepartmentFilterSet
    related = ("region",)
    services = (services.department_create, services.department_update, services.department_delete)
    http_method_names = HTTP_METHODS_WITH_PUT
