"""The turns tables (kept participation summaries only): the "turns" migration set.

Only a participation summary the facilitator chose to keep is stored (per
member totals, never a timeline); see ``companion.turns.summary``.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from companion.store.db import table

migrations = Migrations("turns")


@migrations()
def m001_participation_summaries(db: Database) -> None:
    table(db, "turns_summaries").create(
        {
            "id": int,
            "session_id": int,
            "group_id": int,
            "kept_at": str,
            "elapsed_seconds": float,  # session time tracked
            "talk_seconds": float,  # everyone's talk together
            "turns": int,
            "gini": float,  # 0 = equal talk time
            "members_here": int,
        },
        pk="id",
        foreign_keys=[("session_id", "sessions", "id"), ("group_id", "groups", "id")],
        not_null={"session_id", "group_id", "kept_at"},
    )
    table(db, "turns_summaries").create_index(["session_id", "group_id"], unique=True)
    table(db, "turns_summary_members").create(
        {
            "id": int,
            "summary_id": int,
            "position": int,  # 1.. in roster order
            "label": str,  # the name, or "Participant N" when anonymised
            "anonymised": int,  # 1 when nothing identifying is kept
            "role": str,  # role or grade if recorded (empty when anonymised)
            "away": int,  # 1 when marked not here today
            "talk_seconds": float,
            "share": float,  # of all talk, 0..1
            "equal_share": float,
            "turns": int,
            "longest_turn_seconds": float,
            "passes": int,
        },
        pk="id",
        foreign_keys=[("summary_id", "turns_summaries", "id")],
        not_null={"summary_id", "position", "label"},
    )
