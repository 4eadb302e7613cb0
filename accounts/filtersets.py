from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet, YesNoFilter
from regions.models import Region

from .choices import Role
from .models import User


class UserFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search")
    role = django_filters.ChoiceFilter(label=_("角色"), choices=Role.choices)
    region = django_filters.ModelChoiceFilter(label=_("所属地区"), queryset=Region.objects.all())
    is_active = YesNoFilter(label=_("启用"))

    class Meta:
        model = User
        fields = ["q", "role", "region", "is_active"]

    def search(self, queryset: QuerySet[User], name: str, value: str) -> QuerySet[User]:
        return queryset.filter(Q(username__icontains=value) | Q(full_name__icontains=value)) if value else queryset
