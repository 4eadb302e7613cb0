from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    """Year-end assessment (考核) of the units by a plan's scoring rules, and the departments' duties (domain.md §5)."""

    name = "assessment"
    verbose_name = "考核与责任分解"

    def ready(self) -> None:
        from . import jobs  # noqa: F401  (register the duty-import job kinds)
