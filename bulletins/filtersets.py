"""One FilterSet per model, shared by the HTML lists and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet, YesNoFilter
from targets.filtersets import _plans

from .choices import VersionStatus
from .models import Bulletin, BulletinVersion


class BulletinFilterSet(FilterSet):
    plan = django_filters.ModelChoiceFilter(label=_("目标任务计划"), queryset=_plans)
    year = django_filters.NumberFilter(label=_("年度"))
    month = django_filters.NumberFilter(label=_("月份"))
    published = YesNoFilter(label=_("已发布"), method="filter_published")

    class Meta:
        model = Bulletin
        fields = ["plan", "year", "month", "published"]

    def filter_published(self, queryset: QuerySet[Bulletin], name: str, value: Any) -> QuerySet[Bulletin]:
        published = BulletinVersion.objects.filter(bulletin=OuterRef("pk"), status=VersionStatus.PUBLISHED)
        return queryset.filter(Exists(published)) if value else queryset.exclude(Exists(published))


class BulletinVersionFilterSet(FilterSet):
    plan = django_filters.ModelChoiceFilter(label=_("目标任务计划"), queryset=_plans, field_name="bulletin__plan")
    year = django_filters.NumberFilter(label=_("年度"), field_name="bulletin__year")
    month = django_filters.NumberFilter(label=_("月份"), field_name="bulletin__month")
    status = django_filters.ChoiceFilter(label=_("状态"), choices=VersionStatus.choices)
    bulletin = django_filters.NumberFilter(label=_("通报"), field_name="bulletin_id")

    class Meta:
        model = BulletinVersion
        fields = ["plan", "year", "month", "status", "bulletin"]
