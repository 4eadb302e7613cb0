import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from . import registry
from .models import Job


class JobTable(tables.Table):
    """Jobs as people name them: the kind's label (分解表识别), not its code, and who started it by name."""

    title = tables.Column(linkify=True)
    user = tables.Column(accessor="user", verbose_name=_("发起人"))

    class Meta:
        model = Job
        fields = ("title", "kind", "status", "progress", "user", "created_at", "finished_at")
        attrs = {"class": "table table-vcenter card-table"}

    def render_kind(self, value: str) -> str:
        return str(registry.label_of(value))

    def render_progress(self, value: int) -> str:
        return f"{value}%"
