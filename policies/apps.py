from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    """惠企政策 (domain.md §10): policies with criteria as data, matching both ways, 免申即享, applications, payments."""

    name = "policies"
    verbose_name = "惠企政策"

    def ready(self) -> None:
        from . import jobs, panels  # noqa: F401  (job kind, the enterprise panels)

        panels.register()
