from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    """Monthly monitoring (月度监测): completion against 序时进度, warnings, rankings (亮晒) and forecasts."""

    name = "monitoring"
    verbose_name = "月度监测"
