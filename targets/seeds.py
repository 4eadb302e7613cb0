"""The two decomposition tables of the seed notices, transcribed cell by cell, and the demo that imports them.

Source: shared/seeds/jiaxing-2019-investment-work-points.txt (嘉经信投资〔2019〕15号, its attachment
"2019年度嘉兴市工业投资和技术改造目标任务分解表") and
shared/seeds/jiaxing-2019-2021-smart-transformation-plan.txt (the attachment "嘉兴市工业企业智能化
技术改造三年目标任务分解表（2019～2021年）"). The layout follows the notices: title rows merged
over the table, units as rows in the first and as columns in the second, indicator labels merged
down over their years. In the 2019 table the two text cells of 嘉善县 (high-quality projects and the
share target) stand above empty cells down to 嘉兴港区: the notice's own words ("各县（市、区）力争
总投资100亿元以上项目各1个…") make them one merged cell that applies to every unit, so they are
transcribed as vertical merges.

Tests build .xlsx, .docx and pasted-text fixtures from these grids; the demo imports them through
the same recognition and `plan_import` service as a user's upload.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .recognition import SourceTable

Merge = tuple[tuple[int, int], tuple[int, int]]  # ((first row, first column), (last row, last column)), from 0


@dataclass(frozen=True)
class OfficialTable:
    """A table as printed: rows of cell texts (the text of a merged range in its first cell) and its merges."""

    name: str
    rows: list[list[str]]
    merges: list[Merge] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def width(self) -> int:
        return max(len(r) for r in self.rows)

    def plain(self) -> list[list[str]]:
        """The grid with each merged text in its first cell only (as the clipboard has it)."""
        return [[str(c) for c in row] + [""] * (self.width - len(row)) for row in self.rows]

    def expanded(self) -> list[list[str]]:
        """The grid with each merged text repeated over its range (as Excel and Word readers give it)."""
        grid = self.plain()
        for (r1, c1), (r2, c2) in self.merges:
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    grid[r][c] = grid[r1][c1]
        return grid

    def source(self) -> SourceTable:
        return SourceTable(name=self.name, cells=self.expanded())

    def tsv(self) -> str:
        """The table as Excel puts it on the clipboard: tabs, CRLF, quoted cells with line breaks."""

        def quote(text: str) -> str:
            if any(ch in text for ch in '\n\t"'):
                return '"' + text.replace('"', '""') + '"'
            return text

        return "\r\n".join("\t".join(quote(c) for c in row) for row in self.plain()) + "\r\n"


_UNITS_2019 = [
    ("嘉善县", "125", "190", "320", "28"),
    ("平湖市", "100", "180", "300", "30"),
    ("海盐县", "78", "170", "270", "22"),
    ("海宁市", "161", "315", "380", "35"),
    ("桐乡市", "155", "275", "360", "30"),
    ("南湖区", "42", "145", "230", "20"),
    ("秀洲区", "63", "145", "230", "22"),
    ("嘉兴经济技术开发区（国际商务区）", "31", "55", "150", "15"),
    ("嘉兴港区", "25", "25", "60", "8"),
]
_HIGH_QUALITY = "1.100亿元以上项目各1个；\n2.50亿元以上项目各2个；\n3.10亿元以上项目各5个。"

JIAXING_2019 = OfficialTable(
    name="2019年度分解表",
    rows=[
        ["2019年度嘉兴市工业投资和技术改造目标任务分解表", *[""] * 9],
        [
            "单位\n项目",
            "工业投资目标\n（亿元）",
            "高质量工业投资项目（个）",
            "技术改造投资增速\n（%）",
            "民间项目（制造业）投资增速（%）",
            "高新技术（制造业）产业投资\n增速（%）",
            "数字经济核心产业（制造业）、高端装备（制造业）产业投资占比（%）",
            "700项重点技改项目投资目标\n（亿元）",
            "智能化技术改造项目（项）",
            "新增工业机器人（台）",
        ],
        *[
            [
                name,
                investment,
                _HIGH_QUALITY if i == 0 else "",
                "12",
                "15",
                "15",
                "占比\n比上年提升" if i == 0 else "",
                key_projects,
                smart,
                robots,
            ]
            for i, (name, investment, smart, robots, key_projects) in enumerate(_UNITS_2019)
        ],
        ["合计", "780", "--", "12", "15", "15", "--", "210", "1500", "2300"],
    ],
    merges=[((0, 0), (0, 9)), ((2, 2), (10, 2)), ((2, 6), (10, 6))],
    metadata={
        "title": "2019年嘉兴市工业投资和技术改造工作要点",
        "document_number": "嘉经信投资〔2019〕15号",
        "issuer": "嘉兴市经济和信息化局",
        "issued_on": dt.date(2019, 2, 15),
        "year_start": 2019,
        "year_end": 2019,
    },
)

_SMART_UNITS = [
    "全市",
    "南湖区",
    "秀洲区",
    "嘉善县",
    "平湖市",
    "海盐县",
    "海宁市",
    "桐乡市",
    "嘉兴经济技术开发区（国际商务区）",
    "嘉兴\n港区",
]
_SMART_BODY = [
    ("智能化改造\n投资（亿元）", "三年目标", "1000 70 81 146 127 100 206 198 40 32"),
    ("", "2019年", "300 21 24 44 38 30 62 60 12 9"),
    ("", "2020年", "330 23 27 48 42 33 68 65 13 11"),
    ("", "2021年", "370 26 30 54 47 37 76 73 15 12"),
    ("在役工业机器人（台）", "到2019年底", "14000 1200 1300 2200 1800 1600 2200 2100 1100 500"),
    ("", " 到2020年底", "16000 1440 1500 2490 2070 1840 2550 2430 1230 450"),
    ("", " 到2021年底", "18000 1620 1680 2790 2330 2080 2900 2750 1330 520"),
    ("智能化工厂（数字化车间）示范（个）", "三年目标", "100 9 9 12 12 12 15 12 7 12"),
    ("", "2019年", "25 2 2 3 3 3 4 3 2 3"),
    ("", "2020年", "35 3 3 4 4 4 6 4 2 5"),
    ("", "2021年", "40 4 4 5 5 5 5 5 3 4"),
    ("拥有省级工程服务公司（家）", "到2021年底", "25 2 2 3 3 3 5 5 1 1"),
]

JIAXING_SMART_2019_2021 = OfficialTable(
    name="三年目标分解表",
    rows=[
        ["嘉兴市工业企业智能化技术改造三年目标任务分解表", *[""] * 11],
        ["（2019～2021年）", *[""] * 11],
        ["项目内容", "年份", *_SMART_UNITS],
        *[[label, period, *values.split()] for label, period, values in _SMART_BODY],
    ],
    # Title rows over the whole width; each indicator label down over its periods (body starts at row 3).
    merges=[((0, 0), (0, 11)), ((1, 0), (1, 11)), ((3, 0), (6, 0)), ((7, 0), (9, 0)), ((10, 0), (13, 0))],
    metadata={
        "title": "嘉兴市深入推进工业企业智能化技术改造三年行动计划（2019～2021年）",
        "document_number": "",
        "issuer": "嘉兴市人民政府办公室",
        "issued_on": dt.date(2019, 4, 18),
        "year_start": 2019,
        "year_end": 2021,
    },
)

SEED_TABLES = (JIAXING_2019, JIAXING_SMART_2019_2021)


def load_seed_plans(*, actor: Any) -> int:
    """Import both seed tables as plans of 嘉兴市 through the importer; plans already there are skipped.

    Returns how many plans were created. Idempotent: a plan is recognised by its title.
    """
    from regions.models import Region

    from .importing import preview_tables
    from .models import Plan
    from .services import plan_import

    city = Region.objects.get(code="330400")
    created = 0
    for table in SEED_TABLES:
        if Plan.objects.filter(title=table.metadata["title"]).exists():
            continue
        preview = preview_tables([table.source()])
        plan_import(
            data={**table.metadata, "scope_region": city},
            tables=preview.tables,
            actor=actor,
            source=table.name,
            reason="演示数据：种子通知的目标任务分解表",
        )
        created += 1
    return created
