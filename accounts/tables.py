import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import User


class UserTable(tables.Table):
    username = tables.Column(linkify=True)
    region = tables.Column(accessor="region__name", verbose_name=_("所属地区"))
    department = tables.Column(accessor="department__name", verbose_name=_("所属部门"))
    enterprise = tables.Column(accessor="enterprise__name", verbose_name=_("所属企业"))

    class Meta:
        model = User
        fields = ("username", "full_name", "role", "region", "department", "enterprise", "is_active", "last_login")
        attrs = {"class": "table table-vcenter card-table"}
