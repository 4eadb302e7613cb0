from core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet

from .. import services
from ..filtersets import EnterpriseFilterSet, IndustryFilterSet, TagFilterSet
from ..models import Enterprise, Industry, Tag
from .serializers import EnterpriseSerializer, IndustrySerializer, TagSerializer


class EnterpriseViewSet(ScopedModelViewSet):
    model = Enterprise
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilterSet
    related = ("region", "industry")
    prefetch = ("tags",)
    ordering_fields = ["name", "uscc", "land_mu", "employees", "updated_at"]
    ordering = ["name"]
    create_service = services.enterprise_create
    update_service = services.enterprise_update
    delete_service = services.enterprise_delete


class IndustryViewSet(ScopedReadOnlyViewSet):
    model = Industry
    serializer_class = IndustrySerializer
    filterset_class = IndustryFilterSet
    ordering = ["code"]


class TagViewSet(ScopedModelViewSet):
    model = Tag
    serializer_class = TagSerializer
    filterset_class = TagFilterSet
    ordering = ["name"]
    create_service = services.tag_create
    update_service = services.tag_update
    delete_service = services.tag_delete
