"""Importing a notice's decomposition tables: read, recognise, preview; writing is `services.plan_import`.

A preview writes nothing: it lists, per table, the units (name as written → region), the
indicators (name, unit, kind, city value against the sum of units) with every value, and every
finding. Only a preview without errors can be confirmed (warnings — a sum that does not match, a
word where a number was expected — are shown and kept as written, never corrected).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from core.imports import Finding, column_letter
from regions.models import Region

from ..choices import IndicatorKind
from ..recognition import Line, RecognizedTable, SourceTable, recognize
from ..recognition.statements import check_statements, find_statements
from .readers import ACCEPTED_SUFFIXES, UnreadableFile, notice_metadata, read_tables, read_text

__all__ = [
    "ACCEPTED_SUFFIXES",
    "ImportPreview",
    "UnreadableFile",
    "preview_file",
    "preview_tables",
    "preview_text",
]

Overrides = Mapping[tuple[str, str], tuple[str, ...]]


@dataclass
class ImportPreview:
    """The recognised tables of one file or paste, and what the file says about the notice."""

    tables: list[RecognizedTable] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # about the file as a whole
    metadata: dict[str, Any] = field(default_factory=dict)  # suggested plan fields

    @property
    def recognised(self) -> list[RecognizedTable]:
        return [t for t in self.tables if t.recognised]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"] + [f for t in self.tables for f in t.errors]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"] + [f for t in self.tables for f in t.warnings]

    @property
    def ok(self) -> bool:
        return not self.errors and any(t.lines for t in self.recognised)


def preview_tables(
    sources: Sequence[SourceTable], *, table: int | None = None, overrides: Overrides | None = None
) -> ImportPreview:
    """Recognise the tables (or only table N, counted from 1) against the region tree (one query)."""
    preview = ImportPreview()
    if table is not None and not 1 <= table <= len(sources):
        preview.findings.append(
            Finding("", 0, "", _("文件中只有 %(n)d 张表格，没有第 %(table)d 张") % {"n": len(sources), "table": table})
        )
        return preview
    regions = list(Region.objects.only("pk", "code", "name", "path", "depth", "aliases"))
    for index, source in enumerate(sources, start=1):
        if table is not None and index != table:
            continue
        preview.tables.append(recognize(source, regions, index=index, overrides=overrides))
    if not preview.recognised:
        preview.findings.append(Finding("", 0, "", _("没有找到目标任务分解表（需要有县（市、区）名称的行或列）")))
    context = next((s.context for s in sources if s.context), "")
    if context:
        statements = find_statements(context)
        for recognised in preview.recognised:
            check_statements(recognised, statements, None)
    preview.metadata = _suggestions(preview, context)
    return preview


def preview_file(
    data: bytes, filename: str, *, table: int | None = None, overrides: Overrides | None = None
) -> ImportPreview:
    try:
        sources, findings = read_tables(data, filename)
    except UnreadableFile as exc:
        return ImportPreview(findings=[Finding(filename, 0, "", str(exc))])
    if not sources and findings:  # unreadable: the file's finding says it all
        return ImportPreview(findings=findings)
    preview = preview_tables(sources, table=table, overrides=overrides)
    preview.findings[:0] = findings
    return preview


def preview_text(text: str, *, overrides: Overrides | None = None) -> ImportPreview:
    return preview_tables([read_text(text)], overrides=overrides)


def _suggestions(preview: ImportPreview, context: str) -> dict[str, Any]:
    found: dict[str, Any] = notice_metadata(context) if context else {}
    years = [t.years for t in preview.recognised if t.years]
    if years:
        found["year_start"] = min(y[0] for y in years)
        found["year_end"] = max(y[1] for y in years)
    titles = [title for t in preview.recognised for title in t.titles]
    if titles and "title" not in found:
        found["title"] = titles[0]
    cities = [t.city_region_code for t in preview.recognised if t.city_region_code]
    if cities:
        found["scope_region_code"] = cities[0]
    return found


# --- output: the command's JSON and the preview page's data --------------------------------------


def _number(value: Decimal | None) -> int | float | None:
    """A JSON number for scripts; exact in the database, this is only the printed figure."""
    if value is None:
        return None
    normalized = value.normalize()
    if normalized == normalized.to_integral_value():
        return int(normalized)
    return float(normalized)


def finding_json(finding: Finding) -> dict[str, Any]:
    return {"severity": finding.severity, "message": finding.message, "row": finding.row, "column": finding.column}


def line_json(line: Line) -> dict[str, Any]:
    return {
        "name": line.name,
        "unit": line.unit,
        "kind": str(line.kind),
        "period": line.period_label,
        "city_value": _number(line.check.city_value),
        "sum_of_units": _number(line.check.sum_of_units),
        "consistent": line.check.consistent,
    }


def as_json(preview: ImportPreview) -> dict[str, Any]:
    """The shape `manage.py import_targets --dry-run --json` prints (issue #3)."""
    return {
        "tables": [
            {
                "units": [{"name": u.name, "region_code": u.region_code} for u in t.units],
                "indicators": [line_json(line) for line in t.lines],
                "findings": [finding_json(f) for f in t.findings],
            }
            for t in preview.tables
        ],
        "findings": [finding_json(f) for f in preview.findings],
    }


def as_result(preview: ImportPreview) -> dict[str, Any]:
    """Everything the preview page shows, as JSON for the job's result."""
    tables = []
    for t in preview.tables:
        flagged = {(f.row, f.column): f.severity for f in t.findings}

        def cell(value: Any, _flagged: dict[tuple[int, str], str] = flagged) -> dict[str, Any]:
            if value is None:
                return {"raw": "", "status": "", "flag": ""}
            where = (value.row + 1, column_letter(value.column))
            return {
                "raw": value.parsed.raw,
                "status": str(value.parsed.status),
                "flag": _flagged.get(where, ""),
                "where": f"{where[1]}{where[0]}",
            }

        tables.append(
            {
                "index": t.index,
                "name": t.name,
                "recognised": t.recognised,
                "titles": t.titles,
                "layout": str(t.layout or ""),
                "city_region_code": t.city_region_code,
                "total": {"name": t.total.name, "region_code": t.total.region_code} if t.total else None,
                "units": [
                    {
                        "name": u.name,
                        "region_code": u.region_code,
                        "region_name": u.region_name,
                        "problem": u.problem,
                        "where": f"{column_letter(u.column)}{u.row + 1}",
                    }
                    for u in t.units
                ],
                "lines": [
                    {
                        **line_json(line),
                        "kind_label": str(IndicatorKind(line.kind).label),
                        "unit_source": line.unit_source,
                        "direction": str(line.direction),
                        "city": cell(line.city),
                        "cells": [cell(line.values.get(i)) for i in range(len(t.units))],
                    }
                    for line in t.lines
                ],
                "time_checks": [
                    {
                        "indicator": c.indicator,
                        "unit": c.unit_name,
                        "total": _number(c.total),
                        "sum_of_years": _number(c.sum_of_years),
                        "consistent": c.consistent,
                    }
                    for c in t.time_checks
                ],
                "notes": t.notes,
                "findings": [f.as_dict() for f in t.findings],
                "errors": len(t.errors),
                "warnings": len(t.warnings),
            }
        )
    metadata = dict(preview.metadata)
    if isinstance(metadata.get("issued_on"), dt.date):
        metadata["issued_on"] = metadata["issued_on"].isoformat()
    return {
        "tables": tables,
        "findings": [f.as_dict() for f in preview.findings],
        "errors": len(preview.errors),
        "warnings": len(preview.warnings),
        "ok": preview.ok,
        "metadata": metadata,
        "indicators": _indicator_choices(preview),
    }


def _indicator_choices(preview: ImportPreview) -> list[dict[str, str]]:
    """The distinct indicators (name, unit) over all tables, with the proposed kind and direction."""
    seen: dict[tuple[str, str], dict[str, str]] = {}
    for t in preview.recognised:
        for line in t.lines:
            seen.setdefault(
                line.key,
                {
                    "name": line.name,
                    "unit": line.unit,
                    "unit_source": line.unit_source,
                    "kind": str(line.kind),
                    "direction": str(line.direction),
                },
            )
    return list(seen.values())
