import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import Job


class JobTable(tables.Table):
    title = tables.Column(linkify=True)
    user = tables.Column(accessor="user__username", verbose_name=_("发起人"))

    class Meta:
        model = Job
        fields = ("title", "kind", "status", "progress", "user", "created_at", "finished_at")
        attrs = {"class": "table table-vcenter card-table"}
