"""Who has sent notes: each expected group of a session, with notes received or not yet.

The lead expects a list of groups per session (every group the programme has
known, or names they type: "Group 1" … "Group 10"); a group has sent notes
once the session holds at least one of its notes (typed here or imported
from its bundle). Names are matched without regard to case or spacing.
The list the lead types is kept in the store per session
(``lead_expected_groups``), so it comes back after a restart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from companion.notes.store import rows
from companion.store.db import name_order, now, write_transaction


@dataclass(frozen=True, slots=True)
class Senders:
    """One session's groups: who has sent notes, who has not, and who sent unexpected."""

    received: tuple[str, ...]  # expected groups with notes, in the expected order
    missing: tuple[str, ...]  # expected groups with none yet
    unexpected: tuple[str, ...]  # groups with notes that were not on the list

    @property
    def summary(self) -> str:
        """ "7 of 10 groups have sent notes; not yet: Group 3, Group 5, Group 9."."""
        expected = len(self.received) + len(self.missing)
        text = f"{len(self.received)} of {expected} groups have sent notes"
        if self.missing:
            text += f"; not yet: {', '.join(self.missing)}"
        if self.unexpected:
            text += f"; also received: {', '.join(self.unexpected)}"
        return text + "."


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def programme_group_names(db: Database, programme_id: int) -> list[str]:
    """Every group the programme has known, by name: the default expected list."""
    found = rows(db, "SELECT name FROM groups WHERE programme_id = ?", [programme_id])
    return sorted((str(r["name"]) for r in found), key=name_order)


def groups_that_sent(db: Database, session_id: int) -> list[str]:
    """The groups with at least one note in ``session_id``, by name."""
    found = rows(
        db,
        "SELECT DISTINCT g.name FROM notes n JOIN groups g ON g.id = n.group_id "
        "WHERE n.session_id = ?",
        [session_id],
    )
    return sorted((str(r["name"]) for r in found), key=name_order)


def senders(db: Database, session_id: int, expected: Sequence[str]) -> Senders:
    """Which of the ``expected`` groups have sent notes for ``session_id``."""
    sent = groups_that_sent(db, session_id)
    sent_keys = {_key(name) for name in sent}
    wanted = list(dict.fromkeys(n.strip() for n in expected if n.strip()))
    wanted_keys = {_key(name) for name in wanted}
    return Senders(
        tuple(n for n in wanted if _key(n) in sent_keys),
        tuple(n for n in wanted if _key(n) not in sent_keys),
        tuple(n for n in sent if _key(n) not in wanted_keys),
    )


def expected_from_text(text: str) -> list[str]:
    """Group names typed one a line or separated by commas."""
    return [part.strip() for line in text.splitlines() for part in line.split(",") if part.strip()]


def typed_expected(db: Database, session_id: int) -> str | None:
    """The expected groups the lead typed for ``session_id``, as typed; None if never."""
    found = rows(db, "SELECT typed FROM lead_expected_groups WHERE session_id = ?", [session_id])
    return str(found[0]["typed"]) if found else None


def save_expected(db: Database, session_id: int, typed: str) -> None:
    """Keep the lead's list for ``session_id``; an empty one goes back to every group.

    Raises ``sqlite3.Error`` if the database fails.
    """
    with write_transaction(db):
        if typed.strip():
            db.execute(
                "INSERT INTO lead_expected_groups (session_id, typed, updated_at) "
                "VALUES (?, ?, ?) ON CONFLICT (session_id) "
                "DO UPDATE SET typed = excluded.typed, updated_at = excluded.updated_at",
                [session_id, typed, now()],
            )
        else:
            db.execute("DELETE FROM lead_expected_groups WHERE session_id = ?", [session_id])
