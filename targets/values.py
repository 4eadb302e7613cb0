"""What a cell of an official table says: a target value, or a period label. Pure functions.

domain.md §3: a target is a number with a comparator (`8以上` means ≥ 8), or `——`/`—` (not
decomposed to this unit), or blank (no target), or text (qualitative); relative targets exist:
比上年提升 (above last year's value), 高于面上1个百分点 (the city value + 1 pp).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .choices import Comparator, PeriodKind, RelativeKind, TargetStatus
from .measures import KNOWN_UNITS

# Dashes that mean "not decomposed to this unit": ——, —, --, -, －, ─, and the slash some tables use.
_NOT_DECOMPOSED = re.compile(r"^[-—–―─－/／\\]+$")
_UNITS = "|".join(re.escape(u) for u in KNOWN_UNITS)


def is_not_decomposed(text: str) -> bool:
    """Whether a cell holds only the dash (or slash) that means "not decomposed to this unit"."""
    return bool(_NOT_DECOMPOSED.match(re.sub(r"\s+", "", text)))


_NUMBER = re.compile(
    r"^(?P<pre>≥|>=|≤|<=|不低于|不少于|不小于|至少|达到|不高于|不超过|不大于|不多于|控制在)?"
    r"(?P<num>[+-]?\d+(?:,\d{3})*(?:\.\d+)?)"
    rf"(?:{_UNITS})?"
    r"(?P<post>及以上|以上|及以下|以下|以内|左右)?$"
)
_GE = {"≥", ">=", "不低于", "不少于", "不小于", "至少", "及以上", "以上"}
_LE = {"≤", "<=", "不高于", "不超过", "不大于", "不多于", "控制在", "及以下", "以下", "以内"}
_PP = r"(?P<pp>\d+(?:\.\d+)?)个?百分点"
_ABOVE_LAST_YEAR = re.compile(rf"比上年(?:提升|提高|增加|增长|上升)(?:{_PP})?")
_ABOVE_CITY = re.compile(rf"高于(?:面上|全市|平均|全市平均)(?:水平)?(?:{_PP})?")


@dataclass(frozen=True)
class ParsedTarget:
    """One target cell, understood; `raw` is the text as written (kept for every status)."""

    status: TargetStatus
    raw: str = ""
    value: Decimal | None = None
    comparator: Comparator | None = None
    relative_kind: RelativeKind | None = None
    relative_offset: Decimal | None = None  # percentage points added to the reference

    @property
    def is_number(self) -> bool:
        return self.status == TargetStatus.NUMBER


def _compact(text: str) -> str:
    # Full-width digits and signs become half-width; spaces and line breaks inside a cell do not count.
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def parse_target(text: str) -> ParsedTarget:
    """Read a target cell: '125' → 125; '8以上' → ≥ 8; '——' → not decomposed; '' → blank;
    '比上年提升' → relative; '高于面上1个百分点' → relative + 1 pp; anything else → text, kept as written.
    """
    raw = (text or "").strip()
    compact = _compact(raw)
    if not compact:
        return ParsedTarget(TargetStatus.BLANK, raw)
    if _NOT_DECOMPOSED.match(compact):
        return ParsedTarget(TargetStatus.NOT_DECOMPOSED, raw)
    match = _NUMBER.match(compact)
    if match:
        try:
            value = Decimal(match.group("num").replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
            value = None
        if value is not None and value.is_finite():
            pre, post = match.group("pre") or "", match.group("post") or ""
            comparator = Comparator.EQ
            if pre in _GE or post in _GE:
                comparator = Comparator.GE
            elif pre in _LE or post in _LE:
                comparator = Comparator.LE
            return ParsedTarget(TargetStatus.NUMBER, raw, value=value, comparator=comparator)
    for pattern, kind in ((_ABOVE_LAST_YEAR, RelativeKind.ABOVE_LAST_YEAR), (_ABOVE_CITY, RelativeKind.ABOVE_CITY)):
        found = pattern.search(compact)
        if found:
            offset = Decimal(found.group("pp")) if found.group("pp") else None
            return ParsedTarget(TargetStatus.RELATIVE, raw, relative_kind=kind, relative_offset=offset)
    return ParsedTarget(TargetStatus.TEXT, raw)


@dataclass(frozen=True)
class Period:
    """A period label: `2019年` (a year), `三年目标` (the plan's whole span), `到2019年底` (a year-end stock).

    Years are None when the label does not name them (三年目标): the plan's years fill them in.
    """

    kind: PeriodKind
    year_start: int | None = None
    year_end: int | None = None


_YEAR_END = re.compile(r"^(?:到|至|截至|截止|截止到)?(?P<y>(?:19|20)\d{2})年?(?:底|末|年底|年末)(?:前)?$")
_RANGE = re.compile(r"^(?P<a>(?:19|20)\d{2})年?[-—–~～至到](?P<b>(?:19|20)\d{2})年?(?:累计|合计|目标|总计)?$")
_YEAR = re.compile(r"^(?P<y>(?:19|20)\d{2})年?度?(?:目标|任务)?$")
_SPAN = re.compile(
    r"^(?:[两二三四五六七八九十]|\d)年(?:目标|累计|合计|总计|总目标|任务)$|^(?:累计|合计|总计)(?:目标)?$"
)


def parse_period(text: str) -> Period | None:
    """A label's period, or None when the label is not a period (then it is part of a name)."""
    compact = _compact(text).strip("()（）")
    if not compact:
        return None
    if match := _YEAR_END.match(compact):
        year = int(match.group("y"))
        return Period(PeriodKind.YEAR_END, year, year)
    if match := _RANGE.match(compact):
        a, b = int(match.group("a")), int(match.group("b"))
        return Period(PeriodKind.TOTAL, min(a, b), max(a, b))
    if match := _YEAR.match(compact):
        year = int(match.group("y"))
        return Period(PeriodKind.YEAR, year, year)
    if _SPAN.match(compact):
        return Period(PeriodKind.TOTAL)
    return None


_TITLE_RANGE = re.compile(r"((?:19|20)\d{2})\s*年?\s*[-—–~～至到]\s*((?:19|20)\d{2})")
_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def years_in(text: str) -> tuple[int, int] | None:
    """The years a title names: '（2019～2021年）' → (2019, 2021); '2019年度…分解表' → (2019, 2019)."""
    normalized = unicodedata.normalize("NFKC", text or "")
    if match := _TITLE_RANGE.search(normalized):
        a, b = int(match.group(1)), int(match.group(2))
        return min(a, b), max(a, b)
    if match := _TITLE_YEAR.search(normalized):
        year = int(match.group(1))
        return year, year
    return None


def resolve_period(
    period: Period | None, *, stock: bool, year_start: int, year_end: int
) -> tuple[PeriodKind, int, int]:
    """The stored period of a target, given the plan's years.

    A label without years means the plan's own: 三年目标 is the plan's whole span; no label at all
    is the plan's year (one-year plan), its whole span (multi-year plan), or — for a stock — the
    end of its last year.
    """
    if period is None:
        if stock:
            return PeriodKind.YEAR_END, year_end, year_end
        if year_start == year_end:
            return PeriodKind.YEAR, year_start, year_start
        return PeriodKind.TOTAL, year_start, year_end
    if period.year_start is None or period.year_end is None:
        return period.kind, year_start, year_end
    return period.kind, period.year_start, period.year_end
