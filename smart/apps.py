from django.apps import AppConfig


class SmartConfig(AppConfig):
    """智能化技术改造: service companies, diagnoses, demonstrations, subsidies, equipment figures (domain.md §8)."""

    name = "smart"
    verbose_name = "智能化改造"

    def ready(self) -> None:
        from . import sources  # noqa: F401  (registers the computed sources)
