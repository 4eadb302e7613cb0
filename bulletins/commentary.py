"""The bulletin's generated commentary in the bureau's wording (domain.md §12, the seed notices).

Pure functions over the bulletin data (bulletins.selectors.bulletin_data): no database, no
arithmetic on money beyond what monitoring computed and rounded. The sentences follow the
notices: "全市工业投资完成X亿元，完成年度目标的Y%，快于序时进度Z个百分点", per unit
"海宁市工业投资完成x亿元，快于序时进度y个百分点，列全市第z位", the best units and the lagging
(red warning) units named.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

BEST_COUNT = 3  # the notices name the first three units


def schedule_phrase(deviation: str | None) -> str:
    """快于序时进度 8.6 个百分点 / 慢于… / 与序时进度持平 (from monitoring's rounded deviation)."""
    if deviation is None:
        return ""
    value = Decimal(deviation)
    if value > 0:
        return _("快于序时进度%s个百分点") % value
    if value < 0:
        return _("慢于序时进度%s个百分点") % -value
    return _("与序时进度持平")


def growth_phrase(growth: str | None) -> str:
    """同比增长 12.3% / 同比下降 4.0%."""
    if growth is None:
        return ""
    value = Decimal(growth)
    if value < 0:
        return _("同比下降%s%%") % -value
    return _("同比增长%s%%") % value


def _amount(cell: dict[str, Any], column: dict[str, Any]) -> str:
    return f"{cell['value']}{column['value_unit']}"


def coverage(data: dict[str, Any]) -> tuple[int, int, list[str]]:
    """(units that reported, all units, names of those that did not) of the bulletin's month."""
    found = data.get("coverage") or {}
    units = int(found.get("units", len(data.get("rows", []))))
    return int(found.get("reported", units)), units, list(found.get("missing", []))


def city_coverage(data: dict[str, Any]) -> tuple[int, int] | None:
    """(n, N) when the city row sums fewer units than it has: the units with a figure (a unit that reported 无 or
    did not report is not one of them), the smallest n over the indicators; None for a complete month."""
    short = [c for c in data["city"]["cells"] if c and c.get("covered") is not None and c["covered"] < c["of"]]
    return (min(c["covered"] for c in short), short[0]["of"]) if short else None


def city_sentence(data: dict[str, Any]) -> str | None:
    """全市工业投资完成X亿元，完成年度目标的Y%，快于（慢于）序时进度Z个百分点，同比增长G%。

    In an incomplete month the sum covers only the units that reported: it is called what it is
    (已报送的n个单位合计) and never compared with the city's target or 序时进度 (issue #12).
    """
    index = data.get("headline")
    if index is None:
        return None
    column = data["columns"][index]
    cell = data["city"]["cells"][index]
    if cell is None or cell["value"] is None:
        return None
    covered, of = cell.get("covered"), cell.get("of")
    if covered is not None and of is not None and covered < of:
        return _(
            "已报送的%(n)d个单位（共%(total)d个）%(name)s合计完成%(amount)s；因单位未报齐，全市数据暂不与年度目标和序时进度比较。"
        ) % {
            "n": covered,
            "total": of,
            "name": column["name"],
            "amount": _amount(cell, column),
        }
    parts = [
        _("%(city)s%(name)s完成%(amount)s")
        % {"city": _("全市"), "name": column["name"], "amount": _amount(cell, column)}
    ]
    if cell["completion"] is not None:
        parts.append(_("完成年度目标的%s%%") % cell["completion"])
    for phrase in (schedule_phrase(cell["deviation"]), growth_phrase(cell["growth"])):
        if phrase:
            parts.append(phrase)
    return "，".join(parts) + "。"


def unit_sentences(data: dict[str, Any]) -> list[str]:
    """One sentence per unit in rank order: 海宁市工业投资完成x亿元，快于序时进度y个百分点，列全市第z位。"""
    index = data.get("headline")
    if index is None:
        return []
    column = data["columns"][index]
    _reported, units, _missing = coverage(data)
    ranked = [(row, row["cells"][index]) for row in data["rows"] if row["cells"][index] is not None]
    # A unit that marked the figure 无 reported, but is not ranked: the rank is among those with a figure.
    ranked_count = sum(1 for _row, cell in ranked if cell["rank"] is not None)
    ranked.sort(key=lambda rc: (rc[1]["rank"] is None, rc[1]["rank"] or 0, rc[0]["region"]["code"]))
    sentences = []
    for row, cell in ranked:
        if cell.get("nil"):  # marked 无 by the unit: said so with its reason, never as an amount of 0
            note = f"（{cell['note']}）" if cell.get("note") else ""
            sentences.append(
                _("%(unit)s%(name)s本月填报为“无”%(note)s，未参与排名。")
                % {"unit": row["region"]["name"], "name": column["name"], "note": note}
            )
            continue
        parts = [
            _("%(unit)s%(name)s完成%(amount)s")
            % {"unit": row["region"]["name"], "name": column["name"], "amount": _amount(cell, column)}
        ]
        phrase = schedule_phrase(cell["deviation"])
        if phrase:
            parts.append(phrase)
        if cell["rank"] is not None:
            if ranked_count < units:  # ranked among the units with a figure, and said so
                parts.append(_("在已报送的%(n)d个单位中列第%(rank)d位") % {"n": ranked_count, "rank": cell["rank"]})
            else:
                parts.append(_("列全市第%d位") % cell["rank"])
        sentences.append("，".join(parts) + "。")
    return sentences


def best_units(data: dict[str, Any]) -> list[str]:
    """The first units of the overall ranking (ties included); none when no more than three units are ranked
    (a "top three" of three or fewer says nothing)."""
    ranked = [r for r in data["overall"] if r["rank"] is not None]
    if len(ranked) <= BEST_COUNT:
        return []
    return [r["region"]["name"] for r in ranked if r["rank"] <= BEST_COUNT]


def lagging_units(data: dict[str, Any]) -> list[str]:
    """Units with a red warning on the headline indicator (else on any indicator), in the table's order."""
    index = data.get("headline")
    indices = [index] if index is not None else range(len(data["columns"]))
    return [
        row["region"]["name"]
        for row in data["rows"]
        if any((cell := row["cells"][i]) is not None and cell["colour"] == "red" for i in indices)
    ]


def paragraphs(data: dict[str, Any]) -> list[str]:
    """The commentary: the city, the units, then who leads and who lags."""
    result = []
    city = city_sentence(data)
    if city:
        result.append(city)
    units = unit_sentences(data)
    if units:
        result.append(_("分地区看，") + "".join(units))
    reported, total, missing = coverage(data)
    best = best_units(data)
    if best and reported < total:
        result.append(
            _("从已报送的%(n)d个单位的综合排名看，%(best)s位列前三。") % {"n": reported, "best": "、".join(best)}
        )
    elif best:
        result.append(_("从综合排名看，%s位列前三。") % "、".join(best))
    if missing:
        result.append(
            _("%(names)s未报送本月数据，未参与排名（本月%(total)d个单位中已报送%(n)d个）。")
            % {"names": "、".join(missing), "total": total, "n": reported}
        )
    lagging = lagging_units(data)
    if lagging:
        result.append(_("%s进度明显滞后（红色预警），请加快推进，确保完成全年目标任务。") % "、".join(lagging))
    return result
