from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet, YesNoFilter

from .models import Notification


class NotificationFilterSet(FilterSet):
    unread = YesNoFilter(label=_("未读"), method="filter_unread")

    class Meta:
        model = Notification
        fields = ["unread", "kind"]

    def filter_unread(self, queryset: QuerySet[Notification], name: str, value: bool | None) -> QuerySet[Notification]:
        return queryset if value is None else queryset.filter(read_at__isnull=value)
