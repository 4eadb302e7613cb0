from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    """The enterprise registry (企业库), keyed by 统一社会信用代码."""

    name = "enterprises"
    verbose_name = "企业库"

    def ready(self) -> None:
        from . import jobs  # noqa: F401  (registers the import job kinds)
