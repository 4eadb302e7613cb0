from core.api.viewsets import HTTP_METHODS_WITH_PUT, ScopedModelViewSet, ScopedReadOnlyViewSet

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
    services = (services.enterprise_create, services.enterprise_update, services.enterprise_delete)
    http_method_names = HTTP_METHODS_WITH_PUT


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
    services = (services.tag_create, services.tag_update, services.tag_delete)
    http_method_names = HTTP_METHODS_WITH_PUT
