from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The top of the project: the home dashboard and the demo that loads every app's data.

    The one app allowed to import every domain app (core imports none of them).
    """

    name = "home"
    verbose_name = "工作台"
