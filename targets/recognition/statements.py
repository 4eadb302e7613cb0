"""City totals stated in a notice's own text, compared with its tables (issue #12). Pure functions.

A notice says its headline targets in sentences ("2019年，全市工业投资力争完成780亿元，同比增长12%")
and its review of last year in others ("全市完成工业投资883.4亿元,同比增长11.1%"). When the whole
notice is imported (a Word file, or its text pasted with the tables), each target sentence is matched
to the table's indicator by name and compared with the table's city value; a target amount and a
target growth that contradict each other on last year's stated base (970 亿元 on 883.4 is +9.8 %, not
+10 %) is a finding too. Nothing is corrected: the table is imported as written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from ..choices import IndicatorKind
from ..measures import MONEY_TO_WAN, plain
from .model import Line, RecognizedTable

_AMOUNT_UNITS = r"亿元|万元|万美元|台|项|个|家"
_YEAR = re.compile(r"((?:19|20)\d{2})年")
# 全市工业投资力争完成780亿元 / 全市完成工业投资883.4亿元 / 全市累计完成智能化技术改造投资1000亿元
_AMOUNT = re.compile(
    r"全市(?P<a>[\u4e00-\u9fff“”（）]*?)(?P<verb>力争|确保|争取)?(?:累计)?(?:完成|实现|达到)"
    r"(?P<b>[\u4e00-\u9fff“”（）]*?)(?P<num>\d+(?:\.\d+)?)(?P<unit>" + _AMOUNT_UNITS + r")(?P<more>以上)?"
)
_GROWTH_AFTER = re.compile(r"^[，,]?(?:同比)?增长(?P<g>-?\d+(?:\.\d+)?)%")
# 工业投资增长10% (a list of growth targets after 全市)
_GROWTH = re.compile(r"(?P<name>[\u4e00-\u9fff“”（）]{2,30}?)(?:同比)?增长(?P<g>-?\d+(?:\.\d+)?)%(?P<more>以上)?")
_TARGET_WORDS = re.compile(r"力争|确保|争取|目标|以上|计划")


@dataclass(frozen=True)
class Statement:
    """One figure the text states for the whole city: an amount (with its unit) and/or a growth in %."""

    text: str
    name: str
    year: int | None
    amount: Decimal | None = None
    unit: str = ""
    growth: Decimal | None = None
    is_target: bool = True


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def name_key(name: str) -> str:
    """A name compared loosely: 技术改造 = 技改, 项目 and a trailing 目标/增速 do not count."""
    key = _norm(name).replace("技术改造", "技改").replace("项目", "")
    key = re.sub(r"[“”\"()（）]", "", key)
    return re.sub(r"(目标|任务|增速|增长率|增幅|同比增长)$", "", key)


def find_statements(text: str) -> list[Statement]:
    """The city figures a notice's text states, with the year each paragraph speaks of.

    A paragraph starting with a year (2022年…) sets the year; after "全市" in a paragraph, clauses
    without an amount may list growth targets (全市规上工业增加值增长8%以上;工业投资增长10%).
    """
    found: list[Statement] = []
    year: int | None = None
    for paragraph in re.split(r"[。\n]", unicodedata.normalize("NFKC", text or "")):
        paragraph = paragraph.strip()
        years = _YEAR.findall(paragraph[:12])
        if years:
            year = int(years[0])
        city = False
        for clause in re.split(r"[；;]", paragraph):
            if "全市" in clause:
                city = True
            amounts = list(_AMOUNT.finditer(clause))
            for match in amounts:
                name = (match.group("a") or "") + (match.group("b") or "")
                if not name:
                    continue
                growth = _GROWTH_AFTER.match(clause[match.end() :])
                is_target = bool(match.group("verb") or match.group("more") or _TARGET_WORDS.search(paragraph))
                found.append(
                    Statement(
                        text=match.group(0) + (growth.group(0) if growth else ""),
                        name=name,
                        year=year,
                        amount=Decimal(match.group("num")),
                        unit=match.group("unit"),
                        growth=Decimal(growth.group("g")) if growth else None,
                        is_target=is_target,
                    )
                )
            if city and not amounts:
                rest = clause.split("全市", 1)[-1]
                for match in _GROWTH.finditer(rest):
                    found.append(
                        Statement(
                            text=match.group(0),
                            name=match.group("name"),
                            year=year,
                            growth=Decimal(match.group("g")),
                        )
                    )
    return found


def _in_wan(value: Decimal, unit: str) -> Decimal:
    return value * MONEY_TO_WAN[unit] if unit in MONEY_TO_WAN else value


def _match(lines: list[Line], name: str, *, growth: bool) -> Line | None:
    """The table line a stated name means: the same key, else the one whose key ends like it."""
    key = name_key(name)
    kinds = {IndicatorKind.GROWTH_RATE} if growth else {IndicatorKind.FLOW_AMOUNT, IndicatorKind.FLOW_COUNT}
    candidates = [ln for ln in lines if ln.kind in kinds and ln.city is not None]
    exact = [ln for ln in candidates if name_key(ln.name) == key]
    if len(exact) == 1:
        return exact[0]
    loose = [ln for ln in candidates if key.endswith(name_key(ln.name)) or name_key(ln.name).endswith(key)]
    return loose[0] if len(loose) == 1 else None


def implied_growth(amount: Decimal, base: Decimal) -> Decimal:
    """(amount ÷ base − 1) × 100, to one decimal as the bureau writes rates."""
    return ((amount / base - 1) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def check_statements(table: RecognizedTable, statements: list[Statement], year: int | None) -> None:
    """Findings where the text's city figures disagree with the table, or amount and growth disagree."""
    year = year or (table.years[0] if table.years else None)
    if year is None:  # a table without a title: the year the text's targets speak of
        year = max((s.year for s in statements if s.is_target and s.year), default=None)
    targets = [s for s in statements if s.is_target and (s.year is None or year is None or s.year == year)]
    bases = [s for s in statements if not s.is_target and year is not None and s.year == year - 1 and s.amount]
    for statement in targets:
        for growth, stated in ((False, statement.amount), (True, statement.growth)):
            line = _match(table.lines, statement.name, growth=growth) if stated is not None else None
            if line is None or line.city is None or not line.city.parsed.is_number:
                continue
            assert stated is not None and line.city.parsed.value is not None
            in_table = line.city.parsed.value
            same = (
                stated == in_table
                if growth
                else _in_wan(stated, statement.unit) == _in_wan(in_table, line.unit or statement.unit)
            )
            if not same:
                table.finding(
                    line.city.row,
                    line.city.column,
                    _("通知正文写“%(text)s”，表中%(name)s的全市目标为 %(value)s%(unit)s，两者不一致")
                    % {"text": statement.text, "name": line.name, "value": plain(in_table), "unit": line.unit},
                    "warning",
                )
        _check_pair(table, statement, bases)


