"""Choices of the targets domain (domain.md §3). Every value says in one line what it means."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndicatorKind(models.TextChoices):
    """How an indicator's values add up over units and how progress is judged (domain.md §3 table)."""

    FLOW_AMOUNT = "flow_amount", _("流量（金额）")  # 工业投资 780 亿元: adds up over units; YTD ÷ target
    FLOW_COUNT = "flow_count", _("流量（数量）")  # 新增工业机器人 2300 台: adds up over units; YTD ÷ target
    STOCK = "stock", _("存量（期末）")  # 在役工业机器人 到年底: adds up over units, not over time
    GROWTH_RATE = "growth_rate", _("增速")  # 技改投资增速 12 %: the city's rate comes from summed amounts
    SHARE = "share", _("占比/比率")  # 投资占比 18 %, 机器人密度: from summed numerator and denominator
    QUALITATIVE = "qualitative", _("定性")  # 完成省下达目标任务: judged by a person


# Kinds whose unit values should sum to the city value (domain.md §3, "Consistency").
ADDITIVE_KINDS = frozenset({IndicatorKind.FLOW_AMOUNT, IndicatorKind.FLOW_COUNT, IndicatorKind.STOCK})
# Kinds that also add up over time: the years of a multi-year plan sum to its multi-year total.
FLOW_KINDS = frozenset({IndicatorKind.FLOW_AMOUNT, IndicatorKind.FLOW_COUNT})


class IndicatorSource(models.TextChoices):
    """Where a unit's monthly value of an indicator comes from (issue #3: typed in, or computed by a named query)."""

    MANUAL = "manual", _("填报")  # the unit types the value into its monthly report
    COMPUTED = "computed", _("系统计算")  # a named query over the system's data (core/sources.py) gives it


class Direction(models.TextChoices):
    """Which way is better for progress and warnings."""

    HIGHER = "higher", _("越高越好")  # investment, robots, projects
    LOWER = "lower", _("越低越好")  # energy use, emissions


class PeriodKind(models.TextChoices):
    """The period a target covers (domain.md §3: a year, a multi-year total, or a year-end stock)."""

    YEAR = "year", _("年度")  # one calendar year: year_start = year_end
    TOTAL = "total", _("多年合计")  # the whole span of a multi-year plan (三年目标)
    YEAR_END = "year_end", _("年末")  # a stock at the end of year_end (到2019年底)


class TargetStatus(models.TextChoices):
    """What a target cell of the official table says."""

    NUMBER = "number", _("数值")  # a number with a comparator: 125, 8以上
    NOT_DECOMPOSED = "not_decomposed", _("未分解")  # ——, —, --: the target is not decomposed to this unit
    BLANK = "blank", _("空白")  # an empty cell: no target for this unit
    RELATIVE = "relative", _("相对目标")  # 比上年提升, 高于面上1个百分点
    TEXT = "text", _("文字")  # a qualitative target, kept as written


class Comparator(models.TextChoices):
    """How a numeric target is met: `8以上` means at least 8 (≥, the number included)."""

    EQ = "eq", _("完成")  # reach the value
    GE = "ge", _("不低于")  # 以上, 不低于, 不少于, ≥
    LE = "le", _("不高于")  # 以下, 以内, 不超过, ≤


class RelativeKind(models.TextChoices):
    """What a relative target is relative to; `relative_offset` adds percentage points."""

    ABOVE_LAST_YEAR = "above_last_year", _("高于上年")  # 比上年提升 (+ offset pp when stated)
    ABOVE_CITY = "above_city", _("高于面上")  # 高于面上1个百分点: the city's value + offset pp


class PlanLayout(models.TextChoices):
    """How the notice's table lays the units out; the plan page shows the table the same way."""

    UNITS_AS_ROWS = "units_as_rows", _("单位为行")  # Jiaxing 2019: one row per unit, indicators as columns
    UNITS_AS_COLUMNS = "units_as_columns", _("单位为列")  # 2019–2021 plan: units as columns, years as rows
