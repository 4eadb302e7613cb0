"""The bulletin's two charts as PNG images for Word and PDF, drawn with Pillow and the bundled font.

(The web page draws the same data with ECharts; Excel gets native charts.) Deterministic: the
same data gives the same bytes, so a regenerated version has identical images.
"""

from __future__ import annotations

import io
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

FONT_PATH = Path(settings.BASE_DIR) / "static" / "fonts" / "NotoSerifSC-Regular-GB2312.ttf"
WIDTH, HEIGHT = 1600, 800
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 110, 40, 90, 120
COLOURS = {"green": (46, 139, 87), "yellow": (230, 172, 0), "red": (200, 40, 40), None: (90, 120, 170)}
GRID = (220, 220, 220)
INK = (30, 30, 30)
SCHEDULE = (200, 40, 40)


@cache
def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_PATH), size)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def _centered(draw: ImageDraw.ImageDraw, x: float, y: float, text: str, size: int, fill: Any = INK) -> None:
    box = draw.textbbox((0, 0), text, font=font(size))
    draw.text((x - (box[2] - box[0]) / 2, y), text, font=font(size), fill=fill)


def completion_chart(data: dict[str, Any]) -> bytes | None:
    """Bars: each unit's completion of the headline indicator, coloured by warning; a line at 序时进度."""
    index = data.get("headline")
    if index is None:
        return None
    column = data["columns"][index]
    points = [
        (row["region"]["name"], Decimal(cell["completion"]), cell["colour"])
        for row in data["rows"]
        if (cell := row["cells"][index]) is not None and cell["completion"] is not None
    ]
    if not points:
        return None
    schedule = Decimal(data["schedule"])
    top = max([schedule, *(p[1] for p in points)]) * Decimal("1.15")
    top = max(Decimal(10), (top / 10).to_integral_value(rounding="ROUND_CEILING") * 10)
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    _centered(draw, WIDTH / 2, 20, _("%(name)s完成率与序时进度（%%）") % {"name": column["name"]}, 40)
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    base_y = MARGIN_TOP + plot_h

    def y_of(value: Decimal) -> float:
        return base_y - float(value / top) * plot_h

    for step in range(0, 6):
        value = top * step / 5
        y = y_of(value)
        draw.line([(MARGIN_LEFT, y), (WIDTH - MARGIN_RIGHT, y)], fill=GRID, width=2)
        label = f"{value:.0f}"
        box = draw.textbbox((0, 0), label, font=font(26))
        draw.text((MARGIN_LEFT - 12 - (box[2] - box[0]), y - 16), label, font=font(26), fill=INK)
    slot = plot_w / len(points)
    bar = slot * 0.55
    for i, (name, completion, colour) in enumerate(points):
        x = MARGIN_LEFT + slot * i + (slot - bar) / 2
        draw.rectangle([x, y_of(completion), x + bar, base_y], fill=COLOURS.get(colour, COLOURS[None]))
        _centered(draw, x + bar / 2, y_of(completion) - 34, f"{completion}", 26)
        _centered(draw, x + bar / 2, base_y + 14, name, 30)
    y = y_of(schedule)
    draw.line([(MARGIN_LEFT, y), (WIDTH - MARGIN_RIGHT, y)], fill=SCHEDULE, width=4)
    draw.text((WIDTH - MARGIN_RIGHT - 260, y - 40), _("序时进度 %s%%") % schedule, font=font(28), fill=SCHEDULE)
    draw.line([(MARGIN_LEFT, base_y), (WIDTH - MARGIN_RIGHT, base_y)], fill=INK, width=2)
    return _png(image)


def ranking_chart(data: dict[str, Any]) -> bytes | None:
    """Horizontal bars of the overall ranking: rank 1 on top, the bar's length = units − mean place + 1."""
    rows = [r for r in data["overall"] if r["rank"] is not None and r["mean_rank"] is not None]
    if not rows:
        return None
    count = len(rows)
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    _centered(draw, WIDTH / 2, 20, _("综合排名（各指标平均名次）"), 40)
    left = 260
    plot_w = WIDTH - left - 160
    slot = (HEIGHT - MARGIN_TOP - 40) / count
    worst = max(Decimal(count), *(Decimal(r["mean_rank"]) for r in rows))
    for i, row in enumerate(rows):
        y = MARGIN_TOP + slot * i
        mean = Decimal(row["mean_rank"])
        length = float((worst - mean + 1) / worst) * plot_w
        draw.text((40, y + slot * 0.15), f"{row['rank']}. {row['region']['name']}", font=font(30), fill=INK)
        draw.rectangle([left, y + slot * 0.15, left + length, y + slot * 0.8], fill=COLOURS[None])
        draw.text((left + length + 12, y + slot * 0.2), str(mean), font=font(26), fill=INK)
    return _png(image)


def charts(data: dict[str, Any]) -> dict[str, bytes]:
    """The charts that have data, by name."""
    found = {"completion": completion_chart(data), "ranking": ranking_chart(data)}
    return {name: png for name, png in found.items() if png is not None}
