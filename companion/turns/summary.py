"""The participation summary a facilitator may choose to keep: per member totals only.

Nothing about turns is stored while a session runs. At the end the facilitator
may choose "Keep participation summary"; then one row per member is kept
(talk time, share, turns, longest turn, passes) with the group's figures, and
never a timeline of who spoke when. Any member can be anonymised: their row
keeps the numbers under "Participant N" and nothing that identifies them.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from sqlite_utils import Database

from companion.errors import CompanionError
from companion.store.db import insert, now, table, write_transaction
from companion.turns.metrics import GroupStats


class SummaryError(CompanionError):
    """A kept summary that is not there, or a session that does not exist."""


@dataclass(frozen=True, slots=True)
class MemberTotals:
    """One member's totals in a kept summary."""

    position: int  # 1.. in roster order
    label: str  # name, or "Participant N"
    anonymised: bool
    role: str
    away: bool
    talk_seconds: float
    share: float
    equal_share: float
    turns: int
    longest_turn_seconds: float
    passes: int


@dataclass(frozen=True, slots=True)
class ParticipationSummary:
    """A group's totals for one session."""

    elapsed_seconds: float
    talk_seconds: float
    turns: int
    gini: float
    members_here: int
    members: tuple[MemberTotals, ...]
    group: str = ""
    kept_at: str = ""


def anonymous_label(position: int) -> str:
    return f"Participant {position}"


def build_summary(
    stats: GroupStats,
    names: Mapping[int, str],
    roles: Mapping[int, str] | None = None,
    anonymise: Collection[int] = (),
    group: str = "",
) -> ParticipationSummary:
    """Per member totals from the live figures; members in ``anonymise`` lose their names."""
    rows = []
    for position, m in enumerate(stats.members, start=1):
        hidden = m.member in anonymise
        rows.append(
            MemberTotals(
                position=position,
                label=anonymous_label(position) if hidden else names[m.member],
                anonymised=hidden,
                role="" if hidden else (roles or {}).get(m.member, ""),
                away=m.away,
                talk_seconds=round(m.talk, 1),
                share=m.share,
                equal_share=m.equal_share,
                turns=m.turns,
                longest_turn_seconds=round(m.longest_turn, 1),
                passes=m.passes,
            )
        )
    return ParticipationSummary(
        elapsed_seconds=round(stats.elapsed, 1),
        talk_seconds=round(stats.total_talk, 1),
        turns=stats.turns,
        gini=stats.gini,
        members_here=stats.present,
        members=tuple(rows),
        group=group,
    )


def keep_summary(
    db: Database, session_id: int, group_id: int, summary: ParticipationSummary
) -> int:
    """Store ``summary`` for the group in the session (replacing an earlier one); its id."""
    with write_transaction(db):  # all of it or none of it
        old = db.execute(
            "select id from turns_summaries where session_id = ? and group_id = ?",
            [session_id, group_id],
        ).fetchall()
        for (old_id,) in old:
            db.execute("delete from turns_summary_members where summary_id = ?", [old_id])
            db.execute("delete from turns_summaries where id = ?", [old_id])
        record: dict[str, object] = {
            "session_id": session_id,
            "group_id": group_id,
            "kept_at": now(),
            "elapsed_seconds": summary.elapsed_seconds,
            "talk_seconds": summary.talk_seconds,
            "turns": summary.turns,
            "gini": summary.gini,
            "members_here": summary.members_here,
        }
        summary_id = insert(db, "turns_summaries", record)
        table(db, "turns_summary_members").insert_all(
            [
                {
                    "summary_id": summary_id,
                    "position": m.position,
                    "label": m.label,
                    "anonymised": int(m.anonymised),
                    "role": m.role,
                    "away": int(m.away),
                    "talk_seconds": m.talk_seconds,
                    "share": m.share,
                    "equal_share": m.equal_share,
                    "turns": m.turns,
                    "longest_turn_seconds": m.longest_turn_seconds,
                    "passes": m.passes,
                }
                for m in summary.members
            ]
        )
    return summary_id


def anonymise_kept(db: Database, summary_id: int, position: int) -> None:
    """Anonymise one member of a kept summary after the fact."""
    with write_transaction(db):
        changed = db.execute(
            "update turns_summary_members set label = ?, anonymised = 1, role = '' "
            "where summary_id = ? and position = ?",
            [anonymous_label(position), summary_id, position],
        ).rowcount
    if not changed:
        raise SummaryError(f"Kept summary {summary_id} has no member number {position}.")


def session_title(db: Database, session_id: int) -> str:
    """The session's title; raises SummaryError if there is no such session."""
    row = db.execute("select title from sessions where id = ?", [session_id]).fetchone()
    if row is None:
        raise SummaryError(
            f"There is no session {session_id}. List the sessions with kept participation "
            "summaries with 'companion turns list'."
        )
    return str(row[0])


def load_summaries(db: Database, session_id: int) -> list[ParticipationSummary]:
    """Every group's kept summary for the session, by group name."""
    session_title(db, session_id)
    heads = db.execute(
        "select s.id, g.name, s.kept_at, s.elapsed_seconds, s.talk_seconds, s.turns, s.gini, "
        "s.members_here from turns_summaries s join groups g on g.id = s.group_id "
        "where s.session_id = ? order by g.name",
        [session_id],
    ).fetchall()
    summaries = []
    for summary_id, group, kept_at, elapsed, talk, turns, gini_value, here in heads:
        rows = db.execute(
            "select position, label, anonymised, role, away, talk_seconds, share, equal_share, "
            "turns, longest_turn_seconds, passes from turns_summary_members "
            "where summary_id = ? order by position",
            [summary_id],
        ).fetchall()
        members = tuple(
            MemberTotals(
                position=int(r[0]),
                label=str(r[1]),
                anonymised=bool(r[2]),
                role=str(r[3] or ""),
                away=bool(r[4]),
                talk_seconds=float(r[5] or 0.0),
                share=float(r[6] or 0.0),
                equal_share=float(r[7] or 0.0),
                turns=int(r[8] or 0),
                longest_turn_seconds=float(r[9] or 0.0),
                passes=int(r[10] or 0),
            )
            for r in rows
        )
        summaries.append(
            ParticipationSummary(
                elapsed_seconds=float(elapsed or 0.0),
                talk_seconds=float(talk or 0.0),
                turns=int(turns or 0),
                gini=float(gini_value or 0.0),
                members_here=int(here or 0),
                members=members,
                group=str(group),
                kept_at=str(kept_at),
            )
        )
    return summaries


def sessions_with_summaries(db: Database) -> list[tuple[int, str, str, int]]:
    """(session id, title, created, number of groups kept) for sessions with a kept summary."""
    rows = db.execute(
        "select se.id, se.title, se.created_at, count(su.id) from sessions se "
        "join turns_summaries su on su.session_id = se.id group by se.id order by se.id"
    ).fetchall()
    return [(int(r[0]), str(r[1]), str(r[2] or ""), int(r[3])) for r in rows]
