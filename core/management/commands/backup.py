"""manage.py backup [PATH]: the database (pg_dump) and the stored files in one .tar.gz (core/backup.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the PostgreSQL database and MEDIA_ROOT into one archive (default var/backups/jingxin-<time>.tar.gz)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", help="the archive to write")

    def handle(self, *args: Any, path: str | None, **options: Any) -> None:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        target = Path(path) if path else Path(settings.BASE_DIR) / "var" / "backups" / f"jingxin-{stamp}.tar.gz"
        try:
            manifest = backup_create(target)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"{target}: database {manifest['database']}, {manifest['media_files']} files")
        )
