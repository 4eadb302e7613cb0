import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet

from . import registry
from .choices import JobStatus
from .models import Job


class JobFilterSet(FilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=JobStatus.choices)
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=registry.choices)

    class Meta:
        model = Job
        fields = ["status", "kind"]
