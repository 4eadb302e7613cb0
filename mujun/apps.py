from django.apps import AppConfig


class MujunConfig(AppConfig):
    """亩均 evaluation: yearly enterprise data, rule sets, the A/B/C/D run, objections, prices and rectification (domain.md §7)."""

    name = "mujun"
    verbose_name = "亩均评价"
