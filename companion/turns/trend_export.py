"""A programme's kept participation summaries as CSV or JSON: ``turns export --programme``.

CSV: the same columns as one session's export, every session of the programme
in order. JSON: each session's groups, and the figures across groups per
session (mean Gini, people not heard), as ``ParticipationTrend`` has them.
"""

from __future__ import annotations

import json

from companion.turns.export import ExportFormat, to_csv, to_json
from companion.turns.summary import ParticipationSummary
from companion.turns.trend import ParticipationTrend


def _session_summaries(trend: ParticipationTrend, session_id: int) -> list[ParticipationSummary]:
    found = (trend.of(group, session_id) for group in trend.groups)
    return [summary for summary in found if summary is not None]


def programme_csv(trend: ParticipationTrend) -> str:
    parts = [
        to_csv(session_id, title, _session_summaries(trend, session_id))
        for session_id, title in trend.sessions
    ]
    if not parts:
        return ""
    header, _, _ = parts[0].partition("\n")
    return header + "\n" + "".join(p.partition("\n")[2] for p in parts)


def programme_json(trend: ParticipationTrend, programme: str) -> str:
    document: dict[str, object] = {
        "programme": programme,
        "note": "Per member totals only; no timeline of who spoke when is ever kept.",
        "across_groups": [
            {
                "session": {"id": f.session_id, "title": f.session},
                "groups": f.groups,
                "mean_gini": round(f.mean_gini, 4),
                "not_heard": f.not_heard,
                "members_here": f.members_here,
            }
            for f in trend.by_session()
        ],
        "sessions": [
            json.loads(to_json(session_id, title, _session_summaries(trend, session_id)))
            for session_id, title in trend.sessions
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def render_programme(fmt: ExportFormat, trend: ParticipationTrend, programme: str) -> str:
    return programme_csv(trend) if fmt == "csv" else programme_json(trend, programme)
