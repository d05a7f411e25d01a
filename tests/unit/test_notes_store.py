"""The notes store on real SQLite files: sections, notes, themes, search, undo, autosave."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from companion.clock import ManualClock
from companion.notes import demo
from companion.notes.autosave import Autosave
from companion.notes.events import NoteSaved
from companion.notes.history import History
from companion.notes.model import MAX_NOTE_CHARS, Consent, NoteKind, NotesError
from companion.notes.notebook import Notebook
from companion.notes.search import fts_query, search
from companion.store.database import open_database


@pytest.fixture
def notebook(tmp_path: Path) -> Iterator[Notebook]:
    book = Notebook(open_database(tmp_path / "data" / "companion.db"))
    yield book
    book.close()


@pytest.fixture
def group(notebook: Notebook) -> tuple[int, int]:
    return demo.group_session(notebook, "Group A")


def test_tables_fts_and_private_files(tmp_path: Path) -> None:
    db = open_database(tmp_path / "d" / "c.db")
    try:
        names = set(db.table_names())
        assert {"notes", "notes_sections", "themes", "note_themes", "evidence"} <= names
        assert "notes_fts" in names
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 2
        assert (tmp_path / "d" / "c.db").stat().st_mode & 0o777 == 0o600
    finally:
        db.close()


def test_sections_follow_the_questions_in_order(notebook: Notebook, group: tuple[int, int]) -> None:
    sections = notebook.notes.sections(*group)
    assert [s.title for s in sections] == list(demo.WEBINAR_2_QUESTIONS)
    again = notebook.notes.ensure_section(*group, demo.WEBINAR_2_QUESTIONS[1])
    assert again.id == sections[1].id
    extra = notebook.notes.ensure_section(*group, "  Anything  else ")
    assert extra.title == "Anything else" and extra.position == 3


def test_add_update_delete_emit_saved_events(notebook: Notebook, group: tuple[int, int]) -> None:
    seen: list[object] = []
    notebook.events.connect(seen.append)
    section = notebook.notes.sections(*group)[0]
    note = notebook.notes.add(
        section.id, NoteKind.QUOTE, "We were heard", speaker="Amira", consent=Consent.NAMED
    )
    assert isinstance(seen[-1], NoteSaved) and seen[-1].note_id == note.id
    changed = notebook.notes.update(note.id, text="We were finally heard", shared=False)
    assert changed.text == "We were finally heard" and not changed.shared
    assert changed.attribution() == "Amira"
    assert notebook.notes.update(note.id, consent=Consent.ANONYMOUS).attribution() == "anonymous"
    notebook.notes.delete(note.id)
    assert notebook.notes.notes(*group) == []
    with pytest.raises(NotesError, match="no longer exists"):
        notebook.notes.update(note.id, text="x")


def test_huge_pasted_text_is_refused_with_a_sentence(
    notebook: Notebook, group: tuple[int, int]
) -> None:
    section = notebook.notes.sections(*group)[0]
    with pytest.raises(NotesError, match="Split it into several notes"):
        notebook.notes.add(section.id, NoteKind.NOTE, "x" * (MAX_NOTE_CHARS + 1))
    assert notebook.notes.notes(*group) == []


def test_search_finds_stems_and_prefixes_and_forgets_deleted(
    notebook: Notebook, group: tuple[int, int]
) -> None:
    section = notebook.notes.sections(*group)[0]
    listened = notebook.notes.add(section.id, NoteKind.NOTE, "Managers listened to the ward")
    notebook.notes.add(section.id, NoteKind.NOTE, "Budget talk")
    assert [n.id for n in search(notebook.notes, "listening")] == [listened.id]
    assert [n.id for n in search(notebook.notes, "war")] == [listened.id]
    assert search(notebook.notes, 'NEAR( "x" OR *') == []  # typed syntax is never FTS syntax
    notebook.notes.delete(listened.id)
    assert search(notebook.notes, "listened") == []
    assert fts_query("a-b c") == '"a" "b" "c"*'


def test_deleting_a_session_cascades_into_the_search_index(
    notebook: Notebook, group: tuple[int, int]
) -> None:
    from companion.notes.retention import delete_session

    section = notebook.notes.sections(*group)[0]
    notebook.notes.add(section.id, NoteKind.NOTE, "Confidential zebra story")
    delete_session(notebook, group[0])
    assert search(notebook.notes, "zebra") == []
    rows = notebook.db.execute("SELECT count(*) FROM notes_fts WHERE notes_fts MATCH 'zebra'")
    assert rows.fetchone()[0] == 0


def test_themes_duplicates_rename_merge_and_board(
    notebook: Notebook, group: tuple[int, int]
) -> None:
    programme = notebook.programme_id(group[0])
    safety = notebook.themes.create(programme, "Psychological safety")
    with pytest.raises(NotesError, match="already a theme"):
        notebook.themes.create(programme, "psychological  SAFETY")
    trust = notebook.themes.create(programme, "Trust")
    assert safety.symbol != trust.symbol  # never colour alone
    section = notebook.notes.sections(*group)[0]
    quote = notebook.notes.add(section.id, NoteKind.QUOTE, "I could say no")
    note = notebook.notes.add(section.id, NoteKind.NOTE, "Passing is fine")
    notebook.themes.tag(quote.id, safety.id)
    notebook.themes.set_note_themes(note.id, [trust.id])
    with pytest.raises(NotesError, match="merge"):
        notebook.themes.rename(trust.id, "Psychological Safety")
    notebook.themes.merge([trust.id], safety.id)
    board = notebook.themes.board(programme)
    assert [t.name for t in board.themes] == ["Psychological safety"]
    assert board.cell(safety.id, group[1]).notes == 2
    assert board.cell(safety.id, group[1]).quotes == 1
    renamed = notebook.themes.rename(safety.id, "Safety to speak", "Speaking up")
    assert renamed.description == "Speaking up"
    assert [q.id for q in notebook.themes.quotes(notebook.notes, safety.id)] == [quote.id]


def test_undo_and_redo_add_edit_delete(notebook: Notebook, group: tuple[int, int]) -> None:
    history = History(notebook.notes)
    section = notebook.notes.sections(*group)[0]
    note = notebook.notes.add(section.id, NoteKind.NOTE, "first")
    history.record(None, note, "add")
    before, after = note, notebook.notes.update(note.id, text="second")
    history.record(before, after, "edit", ("text",))
    history.record(after, notebook.notes.update(note.id, text="third"), "edit", ("text",))
    removed = notebook.notes.delete(note.id)
    history.record(removed, None, "delete")
    assert history.undo() is not None  # delete undone
    assert [n.text for n in notebook.notes.notes(*group)] == ["third"]
    assert history.undo() is not None and notebook.notes.notes(*group)[0].text == "first"
    assert history.undo() is None and notebook.notes.notes(*group) == []
    history.redo()
    history.redo()
    assert [n.text for n in notebook.notes.notes(*group)] == ["third"]
    assert history.can_redo()


def test_autosave_keeps_edits_when_the_disk_is_full_and_retries(
    notebook: Notebook, group: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = ManualClock()
    saver = Autosave(notebook.notes, clock)
    failures: list[str] = []
    saver.failed.connect(lambda e: failures.append(e.message))
    section = notebook.notes.sections(*group)[0]
    note = notebook.notes.add(section.id, NoteKind.NOTE, "draft")
    real_update = notebook.notes.update

    def full(*args: object, **kwargs: object) -> object:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(notebook.notes, "update", full)
    saver.change(note.id, text="draft with more words")
    clock.advance(2)
    assert saver.flush() is False
    assert "disk is full" in failures[0] and saver.pending == 1 and saver.oldest_age() == 2
    monkeypatch.setattr(notebook.notes, "update", real_update)
    assert saver.flush() is True and saver.pending == 0
    assert notebook.notes.get(note.id).text == "draft with more words"


def test_reopening_keeps_notes(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    first = Notebook(open_database(path))
    session, group_id = demo.group_session(first, "Group B")
    demo.fill(first, session, group_id, 12)
    first.close()
    second = Notebook(open_database(path))
    try:
        assert len(second.notes.notes(session, group_id)) == 12
    finally:
        second.close()


def test_common_words_rank_only_the_newest_matches(
    notebook: Notebook, group: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from companion.notes import search as search_module

    monkeypatch.setattr(search_module, "RANK_WINDOW", 3)
    section = notebook.notes.sections(*group)[0]
    made = [notebook.notes.add(section.id, NoteKind.NOTE, f"ward {i}") for i in range(5)]
    found = search(notebook.notes, "ward")
    assert {n.id for n in found} == {n.id for n in made[2:]}
    assert len(search(notebook.notes, "ward", limit=2)) == 2


def test_sections_link_to_a_plan_run_where_one_exists(notebook: Notebook) -> None:
    session, group = demo.group_session(notebook, "Group A")
    assert {s.plan_run_id for s in notebook.notes.sections(session, group)} == {None}
    if "plan_runs" in notebook.db.table_names():  # the facilitation feature's own table
        notebook.db.execute(
            "INSERT INTO plan_runs (id, session_id, group_id, plan_name, state) "
            "VALUES (7, ?, ?, 'webinar-2', 'ready')",
            [session, group],
        )
    else:  # that feature not loaded in this process: the same columns we read
        notebook.db.execute(
            "CREATE TABLE plan_runs (id INTEGER PRIMARY KEY, session_id INTEGER, group_id INTEGER)"
        )
        notebook.db.execute(
            "INSERT INTO plan_runs (id, session_id, group_id) VALUES (7, ?, ?)", [session, group]
        )
    notebook.db.execute("DELETE FROM plan_runs WHERE id != 7")
    _, same = notebook.start_session(
        demo.PROGRAMME,
        demo.WEBINAR_2,
        "Group A",
        ["From the plan"],
        session_id=session,
        question_keys=["q4"],
    )
    linked = notebook.notes.sections(session, same)[-1]
    assert (linked.title, linked.question_key, linked.plan_run_id) == ("From the plan", "q4", 7)
