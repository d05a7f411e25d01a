"""Retention: how long sessions are kept; deleting a session or a member's data."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from companion.notes import demo
from companion.notes.model import Consent, NoteKind, NotesError
from companion.notes.notebook import Notebook
from companion.notes.retention import (
    apply_retention,
    delete_session,
    forget_member,
    keep_days,
    set_keep_days,
)
from companion.notes.search import search
from companion.store.database import open_database
from companion.store.db import insert


@pytest.fixture
def notebook(tmp_path: Path) -> Iterator[Notebook]:
    book = Notebook(open_database(tmp_path / "companion.db"))
    yield book
    book.close()


def test_deleting_a_session_removes_its_evidence_files_but_not_shared_ones(
    notebook: Notebook,
) -> None:
    session, group = demo.group_session(notebook, "Group A")
    other, other_group = demo.group_session(notebook, "Group B")
    demo.fill(notebook, session, group, 10)
    mine = notebook.evidence.add(session, group, demo.png(3, 3), "a.png", alt_text="a")
    shared = notebook.evidence.add(session, group, demo.png(5, 5), "b.png", alt_text="b")
    notebook.evidence.add(other, other_group, demo.png(5, 5), "b-copy.png", alt_text="b")
    deleted = delete_session(notebook, session)
    assert (deleted.notes, deleted.evidence_files) == (10, 1)
    assert not notebook.evidence.path_for(mine.sha256).exists()
    assert notebook.evidence.path_for(shared.sha256).exists()
    assert notebook.db.execute("SELECT count(*) FROM sessions").fetchone()[0] == 1
    with pytest.raises(NotesError, match="no session"):
        delete_session(notebook, session)


def test_forgetting_a_member_removes_their_quotes_and_name(notebook: Notebook) -> None:
    session, group = demo.group_session(notebook, "Group A")
    member = insert(notebook.db, "members", {"group_id": group, "name": "Amira", "position": 0})
    section = notebook.notes.sections(session, group)[0]
    notebook.notes.add(
        section.id,
        NoteKind.QUOTE,
        "Unique walrus words",
        speaker="Amira",
        member_id=member,
        consent=Consent.NAMED,
    )
    notebook.notes.add(section.id, NoteKind.QUOTE, "Typed by name only", speaker="amira")
    action = notebook.notes.add(section.id, NoteKind.ACTION, "Book the room", owner="Amira")
    kept = notebook.notes.add(section.id, NoteKind.NOTE, "Unrelated")
    assert forget_member(notebook, member).notes == 2
    remaining = {n.id: n for n in notebook.notes.notes(session, group)}
    assert set(remaining) == {action.id, kept.id} and remaining[action.id].owner == ""
    assert search(notebook.notes, "walrus") == []
    assert notebook.db.execute("SELECT count(*) FROM members").fetchone()[0] == 0


def test_sessions_older_than_the_kept_days_are_deleted(notebook: Notebook) -> None:
    old, _ = demo.group_session(notebook, "Group A")
    new, _ = demo.group_session(notebook, "Group A")
    notebook.db.execute(
        "UPDATE sessions SET created_at = '2026-01-01T10:00:00+00:00' WHERE id = ?", [old]
    )
    assert keep_days(notebook) is None
    assert apply_retention(notebook).sessions == 0  # kept until deleted by default
    set_keep_days(notebook, 90)
    today = datetime(2026, 11, 26, tzinfo=timezone.utc)
    done = apply_retention(notebook, today)
    assert done.sessions == 1
    assert [s["id"] for s in notebook.list_sessions()] == [new]
    assert apply_retention(notebook, today + timedelta(days=1)).sessions == 0
    with pytest.raises(NotesError, match="at least one day"):
        set_keep_days(notebook, 0)
    set_keep_days(notebook, None)
    assert keep_days(notebook) is None
