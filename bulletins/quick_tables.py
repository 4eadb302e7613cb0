"""One-click tables (一键报表, domain.md §12) as Excel, in the layout the notices use.

- the target decomposition table of a plan (units as rows, each period's indicators as columns
  with the unit in the header, the city's row last);
- the monthly progress table of a plan (monitoring's matrix, current accepted and locked reports);
- the project lists per stage (projects.selectors.project_stage_lists), one sheet per stage.
Each reads within the requesting user's scope.
"""

from __future__ import annotations

import io
from collections import defaultdict
from typing import Any

from django.utils.translation import gettext as _

from core.excel import open_workbook
from monitoring.calculations import schedule_progress
from monitoring.display import rounded, shown_value
from monitoring.selectors import monitoring_matrix
from regions.models import Region
from reporting.periods import month_label
from targets.models import Plan, Target

from .excel import Formats, headline_sheet, matrix_sheet, number, overall_sheet
from .selectors import headline_index, matrix_data


def _book() -> tuple[io.BytesIO, Any, Formats]:
    buffer = io.BytesIO()
    book = open_workbook(buffer, {"in_memory": True})
    return buffer, book, Formats(book)


def decomposition_xlsx(*, plan: Plan, user: Any) -> bytes:
    """目标任务分解表: 序号, 地区, then per period the indicators ("工业投资（亿元）"), the plan's region last."""
    targets = list(
        Target.objects.visible_to(user)
        .filter(indicator__plan=plan)
        .select_related("indicator", "region")
        .order_by("indicator__order", "indicator_id", "year_start", "year_end")
    )
    periods: dict[str, list[Any]] = defaultdict(list)  # period label → indicators in order
    cells: dict[tuple[int, str, int], Target] = {}
    regions: dict[int, Region] = {}
    for t in targets:
        if t.indicator not in periods[t.period_label]:
            periods[t.period_label].append(t.indicator)
        cells[(t.region_id, t.period_label, t.indicator_id)] = t
        regions[t.region_id] = t.region
    units = sorted(
        (r for r in regions.values() if r.pk != plan.scope_region_id), key=lambda r: (not r.code.isdigit(), r.code)
    )
    if plan.scope_region_id in regions:
        units.append(regions[plan.scope_region_id])
    buffer, book, f = _book()
    ws = book.add_worksheet(_("目标任务分解表"))
    width = 2 + sum(len(v) for v in periods.values())
    ws.merge_range(0, 0, 0, max(width - 1, 2), _("%s分解表") % plan.title, f.title)
    if plan.document_number:
        ws.write(1, 0, plan.document_number, f.note)
    ws.merge_range(2, 0, 3, 0, _("序号"), f.head)
    ws.merge_range(2, 1, 3, 1, _("地区"), f.head)
    col = 2
    layout = []
    for label, indicators in periods.items():
        if len(indicators) > 1:
            ws.merge_range(2, col, 2, col + len(indicators) - 1, label, f.head)
        else:
            ws.write(2, col, label, f.head)
        for indicator in indicators:
            ws.write(3, col, str(indicator), f.head)
            layout.append((col, label, indicator))
            col += 1
    ws.set_row(3, 36)
    for i, region in enumerate(units, start=1):
        r = 3 + i
        total = region.pk == plan.scope_region_id
        ws.write(r, 0, "" if total else i, f.center)
        ws.write(r, 1, _("全市") if total and region.kind == "city" else region.name, f.total_text if total else f.text)
        for c, label, indicator in layout:
            target = cells.get((region.pk, label, indicator.pk))
            if target is None:
                ws.write_blank(r, c, None, f.center)
            elif target.status == "number" and target.value is not None and target.comparator in ("eq", ""):
                number(ws, r, c, target.display_value, f.value)
            else:
                ws.write(r, c, target.display, f.center)
    ws.set_column(0, 0, 6)
    ws.set_column(1, 1, 16)
    ws.set_column(2, max(col, 3), 14)
    ws.freeze_panes(4, 2)
    book.close()
    return buffer.getvalue()


def progress_xlsx(*, plan: Plan, year: int, month: int, user: Any) -> bytes:
    """月度进度表: the matrix of accepted and locked reports (the same columns as the bulletin's table)."""
    matrix = monitoring_matrix(plan=plan, year=year, month=month, user=user)
    data: dict[str, Any] = {
        "plan": {"title": plan.title},
        "year": year,
        "month": month,
        "period": month_label(year, month),
        "publication": {"published_at": ""},
        "source_note": _("市局已确认和已发布的月报（当前数据）"),
        "region": {"name": plan.scope_region.name},
        **matrix_data(matrix, {}),
    }
    data["schedule"] = str(rounded(schedule_progress(month)))
    data["headline"] = headline_index(data["columns"])
    buffer, book, f = _book()
    matrix_sheet(book, f, data)
    headline_sheet(book, f, data)
    if matrix.complete:
        overall_sheet(book, f, data)
    book.close()
    return buffer.getvalue()


PROJECT_COLUMNS = (
    ("name", "项目名称"),
    ("enterprise", "实施主体"),
    ("region", "所在地"),
    ("code", "项目代码"),
    ("total_investment", "总投资（亿元）"),
    ("year_plan", "年度计划投资（亿元）"),
    ("ytd", "本年完成投资（亿元）"),
    ("stage", "所处阶段"),
    ("stars", "星级"),
)
MONEY_KEYS = {"total_investment", "year_plan", "ytd"}


def project_lists_xlsx(*, region: Region, year: int, month: int) -> bytes:
    """重点项目分阶段清单: one sheet per stage. Raises ImportError while the projects app does not provide it."""
    from projects.selectors import project_stage_lists  # type: ignore[attr-defined]

    try:
        from projects.choices import Stage  # type: ignore[attr-defined]

        labels = {str(code): str(label) for code, label in Stage.choices}
    except ImportError:
        labels = {}
    lists = project_stage_lists(region=region, year=year, month=month)
    buffer, book, f = _book()
    for stage, rows in lists.items():
        label = labels.get(str(stage), str(stage))
        ws = book.add_worksheet(label[:31])
        ws.merge_range(
            0,
            0,
            0,
            len(PROJECT_COLUMNS),
            _("%(region)s重点项目清单（%(stage)s，%(period)s）")
            % {"region": region.name, "stage": label, "period": month_label(year, month)},
            f.title,
        )
        ws.write(1, 0, _("序号"), f.head)
        for j, (_key, heading) in enumerate(PROJECT_COLUMNS, start=1):
            ws.write(1, j, _(heading), f.head)
        for i, row in enumerate(rows, start=1):
            ws.write(1 + i, 0, i, f.center)
            for j, (key, _heading) in enumerate(PROJECT_COLUMNS, start=1):
                value = row.get(key)
                if key in MONEY_KEYS:
                    number(ws, 1 + i, j, shown_value(value, "亿元") if value is not None else None, f.value)
                elif key == "stage":
                    ws.write(1 + i, j, labels.get(str(value), str(value or "")), f.text)
                elif key == "stars":
                    number(ws, 1 + i, j, value, f.center)
                else:
                    ws.write(1 + i, j, "" if value is None else str(value), f.text)
        ws.set_column(1, 2, 28)
        ws.set_column(3, len(PROJECT_COLUMNS), 14)
        ws.freeze_panes(2, 2)
    if not lists:
        book.add_worksheet(_("重点项目清单")).write(0, 0, _("没有项目"))
    book.close()
    return buffer.getvalue()
