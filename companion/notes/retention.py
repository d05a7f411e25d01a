"""How long notes are kept, and deleting a session's or a member's data for good.

Deletes run with ``PRAGMA secure_delete`` so the words are overwritten in the
file, and the search index is optimised afterwards so they leave it too.
Backups keep their copy until they rotate out (a fortnight).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from companion.notes.events import NotesChanged
from companion.notes.model import NotesError
from companion.notes.notebook import Notebook
from companion.notes.store import rows
from companion.store.db import forget_member_row, write_transaction

KEEP_DAYS_KEY = "keep_days"


@dataclass(frozen=True, slots=True)
class Deleted:
    """What a deletion removed."""

    notes: int
    evidence_files: int
    sessions: int = 0


def keep_days(notebook: Notebook) -> int | None:
    """Days sessions are kept after they were created (None: until deleted by hand)."""
    found = rows(notebook.db, "SELECT value FROM notes_settings WHERE key = ?", [KEEP_DAYS_KEY])
    return int(found[0]["value"]) if found else None


def set_keep_days(notebook: Notebook, days: int | None) -> None:
    if days is None:
        notebook.db.execute("DELETE FROM notes_settings WHERE key = ?", [KEEP_DAYS_KEY])
        return
    if days < 1:
        raise NotesError(
            "Keep sessions for at least one day, or choose to keep them until deleted."
        )
    notebook.db.execute(
        "INSERT OR REPLACE INTO notes_settings (key, value) VALUES (?, ?)",
        [KEEP_DAYS_KEY, str(days)],
    )


def _finish(notebook: Notebook, hashes: list[str]) -> int:
    notebook.db.execute("INSERT INTO notes_fts (notes_fts) VALUES ('optimize')")
    notebook.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    removed = notebook.evidence.remove_unused(hashes)
    notebook.events.emit(NotesChanged("data deleted"))
    return removed


def delete_session(notebook: Notebook, session_id: int) -> Deleted:
    """Delete a session's notes, sections, evidence (and files) and the session itself."""
    notebook.session(session_id)  # says clearly if there is no such session
    db = notebook.db
    db.execute("PRAGMA secure_delete = ON")
    hashes = [
        r["sha256"]
        for r in rows(db, "SELECT sha256 FROM evidence WHERE session_id = ?", [session_id])
    ]
    with write_transaction(db):
        count = int(
            db.execute("SELECT count(*) FROM notes WHERE session_id = ?", [session_id]).fetchone()[
                0
            ]
        )
        for table in ("notes", "evidence", "notes_sections", "notes_imports"):
            db.execute(f"DELETE FROM {table} WHERE session_id = ?", [session_id])
        try:
            with write_transaction(db):
                db.execute("DELETE FROM sessions WHERE id = ?", [session_id])
        except sqlite3.IntegrityError:
            # Another feature's rows (plan runs, turns) still refer to the session;
            # the notes are gone, and those rows keep the empty session.
            pass
    return Deleted(count, _finish(notebook, hashes), 1)


def forget_member(notebook: Notebook, member_id: int) -> Deleted:
    """Delete a member's quotes, take their name off actions and remove them from the roster."""
    db = notebook.db
    member = rows(db, "SELECT * FROM members WHERE id = ?", [member_id])
    if not member:
        raise NotesError(f"There is no member {member_id}.")
    name, group_id = str(member[0]["name"]), int(member[0]["group_id"])
    db.execute("PRAGMA secure_delete = ON")
    with write_transaction(db):
        cursor = db.execute(
            "DELETE FROM notes WHERE member_id = ? OR (group_id = ? AND kind = 'quote' "
            "AND speaker = ? COLLATE NOCASE)",
            [member_id, group_id, name],
        )
        db.execute(
            "UPDATE notes SET owner = '' WHERE group_id = ? AND owner = ? COLLATE NOCASE",
            [group_id, name],
        )
        try:
            with write_transaction(db):
                db.execute("DELETE FROM members WHERE id = ?", [member_id])
        except sqlite3.IntegrityError:
            forget_member_row(db, member_id)  # other rows still point at it
    return Deleted(cursor.rowcount, _finish(notebook, []))


def expired_sessions(notebook: Notebook, today: datetime | None = None) -> list[int]:
    """Sessions older than the kept number of days."""
    return sessions_older_than(notebook, keep_days(notebook), today)


def sessions_older_than(
    notebook: Notebook, days: int | None, today: datetime | None = None
) -> list[int]:
    """Sessions that keeping ``days`` days would delete (None: keep everything)."""
    if days is None:
        return []
    cutoff = (today or datetime.now(timezone.utc)) - timedelta(days=days)
    return [
        int(r["id"])
        for r in rows(notebook.db, "SELECT id, created_at FROM sessions ORDER BY id")
        if _parse(str(r["created_at"])) < cutoff
    ]


def apply_retention(notebook: Notebook, today: datetime | None = None) -> Deleted:
    """Delete every session older than the kept number of days."""
    notes = files = sessions = 0
    for session_id in expired_sessions(notebook, today):
        deleted = delete_session(notebook, session_id)
        notes, files, sessions = notes + deleted.notes, files + deleted.evidence_files, sessions + 1
    return Deleted(notes, files, sessions)


def _parse(stamp: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(stamp)
    except ValueError:
        return datetime.now(timezone.utc)  # unreadable: never delete by mistake
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
