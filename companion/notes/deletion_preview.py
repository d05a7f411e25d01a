"""What a deletion would remove, counted before it runs, so it can be said first.

The "Data and retention" dialog confirms every deletion with a sentence
("deletes 12 notes and 3 evidence files"); these counts match what
``retention.delete_session`` and ``retention.forget_member`` then remove.
"""

from __future__ import annotations

from dataclasses import dataclass

from companion.notes.notebook import Notebook
from companion.notes.store import rows

# A member's own notes: linked to them, or quotes typed with their name in their group.
_THEIRS = "(member_id IS ? OR (group_id = ? AND kind = 'quote' AND speaker = ? COLLATE NOCASE))"


@dataclass(frozen=True, slots=True)
class MemberChoice:
    """A member who could be forgotten, with where they belong."""

    id: int
    name: str
    group: str
    programme: str

    @property
    def label(self) -> str:
        return f"{self.name} — {self.group}, {self.programme}"


@dataclass(frozen=True, slots=True)
class MemberData:
    """What forgetting one member removes or changes."""

    name: str
    group: str
    notes: int  # their notes and quotes, deleted
    owned: int  # other notes (actions) whose owner name is cleared


def forgettable_members(notebook: Notebook) -> list[MemberChoice]:
    """Every member still on a roster, by programme, group and roster order."""
    return [
        MemberChoice(int(r["id"]), str(r["name"]), str(r["grp"]), str(r["programme"]))
        for r in rows(
            notebook.db,
            "SELECT m.id, m.name, g.name AS grp, p.name AS programme FROM members m "
            "JOIN groups g ON g.id = m.group_id JOIN programmes p ON p.id = g.programme_id "
            "WHERE m.forgotten_at IS NULL ORDER BY p.name, g.name, m.position, m.id",
        )
    ]


def session_data(notebook: Notebook, session_id: int) -> tuple[int, int]:
    """Notes, and evidence files no other session shares, that deleting the session removes."""
    notes = _count(notebook, "SELECT count(*) FROM notes WHERE session_id = ?", [session_id])
    files = _count(
        notebook,
        "SELECT count(DISTINCT sha256) FROM evidence WHERE session_id = ? AND sha256 NOT IN "
        "(SELECT sha256 FROM evidence WHERE session_id != ?)",
        [session_id, session_id],
    )
    return notes, files


def member_data(notebook: Notebook, member_id: int) -> MemberData | None:
    """What forgetting ``member_id`` removes; None if there is no such member."""
    found = rows(
        notebook.db,
        "SELECT m.name, m.group_id, g.name AS grp FROM members m "
        "JOIN groups g ON g.id = m.group_id WHERE m.id = ?",
        [member_id],
    )
    if not found:
        return None
    person, group_id = str(found[0]["name"]), int(found[0]["group_id"])
    deleted = _count(
        notebook, f"SELECT count(*) FROM notes WHERE {_THEIRS}", [member_id, group_id, person]
    )
    owned = _count(
        notebook,
        f"SELECT count(*) FROM notes WHERE group_id = ? AND owner = ? COLLATE NOCASE "
        f"AND NOT {_THEIRS}",
        [group_id, person, member_id, group_id, person],
    )
    return MemberData(person, str(found[0]["grp"]), deleted, owned)


def _count(notebook: Notebook, sql: str, params: list[object]) -> int:
    return int(notebook.db.execute(sql, params).fetchone()[0])
