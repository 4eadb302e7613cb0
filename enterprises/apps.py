from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    """The enterprise registry (企业库), keyed by 统一社会信用代码."""

    name = "enterprises"
    verbose_name = "企业库"

    def ready(self) -> None:
        from . import jobs, sources  # noqa: F401  (register the import job kinds and the computed sources)
