from django.db import models
from django.utils.translation import gettext_lazy as _


class SizeClass(models.TextChoices):
    """规上 = above designated size (annual main-business revenue ≥ 20 million yuan), else 规下."""

    ABOVE = "above", _("规上")
    BELOW = "below", _("规下")


class IndustryLevel(models.TextChoices):
    """GB/T 4754-2017 levels: 门类 (letter), 大类 (2 digits), 中类 (3), 小类 (4)."""

    SECTION = "section", _("门类")
    DIVISION = "division", _("大类")
    GROUP = "group", _("中类")
    CLASS = "class", _("小类")
