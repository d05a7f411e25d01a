"""Participation across a programme: did quieter voices get more of the talk over time?

Built only from the participation summaries groups chose to keep (per member
totals, never a timeline). Per group, each member's share of the talk against
an equal share, session by session; per session, across groups: Gini of talk
time and people not heard. Members are matched across sessions by roster
position (a group keeps its roster across a programme), and shown by the label
kept with the summary: a name only where the group kept names by consent,
else "Participant N". ``anonymise`` makes every label "Participant N".
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from companion.turns.export import anonymise_all
from companion.turns.summary import MemberTotals, ParticipationSummary, load_summaries


def not_heard(summary: ParticipationSummary) -> int:
    """Members here who neither spoke nor passed."""
    return sum(1 for m in summary.members if not m.away and m.talk_seconds <= 0 and not m.passes)


def percent(value: float) -> str:
    return f"{value * 100:.0f}%"


def share_text(member: MemberTotals) -> str:
    """ "12% (equal 13%)", or "away"."""
    if member.away:
        return "away"
    return f"{percent(member.share)} (equal {percent(member.equal_share)})"


@dataclass(frozen=True, slots=True)
class SessionFigures:
    """Across all groups that kept a summary in one session."""

    session_id: int
    session: str
    groups: int  # groups with a kept summary
    mean_gini: float
    not_heard: int
    members_here: int


@dataclass(frozen=True, slots=True)
class ParticipationTrend:
    """Every kept summary of a programme, by group and session."""

    sessions: tuple[tuple[int, str], ...]  # (id, title) with a kept summary, oldest first
    groups: tuple[str, ...]  # by name
    summaries: dict[tuple[str, int], ParticipationSummary]  # (group, session id)

    @property
    def empty(self) -> bool:
        return not self.summaries

    def of(self, group: str, session_id: int) -> ParticipationSummary | None:
        return self.summaries.get((group, session_id))

    def member_rows(self, group: str) -> list[tuple[str, list[str]]]:
        """Per member (roster position), their share against an equal share per session."""
        labels: dict[int, str] = {}
        cells: dict[tuple[int, int], str] = {}
        for session_id, _ in self.sessions:
            summary = self.of(group, session_id)
            for member in summary.members if summary else ():
                labels[member.position] = member.label  # the latest label kept
                cells[(member.position, session_id)] = share_text(member)
        return [
            (labels[p], [cells.get((p, s), "-") for s, _ in self.sessions]) for p in sorted(labels)
        ]

    def group_rows(self, group: str) -> list[tuple[str, list[str]]]:
        """The group's Gini and people not heard, per session."""
        gini, unheard = [], []
        for session_id, _ in self.sessions:
            summary = self.of(group, session_id)
            gini.append(f"{summary.gini:.2f}" if summary else "-")
            unheard.append(str(not_heard(summary)) if summary else "-")
        return [("Gini (0 = equal)", gini), ("People not heard", unheard)]

    def by_session(self) -> list[SessionFigures]:
        found = []
        for session_id, title in self.sessions:
            kept = [s for (_, sid), s in self.summaries.items() if sid == session_id]
            found.append(
                SessionFigures(
                    session_id,
                    title,
                    len(kept),
                    sum(s.gini for s in kept) / len(kept) if kept else 0.0,
                    sum(not_heard(s) for s in kept),
                    sum(s.members_here for s in kept),
                )
            )
        return found


def programme_trend(
    db: Database,
    programme_id: int,
    session_id: int | None = None,
    *,
    anonymise: bool = False,
) -> ParticipationTrend:
    """The programme's kept summaries (one session's, if given; "Participant N" if asked)."""
    sessions = db.execute(
        "SELECT id, title FROM sessions WHERE programme_id = ? AND id IN "
        "(SELECT session_id FROM turns_summaries)"
        + (" AND id = ?" if session_id else "")
        + " ORDER BY id",
        [programme_id, session_id] if session_id else [programme_id],
    ).fetchall()
    kept: dict[tuple[str, int], ParticipationSummary] = {}
    for found_id, _ in sessions:
        summaries = load_summaries(db, int(found_id))
        if anonymise:
            summaries = anonymise_all(summaries)
        for summary in summaries:
            kept[(summary.group, int(found_id))] = summary
    return ParticipationTrend(
        tuple((int(i), str(t)) for i, t in sessions),
        tuple(sorted({group for group, _ in kept})),
        kept,
    )
