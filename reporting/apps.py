from django.apps import AppConfig


class ReportingConfig(AppConfig):
    """Monthly reports (月报): units report YTD values per indicator; reviewed, accepted, published, locked."""

    name = "reporting"
    verbose_name = "月报"

    def ready(self) -> None:
        from . import jobs  # noqa: F401  (register the Excel upload's job kinds)
