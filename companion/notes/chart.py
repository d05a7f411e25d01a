"""The report's chart: notes per theme per group as a PNG of labelled bars.

Every bar carries its group's name and count in words, so the chart is
readable without telling colours apart; the report puts a text table beside it.
Drawn with Pillow when it is installed; without it the report has the table only.
"""

from __future__ import annotations

import io
from typing import Any

from companion.notes.themes import Board
from companion.resources import asset

FONT = asset("fonts", "atkinson-hyperlegible", "AtkinsonHyperlegible-Regular.ttf")
WIDTH = 1000
BAR_HEIGHT = 22
GAP = 6
LABEL_WIDTH = 260
GROUP_COLOURS = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#555555")


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def font(size: int) -> Any:
    from PIL import ImageFont

    try:
        return ImageFont.truetype(str(FONT), size)
    except OSError:
        return ImageFont.load_default(size)


def chart_png(board: Board, title: str = "Notes per theme per group") -> bytes | None:
    """The chart as PNG bytes, or None when Pillow is not installed or there is nothing."""
    try:
        from PIL import Image, ImageDraw
    except ImportError:
        return None
    if not board.themes or not board.groups:
        return None
    groups = len(board.groups)
    block = groups * (BAR_HEIGHT + 2) + 2 * GAP + 24
    height = 60 + block * len(board.themes) + 20
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    big, small = font(22), font(16)
    draw.text((16, 16), title, fill="black", font=big)
    most = max([board.cell(t.id, g).notes for t in board.themes for g, _ in board.groups] + [1])
    scale = (WIDTH - LABEL_WIDTH - 200) / most
    y = 60
    for theme in board.themes:
        draw.text((16, y), theme.name[:60], fill="black", font=small)
        y += 24
        for index, (group_id, name) in enumerate(board.groups):
            cell = board.cell(theme.id, group_id)
            colour = GROUP_COLOURS[index % len(GROUP_COLOURS)]
            draw.text((32, y + 2), name[:26], fill="#222222", font=small)
            length = max(2, int(cell.notes * scale)) if cell.notes else 0
            if length:
                draw.rectangle(
                    (LABEL_WIDTH, y, LABEL_WIDTH + length, y + BAR_HEIGHT - 2),
                    fill=colour,
                    outline="black",
                )
            words = f"{_count(cell.notes, 'note')}, {_count(cell.quotes, 'quote')}"
            draw.text((LABEL_WIDTH + length + 8, y + 2), words, fill="black", font=small)
            y += BAR_HEIGHT + 2
        y += 2 * GAP
        draw.line((16, y - GAP, WIDTH - 16, y - GAP), fill="#cccccc")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
