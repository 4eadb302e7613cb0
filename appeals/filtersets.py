"""One FilterSet per model, for the pages and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core import clock
from core.filters import FilterSet, YesNoFilter

from .choices import OPEN_STATUSES, Channel, Level, Rating, Status
from .models import Appeal, AppealAttachment, AppealCategory, AppealHop


class AppealFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("关键词"), method="filter_q")
    status = django_filters.ChoiceFilter(choices=Status.choices, label=_("状态"))
    level = django_filters.ChoiceFilter(choices=Level.choices, label=_("当前办理层级"))
    channel = django_filters.ChoiceFilter(choices=Channel.choices, label=_("渠道"))
    rating = django_filters.ChoiceFilter(choices=Rating.choices, label=_("评价"))
    overdue = YesNoFilter(label=_("超期"), method="filter_overdue")
    filed_from = django_filters.DateFilter(field_name="filed_on", lookup_expr="gte", label=_("登记日期起"))
    filed_to = django_filters.DateFilter(field_name="filed_on", lookup_expr="lte", label=_("登记日期止"))

    class Meta:
        model = Appeal
        fields = [
            "q",
            "status",
            "level",
            "category",
            "channel",
            "region",
            "department",
            "rating",
            "overdue",
            "filed_from",
            "filed_to",
        ]

    def filter_q(self, queryset: QuerySet[Appeal], name: str, value: str) -> QuerySet[Appeal]:
        if not value:
            return queryset
        return queryset.filter(
            Q(number__icontains=value) | Q(title__icontains=value) | Q(enterprise__name__icontains=value)
        )

    def filter_overdue(self, queryset: QuerySet[Appeal], name: str, value: bool | None) -> QuerySet[Appeal]:
        if value is None:
            return queryset
        overdue = Q(status__in=(Status.SUBMITTED, Status.IN_PROGRESS), answer_due__lt=clock.today())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class AppealCategoryFilterSet(FilterSet):
    active = YesNoFilter(label=_("启用"))

    class Meta:
        model = AppealCategory
        fields = ["active"]


class AppealHopFilterSet(FilterSet):
    class Meta:
        model = AppealHop
        fields = ["appeal", "action"]


class AppealAttachmentFilterSet(FilterSet):
    class Meta:
        model = AppealAttachment
        fields = ["appeal"]


__all__ = ["OPEN_STATUSES"]
