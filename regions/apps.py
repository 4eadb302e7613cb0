from django.apps import AppConfig


class RegionsConfig(AppConfig):
    """The region tree (province → city → county-level units) and departments."""

    name = "regions"
    verbose_name = "地区与部门"
