import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import Department, Region


class RegionTable(tables.Table):
    name = tables.Column(linkify=True, order_by=("path",))
    depth = tables.Column(verbose_name=_("层级"))

    class Meta:
        model = Region
        fields = ("code", "name", "kind", "depth")
        order_by = ("name",)
        attrs = {"class": "table table-vcenter card-table"}


class DepartmentTable(tables.Table):
    name = tables.Column(linkify=True)
    region = tables.Column(accessor="region__name", verbose_name=_("所属地区"))

    class Meta:
        model = Department
        fields = ("name", "short_name", "level", "region")
        attrs = {"class": "table table-vcenter card-table"}
