"""Tables of the request pages; labels from the models' verbose names."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import Appeal, AppealAttachment, AppealCategory, AppealHop


class AppealTable(tables.Table):
    number = tables.Column(linkify=True, order_by=("number",))
    enterprise = tables.Column(accessor="enterprise__name", verbose_name=_("企业"), orderable=False)
    region = tables.Column(accessor="region__name", verbose_name=_("属地单位"), order_by=("region__path", "pk"))
    category = tables.Column(accessor="category__name", verbose_name=_("诉求类别"), order_by=("category__order", "pk"))
    filed_on = tables.Column(order_by=("filed_on", "pk"))
    answer_due = tables.Column(order_by=("answer_due", "pk"))

    class Meta:
        model = Appeal
        fields = (
            "number",
            "filed_on",
            "enterprise",
            "region",
            "category",
            "title",
            "status",
            "level",
            "answer_due",
            "escalation_level",
            "rating",
        )


class AppealCategoryTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = AppealCategory
        fields = ("order", "code", "name", "accept_days", "simple_days", "complex_days", "extended_days", "active")


class AppealHopTable(tables.Table):
    appeal = tables.Column(linkify=True)

    class Meta:
        model = AppealHop
        fields = ("appeal", "at", "action", "from_holder", "to_holder", "actor", "reason")


class AppealAttachmentTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = AppealAttachment
        fields = ("name", "appeal", "created_at")
