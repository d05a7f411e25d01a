"""The report's "Participation across sessions": a chart with the same figures as text tables.

The chart (Pillow, where installed) shows each group's Gini of talk time per
session with its figures written beside every bar; the tables beside it give
the same figures for screen readers: across all groups per session, then per
group each member's share of the talk against an equal share.
"""

from __future__ import annotations

import io
import re
from typing import Any

from companion.notes.chart import GROUP_COLOURS, WIDTH, font
from companion.notes.export_md import cell, md
from companion.turns.trend import ParticipationTrend, not_heard

Table = tuple[str, list[str], list[list[str]]]  # title, header, rows

INTRO = (
    "From the participation summaries groups chose to keep: per member totals, never "
    "who spoke when. Gini is 0 when everyone talked equally; people not heard neither "
    "spoke nor passed. Members are shown by name only where the group kept names by consent."
)
_FIGURE = re.compile(r"[0-9.]+%?( \(equal [0-9]+%\))?|-|away")


def _cell(text: str) -> str:
    """Figures as they are (``md`` would put a backslash before "0.40"); words escaped."""
    return text if _FIGURE.fullmatch(text) else cell(text)


CHART_ALT = (
    "Bar chart of each group's Gini of talk time per session; the tables below give the "
    "same figures"
)


def tables(trend: ParticipationTrend) -> list[Table]:
    titles = [title for _, title in trend.sessions]
    found: list[Table] = [
        (
            "Across all groups, per session",
            ["Session", "Groups", "Mean Gini", "People not heard", "Members here"],
            [
                [
                    f.session,
                    str(f.groups),
                    f"{f.mean_gini:.2f}",
                    str(f.not_heard),
                    str(f.members_here),
                ]
                for f in trend.by_session()
            ],
        )
    ]
    for group in trend.groups:
        rows = trend.member_rows(group) + trend.group_rows(group)
        found.append(
            (
                f"{group}: share of the talk against an equal share",
                ["Member", *titles],
                [[label, *cells] for label, cells in rows],
            )
        )
    return found


def markdown(trend: ParticipationTrend, chart_name: str | None) -> str:
    if trend.empty:
        return ""
    out = ["\n## Participation across sessions\n\n", f"{md(INTRO)}\n\n"]
    if chart_name:
        out.append(f"![{CHART_ALT}]({chart_name})\n\n")
    for title, header, body in tables(trend):
        out.append(f"### {md(title)}\n\n")
        out.append("| " + " | ".join(cell(h) for h in header) + " |\n")
        out.append("|" + "---|" * len(header) + "\n")
        out.extend("| " + " | ".join(_cell(v) for v in row) + " |\n" for row in body)
        out.append("\n")
    return "".join(out)


def add_to_docx(document: Any, trend: ParticipationTrend, chart: bytes | None) -> None:
    from companion.notes import export_docx

    if trend.empty:
        return
    document.add_heading("Participation across sessions", level=1)
    document.add_paragraph(INTRO)
    if chart is not None:
        export_docx.add_picture(document, chart, CHART_ALT + ".", width=6.0)
    for title, header, body in tables(trend):
        document.add_heading(title, level=2)
        export_docx.add_table(document, header, body)


def chart_png(trend: ParticipationTrend) -> bytes | None:
    """Gini per group per session as labelled bars, or None without Pillow or summaries."""
    try:
        from PIL import Image, ImageDraw
    except ImportError:
        return None
    if trend.empty:
        return None
    bar, label_width = 22, 260
    block = len(trend.groups) * (bar + 2) + 36
    image = Image.new("RGB", (WIDTH, 60 + block * len(trend.sessions) + 20), "white")
    draw = ImageDraw.Draw(image)
    big, small = font(22), font(16)
    draw.text((16, 16), "Gini of talk time per group (0 = equal)", fill="black", font=big)
    scale = (WIDTH - label_width - 260) / 1.0
    y = 60
    for session_id, title in trend.sessions:
        draw.text((16, y), title[:70], fill="black", font=small)
        y += 24
        for index, group in enumerate(trend.groups):
            summary = trend.of(group, session_id)
            draw.text((32, y + 2), group[:26], fill="#222222", font=small)
            if summary is None:
                draw.text((label_width, y + 2), "no summary kept", fill="black", font=small)
            else:
                length = max(2, int(summary.gini * scale))
                draw.rectangle(
                    (label_width, y, label_width + length, y + bar - 2),
                    fill=GROUP_COLOURS[index % len(GROUP_COLOURS)],
                    outline="black",
                )
                words = f"Gini {summary.gini:.2f}, {not_heard(summary)} not heard"
                draw.text((label_width + length + 8, y + 2), words, fill="black", font=small)
            y += bar + 2
        y += 12
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
