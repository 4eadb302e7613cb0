from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    """The working-day calendar (法定节假日与调休): chinese-calendar plus the years the admin enters (domain.md §10)."""

    name = "workdays"
    verbose_name = "工作日历"
