from core.api.viewsets import ScopedModelViewSet

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


class DepartmentViewSet(ScopedModelViewSet):
    model = Department
    serializer_class = DepartmentSerializer
    filterset_class = DepartmentFilterSet
    related = ("region",)
    create_service = services.department_create
    update_service = services.department_update
    delete_service = services.department_delete
