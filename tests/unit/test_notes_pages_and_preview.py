"""Notes pages (a group in a session, the one shown last) and deletion previews."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from companion.notes import demo
from companion.notes.deletion_preview import (
    MemberChoice,
    forgettable_members,
    member_data,
    session_data,
)
from companion.notes.listings import group_names, member_names, programme_sessions, programmes
from companion.notes.model import Consent, NoteKind
from companion.notes.notebook import Notebook
from companion.notes.pages import CURRENT_KEY, current_page, group_pages, remember_page
from companion.notes.retention import delete_session, forget_member
from companion.store.database import open_database
from companion.store.db import insert


@pytest.fixture
def notebook(tmp_path: Path) -> Iterator[Notebook]:
    book = Notebook(open_database(tmp_path / "companion.db"))
    yield book
    book.close()


def test_pages_are_listed_by_session_then_group(notebook: Notebook) -> None:
    assert group_pages(notebook) == []
    session, group_b = demo.group_session(notebook, "Group B")
    _same, group_a = demo.group_session(notebook, "Group A", session_id=session)
    pages = group_pages(notebook)
    assert [(p.session_id, p.group_id) for p in pages] == [(session, group_a), (session, group_b)]
    assert pages[0].label.endswith(" — Group A")


def test_the_page_shown_last_is_remembered(notebook: Notebook) -> None:
    assert current_page(notebook) is None
    remember_page(notebook, 3, 7)
    remember_page(notebook, 4, 9)
    assert current_page(notebook) == (4, 9)


def test_an_unreadable_remembered_page_is_forgotten_not_fatal(notebook: Notebook) -> None:
    notebook.db.execute(
        "INSERT OR REPLACE INTO notes_settings (key, value) VALUES (?, ?)", [CURRENT_KEY, "x"]
    )
    assert current_page(notebook) is None


def test_session_preview_counts_what_deleting_it_removes(notebook: Notebook) -> None:
    session, group = demo.group_session(notebook, "Group A")
    other, other_group = demo.group_session(notebook, "Group B")
    demo.fill(notebook, session, group, 6)
    notebook.evidence.add(session, group, demo.png(3, 3), "a.png", alt_text="a")
    notebook.evidence.add(session, group, demo.png(5, 5), "b.png", alt_text="b")
    notebook.evidence.add(other, other_group, demo.png(5, 5), "b-copy.png", alt_text="b")
    assert session_data(notebook, session) == (6, 1)  # b.png stays: the other session has it
    deleted = delete_session(notebook, session)
    assert (deleted.notes, deleted.evidence_files) == (6, 1)


def test_member_preview_counts_what_forgetting_them_removes(notebook: Notebook) -> None:
    session, group = demo.group_session(notebook, "Group A")
    member = insert(notebook.db, "members", {"group_id": group, "name": "Amira", "position": 0})
    section = notebook.notes.sections(session, group)[0]
    notebook.notes.add(
        section.id, NoteKind.QUOTE, "Mine", speaker="Amira", member_id=member, consent=Consent.NAMED
    )
    notebook.notes.add(section.id, NoteKind.QUOTE, "Typed by name only", speaker="amira")
    notebook.notes.add(section.id, NoteKind.ACTION, "Book the room", owner="Amira")
    notebook.notes.add(section.id, NoteKind.NOTE, "Unrelated")
    [choice] = forgettable_members(notebook)
    assert choice == MemberChoice(member, "Amira", "Group A", choice.programme)
    assert choice.label == f"Amira — Group A, {choice.programme}"
    data = member_data(notebook, member)
    assert data is not None and (data.name, data.group, data.notes, data.owned) == (
        "Amira",
        "Group A",
        2,
        1,
    )
    assert forget_member(notebook, member).notes == data.notes
    assert member_data(notebook, member) is None
    assert forgettable_members(notebook) == []


def test_listings_for_the_pickers(notebook: Notebook) -> None:
    session, group = demo.group_session(notebook, "Group A")
    insert(notebook.db, "members", {"group_id": group, "name": "Zoe", "position": 1})
    insert(notebook.db, "members", {"group_id": group, "name": "Amira", "position": 0})
    programme = notebook.programme_id(session)
    assert [pid for pid, _name in programmes(notebook)] == [programme]
    assert programme_sessions(notebook, programme) == [(session, demo.WEBINAR_2)]
    assert group_names(notebook) == {group: "Group A"}
    assert member_names(notebook, group) == ["Amira", "Zoe"]
