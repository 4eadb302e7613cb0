import django_filters
from django.utils.translation import gettext_lazy as _

from .choices import JobStatus
from .models import Job


class JobFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=JobStatus.choices)
    kind = django_filters.CharFilter(label=_("类型"))

    class Meta:
        model = Job
        fields = ["status", "kind"]
