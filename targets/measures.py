"""Units of measure and what they tell about an indicator (domain.md §3, §13).

Official tables write the unit inside the header (`工业投资目标（亿元）`) or in a unit column.
The unit decides how values are stored (money exactly in 万元, §13) and, with the name, which
kind the indicator probably is; the importer proposes that kind and the user can correct it.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from core.figures import COUNT_UNITS

from .choices import Direction, IndicatorKind

# Units seen in the seed notices and the domain (domain.md §3), longest first so that
# "台/万人" wins over "台" and "万元/人·年" over "万元".
KNOWN_UNITS: tuple[str, ...] = tuple(
    sorted(
        {
            "亿元",
            "万元",
            "元",
            "万美元",
            "亿美元",
            "%",
            "个",
            "项",
            "家",
            "台",
            "台(套)",
            "套",
            "MW",
            "万千瓦",
            "万平方米",
            "平方米",
            "万吨标煤",
            "吨标煤",
            "台/万人",
            "万元/人·年",
            "万元/亩",
            "个百分点",
            "百分点",
            "亩",
            "万亩",
            "人",
            "场",
            "次",
            "条",
            "座",
        },
        key=len,
        reverse=True,
    )
)

# Money is stored exactly in 万元 (domain.md §13) and shown in the unit the table uses.
MONEY_TO_WAN: dict[str, Decimal] = {"亿元": Decimal(10000), "万元": Decimal(1), "元": Decimal("0.0001")}
STORAGE_UNIT_OF_MONEY = "万元"

_COUNT_UNITS = COUNT_UNITS
_AMOUNT_UNITS = frozenset(
    {"亿元", "万元", "元", "万美元", "亿美元", "MW", "万千瓦", "万平方米", "平方米", "万吨标煤", "吨标煤", "亩", "万亩"}
)
_RATIO_UNITS = frozenset({"台/万人", "万元/人·年", "万元/亩"})
_PERCENT_UNITS = frozenset({"%", "个百分点", "百分点"})

# A unit in brackets at the end of a header: （亿元） or (亿元), also with line breaks around it.
_TRAILING_BRACKET = re.compile(r"[(](?P<unit>[^()]{1,12})[)]\s*$")
_UNIT_PREFIX = re.compile(r"^(单位|计量单位)[:](?P<unit>.+)$")


def normalize_unit(text: str) -> str:
    """Half-width, no spaces: （％） and ( % ) both become %."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def is_unit(text: str) -> bool:
    return normalize_unit(text) in KNOWN_UNITS


def split_unit(header: str) -> tuple[str, str]:
    """A header's name and unit: `工业投资目标（亿元）` → (`工业投资目标`, `亿元`); no known unit → (header, "").

    Only a known unit in the last brackets is taken, so `民间项目（制造业）投资增速（%）` keeps
    （制造业） in its name and `智能化工厂（数字化车间）示范（个）` gives 个.
    """
    text = unicodedata.normalize("NFKC", header or "")
    text = re.sub(r"\s+", "", text)
    match = _TRAILING_BRACKET.search(text)
    if match and match.group("unit") in KNOWN_UNITS:
        return _restore_brackets(text[: match.start()]), match.group("unit")
    return _restore_brackets(text), ""


def unit_declaration(text: str) -> str:
    """`单位：亿元` above a table declares the unit of every column: → `亿元` (else "")."""
    match = _UNIT_PREFIX.match(normalize_unit(text))
    if match and match.group("unit") in KNOWN_UNITS:
        return match.group("unit")
    return ""


def _restore_brackets(text: str) -> str:
    # NFKC made brackets half-width for matching; names are shown with the official full-width ones.
    return text.replace("(", "（").replace(")", "）").strip()


# A count named by what it counts, when the table leaves the unit cell blank (Huzhou-style tables print a
# unit only where it is not obvious): …企业/…家 → 家, …个数/…数量 → 个, …项目 → 项 (issue #12).
_UNIT_FROM_NAME: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(个数|数量|个)$"), "个"),
    (re.compile(r"(企业|企业数|家数|家)$"), "家"),
    (re.compile(r"(项目|项目数|项数|项)$"), "项"),
    (re.compile(r"(台数|台)$"), "台"),
)


def unit_from_name(name: str) -> str:
    """The count unit an indicator's name states (新增规上工业企业 → 家, 专利授权数量 → 个); "" when it does not."""
    text = re.sub(r"[（(][^（）()]*[）)]$", "", normalize_unit(name))
    for pattern, unit in _UNIT_FROM_NAME:
        if pattern.search(text):
            return unit
    return ""


def is_money(unit: str) -> bool:
    return unit in MONEY_TO_WAN


def infer_kind(name: str, unit: str, *, stock_period: bool = False) -> IndicatorKind:
    """The kind a name and unit suggest (domain.md §3): 增速 → growth, 占比 → share, 在役/到…年底 → stock,
    亿元/万元 → amount, 台/项/个/家 → count; no unit and no clue → qualitative. A proposal: the user confirms it.
    """
    unit = normalize_unit(unit)
    if re.search(r"增速|增长率|增幅|同比增长", name):
        return IndicatorKind.GROWTH_RATE
    if unit in _RATIO_UNITS or re.search(r"占比|比重|比例|密度|[化联]网?率|率$", name):
        return IndicatorKind.SHARE
    if stock_period or re.search(r"在役|拥有|累计达到|保有", name):
        if unit in _COUNT_UNITS or unit in _AMOUNT_UNITS:
            return IndicatorKind.STOCK
    if unit in _PERCENT_UNITS:
        return IndicatorKind.SHARE
    if unit in _AMOUNT_UNITS:
        return IndicatorKind.FLOW_AMOUNT
    if unit in _COUNT_UNITS:
        return IndicatorKind.FLOW_COUNT
    return IndicatorKind.QUALITATIVE


def infer_direction(name: str) -> Direction:
    """Energy use and emissions are better lower, unless the indicator is their reduction (下降, 减少)."""
    if re.search(r"能耗|排放|事故|污染", name) and not re.search(r"下降|降低|减少|节能|腾出", name):
        return Direction.LOWER
    return Direction.HIGHER


def series_key(name: str) -> str:
    """The default series of an indicator: its name normalised (half-width, no spaces, no trailing bracketed note).

    The same indicator in different years' plans (工业投资 in 2018 and 2019) gets the same key, so
    monthly values, two-year averages and seasonal profiles can follow it across plans.
    """
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name or ""))
    text = re.sub(r"[(][^()]*[)]$", "", text) or text
    return text[:64]


def storage_unit(unit: str) -> str:
    """The unit a value is stored in: 万元 for money (domain.md §13), else the indicator's own unit."""
    return STORAGE_UNIT_OF_MONEY if unit in MONEY_TO_WAN else unit


def to_storage(value: Decimal, unit: str) -> Decimal:
    """A value in the table's unit → the stored value (亿元 × 10000 = 万元), exactly."""
    return value * MONEY_TO_WAN[unit] if unit in MONEY_TO_WAN else value


def from_storage(value: Decimal, unit: str) -> Decimal:
    """The stored value → the indicator's unit, without trailing zeros (7800000 万元 → 780 亿元)."""
    shown = value / MONEY_TO_WAN[unit] if unit in MONEY_TO_WAN else value
    return plain(shown)


def plain(value: Decimal) -> Decimal:
    """125.000000 → 125, 12.50 → 12.5: the number as a person writes it (exact, never a float)."""
    normalized = value.normalize()
    if normalized == normalized.to_integral_value():
        return normalized.quantize(Decimal(1))
    return normalized
