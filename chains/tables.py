"""Tables of the chain pages (django-tables2); labels come from the models' verbose names."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core import clock
from core.tables import RowLinkColumn

from .models import Chain, ChainEnterprise, ChainRisk, Segment, SupplyDemandEvent

LEVEL_CLASS = {"red": "bg-red-lt", "orange": "bg-orange-lt", "yellow": "bg-yellow-lt"}


class ChainTable(tables.Table):
    name = tables.Column(linkify=True)
    department = tables.Column(accessor="department__name")

    class Meta:
        model = Chain
        fields = ("order", "name", "city_leader", "department", "patent_count", "standard_count")


class SegmentTable(tables.Table):
    name = tables.Column(linkify=True)
    chain = tables.Column(accessor="chain__name")

    class Meta:
        model = Segment
        fields = ("chain", "name", "position", "key_products")


class ChainEnterpriseTable(tables.Table):
    enterprise = RowLinkColumn(accessor="enterprise__name")
    chain = tables.Column(accessor="chain__name")
    segment = tables.Column(accessor="segment__name")
    region = tables.Column(accessor="enterprise__region__name", verbose_name=_("所属单位"), orderable=False)

    class Meta:
        model = ChainEnterprise
        fields = ("enterprise", "chain", "segment", "role", "products", "region")
        order_by = ("chain", "segment")


class ChainRiskTable(tables.Table):
    item = tables.Column(linkify=True)
    chain = tables.Column(accessor="chain__name")
    region = tables.Column(accessor="region__name")
    level = tables.Column()
    next_review = tables.Column()

    class Meta:
        model = ChainRisk
        fields = ("item", "chain", "region", "kind", "supplier_region", "supplier_country", "single_source",
                  "stock_days", "level", "owner", "next_review", "status")  # fmt: skip

    def render_level(self, record: ChainRisk, value: str) -> str:
        return format_html('<span class="badge {}">{}</span>', LEVEL_CLASS.get(record.level, ""), value)

    def render_next_review(self, record: ChainRisk, value: object) -> str:
        if record.status == "open" and record.next_review < clock.today():
            return format_html('<span class="text-danger" title="{}">{} ⚠</span>', _("复核逾期"), value)
        return format_html("{}", value)


class SupplyDemandEventTable(tables.Table):
    title = tables.Column(linkify=True)
    chain = tables.Column(accessor="chain__name")
    region = tables.Column(accessor="region__name")

    class Meta:
        model = SupplyDemandEvent
        fields = ("title", "chain", "region", "held_on", "participant_count", "deal_count", "deal_amount")
