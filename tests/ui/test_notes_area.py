"""The Notes area: fast entry, autosave with a visible state, undo, quotes, evidence, search."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from companion.notes import demo
from companion.notes.model import Consent, NoteKind
from companion.notes.notebook import Notebook
from companion.store.database import open_database
from ui.notes.area import NotesArea, parse_entry
from ui.notes.dialogs import QuoteDialog

FINALS = ["We always hear from the same three people.", "Could we go round the group instead?"]


@pytest.fixture
def notebook(companion_home: Path) -> Iterator[Notebook]:
    book = Notebook(open_database())
    yield book
    book.close()


@pytest.fixture
def area(qtbot: QtBot, notebook: Notebook) -> NotesArea:
    widget = NotesArea(notebook, finals=lambda: FINALS)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.session.start(demo.PROGRAMME, demo.WEBINAR_2, "Group A", list(demo.WEBINAR_2_QUESTIONS))
    return widget


def _notes(area: NotesArea) -> list[Any]:
    return area.notebook.notes.notes(area.session_id, area.group_id)


def test_prefixes_choose_the_kind() -> None:
    assert parse_entry("q: We were heard", NoteKind.NOTE) == (NoteKind.QUOTE, "We were heard")
    assert parse_entry("?:Who decides?", NoteKind.NOTE) == (NoteKind.QUESTION, "Who decides?")
    assert parse_entry("Plain words", NoteKind.ACTION) == (NoteKind.ACTION, "Plain words")
    assert parse_entry("ratio: 3", NoteKind.NOTE) == (NoteKind.NOTE, "ratio: 3")


def test_typing_enter_adds_notes_under_the_question(qtbot: QtBot, area: NotesArea) -> None:
    assert area.sections.count() == 3
    area.entry.setFocus()
    qtbot.keyClicks(area.entry, "Huddles start with a check-in")
    qtbot.keyClick(area.entry, Qt.Key.Key_Return)
    qtbot.keyClicks(area.entry, "a: Try rounds at the next huddle")
    qtbot.keyClick(area.entry, Qt.Key.Key_Return)
    area.kind_action.trigger()  # Ctrl+K: the next kind
    assert area.kind.currentData() == NoteKind.QUOTE
    qtbot.keyClicks(area.entry, "I was asked first, for once")
    qtbot.keyClick(area.entry, Qt.Key.Key_Return)
    kinds = [(n.kind, n.text) for n in _notes(area)]
    assert kinds == [
        (NoteKind.NOTE, "Huddles start with a check-in"),
        (NoteKind.ACTION, "Try rounds at the next huddle"),
        (NoteKind.QUOTE, "I was asked first, for once"),
    ]
    assert area.entry.text() == "" and "saved" in area.saved.text()
    assert area.list.count() == 3


def test_edits_are_saved_within_a_second_and_undo_redo(qtbot: QtBot, area: NotesArea) -> None:
    states: list[str] = []
    area.saved_state_changed.connect(states.append)
    area.entry.setText("a: Book the room")
    area.add_from_entry()
    area.list.setCurrentRow(0)
    area.editor.owner.setFocus()
    qtbot.keyClicks(area.editor.owner, "Priya")
    assert area.saved.text() == "Notes: saving…"
    qtbot.waitUntil(lambda: _notes(area)[0].owner == "Priya", timeout=1000)
    qtbot.waitUntil(lambda: area.saved.text().startswith("Notes: saved"), timeout=1000)
    assert "Notes: saving…" in states
    area.undo()
    assert _notes(area)[0].owner == ""
    area.redo()
    assert _notes(area)[0].owner == "Priya"
    area.list.setCurrentRow(0)
    area.delete_action.trigger()
    assert _notes(area) == []
    area.undo_action.trigger()
    assert [n.text for n in _notes(area)] == ["Book the room"]


def test_theme_ticks_are_saved(qtbot: QtBot, area: NotesArea) -> None:
    programme = area.notebook.programme_id(area.session_id)
    theme = area.notebook.themes.create(programme, "Hierarchy and power")
    area.entry.setText("Juniors wait to be asked")
    note = area.add_from_entry()
    assert note is not None
    item = area.editor.themes.item(0)
    assert item is not None and item.text() == f"{theme.symbol} Hierarchy and power"
    item.setCheckState(Qt.CheckState.Checked)
    assert area.notebook.notes.get(note.id).theme_ids == (theme.id,)


def test_a_full_disk_keeps_the_text_says_so_and_retries(
    qtbot: QtBot, area: NotesArea, monkeypatch: pytest.MonkeyPatch
) -> None:
    area.entry.setText("Draft")
    area.add_from_entry()
    area.list.setCurrentRow(0)
    real = area.notebook.notes.update

    def full(*args: object, **kwargs: object) -> object:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(area.notebook.notes, "update", full)
    area.editor.text.setPlainText("Draft with the important part")
    qtbot.waitUntil(lambda: "NOT saved" in area.saved.text(), timeout=2000)
    assert "disk is full" in area.saved.text()
    assert area.editor.text.toPlainText() == "Draft with the important part"
    monkeypatch.setattr(area.notebook.notes, "update", real)
    qtbot.waitUntil(lambda: _notes(area)[0].text == "Draft with the important part", timeout=4000)
    assert area.saved.text().startswith("Notes: saved")


def test_promote_a_caption_line_to_a_quote_in_one_step(qtbot: QtBot, area: NotesArea) -> None:
    dialog = area.open_quote()
    assert dialog is not None
    assert dialog.lines.item(0).text() == FINALS[-1]  # newest first, already chosen
    assert dialog.text.toPlainText() == FINALS[-1]
    dialog.lines.setCurrentRow(1)
    dialog.speaker.setCurrentText("Amira")
    dialog.consent.setCurrentIndex(dialog.consent.findData(Consent.NAMED))
    dialog.accept()
    quote = _notes(area)[0]
    assert (quote.kind, quote.text, quote.speaker) == (NoteKind.QUOTE, FINALS[0], "Amira")
    assert quote.consent == Consent.NAMED and quote.origin == "caption"


def _png(path: Path) -> Path:
    path.write_bytes(demo.png(20, 10))
    return path


def test_evidence_files_dropped_or_pasted_ask_for_alt_text(
    qtbot: QtBot, area: NotesArea, tmp_path: Path
) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(_png(tmp_path / "flipchart.png")))])
    assert area.evidence.take_mime(mime)
    dialog = area.evidence.dialog
    assert dialog is not None and dialog.isVisible()
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save is not None and not save.isEnabled()  # an image needs words first
    dialog.alt_text.setPlainText("A flipchart with three ideas, one circled in red")
    assert save.isEnabled()
    save.click()
    [item] = area.notebook.evidence.of_group(area.session_id, area.group_id)
    assert item.alt_text.startswith("A flipchart") and item.media_type == "image/png"
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(QColor("yellow"))
    pasted = QMimeData()
    pasted.setImageData(image)
    assert area.evidence.take_mime(pasted)
    assert area.evidence.dialog is not None
    area.evidence.dialog.reject()
    items = area.notebook.evidence.of_group(area.session_id, area.group_id)
    assert items[1].filename.startswith("Screenshot") and items[1].needs_alt_text
    assert "needs alt text" in area.evidence.list.item(1).text()


def test_search_across_the_programme_goes_to_the_note(
    qtbot: QtBot, area: NotesArea, notebook: Notebook
) -> None:
    other_session, other_group = demo.group_session(notebook, "Group B", area.session_id)
    section = notebook.notes.sections(other_session, other_group)[2]
    target = notebook.notes.add(section.id, NoteKind.NOTE, "Interpreters booked too late")
    area.search_box.setText("interpreter")
    dialog = area.open_search()
    assert dialog is not None and dialog.results.count() == 1
    dialog.accept()
    assert area.header.text().endswith("Group B")
    assert area.selected_note() is not None and area.selected_note().id == target.id


def test_remembers_the_group_and_passes_the_walker(
    qtbot: QtBot, area: NotesArea, notebook: Notebook, a11y: Callable[..., None]
) -> None:
    area.entry.setText("q: Something said")
    area.add_from_entry()
    area.list.setCurrentRow(0)
    a11y(area)
    again = NotesArea(notebook)
    qtbot.addWidget(again)
    assert (again.session_id, again.group_id) == (area.session_id, area.group_id)


def test_in_the_main_window_with_its_shortcuts(
    qtbot: QtBot, main_window: Any, notebook: Notebook, a11y: Callable[..., None]
) -> None:
    area = NotesArea(
        notebook, finals=lambda: [e.text for e in main_window.captions.transcript.entries]
    )
    main_window.add_area(area, "&Notes", "Ctrl+4")
    area.saved_state_changed.connect(main_window.set_saved_state)
    area.session.start(demo.PROGRAMME, demo.WEBINAR_2, "Group A", ["Only question"])
    main_window.show_area(area)
    area.entry.setText("Hello")
    area.add_from_entry()
    assert main_window.status_line.saved_label.text().startswith("Notes: saved")
    a11y(main_window)


def test_housekeeping_makes_todays_backup(qtbot: QtBot, area: NotesArea) -> None:
    from companion.store.backup import backups

    area.housekeeping()
    assert len(backups()) == 1


def test_new_theme_from_the_notes_area_is_ticked(qtbot: QtBot, area: NotesArea) -> None:
    area.entry.setText("Passing is fine here")
    note = area.add_from_entry()
    assert note is not None
    area.session.add_theme("Psychological safety")
    area.session.add_theme("psychological SAFETY")
    assert "already a theme" in area.saved.text()
    [theme] = area.notebook.themes.in_programme(area.notebook.programme_id(area.session_id))
    assert area.notebook.notes.get(note.id).theme_ids == (theme.id,)
    assert area.editor.ticked_themes() == [theme.id]


def test_huge_pasted_text_is_kept_and_refused_with_a_sentence(area: NotesArea) -> None:
    area.entry.setText("x" * 25_000)
    assert area.add_from_entry() is None
    assert "Split it into several notes" in area.saved.text()
    assert len(area.entry.text()) == 25_000  # nothing typed is thrown away


def test_quote_from_captions_defaults_to_not_asked_like_a_typed_quote(qtbot: QtBot) -> None:
    dialog = QuoteDialog(["we should rotate the chair"], ["Ysolde"])
    qtbot.addWidget(dialog)
    assert dialog.values()[2] == Consent.NOT_ASKED  # one Enter never publishes a name
