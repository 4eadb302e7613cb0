from __future__ import annotations

import django_tables2 as tables

from .models import Enterprise, Industry, Tag


class EnterpriseTable(tables.Table):
    name = tables.Column(linkify=True)
    region = tables.Column(accessor="region__name", verbose_name=Enterprise._meta.get_field("region").verbose_name)
    industry = tables.Column(
        accessor="industry__name", verbose_name=Enterprise._meta.get_field("industry").verbose_name
    )

    class Meta:
        model = Enterprise
        fields = ("uscc", "name", "region", "industry", "size_class", "land_mu", "employees", "listed")
        order_by = ("name",)


class IndustryTable(tables.Table):
    code = tables.Column(linkify=True)

    class Meta:
        model = Industry
        fields = ("code", "name", "level")
        attrs = {"class": "table table-vcenter card-table"}


class TagTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = Tag
        fields = ("name", "created_at")
        attrs = {"class": "table table-vcenter card-table"}
