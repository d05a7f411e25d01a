"""The "Data and retention…" dialog: keep days, delete a session, forget a member."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from companion.notes import demo
from companion.notes.model import Consent, NoteKind
from companion.notes.notebook import Notebook
from companion.notes.retention import keep_days
from companion.notes.search import search
from companion.store.database import open_database
from companion.store.db import insert
from tests.ui.walker import assert_accessible
from ui.notes.area import NotesArea
from ui.notes.retention import RetentionDialog

OLD = "2020-01-01T10:00:00+00:00"


@pytest.fixture
def notebook(companion_home: Path) -> Iterator[Notebook]:
    book = Notebook(open_database())
    yield book
    book.close()


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every confirmation asked is recorded here and answered Yes (``answers.append`` "no")."""
    asked: list[str] = []

    def question(_parent: Any, _title: str, text: str, *_args: Any) -> Any:
        asked.append(text)
        return (
            QMessageBox.StandardButton.No if "no" in asked[:-1] else QMessageBox.StandardButton.Yes
        )

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


@pytest.fixture
def make_dialog(qtbot: QtBot, notebook: Notebook) -> Iterator[Callable[[], RetentionDialog]]:
    made: list[RetentionDialog] = []

    def make() -> RetentionDialog:
        dialog = RetentionDialog(notebook)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        made.append(dialog)
        return dialog

    yield make
    for dialog in made:
        dialog.close()


def _session_with_evidence(notebook: Notebook, group: str, colour: int) -> tuple[int, int, Any]:
    session, group_id = demo.group_session(notebook, group)
    demo.fill(notebook, session, group_id, 6, seed=colour)
    item = notebook.evidence.add(
        session, group_id, demo.png(3, 3, (colour, 0, 0)), "flipchart.png", alt_text="A flipchart"
    )
    return session, group_id, item


def _session_ids(notebook: Notebook) -> list[int]:
    return [int(str(s["id"])) for s in notebook.list_sessions()]


def test_the_dialog_is_accessible(make_dialog: Callable[[], RetentionDialog]) -> None:
    dialog = make_dialog()
    assert_accessible(dialog, require_tooltips=True)
    assert dialog.keep_forever.isChecked() and not dialog.days.isEnabled()
    assert not dialog.delete_button.isEnabled()  # nothing to delete yet


def test_the_dialog_with_data_is_accessible(
    notebook: Notebook, make_dialog: Callable[[], RetentionDialog]
) -> None:
    _session_with_evidence(notebook, "Group A", 10)
    dialog = make_dialog()
    dialog.keep_forever.setChecked(False)
    assert dialog.days.isEnabled()
    assert_accessible(dialog, require_tooltips=True)
    assert "6 notes and 1 evidence file" in dialog.session_summary.text()


def test_setting_retention_persists_and_deletes_old_sessions(
    notebook: Notebook, make_dialog: Callable[[], RetentionDialog], answers: list[str]
) -> None:
    old, _group, item = _session_with_evidence(notebook, "Group A", 20)
    new, _ = demo.group_session(notebook, "Group A")
    notebook.db.execute("UPDATE sessions SET created_at = ? WHERE id = ?", [OLD, old])
    dialog = make_dialog()
    reports: list[str] = []
    dialog.reported.connect(reports.append)
    dialog.keep_forever.setChecked(False)
    dialog.days.setValue(30)
    dialog.buttons.accepted.emit()
    assert len(answers) == 1 and "1 session older than that will be deleted" in answers[0]
    assert keep_days(notebook) == 30
    assert _session_ids(notebook) == [new]
    assert not notebook.evidence.path_for(item.sha256).exists()
    assert "1 older session deleted (6 notes, 1 evidence file)" in reports[-1]
    assert dialog.result() == RetentionDialog.DialogCode.Accepted
    # Opened again, it shows the stored setting; keeping until deleted is saved too.
    again = make_dialog()
    assert again.days.value() == 30 and not again.keep_forever.isChecked()
    again.keep_forever.setChecked(True)
    again.accept()
    assert keep_days(notebook) is None


