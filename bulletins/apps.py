from django.apps import AppConfig


class BulletinsConfig(AppConfig):
    """The monthly 通报 in Word, Excel and PDF, and the one-click statistical tables (domain.md §12)."""

    name = "bulletins"
    verbose_name = "通报"
