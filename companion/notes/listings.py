"""Names and ids to choose from: programmes, a programme's sessions, groups, a roster.

The Lead and Notes areas fill their pickers from these, so the queries live
in the core beside the tables they read.
"""

from __future__ import annotations

from companion.notes.notebook import Notebook
from companion.notes.store import rows


def programmes(notebook: Notebook) -> list[tuple[int, str]]:
    """(id, name) of every programme, by name."""
    return [
        (int(r["id"]), str(r["name"]))
        for r in rows(notebook.db, "SELECT id, name FROM programmes ORDER BY name")
    ]


def programme_sessions(notebook: Notebook, programme_id: int) -> list[tuple[int, str]]:
    """(id, title) of the programme's sessions, in the order they were made."""
    return [
        (int(r["id"]), str(r["title"]))
        for r in rows(
            notebook.db,
            "SELECT id, title FROM sessions WHERE programme_id = ? ORDER BY id",
            [programme_id],
        )
    ]


def group_names(notebook: Notebook) -> dict[int, str]:
    """Every group's name by its id."""
    return {int(r["id"]): str(r["name"]) for r in rows(notebook.db, "SELECT id, name FROM groups")}


def member_names(notebook: Notebook, group_id: int) -> list[str]:
    """The group's roster names, in roster order."""
    return [
        str(r["name"])
        for r in rows(
            notebook.db,
            "SELECT name FROM members WHERE group_id = ? AND forgotten_at IS NULL "
            "ORDER BY position",
            [group_id],
        )
    ]