def _check_pair(table: RecognizedTable, statement: Statement, bases: list[Statement]) -> None:
    """A target amount and growth against last year's stated amount: both cannot hold otherwise."""
    key = name_key(statement.name)
    base = next((b for b in bases if name_key(b.name) == key and b.unit == statement.unit), None)
    if base is None or base.amount is None:
        base = next((b for b in bases if name_key(b.name) == key), None)
    if base is None or base.amount is None:
        return
    amount, unit = statement.amount, statement.unit
    growth = statement.growth
    if amount is None:
        line = _match(table.lines, statement.name, growth=False)
        if line is not None and line.city is not None and line.city.parsed.value is not None:
            amount, unit = line.city.parsed.value, line.unit
    if growth is None:
        line = _match(table.lines, statement.name, growth=True)
        if line is not None and line.city is not None and line.city.parsed.value is not None:
            growth = line.city.parsed.value
    if amount is None or growth is None or not base.amount:
        return
    implied = implied_growth(_in_wan(amount, unit), _in_wan(base.amount, base.unit))
    if abs(implied - growth) >= Decimal("0.1"):
        table.table_finding(
            _(
                "%(name)s：目标 %(amount)s%(unit)s 比上年 %(base)s%(base_unit)s 增长 %(implied)s%%，"
                "与目标增速 %(growth)s%% 不一致"
            )
            % {
                "name": statement.name,
                "amount": plain(amount),
                "unit": unit,
                "base": plain(base.amount),
                "base_unit": base.unit,
                "implied": implied,
                "growth": plain(growth),
            },
            "warning",
        )
