from django.apps import AppConfig


class BulletinsConfig(AppConfig):
    """The monthly 通报 in Word, Excel and PDF, and the one-click statistical tables (domain.md §12)."""

    name = "bulletins"
    verbose_name = "通报"

    def ready(self) -> None:
        from . import jobs  # noqa: F401  (registers the generation job kind)
