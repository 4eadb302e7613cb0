"""manage.py import_targets FILE [--table N] [--dry-run] [--json]: a notice's decomposition tables from the shell.

With --dry-run nothing is written: the command prints what the preview page shows (with --json,
the object scripts read: `tables`, each with `units`, `indicators` and `findings`). Without it,
the plan is imported through `plan_import` (the same service as the page), which needs the plan's
metadata: --title, --year-start/--year-end (or years the table names), --scope-region (or the
city the units belong to), and optionally --document-number, --issuer, --issued-on, --user (who imports; the
system actor without it).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from core.actors import SYSTEM
from regions.models import Region
from targets.importing import ImportPreview, as_json, preview_file
from targets.services import plan_import


class Command(BaseCommand):
    help = "Recognise (and with no --dry-run, import) the target decomposition tables of a .xlsx/.xls/.docx/.txt file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--table", type=int, default=None, help="only the N-th table of the file (from 1)")
        parser.add_argument("--dry-run", action="store_true", help="recognise and report; write nothing")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
        parser.add_argument("--title")
        parser.add_argument("--document-number", default="")
        parser.add_argument("--issuer", default="")
        parser.add_argument("--issued-on", type=dt.date.fromisoformat, default=None, help="YYYY-MM-DD")
        parser.add_argument("--year-start", type=int)
        parser.add_argument("--year-end", type=int)
        parser.add_argument("--scope-region", help="region code, e.g. 330400")
        parser.add_argument("--user", help="username recorded as the actor in the history")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        preview = preview_file(path.read_bytes(), path.name, table=options["table"])
        if options["json"]:
            self.stdout.write(json.dumps(as_json(preview), ensure_ascii=False, indent=2))
        else:
            self._report(preview)
        if options["dry_run"]:
            if preview.errors:
                sys.exit(1)
            return
        if not preview.ok:
            raise CommandError("the file has errors; nothing was imported")
        plan = self._import(preview, path, options)
        if not options["json"]:
            self.stdout.write(self.style.SUCCESS(f"imported plan #{plan.pk}: {plan}"))

    def _import(self, preview: ImportPreview, path: Path, options: dict[str, Any]) -> Any:
        meta = preview.metadata
        code = options["scope_region"] or meta.get("scope_region_code")
        region = Region.objects.filter(code=code).first() if code else None
        if region is None:
            raise CommandError("--scope-region: give the code of the plan's region")
        actor: Any = SYSTEM  # the command acts as the system unless --user names who imports
        if options["user"]:
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"--user: no user {options['user']!r}")
        data = {
            "title": options["title"] or meta.get("title"),
            "document_number": options["document_number"] or meta.get("document_number", ""),
            "issuer": options["issuer"] or meta.get("issuer", ""),
            "issued_on": options["issued_on"] or meta.get("issued_on"),
            "year_start": options["year_start"] or meta.get("year_start"),
            "year_end": options["year_end"] or options["year_start"] or meta.get("year_end"),
            "scope_region": region,
        }
        missing = [name for name in ("title", "year_start", "year_end") if not data[name]]
        if missing:
            raise CommandError("missing plan metadata: " + ", ".join("--" + m.replace("_", "-") for m in missing))
        try:
            return plan_import(data=data, tables=preview.tables, actor=actor, source=path.name)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc

    def _report(self, preview: ImportPreview) -> None:
        for finding in preview.findings:
            self.stdout.write(f"[{finding.severity}] {finding.message}")
        for table in preview.tables:
            self.stdout.write(self.style.MIGRATE_HEADING(f"{table.index}. {table.name}"))
            for unit in table.units:
                self.stdout.write(f"  unit  {unit.name!r:<40} → {unit.region_code or '—'}")
            for line in table.lines:
                check = {True: "consistent", False: "MISMATCH", None: "—"}[line.check.consistent]
                self.stdout.write(
                    f"  {line.name}（{line.unit}）{line.period_label} [{line.kind}] "
                    f"city={line.check.city_value} sum={line.check.sum_of_units} {check}"
                )
            for finding in table.findings:
                self.stdout.write(f"  [{finding.severity}] {finding.row}{finding.column}: {finding.message}")
