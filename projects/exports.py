"""The library in the bureau's 重点项目清单 layout (.xlsx): the export, and the layout the import reads back.

Columns: 序号, 项目名称, 项目代码, 建设单位, 所属单位, 项目类型, 总投资, 其中设备投资, 年度计划投资, 用地,
类别, 所属清单, then for each of the nine nodes 计划 and 实际 under the node's name (two header rows),
then 阶段 and 星级. Money in 万元 as the bureau's tables write it. Rows are read in chunks with their
year plans, categories and lists fetched per chunk, so 100,000 projects take a fixed number of queries
per 2,000 rows and never sit in memory at once.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.excel import open_workbook

from .choices import NODE_ORDER, ProjectType, Stage
from .models import Project, ProjectNode, ProjectYearPlan

CHUNK = 2000
SHEET = "重点项目清单"


def leading_headers() -> list[str]:
    """The columns before the nodes (row 2 of the layout, merged over rows 2–3)."""
    return [
        _("序号"),
        _("项目名称"),
        _("项目代码"),
        _("建设单位"),
        _("所属单位"),
        _("项目类型"),
        _("总投资（万元）"),
        _("其中设备投资（万元）"),
        _("年度计划投资（万元）"),
        _("用地（亩）"),
        _("类别"),
        _("所属清单"),
    ]


def trailing_headers() -> list[str]:
    return [_("阶段"), _("星级")]


def node_columns_start() -> int:
    return len(leading_headers())


def _rows(queryset: QuerySet[Project], year: int) -> Iterator[list[Any]]:
    """The layout's rows, chunk by chunk (keyset pagination on the list's order would need its keys: pk chunks)."""
    ids = list(queryset.order_by("region__path", "-total_investment", "pk").values_list("pk", flat=True))
    type_labels = {k: str(v) for k, v in ProjectType.choices}
    stage_labels = {k: str(v) for k, v in Stage.choices}
    number = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        projects = {
            p.pk: p
            for p in Project.objects.filter(pk__in=chunk)  # type: ignore[attr-defined]
            .select_related("region", "enterprise")
            .prefetch_related("categories", "lists")
        }
        plans = dict(
            ProjectYearPlan.objects.filter(project_id__in=chunk, year=year).values_list(  # type: ignore[attr-defined]
                "project_id", "planned_investment"
            )
        )
        nodes: dict[int, dict[str, tuple[dt.date | None, dt.date | None]]] = defaultdict(dict)
        for pid, node, planned, actual in ProjectNode.objects.filter(project_id__in=chunk).values_list(  # type: ignore[attr-defined]
            "project_id", "node", "planned_date", "actual_date"
        ):
            nodes[pid][node] = (planned, actual)
        for pid in chunk:
            p = projects[pid]
            number += 1
            row: list[Any] = [
                number,
                p.name,
                p.code,
                p.enterprise.name if p.enterprise else "",
                p.region.name,
                type_labels.get(p.project_type, p.project_type),
                p.total_investment,
                p.equipment_investment,
                plans.get(pid),
                p.land_mu,
                "、".join(c.name for c in p.categories.all()),
                "、".join(lst.name for lst in p.lists.all()),
            ]
            for node in NODE_ORDER:
                planned, actual = nodes[pid].get(str(node), (None, None))
                row += [planned, actual]
            row += [stage_labels.get(p.stage, p.stage), p.stars]
            yield row


def write_library(path: str, queryset: QuerySet[Project], *, year: int) -> int:
    """Write the layout into `path`; return the number of projects written."""
    workbook = open_workbook(path, {"constant_memory": True})
    ws = workbook.add_worksheet(SHEET)
    head = workbook.add_format(
        {"bold": True, "bg_color": "#DDEBF7", "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True}
    )
    title_fmt = workbook.add_format({"bold": True, "font_size": 14, "align": "center"})
    date_fmt = workbook.add_format({"num_format": "yyyy-mm-dd"})
    money_fmt = workbook.add_format({"num_format": "#,##0.00"})
    lead = leading_headers()
    trail = trailing_headers()
    width = len(lead) + 2 * len(NODE_ORDER) + len(trail)
    ws.merge_range(0, 0, 0, width - 1, _("%(year)s年重点项目清单") % {"year": year}, title_fmt)
    # constant_memory writes row by row: row 2 entirely, then row 3. The vertical merges (a column's name
    # over both header rows) are registered as xlsxwriter's merge_range does it, without writing row 3 early.
    node_start = len(lead)
    trail_start = node_start + 2 * len(NODE_ORDER)
    for i, text in enumerate(lead):
        ws.write_string(1, i, text, head)
    for k, node in enumerate(NODE_ORDER):
        col = node_start + 2 * k
        ws.merge_range(1, col, 1, col + 1, str(node.label), head)
    for j, text in enumerate(trail):
        ws.write_string(1, trail_start + j, text, head)
    for col in [*range(len(lead)), *range(trail_start, trail_start + len(trail))]:
        ws.write_blank(2, col, None, head)
        ws.merge.append([1, col, 2, col])
    for k in range(len(NODE_ORDER)):
        col = node_start + 2 * k
        ws.write_string(2, col, _("计划"), head)
        ws.write_string(2, col + 1, _("实际"), head)
    ws.set_column(0, 0, 6)
    ws.set_column(1, 1, 36)
    ws.set_column(2, 2, 24)
    ws.set_column(3, 3, 30)
    ws.set_column(4, 5, 12)
    ws.set_column(6, 9, 14, money_fmt)
    ws.set_column(10, 11, 24)
    ws.set_column(len(lead), len(lead) + 2 * len(NODE_ORDER) - 1, 11, date_fmt)
    ws.freeze_panes(3, 2)
    count = 0
    for count, row in enumerate(_rows(queryset, year), start=1):
        r = 2 + count
        for i, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, Decimal):
                ws.write_number(r, i, float(value))  # an Excel number; exact decimals live in the database
            elif isinstance(value, dt.date):
                ws.write_datetime(r, i, dt.datetime.combine(value, dt.time()), date_fmt)
            else:
                ws.write(r, i, value)
    workbook.close()
    return count


def library_response(queryset: QuerySet[Project], *, year: int) -> FileResponse:
    tmp = tempfile.NamedTemporaryFile(suffix=".xlsx")  # deleted when the response closes it
    write_library(tmp.name, queryset, year=year)
    tmp.seek(0)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return FileResponse(
        tmp,
        as_attachment=True,
        filename=f"{SHEET}-{stamp}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
