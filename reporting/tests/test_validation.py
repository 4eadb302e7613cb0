"""The figure checks as pure functions, table-driven, without a database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reporting.periods import default_deadline, due_month, month_label, submitted_late
from reporting.validation import Line, parse_number, share_value, validate_entries
from targets.choices import IndicatorKind

LINES = {
    1: Line(1, "工业投资", IndicatorKind.FLOW_AMOUNT, "万元"),
    2: Line(2, "数字经济占比", IndicatorKind.SHARE, "%"),
    3: Line(3, "在役工业机器人", IndicatorKind.STOCK, "台"),
    4: Line(4, "规上企业数", IndicatorKind.STOCK, "家", computed=True),
    5: Line(5, "技改投资增速", IndicatorKind.GROWTH_RATE, "%"),
}


def where(indicator_id, name):
    return ("月报", indicator_id, name)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1,234.5", Decimal("1234.5")),
        ("１２３", Decimal("123")),
        (" 7 ", Decimal("7")),
        ("", None),
        ("——", None),
        (None, None),
        (0.1, Decimal("0.1")),
        (12, Decimal(12)),
    ],
)
def test_parse_number(raw, expected):
    assert parse_number(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "12亿", "nan", "1e400x", True])
def test_parse_number_refuses_words(raw):
    with pytest.raises(ValueError):
        parse_number(raw)


@pytest.mark.parametrize(
    ("entries", "previous", "errors", "warnings"),
    [
        ({1: {"value": "628405.82", "base_value": "581687.74"}}, {1: Decimal(476140)}, [], []),
        ({1: {"value": "abc"}}, {}, [(1, "value")], []),
        ({1: {"value": "-5"}}, {}, [(1, "value")], []),
        ({1: {"value": "400000"}}, {1: Decimal(476140)}, [], [(1, "value")]),  # YTD fell: a warning
        ({2: {"numerator": "5", "denominator": "0"}}, {}, [(2, "denominator")], []),
        ({2: {"numerator": "5"}}, {}, [], [(2, "denominator")]),
        ({3: {"value": "-1"}}, {}, [(3, "value")], []),
        ({3: {"value": "100"}}, {3: Decimal(200)}, [], []),  # stocks may fall
        ({4: {"value": "abc"}}, {}, [], []),  # computed: what the user typed is ignored
        ({5: {"value": "300000"}}, {}, [], [(5, "base_value")]),  # growth needs a base
        ({9: {"value": "1"}}, {}, [(9, "indicator")], []),
    ],
)
def test_validate_entries(entries, previous, errors, warnings):
    checked = validate_entries(LINES, entries, previous=previous, where=where)
    assert [(f.row, f.column) for f in checked.errors] == errors
    assert [(f.row, f.column) for f in checked.warnings] == warnings


def test_share_is_recomputed_from_its_parts_and_fields_of_other_kinds_are_dropped():
    checked = validate_entries(
        LINES,
        {2: {"numerator": "120000", "denominator": "600000", "value": "99", "base_value": "1"}},
        previous={},
        where=where,
    )
    assert checked.ok
    assert checked.values[2].value == Decimal("20")
    assert checked.values[2].base_value is None
    assert share_value(Decimal(1500), Decimal("0.5"), "台/万人") == Decimal(3000)


@pytest.mark.parametrize(
    ("year", "month", "day", "expected"),
    [(2019, 2, 5, "2019-03-05"), (2019, 12, 5, "2020-01-05"), (2019, 5, 3, "2019-06-03")],
)
def test_default_deadline(year, month, day, expected):
    assert default_deadline(year, month, day=day).isoformat() == expected


def test_calendar():
    import datetime as dt

    from django.utils import timezone

    assert month_label(2019, 2) == "2019年1—2月"
    assert due_month(dt.date(2019, 2, 10)) is None  # 1—2月 is due in March
    assert due_month(dt.date(2019, 3, 1)) == (2019, 2)
    assert due_month(dt.date(2020, 1, 3)) == (2019, 12)
    deadline = dt.date(2019, 6, 5)
    at = timezone.make_aware(dt.datetime(2019, 6, 5, 23, 59))
    assert not submitted_late(at, deadline)
    assert submitted_late(at + dt.timedelta(minutes=2), deadline)
