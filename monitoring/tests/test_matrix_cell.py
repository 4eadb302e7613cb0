"""The matrix cell is HTML built in Python (monitoring/templatetags/matrix.py): every value escaped, and the same
markup as Django's `format_html` would give."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from monitoring.templatetags.matrix import matrix_cell, matrix_cells

CELL = {
    "empty": False,
    "coverage": "",
    "value": Decimal("67.46"),
    "completion": "41.9%",
    "deviation": Decimal("8.6"),
    "deviation_text": "快于序时进度8.6个百分点",
    "growth": "12.4%",
    "two_year": "",
    "css": "bg-green-lt",
    "rank": 1,
    "rank_change": "↑1",
    "forecast_warning": False,
    "provisional": False,
}


def test_a_note_and_texts_are_escaped():
    html = matrix_cell({"nil": True, "note": '<script>alert("x")</script>'})
    assert "<script>" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    html = matrix_cell({**CELL, "deviation_text": '"><img src=x onerror=alert(1)>', "css": 'a" onclick="x'})
    assert "<img" not in html and 'onclick="x' not in html and "&quot;&gt;&lt;img" in html


def test_the_cell_reads_as_before():
    html = matrix_cell(CELL)
    expected = format_html(
        '<td class="{}" title="{}"><div class="fw-bold">{}{}</div>{}</td>',
        "bg-green-lt",
        "快于序时进度8.6个百分点",
        Decimal("67.46"),
        "",
        mark_safe(
            '<div class="small">完成 41.9%</div><div class="small">快于序时进度8.6个百分点</div>'
            '<div class="small text-secondary">同比 12.4%</div><div class="small text-secondary">第1名 ↑1</div>'
        ),
    )
    assert html == expected
    assert (
        matrix_cells([CELL, {"missing": True}])
        == expected + '<td class="text-secondary text-center" data-missing="1">未报</td>'
    )
