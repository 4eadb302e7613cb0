"""manage.py load_regions FILE: load or update the region tree from a CSV (code,name,kind,parent_code,aliases)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.actors import SYSTEM
from regions.services import regions_load_csv


class Command(BaseCommand):
    help = "Load or update regions from a CSV in the format of data/regions-jiaxing.csv (never duplicates)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        if not file.exists():
            raise CommandError(f"no such file: {file}")
        plan = regions_load_csv(data=file.read_bytes(), actor=SYSTEM, reason=f"load_regions {file.name}")
        for f in plan.findings:
            self.stderr.write(f"{f.sheet} row {f.row} column {f.column}: {f.message}")
        if not plan.ok:
            raise CommandError(f"{len(plan.findings)} problem(s); nothing was written")
        self.stdout.write(
            f"regions: {len(plan.creates)} created, {len(plan.updates)} updated, {len(plan.unchanged)} unchanged"
        )