def test_refusing_the_confirmation_changes_nothing(
    notebook: Notebook, make_dialog: Callable[[], RetentionDialog], answers: list[str]
) -> None:
    old, _ = demo.group_session(notebook, "Group A")
    notebook.db.execute("UPDATE sessions SET created_at = ? WHERE id = ?", [OLD, old])
    answers.append("no")
    dialog = make_dialog()
    dialog.keep_forever.setChecked(False)
    dialog.accept()
    assert keep_days(notebook) is None and _session_ids(notebook) == [old]
    assert dialog.isVisible()  # still open, to choose again


def test_deleting_a_session_removes_its_notes_and_evidence_files(
    notebook: Notebook, make_dialog: Callable[[], RetentionDialog], answers: list[str]
) -> None:
    first, group_a, gone = _session_with_evidence(notebook, "Group A", 30)
    second, group_b, kept = _session_with_evidence(notebook, "Group B", 40)
    dialog = make_dialog()
    dialog.sessions.setCurrentIndex(dialog.sessions.findData(first))
    assert dialog.delete_chosen_session()
    assert demo.WEBINAR_2 in answers[0] and "6 notes and 1 evidence file" in answers[0]
    assert _session_ids(notebook) == [second]
    assert notebook.notes.notes(first, group_a) == []
    assert notebook.db.execute(
        "SELECT count(*) FROM evidence WHERE session_id = ?", [first]
    ).fetchone() == (0,)
    assert not notebook.evidence.path_for(gone.sha256).exists()
    assert notebook.evidence.path_for(kept.sha256).exists()
    assert len(notebook.notes.notes(second, group_b)) == 6
    assert dialog.sessions.count() == 1 and "Deleted the session" in dialog.status.text()


def test_forgetting_a_member_removes_their_name(
    notebook: Notebook, make_dialog: Callable[[], RetentionDialog], answers: list[str]
) -> None:
    session, group = demo.group_session(notebook, "Group A")
    member = insert(notebook.db, "members", {"group_id": group, "name": "Amira", "position": 0})
    section = notebook.notes.sections(session, group)[0].id
    notebook.notes.add(
        section, NoteKind.QUOTE, "Walrus words", speaker="Amira", consent=Consent.NAMED
    )
    action = notebook.notes.add(section, NoteKind.ACTION, "Book the room", owner="Amira")
    dialog = make_dialog()
    assert dialog.members.currentText().startswith("Amira — Group A")
    assert dialog.forget_chosen_member()
    assert "Forget Amira of Group A" in answers[0] and "1 action" in answers[0]
    names = notebook.db.execute("SELECT count(*) FROM members WHERE id = ?", [member])
    assert names.fetchone() == (0,)
    remaining = notebook.notes.notes(session, group)
    assert [n.id for n in remaining] == [action.id] and remaining[0].owner == ""
    assert search(notebook.notes, "walrus") == []
    assert dialog.members.count() == 0 and not dialog.forget_button.isEnabled()


def test_the_notes_area_opens_it_and_copes_with_its_session_going(
    qtbot: QtBot, notebook: Notebook, answers: list[str]
) -> None:
    area = NotesArea(notebook)
    qtbot.addWidget(area)
    area.show()
    qtbot.waitExposed(area)
    area.session.start(demo.PROGRAMME, demo.WEBINAR_2, "Group A", list(demo.WEBINAR_2_QUESTIONS))
    area.entry.setText("q: Only for us")
    area.add_from_entry()
    action = area.retention_action
    assert action in area.actions_for_menu()
    assert action.shortcut().toString() == "Ctrl+Shift+Y" and action.toolTip()
    action.trigger()
    dialog = area.session.dialog
    assert isinstance(dialog, RetentionDialog)
    qtbot.waitExposed(dialog)
    assert dialog.delete_chosen_session()
    assert area.session_id == 0 and area.list.count() == 0
    assert not area.undo_action.isEnabled()  # undo cannot bring the deleted note back
    assert "Deleted the session" in area.saved.text()
    dialog.close()
