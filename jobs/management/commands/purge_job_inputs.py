"""manage.py purge_job_inputs: delete job input files past the retention (the daily task does the same)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from jobs.retention import job_inputs_purge


class Command(BaseCommand):
    help = "Delete uploaded job input files older than --days (default JOB_INPUT_RETENTION_DAYS)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=settings.JOB_INPUT_RETENTION_DAYS)

    def handle(self, *args: Any, days: int, **options: Any) -> None:
        self.stdout.write(f"deleted {job_inputs_purge(days=days)} files")
