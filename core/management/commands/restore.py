"""manage.py restore PATH: an archive of `manage.py backup` into the configured (fresh) database and MEDIA_ROOT."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup archive: the database (replacing its tables) and the stored files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")

    def handle(self, *args: Any, path: str, **options: Any) -> None:
        try:
            manifest = backup_restore(Path(path))
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"restored {path} (made {manifest['created_at']}, {manifest['media_files']} files)")
        )
