"""Translated labels built at import time (choice lists) that must still follow the language of each request."""

from __future__ import annotations

from typing import Any

from django.utils.functional import lazy
from django.utils.translation import gettext


def _percent(message: str, value: Any) -> str:
    return gettext(message) % value


# `_("1—%d月") % 5` at import time freezes the language of the first import; this formats when shown.
lazy_percent = lazy(_percent, str)
