from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import Bulletin, BulletinVersion


class BulletinTable(tables.Table):
    title = tables.Column(linkify=True)
    plan = tables.Column(accessor="plan__title", verbose_name=_("目标任务计划"))
    region = tables.Column(accessor="region__name", verbose_name=_("发布地区"))
    published_versions = tables.Column(verbose_name=_("已发布版本数"), orderable=False)

    class Meta:
        model = Bulletin
        fields = ("title", "year", "month", "plan", "region", "published_versions", "updated_at")
        order_by = ("-year", "-month")


class BulletinVersionTable(tables.Table):
    number = tables.Column(linkify=True)
    bulletin = tables.Column(accessor="bulletin__title", verbose_name=_("通报"))
    generated_by = tables.Column(accessor="generated_by", verbose_name=_("生成人"))

    class Meta:
        model = BulletinVersion
        fields = ("number", "bulletin", "status", "reason", "generated_at", "generated_by", "published_at")
        order_by = ("-generated_at",)
