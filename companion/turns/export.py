"""Kept participation summaries as CSV or JSON (per member totals; never a timeline)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, Literal

from companion.turns.summary import MemberTotals, ParticipationSummary, anonymous_label

ExportFormat = Literal["csv", "json"]
FORMATS: tuple[ExportFormat, ...] = ("csv", "json")

CSV_COLUMNS = (
    "session_id",
    "session",
    "group",
    "position",
    "member",
    "anonymised",
    "role",
    "away",
    "talk_seconds",
    "share_percent",
    "equal_share_percent",
    "turns",
    "longest_turn_seconds",
    "passes",
    "group_elapsed_seconds",
    "group_turns",
    "group_gini",
)


def anonymise_all(summaries: Sequence[ParticipationSummary]) -> list[ParticipationSummary]:
    """The same summaries with every member anonymised."""
    return [
        replace(
            s,
            members=tuple(
                replace(m, label=anonymous_label(m.position), anonymised=True, role="")
                for m in s.members
            ),
        )
        for s in summaries
    ]


def to_csv(session_id: int, title: str, summaries: Sequence[ParticipationSummary]) -> str:
    """One row per member per group, with the group's figures repeated on each row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for s in summaries:
        for m in s.members:
            writer.writerow(
                [
                    session_id,
                    _cell(title),
                    _cell(s.group),
                    m.position,
                    _cell(m.label),
                    "yes" if m.anonymised else "no",
                    _cell(m.role),
                    "yes" if m.away else "no",
                    f"{m.talk_seconds:.1f}",
                    f"{m.share * 100:.1f}",
                    f"{m.equal_share * 100:.1f}",
                    m.turns,
                    f"{m.longest_turn_seconds:.1f}",
                    m.passes,
                    f"{s.elapsed_seconds:.1f}",
                    s.turns,
                    f"{s.gini:.3f}",
                ]
            )
    return out.getvalue()


def _cell(text: str) -> str:
    """Text a spreadsheet will not run as a formula (a name may start with = + - or @)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_json(session_id: int, title: str, summaries: Sequence[ParticipationSummary]) -> str:
    """The session and each group's totals as one JSON document."""
    document: dict[str, Any] = {
        "session": {"id": session_id, "title": title},
        "note": "Per member totals only; no timeline of who spoke when is ever kept.",
        "groups": [
            {
                "group": s.group,
                "kept_at": s.kept_at,
                "elapsed_seconds": s.elapsed_seconds,
                "talk_seconds": s.talk_seconds,
                "turns": s.turns,
                "gini": round(s.gini, 4),
                "members_here": s.members_here,
                "members": [_member(m) for m in s.members],
            }
            for s in summaries
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _member(m: MemberTotals) -> dict[str, Any]:
    return {
        "position": m.position,
        "member": m.label,
        "anonymised": m.anonymised,
        "role": m.role,
        "away": m.away,
        "talk_seconds": m.talk_seconds,
        "share": round(m.share, 4),
        "equal_share": round(m.equal_share, 4),
        "turns": m.turns,
        "longest_turn_seconds": m.longest_turn_seconds,
        "passes": m.passes,
    }


def render(
    fmt: ExportFormat, session_id: int, title: str, summaries: Sequence[ParticipationSummary]
) -> str:
    return (to_csv if fmt == "csv" else to_json)(session_id, title, summaries)
