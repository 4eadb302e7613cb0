"""The system's "today" (issue 12): the real date, or the demo's day when the demo set one.

The Jiaxing demo holds the 2019 figures; read against the real clock its pages would say "2026年月度投资"
beside 2019 numbers. `make run` loads the demo, which sets its day (`set_demo_today`): the day is kept in
`settings.DEMO_TODAY_FILE` (var/demo-today) so the server started after it reads the same day. An
environment variable `JINGXIN_TODAY` (YYYY-MM-DD) overrides both. Production has neither and runs on the real
date. Every "current period" default and every deadline comparison reads `today()`, never
`timezone.localdate()` itself.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from django.conf import settings
from django.utils import timezone

_UNSET = object()
_fixed: dt.date | object | None = _UNSET


def _configured() -> dt.date | None:
    value = os.environ.get("JINGXIN_TODAY", "").strip()
    if not value:
        path = getattr(settings, "DEMO_TODAY_FILE", None)
        if path and Path(path).is_file():
            value = Path(path).read_text(encoding="utf-8").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(
            f"JINGXIN_TODAY / {getattr(settings, 'DEMO_TODAY_FILE', '')}: 不是日期（YYYY-MM-DD）：{value}"
        ) from exc


def today() -> dt.date:
    """The day the system works on: the configured day if any, else the local date."""
    global _fixed
    if _fixed is _UNSET:
        _fixed = _configured()
    return _fixed if isinstance(_fixed, dt.date) else timezone.localdate()


def set_demo_today(day: dt.date) -> None:
    """The demo's day, from now on in this process and, through the file, in the server started after it."""
    global _fixed
    path = getattr(settings, "DEMO_TODAY_FILE", None)
    if path:
        Path(path).write_text(day.isoformat(), encoding="utf-8")
    _fixed = day


def reset() -> None:
    """Read the configuration again at the next call (tests; after the file changed)."""
    global _fixed
    _fixed = _UNSET
