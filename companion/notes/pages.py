"""The notes pages there are (a group in a session) and which one was shown last.

A page exists once a group has sections in a session. The page shown last is
remembered in the notes settings, so the Notes area opens where it was left.
"""

from __future__ import annotations

from dataclasses import dataclass

from companion.notes.notebook import Notebook
from companion.notes.store import rows

CURRENT_KEY = "notes_current"  # "session id:group id" shown last, in notes_settings


@dataclass(frozen=True, slots=True)
class GroupPage:
    """One group's notes in one session."""

    session_id: int
    group_id: int
    label: str  # "Webinar 1 — Group A"


def group_pages(notebook: Notebook) -> list[GroupPage]:
    """Every page, by session and then group name."""
    return [
        GroupPage(int(r["session_id"]), int(r["group_id"]), f"{r['title']} — {r['name']}")
        for r in rows(
            notebook.db,
            "SELECT DISTINCT x.session_id, x.group_id, s.title, g.name FROM notes_sections x"
            " JOIN sessions s ON s.id = x.session_id JOIN groups g ON g.id = x.group_id "
            "ORDER BY x.session_id, g.name",
        )
    ]


def current_page(notebook: Notebook) -> tuple[int, int] | None:
    """(session id, group id) of the page shown last, if one was remembered and is readable."""
    found = rows(notebook.db, "SELECT value FROM notes_settings WHERE key = ?", [CURRENT_KEY])
    if not found:
        return None
    try:
        session_id, group_id = (int(x) for x in str(found[0]["value"]).split(":"))
    except ValueError:
        return None  # written by hand or by another version: start from the pages there are
    return session_id, group_id


def remember_page(notebook: Notebook, session_id: int, group_id: int) -> None:
    notebook.db.execute(
        "INSERT OR REPLACE INTO notes_settings (key, value) VALUES (?, ?)",
        [CURRENT_KEY, f"{session_id}:{group_id}"],
    )
