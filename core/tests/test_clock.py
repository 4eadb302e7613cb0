"""core.clock: the demo's day reaches every "today" of the system, and tests and production run on the real date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from core import clock


def test_without_configuration_today_is_the_local_date(monkeypatch):
    monkeypatch.delenv("JINGXIN_TODAY", raising=False)
    clock.reset()
    assert clock.today() == timezone.localdate()


def test_the_demo_day_is_kept_in_its_file_for_the_server_started_after_it(settings, tmp_path, monkeypatch):
    monkeypatch.delenv("JINGXIN_TODAY", raising=False)
    settings.DEMO_TODAY_FILE = tmp_path / "demo-today"
    clock.set_demo_today(dt.date(2019, 12, 31))
    assert clock.today() == dt.date(2019, 12, 31)
    assert settings.DEMO_TODAY_FILE.read_text() == "2019-12-31"
    clock.reset()  # a new process: it reads the file
    assert clock.today() == dt.date(2019, 12, 31)
    settings.DEMO_TODAY_FILE.unlink()
    clock.reset()
    assert clock.today() == timezone.localdate()


def test_the_environment_overrides_the_demo_file(settings, tmp_path, monkeypatch):
    settings.DEMO_TODAY_FILE = tmp_path / "demo-today"
    settings.DEMO_TODAY_FILE.write_text("2019-12-31")
    monkeypatch.setenv("JINGXIN_TODAY", "2020-01-10")
    clock.reset()
    assert clock.today() == dt.date(2020, 1, 10)


def test_a_day_that_is_not_a_date_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("JINGXIN_TODAY", "2019-13-01")
    clock.reset()
    with pytest.raises(ValueError, match="不是日期"):
        clock.today()
